from itertools import pairwise

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.settings import ScoringSettings

THRESHOLD_FIELDS = ("rfm_recency_thresholds", "rfm_frequency_thresholds", "rfm_monetary_thresholds")


def parse_thresholds(text):
    """Four ascending numbers from a comma-separated text, or ValueError."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    values = tuple(float(part) for part in parts)
    if len(values) != 4 or any(b <= a for a, b in pairwise(values)) or values[0] < 0:
        raise ValueError(text)
    return values


class ResCompany(models.Model):
    """Customer Value settings, one set per company.

    The fields have no default in code: their defaults are ``ir.default`` records shipped
    in ``data/ir_default_data.xml``, which reach companies created later through
    ``default_get``; :meth:`_customer_value_apply_defaults` gives them to companies that
    existed before.
    """

    _inherit = "res.company"

    # RFM
    rfm_window_days = fields.Integer(
        string="RFM Window (days)",
        help="Frequency and monetary value count the posted invoices and credit notes of this many days.",
    )
    rfm_method = fields.Selection(
        [("quintile", "Quintiles"), ("threshold", "Fixed thresholds")],
        string="RFM Scoring Method",
        help="Quintiles: each score 1-5 holds a fifth of the customers. "
        "Fixed thresholds: scores follow the cut points below.",
    )
    rfm_recency_thresholds = fields.Char(
        string="Recency Cut Points (days)",
        help="Four ascending numbers of days since the last invoice: up to the first gives 5, "
        "up to the second 4, and so on; beyond the last gives 1.",
    )
    rfm_frequency_thresholds = fields.Char(
        string="Frequency Cut Points (invoices)",
        help="Four ascending invoice counts in the window: reaching the first gives 2, the second 3, and so on.",
    )
    rfm_monetary_thresholds = fields.Char(
        string="Monetary Cut Points",
        help="Four ascending amounts of net revenue in the window, in company currency: "
        "reaching the first gives 2, the second 3, and so on.",
    )
    # value and potential scores
    value_weight_recency = fields.Float(string="Value Weight: Recency")
    value_weight_frequency = fields.Float(string="Value Weight: Frequency")
    value_weight_monetary = fields.Float(string="Value Weight: Monetary")
    potential_weight_trend = fields.Float(string="Potential Weight: Revenue Trend")
    potential_weight_clv = fields.Float(string="Potential Weight: Lifetime Value")
    potential_weight_tenure = fields.Float(
        string="Potential Weight: Short Tenure", help="Newer customers have more room to grow."
    )
    quadrant_value_threshold = fields.Float(
        string="High Value From", help="Value score (0-100) from which a customer counts as high value."
    )
    quadrant_potential_threshold = fields.Float(
        string="High Potential From", help="Potential score (0-100) from which a customer counts as high potential."
    )
    clv_horizon_months = fields.Integer(
        string="Lifetime Value Horizon (months)", help="Lifetime value is the revenue expected over this many months."
    )
    trend_period_days = fields.Integer(
        string="Trend Period (days)",
        help="Revenue trend compares the last period of this many days with the period before.",
    )
    # Pareto
    abc_a_percent = fields.Float(
        string="Class A Revenue (%)", help="Class A: customers making this first share of revenue."
    )
    abc_b_percent = fields.Float(
        string="Class B Revenue (%)", help="Class B: customers making the next share of revenue."
    )
    concentration_warning_percent = fields.Float(
        string="Concentration Warning (%)",
        help="Warn when a single customer makes more than this share of the revenue in the window.",
    )
    # tier reviews
    tier_review_interval_months = fields.Integer(
        string="Tier Review Every (months)", help="Tiers are reviewed, and downgrades applied, on this schedule."
    )
    tier_next_review_date = fields.Date(string="Next Tier Review")
    tier_downgrade_grace_reviews = fields.Integer(
        string="Downgrade After (reviews)",
        help="A customer moves down one tier after this many consecutive reviews below its tier.",
    )
    tier_upgrade_growth_percent = fields.Float(
        string="Growth Upgrade (%)",
        help="A customer whose revenue grows by at least this much per period, for the number "
        "of periods below, moves up one tier at the next review.",
    )
    tier_upgrade_growth_periods = fields.Integer(string="Growth Upgrade Periods")
    retention_inactivity_days = fields.Integer(
        string="Retention Alert After (days)",
        help="Customers of a tier watched for inactivity are flagged for a retention project "
        "after this many days without an invoice.",
    )

    @api.constrains(
        "rfm_window_days",
        "trend_period_days",
        "clv_horizon_months",
        "tier_review_interval_months",
        "tier_downgrade_grace_reviews",
        "tier_upgrade_growth_periods",
        "retention_inactivity_days",
    )
    def _check_customer_value_periods(self):
        for company in self:
            if company.rfm_window_days <= 0:
                raise ValidationError(_("The RFM window of %s must be at least one day.", company.name))
            if company.trend_period_days <= 0:
                raise ValidationError(_("The trend period of %s must be at least one day.", company.name))
            if company.clv_horizon_months <= 0:
                raise ValidationError(_("The lifetime value horizon of %s must be at least one month.", company.name))
            if company.tier_review_interval_months <= 0:
                raise ValidationError(_("Tier reviews of %s must be at least one month apart.", company.name))
            if company.tier_downgrade_grace_reviews <= 0:
                raise ValidationError(_("The downgrade grace of %s must be at least one review.", company.name))
            if not 1 <= company.tier_upgrade_growth_periods <= 8:
                raise ValidationError(_("The growth upgrade of %s must look at 1 to 8 periods.", company.name))
            if company.retention_inactivity_days <= 0:
                raise ValidationError(_("The retention alert of %s must come after at least one day.", company.name))

    @api.constrains("abc_a_percent", "abc_b_percent", "concentration_warning_percent", "tier_upgrade_growth_percent")
    def _check_customer_value_percents(self):
        for company in self:
            if not 0 < company.abc_a_percent < 100 or not 0 < company.abc_b_percent < 100:
                raise ValidationError(
                    _("The class A and class B revenue shares of %s must lie between 0 and 100%%.", company.name)
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
            if not 0 < company.concentration_warning_percent <= 100:
                raise ValidationError(_("The concentration warning of %s must lie between 0 and 100%%.", company.name))
            if company.tier_upgrade_growth_percent <= 0:
                raise ValidationError(_("The growth upgrade rate of %s must be above 0%%.", company.name))

    @api.constrains(
        "value_weight_recency",
        "value_weight_frequency",
        "value_weight_monetary",
        "potential_weight_trend",
        "potential_weight_clv",
        "potential_weight_tenure",
        "quadrant_value_threshold",
        "quadrant_potential_threshold",
    )
    def _check_customer_value_weights(self):
        for company in self:
            weights = company._customer_value_value_weights() | company._customer_value_potential_weights()
            if any(weight < 0 for weight in weights.values()):
                raise ValidationError(_("Score weights of %s cannot be negative.", company.name))
            if not sum(company._customer_value_value_weights().values()):
                raise ValidationError(_("Give at least one value score weight of %s a positive value.", company.name))
            if not sum(company._customer_value_potential_weights().values()):
                raise ValidationError(
                    _("Give at least one potential score weight of %s a positive value.", company.name)
                )
            for threshold in (company.quadrant_value_threshold, company.quadrant_potential_threshold):
                if not 0 <= threshold <= 100:
                    raise ValidationError(
                        _("The quadrant thresholds of %s are scores and must lie between 0 and 100.", company.name)
                    )

    @api.constrains(*THRESHOLD_FIELDS)
    def _check_customer_value_thresholds(self):
        for company in self:
            for fname in THRESHOLD_FIELDS:
                try:
                    parse_thresholds(company[fname])
                except ValueError:
                    raise ValidationError(
                        _(
                            "%(field)s of %(company)s must be four ascending numbers separated by commas, "
                            "such as 30, 90, 180, 365 (got “%(value)s”).",
                            field=self._fields[fname].get_description(self.env)["string"],
                            company=company.name,
                            value=company[fname] or "",
                        )
                    ) from None

    def _customer_value_value_weights(self):
        self.ensure_one()
        return {
            "recency": self.value_weight_recency,
            "frequency": self.value_weight_frequency,
            "monetary": self.value_weight_monetary,
        }

    def _customer_value_potential_weights(self):
        self.ensure_one()
        return {
            "trend": self.potential_weight_trend,
            "clv": self.potential_weight_clv,
            "tenure": self.potential_weight_tenure,
        }

    def _customer_value_scoring_settings(self):
        """This company's settings as the plain object the scoring functions take."""
        self.ensure_one()
        return ScoringSettings(
            window_days=self.rfm_window_days,
            method=self.rfm_method,
            recency_thresholds=parse_thresholds(self.rfm_recency_thresholds),
            frequency_thresholds=parse_thresholds(self.rfm_frequency_thresholds),
            monetary_thresholds=parse_thresholds(self.rfm_monetary_thresholds),
            value_weights=self._customer_value_value_weights(),
            potential_weights=self._customer_value_potential_weights(),
            abc_a_percent=self.abc_a_percent,
            abc_b_percent=self.abc_b_percent,
            value_threshold=self.quadrant_value_threshold,
            potential_threshold=self.quadrant_potential_threshold,
            trend_period_days=self.trend_period_days,
            growth_percent=self.tier_upgrade_growth_percent,
            growth_periods=self.tier_upgrade_growth_periods,
            clv_horizon_days=round(self.clv_horizon_months * 365 / 12),
        )

    def _customer_value_schedule_next_review(self, review_date):
        for company in self:
            company.tier_next_review_date = review_date + relativedelta(months=company.tier_review_interval_months)

    @api.model
    def _customer_value_apply_defaults(self):
        """Give every company the shipped default of each Customer Value setting it lacks.

        Called from data at install and update: ``ir.default`` only reaches companies
        created afterwards, and a new column is NULL for the companies already there.
        """
        defaults = self.env["ir.default"].sudo()._get_model_defaults("res.company")
        own_fields = [
            name
            for name, field in self._fields.items()
            if field._module == "customer_value" and field.store and name in defaults
        ]
        self.flush_model(own_fields)
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM res_company",
                SQL(", ").join(SQL("%s IS NULL", SQL.identifier(fname)) for fname in own_fields),
            )
        )
        for company_id, *is_null in self.env.cr.fetchall():
            vals = {fname: defaults[fname] for fname, null in zip(own_fields, is_null, strict=True) if null}
            if vals:
                self.browse(company_id).write(vals)
