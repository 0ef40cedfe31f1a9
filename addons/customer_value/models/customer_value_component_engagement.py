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

    def _engagement_chunk_figures(self, run, settings):
        since = run.date - timedelta(days=run.company_id.health_engagement_days)
        partner = components.column("partner_id")
        last_message = components.customer_messages(SQL("MAX(mm.date)::date"), partner, run.date)
        return {
            "engagement_count": SQL(
                "COALESCE(%s, 0)", components.customer_messages(SQL("COUNT(*)"), partner, run.date, since)
            ),
            "last_interaction_date": SQL("GREATEST(%s, %s)", last_message, components.column("last_move_date")),
        }

    def _engagement_score(self, frame):
        return health.linear_score(frame["engagement_count"], self.full_score_at, self.zero_score_at)

    def _engagement_explain(self, value):
        return _("%s messages and done activities in the engagement window", value.engagement_count)

    def _engagement_threshold_unit(self):
        return _("interactions")

    def _engagement_higher_is_better(self):
        return True
