from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class PosOrder(models.Model):
    """Odoo's point of sale loyalty flow on the points ledger."""

    _inherit = "pos.order"

    def confirm_coupon_programs(self, coupon_data):
        """The till confirms the order's points: the cards post its ledger entries as they move."""
        return super(PosOrder, self.with_context(loyalty_pos_order_id=self.id)).confirm_coupon_programs(coupon_data)

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        """The till's later call: its entries were posted with the points, add only others."""
        posted = self.env["loyalty.history"].search([("order_model", "=", self._name), ("order_id", "=", self.id)])
        posted_cards = set(posted.card_id.ids)
        new_ids = {int(update["old_id"]): int(update["id"]) for update in coupon_updates}
        missing = [
            line for line in coupon_data if new_ids.get(int(line["card_id"]), int(line["card_id"])) not in posted_cards
        ]
        return super().add_loyalty_history_lines(missing, coupon_updates)

    def _process_saved_order(self, draft):
        if not draft:
            self._check_tier_rewards()
        order_id = super()._process_saved_order(draft)
        if self.state in ("paid", "done", "invoiced") and self.refunded_order_id:
            self._take_back_loyalty_points()
        return order_id

    def _check_tier_rewards(self):
        """Refuse an order that claims a tier-only reward for a card outside those tiers (the
        till offers none, but an order can come from elsewhere or from a stale till)."""
        for line in self.lines.filtered(lambda line: line.reward_id.tier_ids):
            if not line.reward_id._claimable_by(line.coupon_id):
                raise UserError(line.reward_id._tier_restriction_message())

    def _take_back_loyalty_points(self):
        """A return takes back the returned share of what each original order earned and
        gives back that share of what it redeemed (see loyalty.history._take_back_order)."""
        History = self.env["loyalty.history"].sudo()
        for original in self.lines.refunded_orderline_id.order_id:
            untaxed = original.amount_total - original.amount_tax
            if float_is_zero(untaxed, precision_rounding=original.currency_id.rounding):
                continue
            returned = -sum(
                self.lines.filtered(
                    lambda line, original=original: line.refunded_orderline_id.order_id == original
                ).mapped("price_subtotal")
            )
            History._take_back_order(original._name, original.id, min(returned / untaxed, 1.0), self)
