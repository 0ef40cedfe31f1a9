from odoo import api, fields, models


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    refund_pos_order_id = fields.Many2one(
        "pos.order",
        string="Return",
        readonly=True,
        index="btree_not_null",
        help="The point of sale return this entry answers.",
    )

    @api.model
    def _refund_link_field(self, refund):
        if refund._name == "pos.order":
            return "refund_pos_order_id"
        return super()._refund_link_field(refund)
