# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import components, health


class CustomerValueComponent(models.Model):
    """Engagement (health): messages, emails and done activities on the customer in the
    engagement window of Settings [90 days]; the more, the healthier. Also dates the last
    interaction (a message, an activity done or an invoice), which churn warnings watch."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("engagement", "Engagement")], ondelete={"engagement": "cascade"})

    def _engagement_figure_fields(self):
        return ["engagement_count", "last_interaction_date"]

    def _engagement_chunk_sources(self, run, chunk):
        since = run.date - timedelta(days=run.company_id.health_engagement_days)
        aggregates = {
            "recent": SQL("COUNT(*) FILTER (WHERE mm.date >= %s::date + 1)", since),
            "last_date": SQL("MAX(mm.date)::date"),
        }
        return {"engagement": components.customer_messages(aggregates, run.date, chunk)}

    def _engagement_chunk_figures(self, run, settings):
        return {
            "engagement_count": SQL("COALESCE(%s, 0)", SQL.identifier("engagement", "recent")),
            "last_interaction_date": SQL(
                "GREATEST(%s, %s)", SQL.identifier("engagement", "last_date"), components.column("last_move_date")
            ),
        }

    def _engagement_score(self, frame):
        return health.linear_score(frame["engagement_count"], self.full_score_at, self.zero_score_at)

    def _engagement_explain(self, value):
        return _("%s messages and done activities in the engagement window", value.engagement_count)

    def _engagement_threshold_unit(self):
        return _("interactions")

    def _engagement_higher_is_better(self):
        return True
