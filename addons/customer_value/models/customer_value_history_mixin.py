from odoo import fields, models


class CustomerValueHistoryMixin(models.AbstractModel):
    """What a dated row of a customer's history written by the runs carries (health moves,
    lifecycle moves): the value record, its customer and company, the day and the run."""

    _name = "customer.value.history.mixin"
    _description = "Customer Value History Row"

    value_id = fields.Many2one("customer.value", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    tier_id = fields.Many2one(related="value_id.tier_id")
    date = fields.Date(required=True)
    run_id = fields.Many2one("customer.value.run", ondelete="set null")
