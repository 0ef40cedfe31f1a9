"""The tier report for accountants (PDF and spreadsheet) on the four customers of
``KpiCase``: A Diamond, B upgraded from Silver to Gold in June, C and D Bronze."""

import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestTierReport(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for partner, tier in ((cls.a, cls.diamond), (cls.b, cls.gold), (cls.c, cls.bronze), (cls.d, cls.bronze)):
            cls._value(partner).sudo().tier_id = tier
        cls.env["customer.value.tier.history"].create(
            {
                "value_id": cls._value(cls.b).id,
                "date": date(2026, 6, 20),
                "from_tier_id": cls.silver.id,
                "to_tier_id": cls.gold.id,
                "direction": "upgrade",
                "reason_code": "criteria",
            }
        )

    def _wizard(self, user=None, **values):
        values = {"date_from": date(2026, 6, 1), "date_to": date(2026, 6, 30), **values}
        return self.env["customer.value.tier.report.wizard"].with_user(user or self.accountant).create(values)

    def test_tier_lines(self):
        lines = {line["tier"]: line for line in self._wizard()._tier_lines()}
        gold, silver, diamond, bronze = (lines[t] for t in (self.gold, self.silver, self.diamond, self.bronze))
        self.assertEqual((gold["customers"], gold["revenue"], gold["upgrade"]), (1, 1000, 1))
        self.assertAlmostEqual(diamond["share"], 100.0 * 3000 / 4500)
        self.assertEqual((silver["customers"], silver["upgrade"], silver["left"]), (0, 0, 1))
        self.assertEqual((bronze["customers"], bronze["revenue"], bronze["left"]), (2, 500, 0))
        july = {
            line["tier"]: line
            for line in self._wizard(date_from=date(2026, 7, 1), date_to=date(2026, 7, 31))._tier_lines()
        }
        self.assertEqual(july[self.gold]["upgrade"], 0, "the changes of the period only")

    def test_the_pdf_prints_the_figures(self):
        wizard = self._wizard()
        html = self.env["ir.actions.report"]._render_qweb_html("customer_value.report_tier", wizard.ids)[0].decode()
        for text in ("Tier Report", "Diamond", "3,000.00", "4,500.00", "66.7"):
            self.assertIn(text, html)
        self.assertEqual(wizard.action_print()["report_name"], "customer_value.report_tier")

    def test_the_spreadsheet_holds_the_lines_and_totals(self):
        wizard = self._wizard()
        self.assertIn("field=xlsx_file", wizard.action_export_xlsx()["url"])
        rows = [
            list(row)
            for row in openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file))).active.iter_rows(
                values_only=True
            )
        ]
        gold = next(row for row in rows if row[0] == "Gold")
        self.assertEqual(gold, ["Gold", 1, 1000, 100.0 * 1000 / 4500, 3000, 1, 0, 0])
        self.assertEqual(rows[-1][:3], ["Total", 4, 4500])

    def test_who_prints_it(self):
        self.assertTrue(self._wizard(user=self.salesperson)._tier_lines())
        with self.assertRaises(AccessError):
            self._wizard(user=self.internal)
        with self.assertRaisesRegex(ValidationError, "must end on or after its first day"):
            self._wizard(date_to=date(2026, 5, 1))
