# The KPI settings beside the value settings of res_company.py, one job per file:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

KPI_PERIODS = [("month", "Month"), ("quarter", "Quarter")]


class ResCompany(models.Model):
    """KPI settings of a company: the period of the cohorts and KPIs, where the cost of
    winning customers is booked, and the LTV/CAC ratio below which it warns."""

    _inherit = "res.company"

    kpi_period = fields.Selection(
        KPI_PERIODS,
        string="KPI Period",
        default="month",
        required=True,
        help="Customers are grouped into cohorts by the month or quarter of their first invoice, "
        "and the KPIs are given per month or quarter.",
    )
    kpi_acquisition_account_ids = fields.Many2many(
        "account.account",
        "res_company_kpi_acquisition_account_rel",
        string="Acquisition Cost Accounts",
        help="Expense accounts (advertising, trade fairs, sales commissions...) whose posted "
        "balance in a period is the cost of winning that period's new customers, added to the "
        "costs entered per period.",
    )
    kpi_ltv_cac_warning_ratio = fields.Float(
        string="LTV/CAC Warning Below (ratio)",
        default=3.0,
        help="A period whose new customers' lifetime value is less than this many times what "
        "it cost to win them is flagged (3 means 3:1).",
    )

    @api.constrains("kpi_ltv_cac_warning_ratio")
    def _check_kpi_ltv_cac_warning_ratio(self):
        for company in self:
            if company.kpi_ltv_cac_warning_ratio < 0:
                raise ValidationError(
                    _("LTV/CAC Warning Below must be zero or more (3 warns below 3:1), not %s.")
                    % company.kpi_ltv_cac_warning_ratio
                )
