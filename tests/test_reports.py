"""The tier reports: migration matrix between two reviews, revenue by tier, partner views."""

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CustomerValueCase


@tagged("post_install", "-at_install")
class TestReports(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._customers(20)
        cls._invoices([(c, 1000 + 100 * i, 100) for i, c in enumerate(cls.customers)])
        cls.first = cls._run("review", days_ago=100)  # the quarter before
        # customer 0, the weakest, becomes the best; a newcomer arrives
        cls.newcomer = cls._customers(1, "CV Newcomer")
        cls._invoices([(cls.customers[0], 50000, 10), (cls.newcomer, 10, 5)])
        cls.second = cls._run("review")

    def test_migration_matrix_between_two_reviews(self):
        form = Form(self.env["customer.value.migration.wizard"].with_user(self.accountant))
        self.assertEqual(form.to_run_id, self.second, "defaults to the last two reviews")
        self.assertEqual(form.from_run_id, self.first)
        wizard = form.save()
        action = wizard.action_show()
        self.assertEqual(action["res_model"], "customer.value.migration.line")
        lines = self.env["customer.value.migration.line"].search(action["domain"])
        cells = {(line.from_tier_id, line.to_tier_id): line for line in lines}
        self.assertEqual(sum(lines.mapped("customer_count")), 21)
        upgrade = cells[(self.bronze, self.diamond)]
        self.assertEqual((upgrade.customer_count, upgrade.movement), (1, "up"))
        new = cells[(self.bronze.browse(), self.bronze)]
        self.assertEqual((new.customer_count, new.movement), (1, "new"))
        self.assertEqual(cells[(self.diamond, self.diamond)].movement, "same")
        self.assertAlmostEqual(upgrade.to_revenue, 51000)

    def test_migration_needs_an_earlier_review_first(self):
        with self.assertRaises(ValidationError):
            self.env["customer.value.migration.wizard"].create(
                {"from_run_id": self.second.id, "to_run_id": self.first.id}
            )

    def test_revenue_by_tier_and_per_quarter(self):
        Value = self.env["customer.value"].with_user(self.accountant)
        groups = dict(Value._read_group([], ["tier_id"], ["monetary:sum"]))
        self.assertAlmostEqual(sum(groups.values()), sum(1000 + 100 * i for i in range(20)) + 50010)
        self.assertGreater(groups[self.diamond], groups[self.bronze] / 10)
        quarters = (
            self.env["customer.value.snapshot"]
            .with_user(self.accountant)
            ._read_group([], ["date:quarter", "tier_id"], ["__count"])
        )
        self.assertEqual(len({quarter for quarter, _tier, _count in quarters}), 2)

    def test_partner_form_shows_the_current_company_figures(self):
        partner = self.customers[0].with_user(self.salesperson)
        form = Form(partner, view="base.view_partner_form")
        self.assertEqual(form.customer_value_tier_id, self.diamond)
        self.assertAlmostEqual(form.customer_value_monetary, 51000)
        self.assertEqual(len(form.customer_value_history_ids), 2)
        action = partner.action_open_customer_value()
        self.assertEqual(action["res_id"], self._value(self.customers[0]).id)

    def test_run_records_concentration(self):
        total = sum(1000 + 100 * i for i in range(20)) + 50000 + 10
        self.assertAlmostEqual(self.second.total_revenue, total)
        self.assertAlmostEqual(self.second.largest_share, round(51000 / total * 100, 2))
        self.assertEqual(self.second.largest_partner_id, self.customers[0])
        self.assertTrue(self.second.concentration_warning)
        self.assertGreater(self.second.top20_share, self.second.top5_share)
