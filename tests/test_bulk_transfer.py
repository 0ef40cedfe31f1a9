"""The bulk transfer between PostgreSQL and pandas that the value runs read and write
their rows with (``tools/bulk.py``): every value comes back as it went in."""

import math

import pandas as pd

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.customer_value.tools.bulk import load_temp_table, read_frame

COLUMNS = {
    "id": "integer",
    "label": "varchar",
    "amount": "numeric",
    "count": "integer",
    "day": "date",
    "flag": "boolean",
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
