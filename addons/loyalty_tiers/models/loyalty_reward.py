from odoo import _, fields, models


class LoyaltyReward(models.Model):
    """A reward that only members of some tiers may claim."""

    _inherit = "loyalty.reward"

    tier_ids = fields.Many2many(
        "loyalty.tier",
        string="Only for Tiers",
        domain="[('program_id', '=', program_id)]",
        help="Members of these tiers alone can claim the reward; leave empty for every member.",
    )

    def _claimable_by(self, card):
        """The rewards among these that ``card``'s tier allows."""
        return self.filtered(lambda reward: not reward.tier_ids or card.tier_id in reward.tier_ids)

    def _tier_restriction_message(self):
        """Why a member outside this reward's tiers cannot claim it."""
        return _(
            "%(reward)s is for %(tiers)s members only.",
            reward=self.description,
            tiers=", ".join(self.tier_ids.mapped("name")),
        )
