from odoo import fields, models

from .customer_value import ABC_CLASSES, QUADRANTS, RFM_SEGMENTS


class CustomerValueSnapshot(models.Model):
    """A customer's tier and figures at one tier review; the migration report compares two."""

    _name = "customer.value.snapshot"
    _description = "Customer Value Snapshot"
    _order = "run_id desc, id"
    _rec_name = "partner_id"

    run_id = fields.Many2one("customer.value.run", string="Review", required=True, index=True, ondelete="cascade")
    date = fields.Date(related="run_id.date", store=True)
    value_id = fields.Many2one("customer.value", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    tier_id = fields.Many2one("customer.value.tier", index=True)
    value_score = fields.Float(aggregator="avg")
    monetary = fields.Monetary(string="Revenue in Window")
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Segment")
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class")
    quadrant = fields.Selection(QUADRANTS, string="Value x Potential")

    _sql_constraints = [
        ("run_value_uniq", "UNIQUE (run_id, value_id)", "A customer has one snapshot per review."),
    ]
