# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import SQL

from ..tools import components, scoring


class CustomerValueComponent(models.Model):
    """Tenure: days since the first invoice; the newer the customer, the more room to grow."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("tenure", "Short Tenure")], ondelete={"tenure": "cascade"})

    def _tenure_figure_fields(self):
        return ["first_invoice_date", "tenure_days"]

    def _tenure_invoice_aggregates(self, run, settings):
        return {"first_invoice_date": SQL("MIN(mv.invoice_date) FILTER (WHERE mv.move_type = 'out_invoice')")}

    def _tenure_chunk_figures(self, run, settings):
        first = components.column("first_invoice_date")
        return {
            "first_invoice_date": first,
            "tenure_days": SQL("COALESCE(%s, 0)", components.days_since(first, run.date)),
        }

    def _tenure_score(self, frame):
        return scoring.percentile_rank(frame["tenure_days"], higher_is_better=False)
