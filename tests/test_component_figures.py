"""The SQL expressions that turn a chunk's aggregates into the components' figures,
evaluated by PostgreSQL on rows whose answer is worked out here."""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.customer_value.tools import components


@tagged("post_install", "-at_install")
class TestComponentFigures(TransactionCase):
    def _evaluate(self, expression, rows, columns):
        """``expression`` over the aggregate rows ``a`` (tuples of ``columns``)."""
        values = SQL(", ").join(SQL("(%s)", SQL(", ").join(SQL("%s", value) for value in row)) for row in rows)
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM (VALUES %s) AS a (%s)",
                expression,
                values,
                SQL(", ").join(SQL.identifier(name) for name in columns),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def test_recency_and_tenure_count_days_to_the_run_date(self):
        days = components.days_since(SQL("a.day::date"), "2026-06-30")
        self.assertEqual(self._evaluate(days, [("2026-06-20",), ("2025-06-30",)], ["day"]), [10, 365])

    def test_averages_round_money_half_away_from_zero(self):
        average = components.average(SQL("a.total::numeric"), SQL("a.count"), 0.01)
        rows = [(190.47, 6), (-190.47, 6), (100, 0), (10, 3)]
        self.assertEqual(
            [float(value) for value in self._evaluate(average, rows, ["total", "count"])], [31.75, -31.75, 0, 3.33]
        )
        self.assertEqual(
            [
                float(v)
                for v in self._evaluate(components.money_round(SQL("a.x::numeric"), 0.05), [(1.024,), (1.025,)], ["x"])
            ],
            [1.0, 1.05],
        )

    def test_revenue_trend(self):
        trend = components.revenue_trend(SQL("a.last::numeric"), SQL("a.prev::numeric"))
        rows = [(120, 100), (50, 100), (10, 0), (0, 0), (-5, 0)]
        self.assertEqual([float(v) for v in self._evaluate(trend, rows, ["last", "prev"])], [20, -50, 100, 0, -100])

    def test_growth_streak_counts_the_newest_periods_of_growth(self):
        periods = [SQL("a.p0::numeric"), SQL("a.p1::numeric"), SQL("a.p2::numeric")]
        streak = components.growth_streak(periods, 20)
        rows = [(150, 120, 100), (150, 100, 100), (100, 100, 100), (50, 0, 0), (120, 100, 0)]
        self.assertEqual(self._evaluate(streak, rows, ["p0", "p1", "p2"]), [2, 1, 0, 0, 1])
