from markupsafe import Markup

from odoo import _, fields, models

from .customer_value import RFM_SEGMENTS

DIRECTIONS = [
    ("initial", "First Tier"),
    ("upgrade", "Upgrade"),
    ("downgrade", "Downgrade"),
    ("lock", "Locked"),
    ("unlock", "Unlocked"),
]


class CustomerValueTierHistory(models.Model):
    """One dated tier change of a customer, with its reason and a snapshot of its figures."""

    _name = "customer.value.tier.history"
    _description = "Customer Value Tier History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    value_id = fields.Many2one("customer.value", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="value_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="value_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    run_id = fields.Many2one("customer.value.run", index=True, ondelete="set null")
    from_tier_id = fields.Many2one("customer.value.tier", ondelete="restrict")
    to_tier_id = fields.Many2one("customer.value.tier", ondelete="restrict")
    direction = fields.Selection(DIRECTIONS, required=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    message_id = fields.Many2one("mail.message", string="Chatter Note", readonly=True, ondelete="set null")
    # figures when the change happened
    value_score = fields.Float(readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Segment", readonly=True)
    monetary = fields.Monetary(string="Revenue in Window", readonly=True)
    frequency = fields.Integer(string="Invoices in Window", readonly=True)

    def _post_chatter_notes(self):
        """Log each change in its customer's chatter and link the note to it."""
        directions = dict(self._fields["direction"]._description_selection(self.env))
        bodies = {}
        for history in self:
            title = _(
                "Value tier: %(from)s → %(to)s (%(direction)s)",
                **{
                    "from": history.from_tier_id.name or _("none"),
                    "to": history.to_tier_id.name or _("none"),
                    "direction": directions[history.direction],
                },
            )
            bodies[history.partner_id.id] = Markup("<p>%s</p><p>%s</p>") % (title, history.reason)
        messages = self.partner_id._message_log_batch(bodies)
        note_of = {message.res_id: message for message in messages}
        for history in self:
            history.message_id = note_of[history.partner_id.id]
