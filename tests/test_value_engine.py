"""The value engine on real posted invoices: aggregation, scores and write-back."""

from odoo import Command
from odoo.tests import tagged

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestValueEngine(CustomerValueCase):
    def test_no_invoices_no_values(self):
        self._customers(3)
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.customer_count, 0)
        self.assertFalse(self.env["customer.value"].search([]))
        self.assertEqual(run.largest_share, 0)

    def test_metrics_from_invoices_and_credit_notes(self):
        customer = self._customers(1)
        self._invoices([(customer, 1000, 10), (customer, 500, 100), (customer, 300, 400)])
        self._invoice(customer, 200, days_ago=5, move_type="out_refund")
        self._run()
        value = self._value(customer)
        self.assertEqual(value.frequency, 2, "the invoice of 400 days ago is outside the 365-day window")
        self.assertAlmostEqual(value.monetary, 1300, msg="credit notes are netted")
        self.assertAlmostEqual(value.lifetime_revenue, 1600)
        self.assertAlmostEqual(value.average_invoice_value, 650)
        self.assertEqual(value.recency_days, 10)
        self.assertEqual(value.tenure_days, 400)
        self.assertEqual(str(value.last_invoice_date), str(TODAY.replace(day=20)))
        self.assertAlmostEqual(value.revenue_last_period, 800)  # 1000 invoiced, 200 refunded
        self.assertAlmostEqual(value.revenue_previous_period, 500)
        self.assertAlmostEqual(value.revenue_trend, 60)
        self.assertEqual(value.category_count, 1)
        self.assertEqual(value.scored_on, TODAY)

    def test_contacts_roll_up_to_their_company(self):
        company, other = self._customers(2)
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": company.id})
        self._invoices([(contact, 700, 3), (company, 300, 30), (other, 100, 3)])
        self._run()
        self.assertFalse(self._value(contact))
        value = self._value(company)
        self.assertEqual(value.frequency, 2)
        self.assertAlmostEqual(value.monetary, 1000)
        self.assertEqual(contact.customer_value_tier_id, value.tier_id, "contacts show their company's tier")
        self.assertEqual(contact.customer_value_id, value)
        Partner = self.env["res.partner"]
        scope = [("id", "in", (company | other | contact).ids)]
        self.assertEqual(Partner.search([*scope, ("customer_value_id", "!=", False)]), company | other | contact)
        self.assertFalse(Partner.search([*scope, ("customer_value_id", "=", False)]))
        lone = self._customers(1, "CV Lone")
        self.assertEqual(Partner.search([("id", "=", lone.id), ("customer_value_id", "=", False)]), lone)

    def test_refunds_larger_than_invoices(self):
        good, bad = self._customers(2)
        self._invoices([(good, 500, 20), (bad, 100, 40)])
        self._invoice(bad, 400, days_ago=30, move_type="out_refund")
        run = self._run()
        value = self._value(bad)
        self.assertAlmostEqual(value.monetary, -300)
        self.assertEqual(value.abc_class, "c")
        self.assertEqual(value.average_invoice_value, -300)
        self.assertEqual(value.clv, 0, "a customer that gave back more than it bought has no expected value")
        self.assertEqual(value.tier_id, self.bronze, "the last tier takes everybody left, net refunds included")
        self.assertAlmostEqual(run.total_revenue, 500, msg="concentration counts positive revenue only")
        self.assertEqual(run.largest_partner_id, good)
        self.assertEqual(run.largest_share, 100)
        self.assertTrue(run.concentration_warning)

    def test_foreign_currency_counts_in_company_currency(self):
        customer = self._customers(1)
        foreign = (
            self.env.ref("base.EUR")
            if self.company.currency_id != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        foreign.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": foreign.id, "rate": 0.5, "name": "2020-01-01", "company_id": self.company.id}
        )
        self._invoice(customer, 100, days_ago=2, currency=foreign)
        self._run()
        self.assertAlmostEqual(self._value(customer).monetary, 200, msg="100 at 0.5 per company unit")

    def test_two_companies_keep_separate_figures(self):
        second = self.env["res.company"].create({"name": "CV Second Company"})
        self.env["account.chart.template"].try_loading("generic_coa", company=second, install_demo=False)
        customer = self._customers(1)
        self._invoice(customer, 1000, days_ago=2)
        self._invoice(customer, 50, days_ago=300, company=second)
        self._run()
        self._run(company=second)
        here, there = self._value(customer), self._value(customer, second)
        self.assertAlmostEqual(here.monetary, 1000)
        self.assertAlmostEqual(there.monetary, 50)
        self.assertEqual(there.recency_days, 300)
        self.assertEqual(customer.with_company(second).customer_value_id, there)
        self.assertEqual(customer.with_company(self.company).customer_value_id, here)
        self.assertEqual(second.rfm_window_days, 365, "a new company gets the shipped defaults")

    def test_archived_partners_are_left_out(self):
        kept, archived = self._customers(2)
        self._invoices([(kept, 100, 5), (archived, 900, 5)])
        self._run()
        self.assertTrue(self._value(archived).active)
        archived.active = False
        self.env["customer.value.run"].search([]).unlink()
        run = self._run()
        self.assertEqual(run.customer_count, 1)
        self.assertFalse(self._value(archived).active, "the archived customer's record is retired")
        self.assertFalse(archived.with_context(active_test=False).customer_value_tier_id)
        self.assertEqual(self._value(kept).abc_class, "a")

    def test_one_customer_is_scored_in_the_middle_and_takes_the_top_tier(self):
        customer = self._customers(1)
        self._invoice(customer, 100, days_ago=1)
        self._run()
        value = self._value(customer)
        self.assertEqual(value.rfm_code, "333")
        self.assertEqual(value.rfm_segment, "need_attention")
        self.assertEqual(value.abc_class, "a")
        self.assertEqual(value.tier_id, self.diamond, "nobody is ranked ahead of a lone customer")

    def test_categories_count_distinct_product_categories(self):
        customer = self._customers(1)
        lines = [
            Command.create({"product_id": self.product.id, "quantity": 1, "price_unit": 10, "tax_ids": []}),
            Command.create({"product_id": self.service.id, "quantity": 1, "price_unit": 10, "tax_ids": []}),
        ]
        self._invoice(customer, 0, days_ago=3, lines=lines)
        self._run()
        self.assertEqual(self._value(customer).category_count, 2)

    def test_chunks_split_customers_and_give_the_same_result(self):
        customers = self._customers(12)
        self._invoices([(customer, 100 * (i + 1), i * 20) for i, customer in enumerate(customers)])
        single = self._run()
        figures = {v.partner_id: (v.rfm_code, v.value_score, v.tier_id) for v in self.env["customer.value"].search([])}
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 3)
        single.unlink()
        self.env["customer.value"].search([]).unlink()
        chunked = self._run()
        self.assertGreaterEqual(len(chunked.chunk_ids), 4)
        self.assertEqual(set(chunked.chunk_ids.mapped("state")), {"done"})
        self.assertEqual(sum(chunked.chunk_ids.mapped("customer_count")), 12)
        again = {v.partner_id: (v.rfm_code, v.value_score, v.tier_id) for v in self.env["customer.value"].search([])}
        self.assertEqual(again, figures)

    def test_tiers_segments_and_mirrors_over_a_population(self):
        customers = self._customers(40)
        specs = []
        for i, customer in enumerate(customers):
            specs += [(customer, 100 + 50 * i, (i * 17) % 360 + k * 30) for k in range(1 + i % 6)]
        self._invoices(specs)
        self._run()
        values = self.env["customer.value"].search([])
        self.assertEqual(len(values), 40)
        counts = {tier: len(values.filtered(lambda v, t=tier: v.tier_id == t)) for tier in self.tiers}
        self.assertEqual(counts[self.diamond], 2, "top 5% of 40")
        self.assertEqual(counts[self.gold], 6, "the next 15%")
        self.assertEqual(counts[self.silver], 12)
        self.assertEqual(counts[self.bronze], 20)
        grouped = self.env["res.partner"]._read_group(
            [("id", "in", customers.ids)], ["customer_value_tier_id"], ["__count"]
        )
        self.assertEqual({tier: count for tier, count in grouped}, counts)
        champions = self.env["res.partner"].search_count(
            [("id", "in", customers.ids), ("customer_value_segment", "=", "champions")]
        )
        self.assertEqual(champions, len(values.filtered(lambda v: v.rfm_segment == "champions")))
        self.assertTrue(all(values.mapped("quadrant")) and all(values.mapped("abc_class")))
