from odoo import api, fields, models
from odoo.tools import SQL

from .loyalty_history import earned_sql, redeemed_sql

# how each ledger entry counts in the liability: points earned, redeemed, expired (breakage),
# and everything else (refunds, restored redemptions, adjustments, corrections, reversals)
_NET = "(COALESCE(h.issued, 0) - COALESCE(h.used, 0))"
EARNED = earned_sql("h")
REDEEMED = redeemed_sql("h")
EXPIRED = f"(CASE WHEN h.kind = 'expiry' THEN -{_NET} ELSE 0 END)"
OTHER = f"({_NET} - {EARNED} + {REDEEMED} + {EXPIRED})"


class LoyaltyPointsLiability(models.Model):
    """Points liability per loyalty program and month: what was outstanding at the start,
    earned, redeemed, expired (breakage) and otherwise moved, and what was left, in points
    and valued at the program's redemption value per point."""

    _name = "loyalty.points.liability"
    _description = "Points Liability"
    _auto = False
    _order = "date desc, program_id"

    date = fields.Date(string="Month", readonly=True)
    program_id = fields.Many2one("loyalty.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    opening_points = fields.Float(string="Opening", readonly=True, aggregator=None)
    earned_points = fields.Float(string="Earned", readonly=True)
    redeemed_points = fields.Float(string="Redeemed", readonly=True)
    expired_points = fields.Float(string="Expired (Breakage)", readonly=True)
    other_points = fields.Float(string="Refunds and Adjustments", readonly=True)
    net_points = fields.Float(string="Net Change", readonly=True)
    closing_points = fields.Float(string="Closing", readonly=True, aggregator=None)
    opening_value = fields.Monetary(readonly=True, aggregator=None)
    earned_value = fields.Monetary(readonly=True)
    redeemed_value = fields.Monetary(readonly=True)
    expired_value = fields.Monetary(string="Breakage Value", readonly=True)
    net_value = fields.Monetary(string="Net Change Value", readonly=True)
    closing_value = fields.Monetary(readonly=True, aggregator=None)

    @property
    def _table_query(self):
        value = "* COALESCE(p.point_value, 0)"
        return SQL(
            f"""
            WITH monthly AS (
                SELECT h.program_id, date_trunc('month', h.date)::date AS date,
                       SUM({EARNED}) AS earned, SUM({REDEEMED}) AS redeemed,
                       SUM({EXPIRED}) AS expired, SUM({OTHER}) AS other, SUM({_NET}) AS net
                  FROM loyalty_history h
                 GROUP BY h.program_id, date_trunc('month', h.date)
            ), running AS (
                SELECT monthly.*, SUM(net) OVER (PARTITION BY program_id ORDER BY date) AS closing
                  FROM monthly
            )
            SELECT row_number() OVER (ORDER BY r.program_id, r.date) AS id, r.date, r.program_id,
                   p.company_id, p.currency_id,
                   r.closing - r.net AS opening_points, r.earned AS earned_points,
                   r.redeemed AS redeemed_points, r.expired AS expired_points, r.other AS other_points,
                   r.net AS net_points, r.closing AS closing_points,
                   (r.closing - r.net) {value} AS opening_value, r.earned {value} AS earned_value,
                   r.redeemed {value} AS redeemed_value, r.expired {value} AS expired_value,
                   r.net {value} AS net_value, r.closing {value} AS closing_value
              FROM running r
              JOIN loyalty_program p ON p.id = r.program_id
             WHERE p.program_type = 'loyalty'
            """
        )

    @api.model
    def _period_figures(self, programs, start, end):
        """Each program's points between two moments (UTC datetimes, ``end`` excluded): opening,
        earned, redeemed, expired, other and closing, by program id."""
        self.env["loyalty.history"].flush_model()
        self.env.cr.execute(
            SQL(
                f"""SELECT h.program_id,
                           SUM(CASE WHEN h.date < %(start)s THEN {_NET} ELSE 0 END),
                           SUM(CASE WHEN h.date >= %(start)s THEN {EARNED} ELSE 0 END),
                           SUM(CASE WHEN h.date >= %(start)s THEN {REDEEMED} ELSE 0 END),
                           SUM(CASE WHEN h.date >= %(start)s THEN {EXPIRED} ELSE 0 END),
                           SUM(CASE WHEN h.date >= %(start)s THEN {OTHER} ELSE 0 END)
                      FROM loyalty_history h
                     WHERE h.program_id = ANY(%(programs)s) AND h.date < %(end)s
                  GROUP BY h.program_id""",
                programs=programs.ids,
                start=start,
                end=end,
            )
        )
        figures = {}
        for program_id, opening, earned, redeemed, expired, other in self.env.cr.fetchall():
            closing = opening + earned - redeemed - expired + other
            figures[program_id] = {
                "opening": opening,
                "earned": earned,
                "redeemed": redeemed,
                "expired": expired,
                "other": other,
                "closing": closing,
            }
        return figures
