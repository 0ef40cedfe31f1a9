# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import SQL

from ..tools import components, scoring


class CustomerValueComponent(models.Model):
    """Frequency: invoices in the scoring window; the more, the higher."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("frequency", "Frequency")], ondelete={"frequency": "cascade"})

    def _frequency_figure_fields(self):
        return ["frequency", "purchase_days"]

    def _frequency_invoice_aggregates(self, run, settings):
        return {
            "frequency": SQL("COUNT(*) FILTER (WHERE mv.move_type = 'out_invoice' AND mv.in_window)"),
            "purchase_days": SQL("COUNT(DISTINCT mv.invoice_date) FILTER (WHERE mv.move_type = 'out_invoice')"),
        }

    def _frequency_chunk_figures(self, run, settings):
        return {name: components.column(name) for name in ("frequency", "purchase_days")}

    def _frequency_score(self, frame):
        return scoring.percentile_rank(frame["frequency"])
