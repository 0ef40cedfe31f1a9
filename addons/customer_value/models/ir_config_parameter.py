from odoo import _, api, models
from odoo.exceptions import ValidationError

from .customer_value_run_chunk import CHUNK_SIZE_PARAMETER


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.constrains("key", "value")
    def _check_customer_value_chunk_size(self):
        """The chunk size is read by the nightly run: refuse a value it cannot use when it
        is saved, not at night."""
        for parameter in self.filtered(lambda p: p.key == CHUNK_SIZE_PARAMETER):
            try:
                size = int(parameter.value)
            except (TypeError, ValueError):
                size = 0
            if size < 1:
                raise ValidationError(
                    _(
                        "The system parameter %(key)s is the number of customers aggregated per transaction: "
                        "give a whole number of at least 1 (got “%(value)s”), e.g. 20000.",
                        key=CHUNK_SIZE_PARAMETER,
                        value=parameter.value,
                    )
                )
