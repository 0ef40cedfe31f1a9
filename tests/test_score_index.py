"""The score index around the bulk write of the run steps: a write of most value rows drops
it and builds it once after the write, a small write keeps it, and so does a write while
another transaction holds the value table."""

from unittest.mock import patch

import pandas as pd

from odoo.sql_db import db_connect
from odoo.tests import tagged

from odoo.addons.customer_value.models import customer_value_write_back
from odoo.addons.customer_value.tools.bulk import StagedWrite, load_temp_table

from .common import CustomerValueCase

INDEX = "customer_value_score_index"


@tagged("post_install", "-at_install")
class TestScoreIndex(CustomerValueCase):
    def setUp(self):
        super().setUp()
        # every value row of this test counts: the rebuild is for tens of thousands of rows
        patcher = patch.object(customer_value_write_back, "INDEX_REBUILD_MIN_ROWS", 0)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.customers = self._customers(12)
        self._invoices([(customer, 100 * (i + 1), 10 + i) for i, customer in enumerate(self.customers)])

    def _index(self):
        """The score index's oid and definition (None when there is none)."""
        self.env.cr.execute(
            "SELECT c.oid, pg_get_indexdef(c.oid) FROM pg_class c WHERE c.relname = %s AND c.relkind = 'i'", [INDEX]
        )
        return self.env.cr.fetchone()

    def _top_by_score(self):
        """The value ids in the customer list's order, as the index gives them."""
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            "SELECT id FROM customer_value WHERE active AND company_id = %s ORDER BY value_score DESC, id LIMIT 5",
            [self.company.id],
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute("SET LOCAL enable_seqscan TO DEFAULT")
        return ids

    def test_a_write_of_most_rows_builds_the_index_again_after_it(self):
        oid, definition = self._index()
        self._run()
        rebuilt_oid, rebuilt_definition = self._index()
        self.assertNotEqual(rebuilt_oid, oid, "dropped before the write of every row, built after it")
        self.assertEqual(rebuilt_definition, definition)
        values = self.env["customer.value"].search([("partner_id", "in", self.customers.ids)])
        self.assertEqual(self._top_by_score(), values.sorted(lambda v: (-v.value_score, v.id))[:5].ids)

    def test_a_write_of_few_rows_keeps_the_index_and_of_half_of_them_rebuilds_it(self):
        self._run()
        self.env.cr.execute("ANALYZE customer_value")  # the table's size as the write reads it: 12 rows
        values = self.env["customer.value"].search([("partner_id", "in", self.customers.ids)], order="id")
        Value = self.env["customer.value"]
        for count, rebuilt in ((5, False), (6, True)):  # of the 12 rows
            oid = self._index()[0]
            scores = pd.DataFrame({"id": values[:count].ids, "value_score": [99.5] * count})
            columns = {"id": "integer", "value_score": "float"}
            load_temp_table(self.env.cr, "customer_value_test_scores", columns, scores)
            Value._write_staged([StagedWrite("customer_value_test_scores", ["value_score"])])
            self.assertEqual(self._index()[0] != oid, rebuilt, f"{count} rows of 12")
            self.assertEqual(values[:count].mapped("value_score"), [99.5] * count)

    def test_a_write_while_another_transaction_holds_the_table_keeps_the_index(self):
        oid = self._index()[0]
        with (
            db_connect(self.env.cr.dbname).cursor() as reader,
            patch.object(customer_value_write_back, "INDEX_DROP_LOCK_TIMEOUT", "100ms"),
        ):
            reader.execute("SELECT 1 FROM customer_value LIMIT 1")  # holds the table to its end
            self._run()
            self.env.cr.execute("SHOW lock_timeout")
            self.assertEqual(self.env.cr.fetchone()[0], "0", "the wait's limit ends with the drop")
        self.assertEqual(self._index()[0], oid)
        values = self.env["customer.value"].search([("partner_id", "in", self.customers.ids)])
        self.assertTrue(all(values.mapped("value_score")) and all(values.mapped("tier_id")), "written all the same")
