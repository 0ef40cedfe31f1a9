# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import components, health


class CustomerValueComponent(models.Model):
    """Open complaints (health): the customer's complaints of the RFM window not resolved
    on the run's day; none scores 100. A customer who did not complain in the window is
    scored on the other components: silence is no evidence of health."""

    _inherit = "customer.value.component"

    code = fields.Selection(
        selection_add=[("open_complaints", "Open Complaints")], ondelete={"open_complaints": "cascade"}
    )

    def _open_complaints_figure_fields(self):
        return ["open_complaint_count"]

    def _open_complaints_chunk_sources(self, run, chunk):
        def unresolved(day_end):
            return {"count": SQL("COUNT(*) FILTER (WHERE c.resolved_on IS NULL OR c.resolved_on >= %s)", day_end)}

        return {"open_complaints": components.customer_complaints(unresolved, run, chunk)}

    def _open_complaints_chunk_figures(self, run, settings):
        return {"open_complaint_count": SQL.identifier("open_complaints", "count")}  # NULL without a complaint

    def _open_complaints_score(self, frame):
        return health.linear_score(frame["open_complaint_count"], self.full_score_at, self.zero_score_at)

    def _open_complaints_explain(self, value):
        return _("%s complaints not resolved", value.open_complaint_count or 0)

    def _open_complaints_threshold_unit(self):
        return _("open complaints")

    def _open_complaints_higher_is_better(self):
        return False


class CustomerValue(models.Model):
    _inherit = "customer.value"

    open_complaint_count = fields.Integer(
        string="Open Complaints",
        readonly=True,
        help="Complaints of the RFM window not resolved on the day of the last run; empty without a complaint.",
    )
