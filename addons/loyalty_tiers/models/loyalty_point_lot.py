from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero

from ..tools.lots import consume_oldest_first

PRECISION = 2
EXPIRY_BATCH = 2000


class LoyaltyPointLot(models.Model):
    """Points awarded together, living until their own expiry date.

    Every award of the ledger opens a lot; spending takes points from the lots that expire
    first. A spend larger than what is left (a refund taking back points already redeemed)
    opens a debt lot with negative points, paid off by the next awards. The remaining points
    of a card's lots always add up to its ledger (``loyalty.history``) and its balance.
    """

    _name = "loyalty.point.lot"
    _description = "Loyalty Points Lot"
    _order = "expiry_date, id"

    card_id = fields.Many2one("loyalty.card", required=True, ondelete="cascade", index=True, readonly=True)
    program_id = fields.Many2one(related="card_id.program_id", store=True, index=True)
    partner_id = fields.Many2one(related="card_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    history_id = fields.Many2one(
        "loyalty.history",
        string="Awarded By",
        readonly=True,
        ondelete="cascade",
        help="The ledger entry that opened the lot.",
    )
    date = fields.Date(string="Awarded On", required=True, readonly=True)
    expiry_date = fields.Date(string="Expires On", readonly=True, index=True)
    points = fields.Float(string="Awarded", readonly=True, digits=(16, PRECISION))
    remaining = fields.Float(readonly=True, digits=(16, PRECISION))
    expired_on = fields.Date(readonly=True)
    reminder_sent = fields.Boolean(readonly=True, help="The member was told that these points expire soon.")
    state = fields.Selection(
        [("live", "Live"), ("spent", "Spent"), ("expired", "Expired"), ("debt", "Debt")],
        compute="_compute_state",
        store=True,
        index=True,
    )

    @api.depends("points", "date")
    def _compute_display_name(self):
        for lot in self:
            lot.display_name = _("%(points)s points of %(date)s", points=lot.points, date=lot.date)

    @api.depends("remaining", "expired_on")
    def _compute_state(self):
        for lot in self:
            if lot.expired_on:
                lot.state = "expired"
            elif float_compare(lot.remaining, 0, precision_digits=PRECISION) < 0:
                lot.state = "debt"
            elif float_is_zero(lot.remaining, precision_digits=PRECISION):
                lot.state = "spent"
            else:
                lot.state = "live"

    @api.model
    def _open(self, entry, points):
        """Add an award of ``points`` to the entry's card: pay off its debts first, then open
        a lot for the rest, expiring after the program's validity."""
        for debt in self.search([("card_id", "=", entry.card_id.id), ("state", "=", "debt")], order="id"):
            if float_is_zero(points, precision_digits=PRECISION):
                break
            paid = min(points, -debt.remaining)
            debt.remaining += paid
            points -= paid
        awarded_on = fields.Date.context_today(entry, entry.date)
        return self.create(
            {
                "card_id": entry.card_id.id,
                "history_id": entry.id,
                "date": awarded_on,
                "expiry_date": awarded_on + relativedelta(months=entry.card_id.program_id.point_validity_months),
                "points": entry.issued,
                "remaining": points,
            }
        )

    @api.model
    def _take(self, entry, points, first=None, debt_allowed=True):
        """Take ``points`` for the entry from its card's live lots, ``first`` before the ones
        that expire soonest; what cannot be covered becomes a debt lot."""
        live = self.search([("card_id", "=", entry.card_id.id), ("state", "=", "live")])
        if first:
            live = first.filtered(lambda lot: lot.state == "live") | (live - first)
        takes, missing = consume_oldest_first([(lot.id, lot.remaining) for lot in live], points)
        for lot_id, take in takes:
            lot = self.browse(lot_id)
            lot.remaining = round(lot.remaining - take, PRECISION)
        if float_is_zero(missing, precision_digits=PRECISION):
            return
        if not debt_allowed:
            raise UserError(
                _(
                    "Card %(card)s is short of %(missing)s points for “%(entry)s”.",
                    card=entry.card_id.display_name,
                    missing=missing,
                    entry=entry.description,
                )
            )
        self.create(
            {
                "card_id": entry.card_id.id,
                "history_id": entry.id,
                "date": fields.Date.context_today(entry, entry.date),
                "points": -missing,
                "remaining": -missing,
            }
        )

    def _expiring_domain(self, today):
        return [("state", "=", "live"), ("expiry_date", "<", today)]

    @api.model
    def _cron_expire(self):
        """Expire the lots past their date, a batch per call: each lot's remaining points leave
        the card through an expiry entry of the ledger. Running it twice expires nothing twice."""
        today = fields.Date.context_today(self)
        lots = self.search(self._expiring_domain(today), limit=EXPIRY_BATCH, order="card_id, id")
        self.env["loyalty.card"]._post_ledger(
            [
                {
                    "card_id": lot.card_id.id,
                    "kind": "expiry",
                    "used": lot.remaining,
                    "lot_id": lot.id,
                    "description": self.env._("Points awarded on %s expired", lot.date),
                }
                for lot in lots
            ]
        )
        self.env["ir.cron"]._notify_progress(done=len(lots), remaining=self.search_count(self._expiring_domain(today)))

    @api.model
    def _cron_remind(self):
        """Tell members, once per lot, that points expire within their program's reminder period."""
        today = fields.Date.context_today(self)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT lot.id FROM loyalty_point_lot lot JOIN loyalty_program program ON program.id = lot.program_id
                    WHERE lot.state = 'live' AND NOT COALESCE(lot.reminder_sent, FALSE) AND lot.partner_id IS NOT NULL
                      AND lot.expiry_date < %s::date + program.expiry_reminder_days
                 ORDER BY lot.card_id LIMIT %s""",
                today,
                EXPIRY_BATCH,
            )
        )
        lots = self.browse(row[0] for row in self.env.cr.fetchall())
        template = self.env.ref("loyalty_tiers.mail_template_points_expiring", raise_if_not_found=False)
        if template and lots:
            template.send_mail_batch(lots.card_id.ids)
        lots.reminder_sent = True
        self.env["ir.cron"]._notify_progress(done=len(lots), remaining=0 if len(lots) < EXPIRY_BATCH else 1)
