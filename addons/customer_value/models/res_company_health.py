# The health settings beside the value settings of res_company.py, one job per file:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, fields, models

from .res_company import MAX_DAYS


class ResCompany(models.Model):
    """Health and churn warning settings of a company; their defaults are PRODUCT.md's."""

    _inherit = "res.company"

    health_green_from = fields.Float(
        string="Green From (score)", default=70.0, help="Health scores from this value up are green."
    )
    health_amber_from = fields.Float(
        string="Amber From (score)",
        default=40.0,
        help="Health scores from this value up to green are amber; below, red.",
    )
    health_min_purchase_days = fields.Integer(
        string="Health Needs (purchase days)",
        default=2,
        help="A customer with fewer days of purchase has not enough data for a health score.",
    )
    health_engagement_days = fields.Integer(
        string="Engagement Window (days)",
        default=90,
        help="Engagement counts the messages and done activities of this many days.",
    )
    satisfaction_window_days = fields.Integer(
        string="Satisfaction Window (days)",
        default=365,
        help="Satisfaction counts the NPS and CSAT answers of this many days.",
    )
    churn_drop_points = fields.Float(
        string="Warn on a Drop Of (points)",
        default=15.0,
        help="A churn warning is raised when the health score falls by more than this since its previous value.",
    )
    churn_silence_days = fields.Integer(
        string="Warn After Silence Of (days)",
        default=30,
        help="A churn warning is raised for a customer who bought in the RFM window and has had no message, "
        "activity or invoice for this many days.",
    )

    @api.constrains(
        "health_green_from",
        "health_amber_from",
        "health_min_purchase_days",
        "health_engagement_days",
        "satisfaction_window_days",
        "churn_drop_points",
        "churn_silence_days",
    )
    def _check_customer_value_health(self):
        for company in self:
            for fname in ("health_green_from", "health_amber_from", "churn_drop_points"):
                company._check_customer_value_number(fname)
            for fname in ("health_green_from", "health_amber_from"):
                if not 0 < company[fname] <= 100:
                    raise company._customer_value_refusal(
                        fname, _("“%(field)s” of %(company)s is a score above 0 and at most 100 (got %(value)s).")
                    )
            if company.health_amber_from >= company.health_green_from:
                raise company._customer_value_refusal(
                    "health_amber_from",
                    _("“%(field)s” of %(company)s must be below “%(green)s” (%(limit)s), got %(value)s."),
                    green=company._customer_value_label("health_green_from"),
                    limit=company.health_green_from,
                )
            if not 0 < company.churn_drop_points <= 100:
                raise company._customer_value_refusal(
                    "churn_drop_points",
                    _("“%(field)s” of %(company)s must be above 0 and at most 100 (got %(value)s)."),
                )
            for fname, low in (
                ("health_min_purchase_days", 2),
                ("health_engagement_days", 1),
                ("satisfaction_window_days", 1),
                ("churn_silence_days", 1),
            ):
                if not low <= company[fname] <= MAX_DAYS:
                    raise company._customer_value_refusal(
                        fname,
                        _("“%(field)s” of %(company)s must lie between %(low)s and %(high)s (got %(value)s)."),
                        low=low,
                        high=MAX_DAYS,
                    )
