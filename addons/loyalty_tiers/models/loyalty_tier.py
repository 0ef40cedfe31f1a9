from itertools import pairwise

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LoyaltyTier(models.Model):
    """A membership level of a loyalty program (Silver, Gold, Black card...), held by members
    whose qualification reaches its threshold, with the benefits it brings."""

    _name = "loyalty.tier"
    _description = "Membership Tier"
    _order = "program_id, sequence, threshold, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    program_id = fields.Many2one("loyalty.program", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    color = fields.Integer(help="The colour of the tier's badge on cards, members and kanban.")
    threshold = fields.Float(
        string="Qualifies From",
        required=True,
        help="The points earned (or amount invoiced, as the program says) in the qualification window "
        "from which a member holds this tier.",
    )
    multiplier = fields.Float(
        string="Earning Multiplier",
        default=1.0,
        required=True,
        digits=(16, 2),
        help="Points awarded by the program's rules are multiplied by this: 1.5 gives half as much again "
        "as a tier bonus.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Member Pricelist",
        help="Set on the member while they hold this tier, and the member's former pricelist restored when "
        "they leave it.",
    )
    benefits = fields.Html(translate=True, help="What members of this tier get, in words for staff and members.")
    member_count = fields.Integer(compute="_compute_member_count")

    def _compute_member_count(self):
        counts = dict(self.env["loyalty.card"]._read_group([("tier_id", "in", self.ids)], ["tier_id"], ["__count"]))
        for tier in self:
            tier.member_count = counts.get(tier, 0)

    @api.constrains("threshold", "sequence", "program_id", "multiplier")
    def _check_thresholds_ascend(self):
        """Tiers of a program must rise with their order, each from a higher threshold, so
        that every figure qualifies for exactly one tier."""
        for program in self.program_id:
            tiers = program.tier_ids.sorted(lambda t: (t.sequence, t.id))
            for lower, higher in pairwise(tiers):
                if higher.threshold <= lower.threshold:
                    raise ValidationError(
                        _(
                            "Tier %(higher)s must qualify from more than tier %(lower)s below it (%(threshold)s): "
                            "raise its Qualifies From or move it down the list.",
                            higher=higher.name,
                            lower=lower.name,
                            threshold=lower.threshold,
                        )
                    )
        for tier in self:
            if tier.threshold < 0:
                raise ValidationError(_("Qualifies From of tier %s cannot be negative.", tier.name))
            if tier.multiplier <= 0:
                raise ValidationError(
                    _(
                        "Earning Multiplier of tier %s must be greater than zero (1 keeps the points as awarded).",
                        tier.name,
                    )
                )

    def action_view_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Members: %s", self.name),
            "res_model": "loyalty.card",
            "view_mode": "list,kanban,form",
            "views": [
                (self.env.ref("loyalty_tiers.loyalty_card_view_list_members").id, "list"),
                (self.env.ref("loyalty_tiers.loyalty_card_view_kanban_members").id, "kanban"),
                (False, "form"),
            ],
            "domain": [("tier_id", "=", self.id)],
        }
