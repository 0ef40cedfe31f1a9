from odoo import fields, models

from .customer_value_lifecycle import LIFECYCLE_STAGES


class CustomerValueLifecycleHistory(models.Model):
    """One dated move of a customer from one lifecycle stage to the next; the first row of
    a customer dates its first stage (no stage before)."""

    _name = "customer.value.lifecycle.history"
    _description = "Customer Lifecycle History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # rows are written once, in bulk, by the runs (see customer.value.tier.history)
    _log_access = False

    value_id = fields.Many2one("customer.value", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    tier_id = fields.Many2one(related="value_id.tier_id")
    date = fields.Date(required=True)
    run_id = fields.Many2one("customer.value.run", ondelete="set null")
    from_stage = fields.Selection(LIFECYCLE_STAGES, string="Stage Before")
    to_stage = fields.Selection(LIFECYCLE_STAGES, string="Stage After", required=True)
