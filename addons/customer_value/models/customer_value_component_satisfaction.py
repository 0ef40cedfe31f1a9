# One file per component, as customer_value_component.py explains:
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import components, health


class CustomerValueComponent(models.Model):
    """Satisfaction (health): the NPS and CSAT answers of the customer in the satisfaction
    window of Settings [365 days], each on a scale of 0-100 (NPS 0-10 times ten, CSAT 1-5
    from 0 to 100), averaged; a customer without an answer is scored on the other
    components."""

    _inherit = "customer.value.component"

    code = fields.Selection(selection_add=[("satisfaction", "Satisfaction")], ondelete={"satisfaction": "cascade"})

    def _satisfaction_figure_fields(self):
        return ["nps_count", "nps_average", "csat_count", "csat_average", "satisfaction_percent"]

    def _satisfaction_chunk_sources(self, run, chunk):
        since = run.date - timedelta(days=run.company_id.satisfaction_window_days)
        return {
            "satisfaction": SQL(
                """SELECT s.partner_id,
                          COUNT(*) FILTER (WHERE s.kind = 'nps') AS nps_count,
                          COUNT(*) FILTER (WHERE s.kind = 'csat') AS csat_count,
                          ROUND(AVG(s.score) FILTER (WHERE s.kind = 'nps'), 2) AS nps_average,
                          ROUND(AVG(s.score) FILTER (WHERE s.kind = 'csat'), 2) AS csat_average,
                          ROUND(AVG(CASE s.kind WHEN 'nps' THEN s.score * 10.0 ELSE (s.score - 1) * 25.0 END), 1)
                              AS satisfaction_percent
                     FROM customer_value_satisfaction s
                    WHERE %(range)s AND s.company_id = %(company)s AND s.date > %(since)s AND s.date <= %(until)s
                    GROUP BY s.partner_id""",
                range=components.chunk_range(chunk, SQL("s.partner_id")),
                company=run.company_id.id,
                since=since,
                until=run.date,
            )
        }

    def _satisfaction_chunk_figures(self, run, settings):
        def answers(name):
            return SQL.identifier("satisfaction", name)

        return {
            "nps_count": SQL("COALESCE(%s, 0)", answers("nps_count")),
            "csat_count": SQL("COALESCE(%s, 0)", answers("csat_count")),
            "nps_average": answers("nps_average"),
            "csat_average": answers("csat_average"),
            "satisfaction_percent": answers("satisfaction_percent"),
        }

    def _satisfaction_score(self, frame):
        return health.linear_score(frame["satisfaction_percent"], self.full_score_at, self.zero_score_at)

    def _satisfaction_explain(self, value):
        parts = []
        if value.nps_count:
            parts.append(
                _("NPS %(score)s (%(count)s answers)", score=round(value.nps_average, 1), count=value.nps_count)
            )
        if value.csat_count:
            parts.append(
                _("CSAT %(score)s (%(count)s answers)", score=round(value.csat_average, 1), count=value.csat_count)
            )
        return ", ".join(parts) or _("no answer in the satisfaction window")

    def _satisfaction_threshold_unit(self):
        return _("% satisfied")

    def _satisfaction_higher_is_better(self):
        return True
