from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.tier_policy import decide_tier, qualified_rank
from .loyalty_history import earned_sql

TIER_BATCH = 5000


class LoyaltyProgram(models.Model):
    """A loyalty program's membership settings: its tiers, how long points live, the
    birthday bonus and the limits that keep the points ledger honest."""

    _inherit = "loyalty.program"

    tier_ids = fields.One2many("loyalty.tier", "program_id", string="Membership Tiers", copy=True)
    tier_basis = fields.Selection(
        [("points", "Points earned"), ("amount", "Amount invoiced")],
        string="Tiers Qualify On",
        default="points",
        required=True,
        help="What a member must reach in the qualification window to hold a tier: the points "
        "earned on purchases (awards, tier and birthday bonuses), or the untaxed amount invoiced "
        "to the customer, in company currency.",
    )
    tier_window_months = fields.Integer(
        string="Qualification Window (months)",
        default=12,
        required=True,
        help="The rolling window, counted back from today, whose points or purchases qualify a member.",
    )
    tier_grace_days = fields.Integer(
        string="Downgrade Grace Period (days)",
        default=30,
        required=True,
        help="A member who no longer qualifies keeps the tier this many days after the qualification "
        "anniversary, then moves down one tier.",
    )
    point_validity_months = fields.Integer(
        string="Points Expire After (months)",
        default=12,
        required=True,
        help="Every award becomes a lot of points that expires this many months after it was earned.",
    )
    expiry_reminder_days = fields.Integer(
        string="Expiry Reminder (days before)",
        default=30,
        required=True,
        help="Members are reminded by email this many days before a lot of their points expires.",
    )
    birthday_bonus = fields.Selection(
        [("none", "No birthday bonus"), ("double", "Double points in the birthday month"), ("fixed", "Fixed grant")],
        default="double",
        required=True,
        help="Double points: every award in the member's birthday month earns as much again. Fixed grant: "
        "a fixed number of points once a year, early in the birthday month.",
    )
    birthday_points = fields.Float(
        string="Birthday Grant (points)",
        default=100,
        help="The points granted once a year when the birthday bonus is a fixed grant.",
    )
    adjustment_approval_limit = fields.Float(
        string="Adjustments Need Approval Above (points)",
        default=500,
        help="A manual adjustment of more points than this, up or down, waits for a loyalty manager's approval.",
    )
    point_value = fields.Monetary(
        string="Redemption Value per Point",
        currency_field="currency_id",
        help="What one point is worth when redeemed, in the program's currency: the points liability "
        "report values outstanding and expired points at it.",
    )

    @api.constrains(
        "tier_window_months", "tier_grace_days", "point_validity_months", "expiry_reminder_days", "birthday_points"
    )
    def _check_membership_settings(self):
        for program in self:
            if program.tier_window_months < 1:
                raise ValidationError(_("Qualification Window: give at least one month."))
            if program.point_validity_months < 1:
                raise ValidationError(_("Points Expire After: give at least one month."))
            if program.tier_grace_days < 0 or program.expiry_reminder_days < 0:
                raise ValidationError(_("Downgrade Grace Period and Expiry Reminder cannot be negative days."))
            if program.birthday_points < 0:
                raise ValidationError(_("Birthday Grant cannot be negative points."))

    @api.constrains("adjustment_approval_limit", "point_value")
    def _check_limits(self):
        for program in self:
            if program.adjustment_approval_limit < 0:
                raise ValidationError(_("Adjustments Need Approval Above cannot be negative points."))
            if program.point_value < 0:
                raise ValidationError(_("Redemption Value per Point cannot be negative."))

    def _qualification_figures(self, cards, today):
        """Each card's figure over the qualification window ending ``today``: the points earned
        (net of what refunds and reversals took back) or the untaxed amount invoiced."""
        self.ensure_one()
        start = today - relativedelta(months=self.tier_window_months)
        if self.tier_basis == "points":
            self.env["loyalty.history"].flush_model()
            query = SQL(
                f"""SELECT entry.card_id,
                           SUM({earned_sql("entry")}
                               - CASE WHEN entry.kind = 'refund' THEN COALESCE(entry.used, 0) ELSE 0 END
                               - COALESCE({earned_sql("reversed")}, 0))
                     FROM loyalty_history entry
                LEFT JOIN loyalty_history reversed ON reversed.id = entry.reversed_entry_id AND entry.kind = 'reversal'
                    WHERE entry.card_id = ANY(%(cards)s) AND entry.date >= %(start)s
                 GROUP BY entry.card_id""",
                cards=cards.ids,
                start=start,
            )
        else:
            self.env["account.move"].flush_model()
            query = SQL(
                """SELECT card.id, SUM(COALESCE(move.amount_untaxed_signed, 0))
                     FROM loyalty_card card
                     JOIN res_partner member ON member.id = card.partner_id
                     JOIN account_move move ON move.commercial_partner_id = member.commercial_partner_id
                    WHERE card.id = ANY(%(cards)s) AND move.state = 'posted'
                      AND move.move_type IN ('out_invoice', 'out_refund') AND move.company_id = %(company)s
                      AND move.invoice_date > %(start)s AND move.invoice_date <= %(today)s
                 GROUP BY card.id""",
                cards=cards.ids,
                company=self.company_id.id or self.env.company.id,
                start=start,
                today=today,
            )
        self.env.cr.execute(query)
        return dict(self.env.cr.fetchall())

    def _update_member_tiers(self, cards, today=None, upgrade_only=False):
        """Apply the tier policy to ``cards``: upgrade at once, downgrade one step after the
        anniversary and its grace period, a manager's manual tier until its end date."""
        today = today or fields.Date.context_today(self)
        for program in self.filtered("tier_ids"):
            members = cards.filtered(lambda card, program=program: card.program_id == program and card.partner_id)
            if not members:
                continue
            tiers = program.tier_ids.sorted(lambda tier: (tier.sequence, tier.id))
            figures = program._qualification_figures(members, today)
            changes = {}
            for card in members.sudo():
                current = tiers.ids.index(card.tier_id.id) + 1 if card.tier_id in tiers else 0
                qualified = qualified_rank(tiers.mapped("threshold"), figures.get(card.id, 0.0))
                if card.tier_manual_id and card.tier_manual_until >= today:
                    if card.tier_manual_id != card.tier_id:
                        changes[card] = (card.tier_manual_id, today, "manual")
                    continue
                if card.tier_manual_id:
                    card.with_context(loyalty_tier_updating=True).write(
                        {"tier_manual_id": False, "tier_manual_reason": False, "tier_manual_until": False}
                    )
                    changes[card] = (tiers[qualified - 1] if qualified else tiers.browse(), today, "manual_end")
                    continue
                decision = decide_tier(current, qualified, card.tier_since, today, program.tier_grace_days)
                if decision.reason and (decision.reason == "upgrade" or not upgrade_only):
                    tier = tiers[decision.rank - 1] if decision.rank else tiers.browse()
                    changes[card] = (tier, decision.since, decision.reason)
            self.env["loyalty.card"]._set_tiers(changes, today)
            members.sudo().tier_checked_on = today

    @api.model
    def _cron_update_tiers(self):
        """Nightly: re-qualify the members not yet checked today, a batch per call."""
        today = fields.Date.context_today(self)
        domain = [
            ("program_id.tier_ids", "!=", False),
            ("partner_id", "!=", False),
            "|",
            ("tier_checked_on", "=", False),
            ("tier_checked_on", "<", today),
        ]
        Card = self.env["loyalty.card"].sudo()
        cards = Card.search(domain, limit=TIER_BATCH, order="id")
        cards.program_id._update_member_tiers(cards, today)
        self.env["ir.cron"]._notify_progress(done=len(cards), remaining=Card.search_count(domain))

    @api.model
    def _cron_birthday_grant(self):
        """Give the fixed birthday grant to members in their birthday month, once a year."""
        today = fields.Date.context_today(self)
        self.env["res.partner"].flush_model(["birthdate"])
        born_this_month = SQL("(SELECT id FROM res_partner WHERE EXTRACT(MONTH FROM birthdate) = %s)", today.month)
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("program_id.birthday_bonus", "=", "fixed"),
                    ("program_id.birthday_points", ">", 0),
                    ("program_id.active", "=", True),
                    ("partner_id", "in", born_this_month),
                    "|",
                    ("birthday_bonus_year", "=", False),
                    ("birthday_bonus_year", "<", today.year),
                ]
            )
        )
        self.env["loyalty.card"]._post_ledger(
            [
                {
                    "card_id": card.id,
                    "kind": "birthday",
                    "issued": card.program_id.birthday_points,
                    "description": self.env._("Birthday grant %s", today.year),
                }
                for card in cards
            ]
        )
        cards.birthday_bonus_year = today.year
