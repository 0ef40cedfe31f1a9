import base64
import io
from datetime import datetime, time, timedelta

import pytz
import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

FIGURES = ("opening", "earned", "redeemed", "expired", "other", "closing")


class LoyaltyPointsLiabilityWizard(models.TransientModel):
    """The points liability of a period, per program, as accountants print or export it:
    points and their value in company currency at the redemption value per point."""

    _name = "loyalty.points.liability.wizard"
    _description = "Points Liability for a Period"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - timedelta(days=1),
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    program_ids = fields.Many2many(
        "loyalty.program",
        string="Programs",
        domain="[('program_type', '=', 'loyalty'), ('company_id', 'in', (False, company_id))]",
        help="Leave empty for all the company's loyalty programs.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    xlsx_file = fields.Binary(readonly=True, attachment=False)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(_("To: the period must end on or after its first day (From)."))

    def _programs(self):
        return self.program_ids or self.env["loyalty.program"].search(
            [("program_type", "=", "loyalty"), ("company_id", "in", (False, self.company_id.id))], order="name"
        )

    def _utc_bounds(self):
        """The period's first and last day, in the user's timezone, as UTC moments."""
        zone = pytz.timezone(self.env.user.tz or "UTC")

        def utc(day):
            return zone.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return utc(self.date_from), utc(self.date_to + timedelta(days=1))

    def _liability_lines(self):
        """One line per program: its points and their value for each figure of the period."""
        self.ensure_one()
        programs = self._programs()
        figures = self.env["loyalty.points.liability"]._period_figures(programs, *self._utc_bounds())
        lines = []
        for program in programs:
            points = figures.get(program.id, dict.fromkeys(FIGURES, 0.0))
            point_value = program.currency_id._convert(
                program.point_value, self.currency_id, self.company_id, self.date_to
            )
            lines.append(
                {
                    "program": program,
                    "point_value": point_value,
                    **{f"{figure}_points": points[figure] for figure in FIGURES},
                    **{f"{figure}_value": self.currency_id.round(points[figure] * point_value) for figure in FIGURES},
                }
            )
        return lines

    def _totals(self, lines):
        return {f"{figure}_value": sum(line[f"{figure}_value"] for line in lines) for figure in FIGURES}

    def _headers(self):
        return [
            _("Program"),
            _("Value per Point"),
            _("Opening"),
            _("Earned"),
            _("Redeemed"),
            _("Expired (Breakage)"),
            _("Refunds and Adjustments"),
            _("Closing"),
        ]

    def action_print(self):
        return self.env.ref("loyalty_tiers.action_report_points_liability").report_action(self)

    def action_export_xlsx(self):
        """A spreadsheet with the points and the values of each program, and value totals."""
        self.ensure_one()
        lines = self._liability_lines()
        if not lines:
            raise UserError(_("Programs: the company has no loyalty program to report on."))
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Points Liability"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        title = _(
            "Points liability %(start)s – %(end)s, %(company)s (%(currency)s)",
            start=self.date_from,
            end=self.date_to,
            company=self.company_id.name,
            currency=self.currency_id.name,
        )
        sheet.write(0, 0, title, bold)
        sheet.write_row(2, 0, [_("Points")] + [""] * 7, bold)
        sheet.write_row(3, 0, self._headers(), bold)
        row = 4
        for line in lines:
            sheet.write_row(
                row, 0, [line["program"].name, line["point_value"]] + [line[f"{f}_points"] for f in FIGURES]
            )
            row += 1
        row += 1
        sheet.write_row(row, 0, [_("Value")] + [""] * 7, bold)
        sheet.write_row(row + 1, 0, self._headers(), bold)
        row += 2
        for line in lines:
            sheet.write(row, 0, line["program"].name)
            sheet.write_row(row, 1, [line["point_value"]] + [line[f"{f}_value"] for f in FIGURES], money)
            row += 1
        totals = self._totals(lines)
        sheet.write(row, 0, _("Total"), bold)
        sheet.write_row(row, 2, [totals[f"{f}_value"] for f in FIGURES], money)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 7, 16)
        workbook.close()
        self.xlsx_file = base64.b64encode(buffer.getvalue())
        filename = f"points-liability-{self.date_from}-{self.date_to}.xlsx"
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=xlsx_file&filename={filename}&download=true",
            "target": "self",
        }
