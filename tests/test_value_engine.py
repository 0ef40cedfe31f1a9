"""The value engine on real posted invoices: aggregation, scores and write-back."""

from datetime import timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import TODAY, CustomerValueCase, write_scores


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

    def test_first_day_revenue_nets_that_days_documents_only(self):
        customer = self._customers(1)
        contact = self.env["res.partner"].create({"name": "CV First Buyer", "parent_id": customer.id})
        self._invoices([(customer, 400, 200), (contact, 250, 200), (customer, 900, 50)])
        self._invoice(customer, 100, days_ago=200, move_type="out_refund")  # on the first day
        self._invoice(customer, 70, days_ago=300, move_type="out_refund")  # before any invoice
        self._run()
        value = self._value(customer)
        self.assertEqual(value.tenure_days, 200, "tenure starts at the first invoice, not the credit note")
        self.assertAlmostEqual(value.first_day_revenue, 550, msg="400 + 250 (a contact's) - 100 that day")
        self.assertEqual(value.purchase_days, 2)

    def test_contacts_roll_up_to_their_company(self):
        company, other = self._customers(2)
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": company.id})
        self._invoices([(contact, 700, 3), (company, 300, 30), (other, 100, 3)])
        self._run()
        self.assertFalse(self._value(contact))
        value = self._value(company)
        self.assertEqual(value.frequency, 2)
        self.assertAlmostEqual(value.monetary, 1000)
        self.assertEqual(company.customer_value_tier_id, value.tier_id)
        self.assertFalse(contact.customer_value_tier_id, "contacts are not customers of their own")
        self.assertEqual(contact.customer_value_id, value, "contacts show their company's record")
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

    def test_average_invoice_value_rounds_as_the_currency_does(self):
        customer = self._customers(1)
        # 190.47 over six invoices is 31.745: half a cent, rounded up as Odoo rounds money
        self._invoices([(customer, amount, 10 + i) for i, amount in enumerate([31.74, 31.75] * 3)])
        self._run()
        value = self._value(customer)
        self.assertAlmostEqual(value.monetary, 190.47)
        self.env.cr.execute("SELECT average_invoice_value FROM customer_value WHERE id = %s", [value.id])
        self.assertEqual(str(self.env.cr.fetchone()[0]), "31.75")

    def test_a_watched_customer_silent_too_long_gets_one_retention_activity(self):
        star, other, orphan, *rest = self._customers(20)
        star.user_id = self.salesperson
        self._invoices([(star, 9000, 200 + 10 * i) for i in range(10)])  # the best buyer, silent for 200 days
        self._invoices([(orphan, 8000, 190 + 10 * i) for i in range(10)])  # as good, silent, and no salesperson
        self._invoices([(c, 100 * (i + 1), 10) for i, c in enumerate([other, *rest])])
        self.company.customer_value_user_id = self.manager
        self._run(days_ago=1)
        value, orphan_value = self._value(star), self._value(orphan)
        self.assertEqual(value.tier_id, self.diamond)
        self.assertTrue(value.needs_retention, "a watched tier and no invoice for 180 days")
        self.assertFalse(self._value(other).needs_retention, "bought ten days ago")
        retention = self.env.ref("customer_value.mail_activity_type_retention")

        def retentions(record):
            return record.activity_ids.filtered(lambda activity: activity.activity_type_id == retention)

        self.assertEqual(retentions(value).user_id, self.salesperson)
        self.assertEqual(len(retentions(value)), 1)
        self.assertEqual(retentions(orphan_value).user_id, self.manager, "the company's follow-up user")
        activities = self.env["mail.activity"].search_count([])
        self._run()  # the next night: still flagged, no second activity
        self.assertEqual(self.env["mail.activity"].search_count([]), activities)
        retentions(value).action_feedback("Called, no answer")
        self._run(days_ago=0)
        self.assertFalse(retentions(value), "done once for this silence: not scheduled again while it lasts")
        self.company.retention_inactivity_days = 365
        self._run(days_ago=0)
        self.assertFalse(value.needs_retention, "within the configured delay")

    def test_the_concentration_warning_follows_the_threshold(self):
        customers = self._customers(10)
        self._invoices([(c, 1000, 5) for c in customers])
        run = self._run()
        self.assertEqual(run.largest_share, 10)
        self.assertFalse(run.concentration_warning, "10% is not above the 10% threshold")
        self.company.concentration_warning_percent = 9
        self.assertTrue(self._run().concentration_warning)

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

    def test_a_chunk_writes_each_customers_row_once(self):
        """The chunk steps stage what they change and the chunk writes each row once, with
        its figures: a write per step gave each new customer's row three versions in one
        transaction (the insert, then health, then lifecycle), each with its index entries."""
        customers = self._customers(3)
        self._invoices([(customer, 100 * (i + 1), 10 + i) for i, customer in enumerate(customers)])
        self._invoices([(customer, 50, 200) for customer in customers])

        def aggregate(days_ago):
            run = self.env["customer.value.run"]._queue(self.company, "scoring", TODAY - timedelta(days=days_ago))
            run.chunk_ids._plan(run)
            self.env.flush_all()
            before = self._row_counts()
            run.chunk_ids._aggregate()
            after = self._row_counts()
            return after[0] - before[0], after[1] - before[1]

        self.assertEqual(aggregate(days_ago=150), (3, 0), "three rows inserted, none updated")
        values = self.env["customer.value"].search([("partner_id", "in", customers.ids)])
        self.assertEqual(set(values.mapped("lifecycle_stage")), {"new"}, "the steps' columns are in the insert")
        self.assertTrue(all(values.mapped("health_band")))
        self.assertEqual(aggregate(days_ago=0), (0, 3), "figures, health and stage moved: one update a row")
        self.assertNotIn("new", values.mapped("lifecycle_stage"), "200 days after the first invoice")

    def test_a_same_day_rerun_with_nothing_changed_writes_no_row(self):
        customers = self._customers(3)
        self._invoices([(customer, 100 * (i + 1), 10 + i) for i, customer in enumerate(customers)])
        self._run()
        run = self.env["customer.value.run"]._queue(self.company, "scoring", TODAY)
        run.chunk_ids._plan(run)
        self.env.flush_all()
        written = self._row_counts()
        run.chunk_ids._aggregate()
        self.assertEqual(self._row_counts(), written)

    def test_a_first_run_writes_each_row_once_with_its_scores_and_tier(self):
        customers = self._customers(12)
        self._invoices([(customer, 100 * (i + 1), 10 + i) for i, customer in enumerate(customers)])
        run = self.env["customer.value.run"]._queue(self.company, "scoring", TODAY)
        run.chunk_ids._plan(run)
        run.chunk_ids._aggregate()
        self.env.flush_all()
        _inserted, updated = self._row_counts()
        self._score(run)
        values = self.env["customer.value"].search([("partner_id", "in", customers.ids)])
        self.assertTrue(all(values.mapped("tier_id")) and all(values.mapped("value_score")))
        self.assertEqual(self._row_counts()[1] - updated, 12, "one update of each row, scores and tier together")

    def test_the_scores_do_not_depend_on_where_the_rows_lie_in_the_table(self):
        # the score step reads the rows in the table's order, not sorted: tied customers
        # (here in pairs) and the lifetime value fit must come out the same in any order
        customers = self._customers(16)
        self._invoices(
            [
                (customer, 100 * (1 + i // 2), 10 + k * 40 + i // 2)
                for i, customer in enumerate(customers)
                for k in range(3)
            ]
        )
        run = self._run()
        values = self.env["customer.value"].search([("partner_id", "in", customers.ids)])
        fields = [
            "value_score",
            "potential_score",
            "recency_score",
            "frequency_score",
            "monetary_score",
            "clv",
            "tier_id",
        ]
        before = values.read(fields)
        # the table rewritten in the reverse order of the ids (rows rewritten one by one move
        # only where their pages have no room left, which depends on what ran before)
        self.env.cr.execute("CREATE INDEX customer_value_test_reverse_index ON customer_value (id DESC)")
        self.env.cr.execute("CLUSTER customer_value USING customer_value_test_reverse_index")
        self.env.cr.execute("DROP INDEX customer_value_test_reverse_index")
        self.env.cr.execute("SELECT id FROM customer_value WHERE id = ANY(%s) ORDER BY ctid", [values.ids])
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], sorted(values.ids, reverse=True))
        self.env.cr.execute("UPDATE customer_value SET value_score = NULL, clv = NULL WHERE id = ANY(%s)", [values.ids])
        values.invalidate_recordset()
        self._score(run)
        values.invalidate_recordset()
        self.assertEqual(values.read(fields), before)

    def _score(self, run):
        """The score step of ``run``, then the write of its rows, chunk by chunk."""
        self.env["customer.value.scoring"]._run_step_score(run)
        write_scores(run)

    def _row_counts(self):
        """Rows this transaction inserted into and updated in the value table so far."""
        self.env.cr.execute(
            "SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'customer_value'"
        )
        return self.env.cr.fetchone()

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

    def test_the_customer_list_reads_the_top_of_the_score_index_without_sorting_the_table(self):
        """At a million customers sorting every row for the list's first page takes most of a
        second; the index on the score (of the active records) gives them in order. With sorts
        disabled, PostgreSQL still sorts when nothing else gives that order: a plan without a
        sort means the list's query, as a salesperson's record rules make it, matches the index."""
        Value = self.env["customer.value"].with_user(self.salesperson)
        query = Value._search([], order=Value._order, limit=80)
        self.env.cr.execute("SET LOCAL enable_sort = off")
        try:
            self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
            plan = "\n".join(line for (line,) in self.env.cr.fetchall())
        finally:
            self.env.cr.execute("RESET enable_sort")
        self.assertIn("customer_value_score_index", plan)
        self.assertNotIn("Sort", plan)
