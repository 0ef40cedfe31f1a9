from odoo import models


class SaleOrder(models.Model):
    """Odoo's sale loyalty flow on the points ledger: a cancelled order reverses its entries
    instead of deleting them, and tier-only rewards wait for members of those tiers."""

    _inherit = "sale.order"

    def _action_cancel(self):
        return super(SaleOrder, self.with_context(loyalty_reverse_instead_of_unlink=True))._action_cancel()

    def _get_claimable_rewards(self, forced_coupons=None):
        claimable = super()._get_claimable_rewards(forced_coupons=forced_coupons)
        for coupon, rewards in list(claimable.items()):
            allowed = rewards._claimable_by(coupon)
            if allowed:
                claimable[coupon] = allowed
            else:
                del claimable[coupon]
        return claimable

    def _apply_program_reward(self, reward, coupon, **kwargs):
        if not reward._claimable_by(coupon):
            return {"error": reward._tier_restriction_message()}
        return super()._apply_program_reward(reward, coupon, **kwargs)
