from odoo import _, api, models
from odoo.tools import float_round

from odoo.addons.loyalty_tiers.models.loyalty_point_lot import PRECISION


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + ["tier_id"]

    def write(self, vals):
        """While a point of sale order confirms its points (``loyalty_pos_order_id`` in the
        context), post the order's ledger entry with the balance change it explains."""
        order_id = self.env.context.get("loyalty_pos_order_id")
        if "points" not in vals or not order_id or self.env.context.get("loyalty_ledger_posted"):
            return super().write(vals)
        before = {card: card.points for card in self}
        result = super().write(vals)
        order = self.env["pos.order"].browse(order_id)
        entries = []
        for card, points in before.items():
            change = float_round(card.points - points, PRECISION)
            # the till sends one net change; the order's reward lines say what it spent
            spent = sum(order.lines.filtered(lambda line, card=card: line.coupon_id == card).mapped("points_cost"))
            if change or spent:
                entries.append(
                    {
                        "card_id": card.id,
                        "order_model": order._name,
                        "order_id": order.id,
                        "description": _("Onsite %s", order.display_name),
                        "issued": float_round(change + spent, PRECISION),
                        "used": spent,
                    }
                )
        self.env["loyalty.history"].sudo().create(entries)
        return result
