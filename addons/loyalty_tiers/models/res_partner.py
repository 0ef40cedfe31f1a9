from odoo import api, fields, models


class ResPartner(models.Model):
    """The member's tier where partner lists search and group by it, and the birthday the
    birthday bonus is given on."""

    _inherit = "res.partner"

    birthdate = fields.Date(
        string="Birth Date", help="The contact's date of birth, for birthday greetings and bonuses."
    )
    loyalty_tier_id = fields.Many2one(
        "loyalty.tier",
        string="Membership Tier",
        compute="_compute_loyalty_tier_id",
        store=True,
        index=True,
        compute_sudo=True,
        help="The highest tier the customer holds on any of their loyalty cards.",
    )
    loyalty_tier_color = fields.Integer(related="loyalty_tier_id.color")
    loyalty_card_ids = fields.One2many("loyalty.card", "partner_id", string="Loyalty Cards")

    @api.depends("loyalty_card_ids.tier_id", "loyalty_card_ids.active")
    def _compute_loyalty_tier_id(self):
        for partner in self:
            tiers = partner.loyalty_card_ids.filtered("active").tier_id
            partner.loyalty_tier_id = tiers.sorted(lambda t: (t.threshold, t.id))[-1:] if tiers else False
