from odoo import fields, models

from .customer_value_lifecycle import LIFECYCLE_STAGES


class CustomerValueLifecycleHistory(models.Model):
    """One dated move of a customer from one lifecycle stage to the next; the first row of
    a customer dates its first stage (no stage before)."""

    _name = "customer.value.lifecycle.history"
    _inherit = ["customer.value.history.mixin"]
    _description = "Customer Lifecycle History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # rows are written once, in bulk, by the runs (see customer.value.tier.history)
    _log_access = False

    from_stage = fields.Selection(LIFECYCLE_STAGES, string="Stage Before")
    to_stage = fields.Selection(LIFECYCLE_STAGES, string="Stage After", required=True)
