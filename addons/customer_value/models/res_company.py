import math
from datetime import datetime
from itertools import pairwise

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.settings import ScoringSettings

MAX_DAYS = 36500  # a hundred years: longer windows run off the calendar
# whole-number settings and the range each must lie in
BOUNDS = {
    "rfm_window_days": (1, MAX_DAYS),
    "trend_period_days": (1, MAX_DAYS // 10),
    "clv_horizon_months": (1, 600),
    "tier_review_interval_months": (1, 120),
    "tier_downgrade_grace_reviews": (1, 100),
    "tier_upgrade_growth_periods": (1, 8),
    "retention_inactivity_days": (1, MAX_DAYS),
    "customer_value_run_hour": (0, 23),
}
# percentages and the range each must lie in (exclusive low, inclusive high)
PERCENTS = {
    "abc_a_percent": (0, 100),
    "abc_b_percent": (0, 100),
    "concentration_warning_percent": (0, 100),
    "tier_upgrade_growth_percent": (0, 10000),
}
SCORE_THRESHOLDS = ("quadrant_value_threshold", "quadrant_potential_threshold")
CUT_POINTS = {
    "recency": (30, 90, 180, 365),
    "frequency": (2, 4, 8, 12),
    "monetary": (1000, 5000, 20000, 50000),
}
CUT_FIELDS = {dimension: tuple(f"rfm_{dimension}_cut_{n}" for n in range(1, 5)) for dimension in CUT_POINTS}
CUT_HELP = {
    "recency": "Days since the last invoice: up to cut 1 scores 5, up to cut 2 scores 4 ... beyond cut 4 scores 1.",
    "frequency": "Invoices in the window: reaching cut 1 scores 2, cut 2 scores 3 ... cut 4 scores 5.",
    "monetary": "Net revenue in the window, in the company's currency: reaching cut 1 scores 2 ... cut 4 scores 5.",
}


def _cut_field(dimension, number):
    return fields.Float(
        string=f"{dimension.title()} Cut {number}",
        default=CUT_POINTS[dimension][number - 1],
        help=CUT_HELP[dimension],
    )


class ResCompany(models.Model):
    """Customer Value settings, one set per company; their defaults are the fields' defaults
    (the numbers of PRODUCT.md), which also fill the companies that exist at install.

    Customer Value managers change them through ``customer.value.settings``.
    """

    _inherit = "res.company"

    rfm_window_days = fields.Integer(
        string="RFM Window (days)",
        default=365,
        help="Frequency and monetary value count the posted invoices and credit notes of this many days.",
    )
    rfm_method = fields.Selection(
        [("quintile", "Quintiles"), ("threshold", "Fixed cut points")],
        string="RFM Scoring Method",
        default="quintile",
        help="Quintiles: each score 1-5 holds a fifth of the customers who bought in the window. "
        "Fixed cut points: scores follow the cut points.",
    )
    rfm_recency_cut_1, rfm_recency_cut_2, rfm_recency_cut_3, rfm_recency_cut_4 = (
        _cut_field("recency", n) for n in range(1, 5)
    )
    rfm_frequency_cut_1, rfm_frequency_cut_2, rfm_frequency_cut_3, rfm_frequency_cut_4 = (
        _cut_field("frequency", n) for n in range(1, 5)
    )
    rfm_monetary_cut_1, rfm_monetary_cut_2, rfm_monetary_cut_3, rfm_monetary_cut_4 = (
        _cut_field("monetary", n) for n in range(1, 5)
    )
    quadrant_value_threshold = fields.Float(
        string="High Value From", default=50.0, help="Value score (0-100) from which a customer counts as high value."
    )
    quadrant_potential_threshold = fields.Float(
        string="High Potential From",
        default=50.0,
        help="Potential score (0-100) from which a customer counts as high potential.",
    )
    clv_horizon_months = fields.Integer(
        string="Lifetime Value Horizon (months)",
        default=36,
        help="Lifetime value is the revenue expected over this many months.",
    )
    trend_period_days = fields.Integer(
        string="Trend Period (days)",
        default=90,
        help="Revenue trend compares the last period of this many days with the period before.",
    )
    abc_a_percent = fields.Float(
        string="Class A Revenue (%)", default=80.0, help="Class A: customers making this first share of revenue."
    )
    abc_b_percent = fields.Float(
        string="Class B Revenue (%)", default=15.0, help="Class B: customers making the next share of revenue."
    )
    concentration_warning_percent = fields.Float(
        string="Concentration Warning (%)",
        default=10.0,
        help="Warn when a single customer makes more than this share of the revenue in the window.",
    )
    tier_review_interval_months = fields.Integer(
        string="Tier Review Every (months)",
        default=3,
        help="Tiers are reviewed, and downgrades applied, on this schedule.",
    )
    tier_next_review_date = fields.Date(string="Next Tier Review")
    tier_downgrade_grace_reviews = fields.Integer(
        string="Downgrade After (reviews)",
        default=2,
        help="A customer moves down one tier after this many consecutive reviews below its tier.",
    )
    tier_upgrade_growth_percent = fields.Float(
        string="Growth Upgrade (%)",
        default=20.0,
        help="A customer whose revenue grows by at least this much per trend period, for the number "
        "of periods below, moves up one tier at the next review.",
    )
    tier_upgrade_growth_periods = fields.Integer(string="Growth Upgrade Periods", default=2)
    retention_inactivity_days = fields.Integer(
        string="Retention Alert After (days)",
        default=180,
        help="Customers of a tier watched for inactivity get a retention activity after this many days "
        "without an invoice.",
    )
    customer_value_run_hour = fields.Integer(
        string="Nightly Run From (hour)",
        default=1,
        help="Hour of the night, in the company's timezone, from which the nightly run starts "
        "(it starts within the six hours that follow).",
    )
    customer_value_user_id = fields.Many2one(
        "res.users",
        string="Follow-up Without Salesperson",
        help="Who gets the follow-up activities (retention projects ...) of customers without a salesperson.",
    )

    @api.constrains(*BOUNDS)
    def _check_customer_value_periods(self):
        for company in self:
            for fname, (low, high) in BOUNDS.items():
                if not low <= company[fname] <= high:
                    raise company._customer_value_refusal(
                        fname,
                        _("“%(field)s” of %(company)s must lie between %(low)s and %(high)s (got %(value)s)."),
                        low=low,
                        high=high,
                    )

    @api.constrains(*PERCENTS, *SCORE_THRESHOLDS)
    def _check_customer_value_percents(self):
        for company in self:
            for fname in (*PERCENTS, *SCORE_THRESHOLDS):
                company._check_customer_value_number(fname)
            for fname, (low, high) in PERCENTS.items():
                if not low < company[fname] <= high:
                    raise company._customer_value_refusal(
                        fname,
                        _("“%(field)s” of %(company)s must be above %(low)s and at most %(high)s (got %(value)s)."),
                        low=low,
                        high=high,
                    )
            for fname in SCORE_THRESHOLDS:
                if not 0 <= company[fname] <= 100:
                    raise company._customer_value_refusal(
                        fname,
                        _("“%(field)s” of %(company)s is a score and must lie between 0 and 100 (got %(value)s)."),
                    )
            if company.abc_a_percent + company.abc_b_percent > 100:
                raise ValidationError(
                    _(
                        "Class A (%(a)s%%) and class B (%(b)s%%) of %(company)s add up to more than 100%%: "
                        "lower one of them.",
                        a=company.abc_a_percent,
                        b=company.abc_b_percent,
                        company=company.name,
                    )
                )

    @api.constrains(*(name for names in CUT_FIELDS.values() for name in names))
    def _check_customer_value_cut_points(self):
        for company in self:
            for dimension, names in CUT_FIELDS.items():
                for fname in names:
                    company._check_customer_value_number(fname)
                values = [company[fname] for fname in names]
                if values[0] < 0 or any(b <= a for a, b in pairwise(values)):
                    raise ValidationError(
                        _(
                            "The %(dimension)s cut points of %(company)s must rise from cut 1 to cut 4, "
                            "from 0 up (got %(values)s).",
                            dimension={
                                "recency": _("recency"),
                                "frequency": _("frequency"),
                                "monetary": _("monetary value"),
                            }[dimension],
                            company=company.name,
                            values=", ".join(f"{value:g}" for value in values),
                        )
                    )

    def _check_customer_value_number(self, fname):
        """Refuse NaN and infinite numbers (JSON-RPC carries them), naming the field."""
        if not math.isfinite(self[fname]):
            raise self._customer_value_refusal(fname, _("“%(field)s” of %(company)s must be a number (got %(value)s)."))

    def _customer_value_refusal(self, fname, message, **params):
        """The error refusing field ``fname`` of this company: ``message`` (translated) with
        ``%(field)s``, ``%(company)s``, ``%(value)s`` and ``params`` filled in."""
        return ValidationError(
            message % {"field": self._customer_value_label(fname), "company": self.name, "value": self[fname], **params}
        )

    def _customer_value_label(self, fname):
        return self._fields[fname].get_description(self.env)["string"]

    def _customer_value_scoring_settings(self):
        """This company's settings as the plain object the scoring functions take."""
        self.ensure_one()
        return ScoringSettings(
            window_days=self.rfm_window_days,
            method=self.rfm_method,
            recency_thresholds=tuple(self[name] for name in CUT_FIELDS["recency"]),
            frequency_thresholds=tuple(self[name] for name in CUT_FIELDS["frequency"]),
            monetary_thresholds=tuple(self[name] for name in CUT_FIELDS["monetary"]),
            abc_a_percent=self.abc_a_percent,
            abc_b_percent=self.abc_b_percent,
            value_threshold=self.quadrant_value_threshold,
            potential_threshold=self.quadrant_potential_threshold,
            trend_period_days=self.trend_period_days,
            growth_percent=self.tier_upgrade_growth_percent,
            growth_periods=self.tier_upgrade_growth_periods,
            clv_horizon_days=round(self.clv_horizon_months * 365 / 12),
            money_rounding=self.currency_id.rounding,
        )

    def _customer_value_tz(self):
        """The company's timezone: its working hours' (resource calendar), else its address's."""
        self.ensure_one()
        name = self.resource_calendar_id.tz or self.partner_id.tz or "UTC"
        return pytz.timezone(name) if name in pytz.all_timezones_set else pytz.utc

    def _customer_value_now(self):
        """The current date and time in the company's timezone."""
        return datetime.now(pytz.utc).astimezone(self._customer_value_tz())

    def _customer_value_today(self):
        """Today in the company's timezone: the as-of date of its runs."""
        return self._customer_value_now().date()

    def _customer_value_branch_ids(self):
        """This company and its branches: Odoo 18 counts the figures of a company with
        those of its branches (which share its currency)."""
        self.ensure_one()
        return self.env["res.company"].sudo().search([("id", "child_of", self.id)]).ids

    def _customer_value_schedule_next_review(self, review_date):
        for company in self:
            company.sudo().tier_next_review_date = review_date + relativedelta(
                months=company.tier_review_interval_months
            )
