from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class CustomerValueSettings(models.TransientModel):
    """The Customer Value settings of a company, as Customer Value managers change them.

    The settings live on the company (``res.company``), whose form needs the
    administration rights; this form lets the Customer Value managers change these
    settings, of their own companies, and nothing else. Saving writes them in one go, so
    that values that only hold together (class A 90% with class B 5%) are accepted.
    """

    _name = "customer.value.settings"
    _description = "Customer Value Settings"

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    rfm_window_days = fields.Integer(related="company_id.rfm_window_days", readonly=False)
    rfm_method = fields.Selection(related="company_id.rfm_method", readonly=False)
    rfm_recency_cut_1 = fields.Float(related="company_id.rfm_recency_cut_1", readonly=False)
    rfm_recency_cut_2 = fields.Float(related="company_id.rfm_recency_cut_2", readonly=False)
    rfm_recency_cut_3 = fields.Float(related="company_id.rfm_recency_cut_3", readonly=False)
    rfm_recency_cut_4 = fields.Float(related="company_id.rfm_recency_cut_4", readonly=False)
    rfm_frequency_cut_1 = fields.Float(related="company_id.rfm_frequency_cut_1", readonly=False)
    rfm_frequency_cut_2 = fields.Float(related="company_id.rfm_frequency_cut_2", readonly=False)
    rfm_frequency_cut_3 = fields.Float(related="company_id.rfm_frequency_cut_3", readonly=False)
    rfm_frequency_cut_4 = fields.Float(related="company_id.rfm_frequency_cut_4", readonly=False)
    rfm_monetary_cut_1 = fields.Float(related="company_id.rfm_monetary_cut_1", readonly=False)
    rfm_monetary_cut_2 = fields.Float(related="company_id.rfm_monetary_cut_2", readonly=False)
    rfm_monetary_cut_3 = fields.Float(related="company_id.rfm_monetary_cut_3", readonly=False)
    rfm_monetary_cut_4 = fields.Float(related="company_id.rfm_monetary_cut_4", readonly=False)
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
    customer_value_run_hour = fields.Integer(related="company_id.customer_value_run_hour", readonly=False)
    customer_value_user_id = fields.Many2one(related="company_id.customer_value_user_id", readonly=False)
    health_green_from = fields.Float(related="company_id.health_green_from", readonly=False)
    health_amber_from = fields.Float(related="company_id.health_amber_from", readonly=False)
    health_min_purchase_days = fields.Integer(related="company_id.health_min_purchase_days", readonly=False)
    health_engagement_days = fields.Integer(related="company_id.health_engagement_days", readonly=False)
    satisfaction_window_days = fields.Integer(related="company_id.satisfaction_window_days", readonly=False)
    churn_drop_points = fields.Float(related="company_id.churn_drop_points", readonly=False)
    churn_silence_days = fields.Integer(related="company_id.churn_silence_days", readonly=False)
    lifecycle_new_days = fields.Integer(related="company_id.lifecycle_new_days", readonly=False)
    lifecycle_mature_days = fields.Integer(related="company_id.lifecycle_mature_days", readonly=False)
    lifecycle_churned_days = fields.Integer(related="company_id.lifecycle_churned_days", readonly=False)
    lifecycle_growth_percent = fields.Float(related="company_id.lifecycle_growth_percent", readonly=False)
    lifecycle_decline_percent = fields.Float(related="company_id.lifecycle_decline_percent", readonly=False)
    complaint_warning_percent = fields.Float(related="company_id.complaint_warning_percent", readonly=False)
    complaint_follow_up_days = fields.Integer(related="company_id.complaint_follow_up_days", readonly=False)
    kpi_period = fields.Selection(related="company_id.kpi_period", readonly=False)
    kpi_acquisition_account_ids = fields.Many2many(related="company_id.kpi_acquisition_account_ids", readonly=False)
    kpi_ltv_cac_warning_ratio = fields.Float(related="company_id.kpi_ltv_cac_warning_ratio", readonly=False)

    @api.depends("company_id")
    def _compute_display_name(self):
        # the form's breadcrumb, which would say "New" for this never saved record
        for settings in self:
            settings.display_name = _("Customer Value Settings")

    @api.model
    def _settings_fields(self):
        return [
            name
            for name, field in self._fields.items()
            if field.related and field.related.startswith("company_id.") and not field.readonly
        ]

    @api.model_create_multi
    def create(self, vals_list):
        names = self._settings_fields()
        changes = [{name: vals.pop(name) for name in names if name in vals} for vals in vals_list]
        records = super().create(vals_list)
        for record, settings in zip(records, changes, strict=True):
            if not settings:
                continue
            if record.company_id not in self.env.user.company_ids:
                raise AccessError(_("You can only change the settings of your own companies."))
            record.company_id.sudo().write(settings)
        return records

    def action_save(self):
        """The form is saved (and the settings written) before this button runs."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Customer Value settings of %s saved.", self.company_id.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
