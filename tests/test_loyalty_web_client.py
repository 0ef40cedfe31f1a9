"""What each kind of membership user clicks in the web client, in Chromium (Odoo tours):
staff read members by tier and adjust points, managers approve, refuse and read the tiers,
accountants read the points liability and take it away as a spreadsheet and a report."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestMembershipWebClient(HttpCase, LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.adjustment_approval_limit = 500
        cls.second = cls.env["loyalty.card"].create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.env["res.partner"].create({"name": "LT Second Member"}).id,
            }
        )

    def setUp(self):
        super().setUp()
        today = fields.Date.today()
        # eleven months and a bit ago: the lot expires within the 30-day reminder period
        self._order_points(self.card, issued=3500, day=today - timedelta(days=340))
        self._order_points(self.second, issued=1500, day=today)
        self.assertEqual((self.card.tier_id, self.second.tier_id), (self.gold, self.silver))

    def _adjustments(self, reason):
        return self.env["loyalty.points.adjustment"].search([("reason", "ilike", reason)])

    def test_staff_read_members_by_tier_and_adjust_points(self):
        self.start_tour("/odoo", "loyalty_tiers_staff_tour", login=self.staff.login)
        self.assertEqual(self._adjustments("late delivery").mapped("state"), ["posted"])
        waiting = self._adjustments("lost parcel")
        self.assertEqual((waiting.state, waiting.create_uid), ("to_approve", self.staff))
        self.assertTrue(waiting.activity_ids, "a manager is asked to approve")
        self.assertEqual(self._adjustments("Rounded up").points, 10)
        self.assertBalanced(self.card, 3560)

    def test_managers_approve_and_refuse_adjustments_and_read_the_tiers(self):
        Adjustment = self.env["loyalty.points.adjustment"].with_user(self.staff)
        for points, reason in ((700, "A large goodwill gesture"), (900, "A too generous gesture")):
            Adjustment.create({"card_id": self.card.id, "points": points, "reason": reason}).action_post()
        self.start_tour("/odoo", "loyalty_tiers_manager_tour", login=self.manager.login)
        approved, refused = self._adjustments("large goodwill"), self._adjustments("too generous")
        self.assertEqual((approved.state, approved.approved_by_id), ("posted", self.manager))
        self.assertEqual(refused.state, "refused")
        self.assertBalanced(self.card, 4200)
        self.assertEqual(
            (self.card.tier_id, self.card.sudo().tier_manual_reason), (self.black, "Ambassador of the shop")
        )

    def test_accountants_read_the_liability_and_export_it(self):
        self.start_tour("/odoo", "loyalty_tiers_accountant_tour", login=self.accountant.login)
        wizard = self.env["loyalty.points.liability.wizard"].search([("create_uid", "=", self.accountant.id)])
        self.assertTrue(wizard.xlsx_file, "the spreadsheet was built")
