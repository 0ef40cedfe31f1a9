from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

from .loyalty_point_lot import PRECISION

KINDS = [
    ("award", "Award"),
    ("tier_bonus", "Tier Bonus"),
    ("birthday", "Birthday Bonus"),
    ("redemption", "Redemption"),
    ("expiry", "Expiry"),
    ("refund", "Refund"),
    ("restore", "Redemption Restored"),
    ("adjustment", "Adjustment"),
    ("correction", "Unrecorded Change"),
    ("reversal", "Reversal"),
]
# what counts as points earned for tier qualification and in the liability report
EARNING_KINDS = ("award", "tier_bonus", "birthday")
# entries that record what already happened elsewhere: they may leave a card in debt
DEBT_KINDS = ("expiry", "refund", "correction", "reversal")
# entries whose balance change Odoo's own flows make (the others move it through _post_ledger)
ODOO_KINDS = ("award", "redemption", "correction")


def earned_sql(alias):
    """SQL: the points the entry ``alias`` earned. Odoo's order entries both issue and use
    points: an award earns what it issues, what it uses is a redemption."""
    issued, used = f"COALESCE({alias}.issued, 0)", f"COALESCE({alias}.used, 0)"
    return (
        f"(CASE WHEN {alias}.kind = 'award' THEN {issued} "
        f"WHEN {alias}.kind IN ('tier_bonus', 'birthday') THEN {issued} - {used} ELSE 0 END)"
    )


def redeemed_sql(alias):
    """SQL: the points the entry ``alias`` spent on rewards."""
    issued, used = f"COALESCE({alias}.issued, 0)", f"COALESCE({alias}.used, 0)"
    return (
        f"(CASE WHEN {alias}.kind = 'award' THEN {used} "
        f"WHEN {alias}.kind = 'redemption' THEN {used} - {issued} ELSE 0 END)"
    )


LEDGER_FIELDS = frozenset({"card_id", "issued", "used", "date", "kind", "order_model", "order_id", "lot_id"})


