# The complaint settings beside the value settings of res_company.py, one job per file:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, fields, models


class ResCompany(models.Model):
    """Complaint settings of a company; their defaults are PRODUCT.md's."""

    _inherit = "res.company"

    complaint_warning_percent = fields.Float(
        string="Warn at SLA Time Used (%)",
        default=80.0,
        help="A complaint's handler and team leader are warned once this share of the time to answer, or to "
        "resolve, has been used.",
    )
    complaint_follow_up_days = fields.Integer(
        string="Follow-up Visit After (days)",
        default=7,
        help="The follow-up visit is scheduled this many days after the complaint is resolved.",
    )

    @api.constrains("complaint_warning_percent", "complaint_follow_up_days")
    def _check_customer_value_complaints(self):
        for company in self:
            company._check_customer_value_number("complaint_warning_percent")
            if not 0 < company.complaint_warning_percent < 100:
                raise company._customer_value_refusal(
                    "complaint_warning_percent",
                    _("“%(field)s” of %(company)s is a share above 0 and below 100 (got %(value)s)."),
                )
            if not 0 <= company.complaint_follow_up_days <= 365:
                raise company._customer_value_refusal(
                    "complaint_follow_up_days",
                    _("“%(field)s” of %(company)s is a number of days from 0 to 365 (got %(value)s)."),
                )
