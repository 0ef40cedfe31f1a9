from markupsafe import Markup

from odoo import _, fields, models

REASONS = [
    ("upgrade", "Upgrade"),
    ("downgrade", "Downgrade"),
    ("manual", "Set by a manager"),
    ("manual_end", "Manual tier ended"),
]


class LoyaltyTierHistory(models.Model):
    """A dated change of a member's tier, kept for the member's story and the tier reports."""

    _name = "loyalty.tier.history"
    _description = "Membership Tier Change"
    _order = "date desc, id desc"

    card_id = fields.Many2one("loyalty.card", required=True, ondelete="cascade", index=True, readonly=True)
    partner_id = fields.Many2one(related="card_id.partner_id", store=True, index=True)
    program_id = fields.Many2one(related="card_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    date = fields.Date(required=True, readonly=True, index=True)
    old_tier_id = fields.Many2one("loyalty.tier", string="From Tier", readonly=True, ondelete="set null")
    new_tier_id = fields.Many2one("loyalty.tier", string="To Tier", readonly=True, ondelete="set null")
    reason = fields.Selection(REASONS, required=True, readonly=True)

    def _note(self):
        self.ensure_one()
        reason = dict(self._fields["reason"]._description_selection(self.env))[self.reason]
        return Markup("<p>%s</p>") % _(
            "Membership tier: %(old)s → %(new)s (%(reason)s)",
            old=self.old_tier_id.name or _("none"),
            new=self.new_tier_id.name or _("none"),
            reason=reason,
        )
