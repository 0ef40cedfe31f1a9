# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import components, health


class CustomerValueComponent(models.Model):
    """Overdue receivables (health): what the customer owes past the due date, from Odoo's
    accounting (open posted invoices, company currency), scored on the days the oldest of
    them is overdue; nothing overdue scores 100."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("overdue", "Overdue Receivables")], ondelete={"overdue": "cascade"})

    def _overdue_figure_fields(self):
        return ["overdue_amount", "overdue_days"]

    def _overdue_chunk_figures(self, run, settings):
        companies = run.company_id._customer_value_branch_ids()
        return {
            "overdue_amount": components.open_overdue(SQL("SUM(m.amount_residual_signed)"), companies, run.date),
            "overdue_days": components.open_overdue(
                components.days_since(SQL("MIN(m.invoice_date_due)"), run.date), companies, run.date
            ),
        }

    def _overdue_score(self, frame):
        return health.linear_score(frame["overdue_days"].fillna(0), self.full_score_at, self.zero_score_at)

    def _overdue_explain(self, value):
        if not value.overdue_amount:
            return _("nothing overdue")
        return _(
            "%(amount)s overdue, the oldest for %(days)s days", amount=value._format_overdue(), days=value.overdue_days
        )

    def _overdue_threshold_unit(self):
        return _("days overdue")

    def _overdue_higher_is_better(self):
        return False
