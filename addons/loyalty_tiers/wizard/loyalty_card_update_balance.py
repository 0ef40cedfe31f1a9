from odoo import models


class LoyaltyCardUpdateBalance(models.TransientModel):
    """Odoo's "Balance" button on a card: for loyalty programs it becomes a points
    adjustment, so a large change waits for approval like any other."""

    _inherit = "loyalty.card.update.balance"

    def action_update_card_point(self):
        if self.card_id.program_type != "loyalty":
            return super().action_update_card_point()
        if self.old_balance == self.new_balance or self.new_balance < 0:
            return super().action_update_card_point()  # Odoo's own error for a balance that does not change
        adjustment = self.env["loyalty.points.adjustment"].create(
            {"card_id": self.card_id.id, "points": self.new_balance - self.old_balance, "reason": self.description}
        )
        adjustment.action_post()
        return adjustment._open_if_waiting()
