import base64
import io
from datetime import timedelta

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

MOVES = ("upgrade", "downgrade")


class CustomerValueTierReportWizard(models.TransientModel):
    """The tier report as accountants print or export it: the company's customers and their
    revenue by tier as the last run left them, and the tier changes of a period."""

    _name = "customer.value.tier.report.wizard"
    _description = "Tier Report"

    date_from = fields.Date(
        string="Changes From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=3),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - timedelta(days=1),
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    xlsx_file = fields.Binary(readonly=True, attachment=False)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(_("To: the period of tier changes must end on or after its first day."))

    def _tier_lines(self):
        """One line per tier of the company: customers, revenue in the scoring window and its
        share, lifetime value, and the customers upgraded or downgraded into it, or out of it,
        in the period (a customer's first tier is no change, see customer.value.tier.history)."""
        self.ensure_one()
        company = [("company_id", "=", self.company_id.id)]
        Value = self.env["customer.value"]
        held = {
            tier.id: (count, monetary, clv)
            for tier, count, monetary, clv in Value._read_group(
                company, ["tier_id"], ["__count", "monetary:sum", "clv:sum"]
            )
        }
        History = self.env["customer.value.tier.history"]
        period = [*company, ("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        moved_in = {
            (tier.id, direction): count
            for tier, direction, count in History._read_group(
                [*period, ("direction", "in", MOVES)], ["to_tier_id", "direction"], ["__count"]
            )
        }
        moved_out = {
            tier.id: count
            for tier, count in History._read_group([*period, ("direction", "in", MOVES)], ["from_tier_id"], ["__count"])
        }
        revenue = sum(monetary for _count, monetary, _clv in held.values())
        tiers = self.env["customer.value.tier"].search(["|", ("company_id", "=", False), *company])
        lines = []
        for tier in tiers:
            count, monetary, clv = held.get(tier.id, (0, 0.0, 0.0))
            lines.append(
                {
                    "tier": tier,
                    "customers": count,
                    "revenue": monetary,
                    "share": 100.0 * monetary / revenue if revenue else 0.0,
                    "clv": clv,
                    **{move: moved_in.get((tier.id, move), 0) for move in MOVES},
                    "left": moved_out.get(tier.id, 0),
                }
            )
        return lines

    def _totals(self, lines):
        return {key: sum(line[key] for line in lines) for key in ("customers", "revenue", "clv", *MOVES, "left")}

    def _headers(self):
        return [
            _("Tier"),
            _("Customers"),
            _("Revenue in Window"),
            _("Share of Revenue (%)"),
            _("Lifetime Value"),
            _("Upgraded Into"),
            _("Downgraded Into"),
            _("Moved Out"),
        ]

    def action_print(self):
        return self.env.ref("customer_value.action_report_tier").report_action(self)

    def action_export_xlsx(self):
        """The tier lines as a spreadsheet, with totals."""
        self.ensure_one()
        lines = self._tier_lines()
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Tiers"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        title = _(
            "Customers by tier, %(company)s (%(currency)s); tier changes %(start)s – %(end)s",
            company=self.company_id.name,
            currency=self.currency_id.name,
            start=self.date_from,
            end=self.date_to,
        )
        sheet.write(0, 0, title, bold)
        sheet.write_row(2, 0, self._headers(), bold)
        row = 3
        for line in lines:
            sheet.write_row(row, 0, [line["tier"].name, line["customers"]])
            sheet.write_row(row, 2, [line["revenue"], line["share"], line["clv"]], money)
            sheet.write_row(row, 5, [line[move] for move in MOVES] + [line["left"]])
            row += 1
        totals = self._totals(lines)
        sheet.write_row(row, 0, [_("Total"), totals["customers"]], bold)
        sheet.write_row(row, 2, [totals["revenue"], 100.0 if totals["revenue"] else 0.0, totals["clv"]], money)
        sheet.write_row(row, 5, [totals[move] for move in MOVES] + [totals["left"]], bold)
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 8, 16)
        workbook.close()
        self.xlsx_file = base64.b64encode(buffer.getvalue())
        filename = f"tier-report-{self.date_from}-{self.date_to}.xlsx"
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=xlsx_file&filename={filename}&download=true",
            "target": "self",
        }
