# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import components, health


class CustomerValueComponent(models.Model):
    """Complaint rate (health): the customer's complaints of the RFM window per hundred
    invoices of the window; the lower, the healthier. A tier may also ask for a rate
    below a limit (Diamond: below 3%). A customer who did not complain in the window is
    scored on the other components."""

    _inherit = "customer.value.component"

    code = fields.Selection(
        selection_add=[("complaint_rate", "Complaint Rate")], ondelete={"complaint_rate": "cascade"}
    )

    def _complaint_rate_figure_fields(self):
        return ["complaint_rate"]

    def _complaint_rate_chunk_sources(self, run, chunk):
        return {
            "complaint_rate": components.customer_complaints(lambda _day_end: {"count": SQL("COUNT(*)")}, run, chunk)
        }

    def _complaint_rate_chunk_figures(self, run, settings):
        return {
            "complaint_rate": SQL(
                "ROUND(%s * 100.0 / GREATEST(%s, 1), 2)",
                SQL.identifier("complaint_rate", "count"),
                components.column("frequency"),
            )
        }

    def _complaint_rate_score(self, frame):
        return health.linear_score(frame["complaint_rate"], self.full_score_at, self.zero_score_at)

    def _complaint_rate_explain(self, value):
        return _("%s complaints per hundred invoices", value.complaint_rate or 0)

    def _complaint_rate_threshold_unit(self):
        return _("% of invoices")

    def _complaint_rate_higher_is_better(self):
        return False


class CustomerValue(models.Model):
    _inherit = "customer.value"

    complaint_rate = fields.Float(
        string="Complaint Rate (%)",
        readonly=True,
        digits=(16, 2),
        help="Complaints of the RFM window per hundred invoices of the window; empty without a complaint.",
    )
