# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import SQL

from ..tools import components, scoring


class CustomerValueComponent(models.Model):
    """Recency: days since the customer's last invoice; the more recent, the higher."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("recency", "Recency")], ondelete={"recency": "cascade"})

    def _recency_figure_fields(self):
        return ["last_invoice_date", "recency_days"]

    def _recency_invoice_aggregates(self, run, settings):
        return {
            "last_invoice_date": SQL("MAX(mv.invoice_date) FILTER (WHERE mv.move_type = 'out_invoice')"),
            "last_move_date": SQL("MAX(mv.invoice_date)"),
        }

    def _recency_chunk_figures(self, run, settings):
        last = components.column("last_invoice_date")
        return {
            "last_invoice_date": last,
            "recency_days": components.days_since(
                SQL("COALESCE(%s, %s)", last, components.column("last_move_date")), run.date
            ),
        }

    def _recency_score(self, frame):
        return scoring.percentile_rank(frame["recency_days"], higher_is_better=False)
