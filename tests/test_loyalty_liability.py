"""The points liability accountants read: per program and period, opening, earned, redeemed,
expired (breakage) and closing points, valued at the redemption value per point, as the
monthly report, a printable PDF and a spreadsheet."""

import base64
import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestPointsLiability(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "UTC"

    def setUp(self):
        super().setUp()
        # January: 1000 earned; February: an order earning 100 and redeeming 300, 50 adjusted;
        # March: the January lot of a second card expires (300 breakage), and 400 more earned on the 31st
        self._order_points(self.card, issued=1000, day=date(2026, 1, 10))
        self._order_points(self.card, issued=100, used=300, day=date(2026, 2, 5))  # an order: earns 100, redeems 300
        with self._at(date(2026, 2, 20)):
            self.env["loyalty.card"]._post_ledger(
                [{"card_id": self.card.id, "kind": "adjustment", "issued": 50, "description": "Goodwill"}]
            )
        other = self.env["loyalty.card"].create({"program_id": self.program.id, "partner_id": self.staff.partner_id.id})
        self._order_points(other, issued=300, day=date(2025, 3, 1))
        with self._at(date(2026, 3, 2)):
            self.env["loyalty.point.lot"]._cron_expire()
        self._order_points(self.card, issued=400, day=date(2026, 3, 31))  # the period's last day counts
        # another program's points stay out of this one's liability
        shop = self.env["loyalty.program"].create(
            {"name": "LT Shop Points", "program_type": "loyalty", "point_value": 1}
        )
        self._order_points(self.env["loyalty.card"].create({"program_id": shop.id}), issued=5000, day=date(2025, 12, 1))

    def _wizard(self, start, end, user=None):
        Wizard = self.env["loyalty.points.liability.wizard"].with_user(user or self.accountant)
        return Wizard.create({"date_from": start, "date_to": end, "program_ids": [(6, 0, self.program.ids)]})

    def test_a_period_gives_opening_movements_and_closing_valued_per_point(self):
        line = self._wizard(date(2026, 2, 1), date(2026, 3, 31))._liability_lines()[0]
        self.assertEqual(
            [line[f"{figure}_points"] for figure in ("opening", "earned", "redeemed", "expired", "other", "closing")],
            [1300, 500, 300, 300, 50, 1250],
        )
        self.assertEqual((line["opening_value"], line["closing_value"], line["expired_value"]), (13.0, 12.5, 3.0))

    def test_the_closing_liability_equals_the_members_balances(self):
        line = self._wizard(date(2026, 1, 1), date(2026, 12, 31))._liability_lines()[0]
        cards = self.env["loyalty.card"].search([("program_id", "=", self.program.id)])
        self.assertEqual(line["closing_points"], sum(cards.mapped("points")))

    def test_the_monthly_report_runs_opening_into_closing(self):
        rows = (
            self.env["loyalty.points.liability"]
            .with_user(self.accountant)
            .search([("program_id", "=", self.program.id), ("date", ">=", date(2026, 1, 1))], order="date")
        )
        self.assertEqual(rows.mapped("date"), [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)])
        self.assertEqual(rows.mapped("opening_points"), [300, 1300, 1150])
        self.assertEqual(rows.mapped("closing_points"), [1300, 1150, 1250])
        self.assertEqual(rows[2].expired_points, 300)
        self.assertAlmostEqual(rows[2].expired_value, 3.0)

    def test_the_pdf_prints_the_figures(self):
        wizard = self._wizard(date(2026, 2, 1), date(2026, 3, 31))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("loyalty_tiers.report_points_liability", wizard.ids)[0]
            .decode()
        )
        self.assertIn("LT Club", html)
        for figure in ("1,300.00", "1,250.00", "300.00"):
            self.assertIn(figure, html)
        self.assertEqual(wizard.action_print()["report_name"], "loyalty_tiers.report_points_liability")

    def test_the_spreadsheet_holds_points_values_and_totals(self):
        wizard = self._wizard(date(2026, 2, 1), date(2026, 3, 31))
        action = wizard.action_export_xlsx()
        self.assertIn("field=xlsx_file", action["url"])
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file))).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(rows[4][:8], ["LT Club", 0.01, 1300, 500, 300, 300, 50, 1250])
        self.assertEqual(rows[-1][0], "Total")
        self.assertEqual(rows[-1][7], 12.5)

    def test_the_period_follows_the_accountants_timezone(self):
        with freeze_time(datetime(2026, 4, 30, 20, 0)):  # 1 May 04:00 in Shanghai
            self.env["loyalty.card"]._post_ledger(
                [{"card_id": self.card.id, "kind": "adjustment", "issued": 70, "description": "Late"}]
            )
        self.accountant.tz = "Asia/Shanghai"
        april = self._wizard(date(2026, 4, 1), date(2026, 4, 30))._liability_lines()[0]
        may = self._wizard(date(2026, 5, 1), date(2026, 5, 31))._liability_lines()[0]
        self.assertEqual((april["other_points"], may["other_points"]), (0, 70))

    def test_a_period_that_ends_before_it_starts_is_refused(self):
        with self.assertRefused(ValidationError, "must end on or after its first day"):
            self._wizard(date(2026, 3, 1), date(2026, 2, 1))

    def test_staff_and_other_users_cannot_read_the_liability(self):
        for user in (self.staff, self.internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["loyalty.points.liability"].with_user(user).search([])
