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

    def _overdue_chunk_sources(self, run, chunk):
        aggregates = {"amount": SQL("SUM(m.amount_residual_signed)"), "oldest_due": SQL("MIN(m.invoice_date_due)")}
        companies = run.company_id._customer_value_branch_ids()
        return {"overdue": components.open_overdue(aggregates, companies, run.date, chunk)}

    def _overdue_chunk_figures(self, run, settings):
        return {
            "overdue_amount": SQL.identifier("overdue", "amount"),
            "overdue_days": components.days_since(SQL.identifier("overdue", "oldest_due"), run.date),
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
