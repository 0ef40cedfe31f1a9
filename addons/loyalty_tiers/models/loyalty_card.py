from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_round

from .loyalty_point_lot import PRECISION

RECONCILE_KEY = "loyalty_tiers.cards_to_reconcile"


class LoyaltyCard(models.Model):
    """A member's card: its tier, and a balance kept equal to the sum of its live lots.

    Odoo's own flows change ``points`` and write ``loyalty.history`` in either order (and some
    change points with no history at all); at commit, any card whose balance differs from its
    lots gets a correction entry, so the ledger always explains the balance.
    """

    _inherit = "loyalty.card"

    tier_id = fields.Many2one("loyalty.tier", readonly=True, index=True, copy=False)
    tier_color = fields.Integer(related="tier_id.color")
    tier_since = fields.Date(
        readonly=True,
        copy=False,
        help="When the member reached (or last renewed) the tier: its anniversary decides a downgrade.",
    )
    tier_manual_id = fields.Many2one(
        "loyalty.tier",
        string="Manual Tier",
        copy=False,
        tracking=True,
        domain="[('program_id', '=', program_id)]",
        groups="loyalty_tiers.group_loyalty_tiers_manager",
        help="Holds the member in this tier whatever they qualify for, until the end date.",
    )
    tier_manual_reason = fields.Char(string="Reason", copy=False, groups="loyalty_tiers.group_loyalty_tiers_manager")
    tier_manual_until = fields.Date(
        string="Until",
        copy=False,
        groups="loyalty_tiers.group_loyalty_tiers_manager",
        help="The last day of the manual tier; the next tier update then applies the member's own qualification.",
    )
    pricelist_before_tier_id = fields.Many2one(
        "product.pricelist",
        readonly=True,
        copy=False,
        help="The member's own pricelist, given back when they leave the tiers that bring a member pricelist.",
    )
    lot_ids = fields.One2many("loyalty.point.lot", "card_id", string="Points Lots", readonly=True)
    tier_history_ids = fields.One2many("loyalty.tier.history", "card_id", readonly=True)
    expiring_soon = fields.Boolean(
        compute="_compute_expiring_soon",
        search="_search_expiring_soon",
        help="Some points expire within the program's reminder period.",
    )
    tier_checked_on = fields.Date(
        readonly=True, copy=False, help="When the nightly tier update last looked at the card."
    )
    birthday_bonus_year = fields.Integer(readonly=True, copy=False, help="The last year the birthday grant was given.")

    @api.constrains("tier_manual_id", "tier_manual_reason", "tier_manual_until")
    def _check_manual_tier(self):
        for card in self.sudo().filtered("tier_manual_id"):
            if card.tier_manual_id.program_id != card.program_id:
                raise ValidationError(
                    _("Manual Tier: choose a tier of the card's own program %s.", card.program_id.name)
                )
            if not card.tier_manual_reason:
                raise ValidationError(_("Manual Tier: give the reason for holding %s in it.", card.display_name))
            if not card.tier_manual_until:
                raise ValidationError(_("Manual Tier: give the date it ends (Until) for %s.", card.display_name))

    def _compute_expiring_soon(self):
        soon = set(self.search([("id", "in", self.ids), ("expiring_soon", "=", True)]).ids)
        for card in self:
            card.expiring_soon = card.id in soon

    def _search_expiring_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(_("Expiring soon can only be searched as true or false."))
        query = SQL(
            """(SELECT lot.card_id FROM loyalty_point_lot lot
                 JOIN loyalty_program program ON program.id = lot.program_id
                WHERE lot.state = 'live' AND lot.expiry_date < %s::date + program.expiry_reminder_days)""",
            fields.Date.context_today(self),
        )
        return [("id", "in" if (operator == "=") == value else "not in", query)]

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        cards.filtered("points")._reconcile_at_commit()
        return cards

    def write(self, vals):
        result = super().write(vals)
        if "points" in vals and not self.env.context.get("loyalty_ledger_posted"):
            self._reconcile_at_commit()
        if {"tier_manual_id", "tier_manual_until"} & set(vals) and not self.env.context.get("loyalty_tier_updating"):
            self.program_id._update_member_tiers(self)
        return result

    def _ledger_balances(self):
        """The points left in each card's lots (debts count negative), by card id."""
        balances = defaultdict(float)
        if not self.ids:
            return balances
        self.env["loyalty.point.lot"].flush_model(["card_id", "remaining"])
        self.env.cr.execute(
            SQL(
                "SELECT card_id, SUM(remaining) FROM loyalty_point_lot WHERE card_id = ANY(%s) GROUP BY card_id",
                self.ids,
            )
        )
        balances.update(self.env.cr.fetchall())
        return balances

    @api.model
    def _post_ledger(self, vals_list):
        """Post entries of this addon's own (bonuses, expiry, adjustments, reversals) and move
        the cards' balances by them."""
        entries = self.env["loyalty.history"].sudo().create(vals_list)
        moves = defaultdict(float)
        for entry in entries:
            moves[entry.card_id] += entry.issued - entry.used
        for card, move in moves.items():
            card.sudo().with_context(loyalty_ledger_posted=True, loyalty_no_mail=True).points = float_round(
                card.points + move, PRECISION
            )
        return entries

    def _reconcile_at_commit(self):
        cards = self.env.cr.precommit.data.setdefault(RECONCILE_KEY, set())
        if not cards:
            self.env.cr.precommit.add(self.sudo()._reconcile_ledger)
        cards.update(self.ids)

    def _reconcile_ledger(self):
        """Record as a correction any balance change that reached a card without its ledger entry."""
        cards = self.browse(self.env.cr.precommit.data.pop(RECONCILE_KEY, ())).exists()
        balances = cards._ledger_balances()
        corrections = []
        for card in cards:
            gap = float_round(card.points - balances[card.id], PRECISION)
            if gap:
                corrections.append(
                    {
                        "card_id": card.id,
                        "kind": "correction",
                        "issued": max(gap, 0),
                        "used": max(-gap, 0),
                        "description": _("Balance changed without a points history entry"),
                    }
                )
        if corrections:
            self.env["loyalty.history"].create(corrections)
        self.env.flush_all()

    def _lots_expiring_soon(self):
        """The card's live lots that expire within the program's reminder period."""
        self.ensure_one()
        horizon = fields.Date.context_today(self) + timedelta(days=self.program_id.expiry_reminder_days)
        return self.lot_ids.filtered(lambda lot: lot.state == "live" and lot.expiry_date < horizon)

    def _birthday_month_of(self, entry):
        birthdate = self.partner_id.birthdate
        return bool(birthdate) and birthdate.month == fields.Date.context_today(entry, entry.date).month

    def _set_tiers(self, changes, today):
        """Move cards to new tiers: ``changes`` maps a card to (tier, since, reason). Records the
        tier history, leaves a note on each card and gives members their tier's pricelist."""
        history = []
        moves = defaultdict(lambda: self.browse())  # (tier, since): cards, written together
        for card, (tier, since, reason) in changes.items():
            if tier != card.tier_id:
                history.append(
                    {
                        "card_id": card.id,
                        "date": today,
                        "old_tier_id": card.tier_id.id,
                        "new_tier_id": tier.id,
                        "reason": reason,
                    }
                )
                card._apply_tier_pricelist(tier)
            moves[tier, since] |= card
        for (tier, since), cards in moves.items():
            cards.write({"tier_id": tier.id, "tier_since": since})
        records = self.env["loyalty.tier.history"].sudo().create(history)
        if records:
            records.card_id._message_log_batch(bodies={record.card_id.id: record._note() for record in records})
        return records

    def _apply_tier_pricelist(self, tier):
        partner = self.partner_id.with_company(self.company_id or self.env.company)
        if not partner:
            return
        if tier.pricelist_id:
            if not self.tier_id.pricelist_id:
                self.pricelist_before_tier_id = partner.specific_property_product_pricelist
            partner.sudo().specific_property_product_pricelist = tier.pricelist_id
        elif self.tier_id.pricelist_id:
            partner.sudo().specific_property_product_pricelist = self.pricelist_before_tier_id
            self.pricelist_before_tier_id = False
