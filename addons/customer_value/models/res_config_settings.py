from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rfm_window_days = fields.Integer(related="company_id.rfm_window_days", readonly=False)
    rfm_method = fields.Selection(related="company_id.rfm_method", readonly=False)
    rfm_recency_thresholds = fields.Char(related="company_id.rfm_recency_thresholds", readonly=False)
    rfm_frequency_thresholds = fields.Char(related="company_id.rfm_frequency_thresholds", readonly=False)
    rfm_monetary_thresholds = fields.Char(related="company_id.rfm_monetary_thresholds", readonly=False)
    value_weight_recency = fields.Float(related="company_id.value_weight_recency", readonly=False)
    value_weight_frequency = fields.Float(related="company_id.value_weight_frequency", readonly=False)
    value_weight_monetary = fields.Float(related="company_id.value_weight_monetary", readonly=False)
    potential_weight_trend = fields.Float(related="company_id.potential_weight_trend", readonly=False)
    potential_weight_clv = fields.Float(related="company_id.potential_weight_clv", readonly=False)
    potential_weight_tenure = fields.Float(related="company_id.potential_weight_tenure", readonly=False)
    quadrant_value_threshold = fields.Float(related="company_id.quadrant_value_threshold", readonly=False)
    quadrant_potential_threshold = fields.Float(related="company_id.quadrant_potential_threshold", readonly=False)
    clv_horizon_months = fields.Integer(related="company_id.clv_horizon_months", readonly=False)
    trend_period_days = fields.Integer(related="company_id.trend_period_days", readonly=False)
    abc_a_percent = fields.Float(related="company_id.abc_a_percent", readonly=False)
    abc_b_percent = fields.Float(related="company_id.abc_b_percent", readonly=False)
    concentration_warning_percent = fields.Float(related="company_id.concentration_warning_percent", readonly=False)
    tier_review_interval_months = fields.Integer(related="company_id.tier_review_interval_months", readonly=False)
    tier_next_review_date = fields.Date(related="company_id.tier_next_review_date", readonly=False)
    tier_downgrade_grace_reviews = fields.Integer(related="company_id.tier_downgrade_grace_reviews", readonly=False)
    tier_upgrade_growth_percent = fields.Float(related="company_id.tier_upgrade_growth_percent", readonly=False)
    tier_upgrade_growth_periods = fields.Integer(related="company_id.tier_upgrade_growth_periods", readonly=False)
    retention_inactivity_days = fields.Integer(related="company_id.retention_inactivity_days", readonly=False)
