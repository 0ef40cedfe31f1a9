"""The bulk transfer between PostgreSQL and pandas that the value runs read and write
their rows with (``tools/bulk.py``, ``tools/binary_copy.py``): every value comes back as
it went in."""

import math
from datetime import date
from unittest.mock import patch

import pandas as pd
import psycopg2

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.customer_value.tools import bulk
from odoo.addons.customer_value.tools.bulk import load_temp_table, read_frame

COLUMNS = {
    "id": "integer",
    "label": "VARCHAR",
    "amount": "numeric",
    "count": "integer",
    "day": "date",
    "flag": "boolean",
    "ratio": "double precision",
    "note": "text",
    "details": "jsonb",
}


@tagged("post_install", "-at_install")
class TestBulkTransfer(TransactionCase):
    def test_rows_come_back_as_they_went_in(self):
        frame = pd.DataFrame(
            {
                "id": [1, 2, 3],
                "label": ["金卡客户 “VIP”, tier 1", 'a "quoted"\nline', None],
                "amount": [1234.56, -0.5, None],
                "count": [7, None, 0],
                "day": ["2026-06-30", None, "2025-01-01"],
                "flag": [True, False, None],
                "ratio": [0.1 + 0.2, float("nan"), -1e-300],
                "note": ["", "金卡", None],
                "details": ['{"r": 1.5, "名": "金"}', None, "[]"],
            }
        )
        load_temp_table(self.env.cr, "customer_value_bulk_test", COLUMNS, frame)
        self.env.cr.execute(SQL("SELECT label FROM customer_value_bulk_test WHERE id = 1"))
        self.assertEqual(self.env.cr.fetchone()[0], "金卡客户 “VIP”, tier 1", "stored as UTF-8 text")
        back = read_frame(
            self.env.cr, SQL("SELECT id, label, amount, count, day, flag FROM customer_value_bulk_test"), "id"
        ).sort_index()
        self.assertEqual(back.loc[1, "label"], "金卡客户 “VIP”, tier 1")
        self.assertEqual(back.loc[2, "label"], 'a "quoted"\nline')
        self.assertTrue(pd.isna(back.loc[3, "label"]))
        self.assertEqual(back["amount"].tolist()[:2], [1234.56, -0.5])
        self.assertTrue(math.isnan(back.loc[3, "amount"]))
        self.assertEqual(back.loc[1, "count"], 7)
        self.assertTrue(pd.isna(back.loc[2, "count"]), "a missing integer stays missing, not 0")
        self.assertEqual(back.loc[3, "count"], 0)
        self.assertEqual(back.loc[1, "day"], "2026-06-30")
        self.assertTrue(pd.isna(back.loc[2, "day"]))
        self.assertEqual(back.loc[1, "flag"], True)
        self.assertEqual(back.loc[2, "flag"], False)
        self.assertTrue(pd.isna(back.loc[3, "flag"]))
        self.env.cr.execute(SQL("SELECT ratio, note, details FROM customer_value_bulk_test ORDER BY id"))
        rows = self.env.cr.fetchall()
        self.assertEqual([row[0] for row in rows], [0.1 + 0.2, None, -1e-300], "doubles to the last bit")
        self.assertEqual([row[1] for row in rows], ["", "金卡", None], "an empty text is not NULL")
        self.assertEqual([row[2] for row in rows], [{"r": 1.5, "名": "金"}, None, []])

    def test_other_value_forms_and_their_types(self):
        """Dates as date objects, integers as floats or nullable integers, big integers (row
        versions), a numeric column into a numeric one, and no row at all."""
        frame = pd.DataFrame(
            {
                "id": pd.array([1, None], dtype="Int64"),
                "amount": [1234.56, 99999999999.99],
                "count": [3.0, float("nan")],
                "day": [date(2024, 2, 29), date(1999, 12, 31)],
                "version": [2**32 - 1, 2**40 + 1],
            }
        )
        columns = {"id": "int4", "amount": "NUMERIC(16, 2)", "count": "INTEGER", "day": "date", "version": "int8"}
        load_temp_table(self.env.cr, "customer_value_bulk_test", columns, frame)
        self.env.cr.execute(SQL("CREATE TEMPORARY TABLE customer_value_bulk_money (amount numeric) ON COMMIT DROP"))
        self.env.cr.execute(SQL("INSERT INTO customer_value_bulk_money SELECT amount FROM customer_value_bulk_test"))
        self.env.cr.execute(SQL("SELECT amount::text FROM customer_value_bulk_money ORDER BY amount"))
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], ["1234.56", "99999999999.99"])
        self.env.cr.execute(SQL("SELECT id, count, day, version FROM customer_value_bulk_test ORDER BY day"))
        self.assertEqual(
            self.env.cr.fetchall(), [(None, None, date(1999, 12, 31), 2**40 + 1), (1, 3, date(2024, 2, 29), 2**32 - 1)]
        )
        load_temp_table(self.env.cr, "customer_value_bulk_test", columns, frame.iloc[:0])
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM customer_value_bulk_test"))
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_a_value_that_does_not_fit_its_column_is_refused(self):
        for value in (2.5, 2.0**31):
            with self.subTest(value=value), self.assertRaisesRegex(ValueError, "column count: an integer column"):
                load_temp_table(
                    self.env.cr, "customer_value_bulk_test", {"count": "integer"}, pd.DataFrame({"count": [1, value]})
                )

    def test_a_type_the_transfer_does_not_know_is_refused(self):
        with self.assertRaisesRegex(ValueError, "column moment: the binary transfer knows no type timestamp"):
            frame = pd.DataFrame({"moment": ["2026-01-01"]})
            load_temp_table(self.env.cr, "customer_value_bulk_test", {"moment": "timestamp"}, frame)
        self.env.cr.execute(SQL("SELECT to_regclass('customer_value_bulk_test')"))
        self.assertIsNone(self.env.cr.fetchone()[0], "refused before any table was made")

    def test_a_statement_that_fails_raises_its_own_error_not_the_parsers(self):
        """Before any row (the parser then finds no data) and after many rows (the parser
        then finds rows cut short, in a pipe that the receiving thread stops filling)."""
        statements = {
            "before any row": SQL("SELECT 1 / 0 AS x"),
            "after many rows": SQL("SELECT n, 1 / (n - 90000) AS x FROM generate_series(1, 100000) n"),
        }
        for case, statement in statements.items():
            with (
                self.subTest(case),
                self.assertRaises(psycopg2.errors.DivisionByZero),
                self.env.cr.savepoint(flush=False),
            ):
                read_frame(self.env.cr, statement)
        frame = read_frame(self.env.cr, SQL("SELECT n FROM generate_series(1, 100000) n"))
        self.assertEqual(frame["n"].sum(), 5000050000, "the cursor still works, and reads long results whole")

    def test_rows_sent_by_slices_all_arrive(self):
        frame = pd.DataFrame({"id": range(1, 8), "label": [f"row {n}" for n in range(1, 8)]})
        with patch.object(bulk, "COPY_SLICE", 3):
            load_temp_table(self.env.cr, "customer_value_bulk_test", {"id": "integer", "label": "varchar"}, frame)
        self.env.cr.execute(SQL("SELECT id, label FROM customer_value_bulk_test ORDER BY id"))
        self.assertEqual(self.env.cr.fetchall(), [(n, f"row {n}") for n in range(1, 8)])

    def test_changed_rows_are_those_whose_values_moved_a_missing_value_equal_to_another(self):
        """The stored rows as read (pandas' text columns, NaN where empty) against new ones
        as the steps build them (Python objects, None where empty), as the runs compare
        them to write only the rows that changed."""
        stored = read_frame(
            self.env.cr,
            SQL(
                """
                SELECT * FROM (VALUES
                    (1, 'gold', '2026-06-30'::date, 1.5), (2, NULL, NULL, NULL), (3, 'silver', '2026-01-01', 2.0),
                    (4, 'bronze', '2026-05-05', 3.0), (5, 'gold', '2026-02-02', 4.0), (6, 'gold', '2026-03-03', 5.0)
                ) AS stored (id, tier, since, score)
                """
            ),
            index_col="id",
        )
        new = pd.DataFrame(
            {
                "tier": ["gold", None, "gold", "bronze", None, "gold", "gold"],
                "since": ["2026-06-30", None, "2026-01-01", None, "2026-02-02", "2026-03-03", "2026-07-07"],
                "score": [1.5, math.nan, 2.0, 3.0, 4.0, 5.5, 7.0],
            },
            index=[1, 2, 3, 4, 5, 6, 7],
        )
        columns = ["tier", "since", "score"]
        self.assertEqual(bulk.changed_rows(new, stored, columns).index.tolist(), [3, 4, 5, 6, 7])
        also = pd.Series([True], index=[1])
        self.assertEqual(bulk.changed_rows(new, stored, columns, also=also).index.tolist(), [1, 3, 4, 5, 6, 7])

    def test_two_steps_staging_the_same_column_are_refused(self):
        """A column two steps set would be written from whichever came last: the chunk's
        write and the score step's refuse it instead."""
        writes = [bulk.StagedWrite("staged_health", ["health_band"]), bulk.StagedWrite("staged_other", ["health_band"])]
        with self.assertRaisesRegex(ValueError, "two steps stage the same column"):
            bulk.staged_assignments(writes, SQL("v.id"))
        bulk.staged_assignments(writes[:1], SQL("v.id"))  # one step alone is fine
        run = self.env["customer.value.run"]._queue(self.env.company, "scoring", date(2026, 6, 30))
        rows = [bulk.StagedRows(pd.DataFrame({"quadrant": ["nurture"]}, index=[1])) for _step in range(2)]
        with self.assertRaisesRegex(ValueError, "two score steps stage the same column"):
            self.env["customer.value"]._stage_run_writes(run, rows, pd.Series([1], index=[1]))
