from odoo import api, fields, models

from .customer_value import ABC_CLASSES, QUADRANTS, RFM_SEGMENTS

READERS = "customer_value.group_customer_value_user,account.group_account_invoice"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Company-dependent copies of the customer's value record in each company, written in
    # bulk by the value runs on the customer and its contacts: partner lists, kanban,
    # search and group-by read them without touching customer_value.
    customer_value_tier_id = fields.Many2one(
        "customer.value.tier", string="Value Tier", company_dependent=True, readonly=True, groups=READERS
    )
    customer_value_segment = fields.Selection(
        RFM_SEGMENTS, string="RFM Segment", company_dependent=True, readonly=True, groups=READERS
    )
    customer_value_abc = fields.Selection(
        ABC_CLASSES, string="ABC Class", company_dependent=True, readonly=True, groups=READERS
    )
    customer_value_quadrant = fields.Selection(
        QUADRANTS, string="Value x Potential", company_dependent=True, readonly=True, groups=READERS
    )

    # The value record of the customer (or of the contact's company) in the current company.
    customer_value_id = fields.Many2one(
        "customer.value",
        compute="_compute_customer_value_id",
        search="_search_customer_value_id",
        groups=READERS,
    )
    customer_value_tier_color = fields.Integer(related="customer_value_id.tier_color", groups=READERS)
    customer_value_score = fields.Float(related="customer_value_id.value_score", groups=READERS)
    customer_value_potential = fields.Float(related="customer_value_id.potential_score", groups=READERS)
    customer_value_rfm_code = fields.Char(related="customer_value_id.rfm_code", groups=READERS)
    customer_value_recency_score = fields.Integer(related="customer_value_id.recency_score", groups=READERS)
    customer_value_frequency_score = fields.Integer(related="customer_value_id.frequency_score", groups=READERS)
    customer_value_monetary_score = fields.Integer(related="customer_value_id.monetary_score", groups=READERS)
    customer_value_currency_id = fields.Many2one(
        related="customer_value_id.currency_id", string="Value Currency", groups=READERS
    )
    customer_value_first_invoice = fields.Date(related="customer_value_id.first_invoice_date", groups=READERS)
    customer_value_last_invoice = fields.Date(related="customer_value_id.last_invoice_date", groups=READERS)
    customer_value_recency = fields.Integer(related="customer_value_id.recency_days", groups=READERS)
    customer_value_frequency = fields.Integer(related="customer_value_id.frequency", groups=READERS)
    customer_value_monetary = fields.Monetary(
        related="customer_value_id.monetary", currency_field="customer_value_currency_id", groups=READERS
    )
    customer_value_average = fields.Monetary(
        related="customer_value_id.average_invoice_value", currency_field="customer_value_currency_id", groups=READERS
    )
    customer_value_clv = fields.Monetary(
        related="customer_value_id.clv", currency_field="customer_value_currency_id", groups=READERS
    )
    customer_value_alive = fields.Float(related="customer_value_id.probability_alive", groups=READERS)
    customer_value_tenure = fields.Integer(related="customer_value_id.tenure_days", groups=READERS)
    customer_value_trend = fields.Float(related="customer_value_id.revenue_trend", groups=READERS)
    customer_value_categories = fields.Integer(related="customer_value_id.category_count", groups=READERS)
    customer_value_locked = fields.Boolean(related="customer_value_id.tier_locked", groups=READERS)
    customer_value_lock_until = fields.Date(related="customer_value_id.tier_lock_until", groups=READERS)
    customer_value_lock_reason = fields.Char(related="customer_value_id.tier_lock_reason", groups=READERS)
    customer_value_retention = fields.Boolean(related="customer_value_id.needs_retention", groups=READERS)
    customer_value_scored_on = fields.Date(related="customer_value_id.scored_on", groups=READERS)
    customer_value_history_ids = fields.One2many(related="customer_value_id.tier_history_ids", groups=READERS)

    @api.depends("commercial_partner_id")
    @api.depends_context("company")
    def _compute_customer_value_id(self):
        values = self.env["customer.value"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        by_partner = {value.partner_id: value for value in values}
        for partner in self:
            partner.customer_value_id = by_partner.get(partner.commercial_partner_id, False)

    def _search_customer_value_id(self, operator, value):
        if operator in ("=", "!=") and not value:  # with or without a value record here
            valued = self.env["customer.value"]._search([("company_id", "=", self.env.company.id)])
            having = [("commercial_partner_id", "in", valued.subselect("partner_id"))]
            return having if operator == "!=" else ["!", *having]
        values = self.env["customer.value"]._search([("id", operator, value), ("company_id", "=", self.env.company.id)])
        return [("commercial_partner_id", "in", values.subselect("partner_id"))]

    def action_open_customer_value(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.value",
            "res_id": self.customer_value_id.id,
            "view_mode": "form",
        }
