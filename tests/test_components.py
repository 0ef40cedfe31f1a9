"""Score components: the value and potential scores are weighted means of components, each
one file on the engine's mechanism; another addon adds one without editing customer_value
(tests/addons/customer_value_refund_rate), and a chunk reads the invoices once for all."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import CustomerValueCase


@tagged("post_install", "-at_install")
class TestComponents(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Component = cls.env["customer.value.component"]
        cls.refund_rate = cls.env.ref("customer_value_refund_rate.customer_value_component_refund_rate")
        # two customers alike but for the credit notes of the second, and a crowd around them
        cls.clean, cls.refunder, *cls.crowd = cls._customers(12)
        # the same net revenue, invoices and dates: 1000 + 400, and 1200 + 600 - 400 refunded
        cls._invoices([(cls.clean, 1000, 20), (cls.clean, 400, 14), (cls.refunder, 1200, 20), (cls.refunder, 600, 14)])
        cls._invoice(cls.refunder, 400, days_ago=15, move_type="out_refund")
        cls._invoices([(c, 500 + 100 * i, 30 + i) for i, c in enumerate(cls.crowd)])

    def test_the_six_value_inputs_are_components(self):
        codes = {code for code, _label in self.Component._fields["code"].selection}
        self.assertLessEqual({"recency", "frequency", "monetary", "trend", "clv", "tenure"}, codes)
        for code in ("recency", "frequency", "monetary", "trend", "clv", "tenure"):
            with self.subTest(code=code):
                self.assertTrue(self.Component._hook(code, "score"))
                self.assertTrue(self.Component._hook(code, "invoice_aggregates"))

    def test_a_component_of_another_addon_feeds_the_score_once_switched_on(self):
        self.assertIn("refund_rate", self.Component._codes())
        self._run()
        clean, refunder = self._value(self.clean), self._value(self.refunder)
        self.assertAlmostEqual(refunder.refund_rate, 22.22)
        self.assertEqual(clean.refund_rate, 0)
        self.assertEqual(clean.value_score, refunder.value_score, "switched off: it counts for nothing")
        self.refund_rate.with_user(self.manager).action_unarchive()
        self._run()
        self.assertGreater(clean.value_score, refunder.value_score, "its refunds cost it now")

    def test_weights_and_company_settings(self):
        self._run()
        monetary = self.env.ref("customer_value.customer_value_component_monetary")
        recency = self.env.ref("customer_value.customer_value_component_recency")
        frequency = self.env.ref("customer_value.customer_value_component_frequency")
        (recency | frequency).write({"active": False})
        self._run()
        value = self._value(self.crowd[-1])
        monetary_rank = value.value_score
        self.assertEqual(monetary.weight_percent, 100, "alone in the value score of this company")
        # another company weighs recency alone; this one is not affected
        other = self.env["res.company"].create({"name": "CV Recency Only"})
        recency.copy({"company_id": other.id, "active": True})
        own = monetary.copy({"company_id": other.id, "active": False})
        self.assertEqual(self.Component._in_force(other)["monetary"], own)
        self._run()
        self.assertEqual(value.value_score, monetary_rank)

    def test_a_chunk_reads_the_invoices_once_for_every_component(self):
        Chunk = type(self.env["customer.value.run.chunk"])
        original = Chunk._aggregate_query
        queries = []

        def recording(chunk, aggregates, settings):
            query = original(chunk, aggregates, settings)
            queries.append(query.code)
            return query

        with patch.object(Chunk, "_aggregate_query", recording):
            self._run()
        self.assertEqual(len(queries), 1, "one aggregation statement for the one chunk")
        self.assertEqual(queries[0].count("FROM account_move m"), 1, "a single pass over the invoices")
        for column in ("last_invoice_date", "frequency", "monetary", "period_0", "first_invoice_date", "refunded"):
            self.assertIn(f'AS "{column}"', queries[0])
