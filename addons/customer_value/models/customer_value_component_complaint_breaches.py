# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import components, health


class CustomerValueComponent(models.Model):
    """SLA breaches suffered (health): the customer's complaints of the RFM window that
    missed their SLA; none scores 100. A customer who did not complain in the window is
    scored on the other components."""

    _inherit = "customer.value.component"

    code = fields.Selection(
        selection_add=[("complaint_breaches", "SLA Breaches Suffered")], ondelete={"complaint_breaches": "cascade"}
    )

    def _complaint_breaches_figure_fields(self):
        return ["complaint_breach_count"]

    def _complaint_breaches_chunk_sources(self, run, chunk):
        def breached(day_end):
            return {"count": SQL("COUNT(*) FILTER (WHERE c.sla_breached_on < %s)", day_end)}

        return {"complaint_breaches": components.customer_complaints(breached, run, chunk)}

    def _complaint_breaches_chunk_figures(self, run, settings):
        return {"complaint_breach_count": SQL.identifier("complaint_breaches", "count")}  # NULL without a complaint

    def _complaint_breaches_score(self, frame):
        return health.linear_score(frame["complaint_breach_count"], self.full_score_at, self.zero_score_at)

    def _complaint_breaches_explain(self, value):
        return _("%s complaints missed their SLA", value.complaint_breach_count or 0)

    def _complaint_breaches_threshold_unit(self):
        return _("breached complaints")

    def _complaint_breaches_higher_is_better(self):
        return False


class CustomerValue(models.Model):
    _inherit = "customer.value"

    complaint_breach_count = fields.Integer(
        string="SLA Breaches",
        readonly=True,
        help="Complaints of the RFM window that missed their SLA; empty without a complaint.",
    )