class LoyaltyHistory(models.Model):
    """Odoo's points history as an append-only ledger: every entry moves points into or
    out of the card's lots, entries are never edited or deleted (a correction is a new
    entry, a reversal undoes one), and a spend cannot overdraw the card.

    Two transactions spending on one card both take from its oldest live lot, so under
    PostgreSQL's repeatable read (Odoo's isolation) the second one fails on that row and is
    retried against the new balance: no explicit lock is needed (tests/test_loyalty_race.py)."""

    _inherit = "loyalty.history"

    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True, index=True)
    kind = fields.Selection(KINDS, required=True, readonly=True, index=True, default="award")
    program_id = fields.Many2one(related="card_id.program_id", store=True, index=True)
    partner_id = fields.Many2one(related="card_id.partner_id", store=True, index=True)
    lot_id = fields.Many2one(
        "loyalty.point.lot",
        readonly=True,
        help="The lot this entry expires or adjusts, when it targets one.",
    )
    reversed_entry_id = fields.Many2one("loyalty.history", string="Reverses", readonly=True, index="btree_not_null")
    reversal_ids = fields.One2many("loyalty.history", "reversed_entry_id", string="Reversed By")
    opened_lot_ids = fields.One2many("loyalty.point.lot", "history_id", string="Lots")
    refund_move_id = fields.Many2one(
        "account.move",
        string="Credit Note",
        readonly=True,
        index="btree_not_null",
        help="The credit note this entry answers.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "kind" not in vals and not vals.get("issued") and vals.get("used"):
                vals["kind"] = "redemption"
            # zero, not empty: sums over the ledger in SQL add up
            vals["issued"] = vals.get("issued") or 0.0
            vals["used"] = vals.get("used") or 0.0
        self._check_cover(vals_list)
        entries = super().create(vals_list)
        for entry in entries.sorted("id"):
            entry._move_lots()
        bonuses = entries._earning_bonuses()
        if bonuses:
            self.env["loyalty.card"]._post_ledger(bonuses)
        awards = entries.filtered(lambda entry: entry.kind == "award" and entry.issued > 0)
        if awards:
            # the upgrade is dated the day of the award
            day = fields.Date.context_today(self, max(awards.mapped("date")))
            awards.card_id.program_id._update_member_tiers(awards.card_id, day, upgrade_only=True)
        return entries

    def write(self, vals):
        if LEDGER_FIELDS.isdisjoint(vals):
            return super().write(vals)
        if set(vals) - {"issued", "used"}:
            raise UserError(
                _("Points history entries cannot be edited once posted: record a correction or reverse the entry.")
            )
        # sale_loyalty adds a reward bought after confirmation to the order's entry: the
        # ledger records the difference as an entry of its own
        corrections = []
        for entry in self:
            issued = float_round(vals.get("issued", entry.issued) - entry.issued, PRECISION)
            used = float_round(vals.get("used", entry.used) - entry.used, PRECISION)
            if issued or used:
                corrections.append(
                    {
                        "card_id": entry.card_id.id,
                        "description": entry.description,
                        "issued": max(issued, 0) + max(-used, 0),
                        "used": max(used, 0) + max(-issued, 0),
                        "kind": "redemption" if used > 0 else entry.kind,
                        "order_model": entry.order_model,
                        "order_id": entry.order_id,
                    }
                )
        self.create(corrections)
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("Points history entries cannot be deleted: reverse the entry instead."))

    def unlink(self):
        if self.env.context.get("loyalty_reverse_instead_of_unlink"):
            # an order cancelled by Odoo's sale flow, which then takes back the points its rules
            # gave: undo the entries instead of erasing them, moving the balance for the
            # entries this addon added (bonuses) and leaving the rest to Odoo
            reason = _("Order cancelled")
            own = self.filtered(lambda entry: entry.kind not in ODOO_KINDS)
            self.env["loyalty.card"]._post_ledger(own._reversal_vals(reason))
            self.create((self - own)._reversal_vals(reason))
            return True
        return super().unlink()

    def _check_cover(self, vals_list):
        """Refuse a spend larger than the card's live points; entries that record what
        already happened (expiry, refunds, reversals) may leave a debt instead."""
        balances = self.env["loyalty.card"].browse({vals["card_id"] for vals in vals_list})._ledger_balances()
        for vals in vals_list:
            card_id = vals["card_id"]
            balances[card_id] += (vals.get("issued") or 0) - (vals.get("used") or 0)
            if vals.get("kind") in DEBT_KINDS or not vals.get("used"):
                continue
            if float_compare(balances[card_id], 0, precision_digits=PRECISION) < 0:
                card = self.env["loyalty.card"].browse(card_id)
                raise UserError(
                    _(
                        "Card %(card)s holds %(balance)s points: it cannot spend %(used)s.",
                        card=card.display_name,
                        balance=float_round(balances[card_id] + vals["used"] - (vals.get("issued") or 0), PRECISION),
                        used=vals["used"],
                    )
                )

    def _move_lots(self):
        """Open a lot for what the entry issues, take what it uses from the card's lots."""
        self.ensure_one()
        Lot = self.env["loyalty.point.lot"].sudo()
        if self.lot_id.state == "expired":
            raise UserError(_("Lot %s has expired: its points can no longer be adjusted.", self.lot_id.display_name))
        if self.issued:
            if self.lot_id:
                self.lot_id.sudo().write(
                    {"points": self.lot_id.points + self.issued, "remaining": self.lot_id.remaining + self.issued}
                )
            else:
                Lot._open(self, self.issued)
        if self.used:
            if self.kind == "expiry":
                self.lot_id.sudo().write({"remaining": 0, "expired_on": fields.Date.context_today(self, self.date)})
                return
            first = self.lot_id or self.reversed_entry_id.opened_lot_ids
            Lot._take(self, self.used, first=first, debt_allowed=self.kind in DEBT_KINDS)

    def _earning_bonuses(self):
        """The tier bonus and the birthday-month bonus on what the program's rules awarded
        for an order (sale order, point of sale, web shop alike)."""
        bonuses = []
        for entry in self.filtered(lambda e: e.kind == "award" and e.order_model and e.issued > 0):
            card = entry.card_id
            multiplier = card.tier_id.multiplier or 1.0
            if float_compare(multiplier, 1.0, precision_digits=2):
                extra = float_round(entry.issued * (multiplier - 1.0), PRECISION)
                bonuses.append(
                    {
                        "card_id": card.id,
                        "kind": "tier_bonus",
                        "issued": max(extra, 0),
                        "used": max(-extra, 0),
                        "description": _(
                            "%(tier)s tier: points × %(multiplier)s", tier=card.tier_id.name, multiplier=multiplier
                        ),
                        "order_model": entry.order_model,
                        "order_id": entry.order_id,
                        "date": entry.date,
                    }
                )
            if card._birthday_month_of(entry) and card.program_id.birthday_bonus == "double":
                bonuses.append(
                    {
                        "card_id": card.id,
                        "kind": "birthday",
                        "issued": entry.issued,
                        "description": _("Birthday month: double points"),
                        "order_model": entry.order_model,
                        "order_id": entry.order_id,
                        "date": entry.date,
                    }
                )
        return bonuses

    def _reverse(self, reason):
        """Post the opposite of each entry, once; the card balance follows."""
        self.env["loyalty.card"]._post_ledger(self._reversal_vals(reason))

    def _reversal_vals(self, reason):
        already = self.filtered("reversal_ids")
        if already:
            raise UserError(_("Entry “%s” was already reversed.", already[0].description))
        return [
            {
                "card_id": entry.card_id.id,
                "kind": "reversal",
                "issued": entry.used,
                "used": entry.issued,
                "description": self.env._(
                    "Reversal of “%(entry)s”: %(reason)s", entry=entry.description, reason=reason
                ),
                "order_model": entry.order_model,
                "order_id": entry.order_id,
                "reversed_entry_id": entry.id,
            }
            for entry in self
        ]

    @api.model
    def _refund_link_field(self, refund):
        """The field that ties an entry to the refund document ``refund`` (a credit note
        here; glue addons add their own, such as a point of sale return)."""
        if refund._name != "account.move":
            raise NotImplementedError(f"no ledger field links a refund of {refund._name}")
        return "refund_move_id"

    @api.model
    def _take_back_order(self, order_model, order_id, ratio, refund):
        """A refund of ``ratio`` (0 to 1) of an order: take back that share of the points the
        order earned and give back that share of the points it redeemed, never more than the
        order earned or redeemed over all its refunds, and once per refund document ``refund``.
        A card may fall into a recorded debt."""
        link = self._refund_link_field(refund)
        answered = [(link, "=", refund.id), ("order_model", "=", order_model), ("order_id", "=", order_id)]
        if self.search_count(answered, limit=1):
            return self.browse()
        entries = self.search([("order_model", "=", order_model), ("order_id", "=", order_id)])
        vals_list = []
        for card in entries.card_id:
            own = entries.filtered(lambda entry, card=card: entry.card_id == card)
            earned = sum(e.issued - (e.used if e.kind != "award" else 0) for e in own if e.kind in EARNING_KINDS)
            redeemed = sum(
                e.used - (e.issued if e.kind == "redemption" else 0) for e in own if e.kind in ("award", "redemption")
            )
            taken = sum(e.used for e in own if e.kind == "refund")
            restored = sum(e.issued for e in own if e.kind == "restore")
            take = float_round(min(earned * ratio, earned - taken), PRECISION)
            give = float_round(min(redeemed * ratio, redeemed - restored), PRECISION)
            base = {
                "card_id": card.id,
                "order_model": order_model,
                "order_id": order_id,
                link: refund.id,
            }
            if take > 0:
                vals_list.append(
                    {
                        **base,
                        "kind": "refund",
                        "used": take,
                        "description": _("Refunded by %s", refund.display_name),
                    }
                )
            if give > 0:
                vals_list.append(
                    {
                        **base,
                        "kind": "restore",
                        "issued": give,
                        "description": _("Redemption restored by %s", refund.display_name),
                    }
                )
        return self.env["loyalty.card"]._post_ledger(vals_list)
