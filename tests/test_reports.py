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
        self.assertEqual((action["tag"], action["name"]), ("customer_value.tier_migration", "Tier Migration"))
        matrix = wizard.get_matrix()
        self.assertEqual([row["name"] for row in matrix["rows"]], ["Diamond", "Gold", "Silver", "Bronze", "New"])
        self.assertEqual([col["name"] for col in matrix["cols"]], ["Diamond", "Gold", "Silver", "Bronze", "Gone"])
        self.assertEqual(matrix["total"], 21)
        cells = matrix["cells"]
        upgrade = cells[f"{self.bronze.id}-{self.diamond.id}"]
        self.assertEqual((upgrade["count"], upgrade["movement"]), (1, "up"))
        self.assertAlmostEqual(upgrade["to_revenue"], 51000)
        new = cells[f"0-{self.bronze.id}"]
        self.assertEqual((new["count"], new["movement"]), (1, "new"))
        self.assertEqual(cells[f"{self.diamond.id}-{self.diamond.id}"]["movement"], "same")
        self.assertEqual(matrix["row_totals"][0], 1)
        # every cell opens the customers who moved that way
        Line = self.env["customer.value.migration.line"].with_user(self.accountant)
        for key, cell in cells.items():
            with self.subTest(cell=key):
                opened = Line.browse(cell["line_id"]).action_open_customers()
                customers = self.env["customer.value"].with_user(self.accountant).search(opened["domain"])
                self.assertEqual(len(customers), cell["count"])
        riser = Line.browse(upgrade["line_id"]).action_open_customers()
        self.assertEqual(self.env["customer.value"].search(riser["domain"]).partner_id, self.customers[0])
        newcomer = Line.browse(new["line_id"]).action_open_customers()
        self.assertEqual(self.env["customer.value"].search(newcomer["domain"]).partner_id, self.newcomer)
        self.assertEqual(newcomer["name"], "New → Bronze")

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
        value = form.customer_value_ids[0]
        self.assertAlmostEqual(value.monetary, 51000)
        self.assertEqual(value.tier_history_ids.direction, "upgrade", "its upgrade; a first tier is no change")
        action = partner.action_open_customer_value()
        self.assertEqual(action["res_id"], self._value(self.customers[0]).id)

    def test_run_records_concentration(self):
        total = sum(1000 + 100 * i for i in range(20)) + 50000 + 10
        self.assertAlmostEqual(self.second.total_revenue, total)
        self.assertAlmostEqual(self.second.largest_share, round(51000 / total * 100, 2))
        self.assertEqual(self.second.largest_partner_id, self.customers[0])
        self.assertTrue(self.second.concentration_warning)
        self.assertGreater(self.second.top20_share, self.second.top5_share)
