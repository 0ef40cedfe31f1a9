# One file per component, as customer_value's customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import _, fields, models
from odoo.tools import SQL

from odoo.addons.customer_value.tools import components, health

# what a member does with the program: earning on a purchase, spending on a reward
ACTIVE_KINDS = ("award", "redemption")


class CustomerValueComponent(models.Model):
    """Loyalty activity (health): the points a member earned or spent on orders in the
    engagement window of Settings [90 days], counted as ledger entries; the more, the
    healthier. Counts only for customers holding a loyalty card of the company."""

    _inherit = "customer.value.component"

    code = fields.Selection(
        selection_add=[("loyalty_activity", "Loyalty Activity")], ondelete={"loyalty_activity": "cascade"}
    )

    def _loyalty_activity_figure_fields(self):
        return ["loyalty_activity_count"]

    def _loyalty_activity_chunk_sources(self, run, chunk):
        """Members with a loyalty card have a row (0 without an entry); the others none."""
        company = run.company_id
        tz = company._customer_value_tz().zone
        since = run.date - timedelta(days=company.health_engagement_days)
        return {
            "loyalty_activity": SQL(
                """SELECT member.commercial_partner_id AS partner_id, COUNT(entry.id) AS entries
                     FROM loyalty_card card
                     JOIN loyalty_program program ON program.id = card.program_id AND program.program_type = 'loyalty'
                     JOIN res_partner member ON member.id = card.partner_id
                LEFT JOIN loyalty_history entry ON entry.card_id = card.id AND entry.kind IN %(kinds)s
                      AND entry.date >= %(since)s AND entry.date < %(until)s
                    WHERE %(range)s AND card.active
                      AND (card.company_id IS NULL OR card.company_id IN %(companies)s)
                    GROUP BY member.commercial_partner_id""",
                kinds=ACTIVE_KINDS,
                since=components.local_day_end(since, tz),
                until=components.local_day_end(run.date, tz),
                range=components.chunk_range(chunk, SQL("member.commercial_partner_id")),
                companies=tuple(company._customer_value_branch_ids()),
            )
        }

    def _loyalty_activity_chunk_figures(self, run, settings):
        return {"loyalty_activity_count": SQL.identifier("loyalty_activity", "entries")}

    def _loyalty_activity_score(self, frame):
        return health.linear_score(frame["loyalty_activity_count"], self.full_score_at, self.zero_score_at)

    def _loyalty_activity_explain(self, value):
        return _("%s orders with points earned or spent in the engagement window", value.loyalty_activity_count or 0)

    def _loyalty_activity_threshold_unit(self):
        return _("orders with points")

    def _loyalty_activity_higher_is_better(self):
        return True


class CustomerValue(models.Model):
    _inherit = "customer.value"

    loyalty_activity_count = fields.Integer(
        string="Loyalty Activity",
        readonly=True,
        help="Points earned or spent on orders in the engagement window; empty for customers without a loyalty card.",
    )
