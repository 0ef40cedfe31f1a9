from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .loyalty_point_lot import PRECISION

MANAGER_GROUP = "loyalty_tiers.group_loyalty_tiers_manager"


class LoyaltyPointsAdjustment(models.Model):
    """A manual change of a member's points, with its reason: posted to the ledger at once
    when small, after a loyalty manager's approval above the program's limit."""

    _name = "loyalty.points.adjustment"
    _description = "Loyalty Points Adjustment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    card_id = fields.Many2one(
        "loyalty.card",
        required=True,
        index=True,
        tracking=True,
        domain="[('program_id.program_type', '=', 'loyalty')]",
    )
    partner_id = fields.Many2one(related="card_id.partner_id", store=True)
    program_id = fields.Many2one(related="card_id.program_id", store=True)
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    points = fields.Float(
        required=True, tracking=True, digits=(16, PRECISION), help="Points to add (positive) or take away (negative)."
    )
    reason = fields.Text(required=True, tracking=True, help="Why the points change: kept on the ledger entry.")
    lot_id = fields.Many2one(
        "loyalty.point.lot",
        domain="[('card_id', '=', card_id), ('state', 'in', ('live', 'spent'))]",
        help="Adjust this lot (its expiry date stays) instead of opening a new one or spending the oldest first.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "To Approve"), ("posted", "Posted"), ("refused", "Refused")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    needs_approval = fields.Boolean(compute="_compute_needs_approval")
    entry_id = fields.Many2one("loyalty.history", string="Ledger Entry", readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)

    @api.depends("points", "card_id.program_id.adjustment_approval_limit")
    def _compute_needs_approval(self):
        for adjustment in self:
            limit = adjustment.card_id.program_id.adjustment_approval_limit
            adjustment.needs_approval = float_compare(abs(adjustment.points), limit, precision_digits=PRECISION) > 0

    @api.depends("card_id", "points")
    def _compute_display_name(self):
        for adjustment in self:
            adjustment.display_name = _(
                "%(points)+g points on %(card)s", points=adjustment.points, card=adjustment.card_id.code or ""
            )

    @api.constrains("points", "lot_id", "card_id")
    def _check_points(self):
        for adjustment in self:
            if float_is_zero(adjustment.points, precision_digits=PRECISION):
                raise ValidationError(_("Points: give the number of points to add (positive) or take away (negative)."))
            if adjustment.lot_id and adjustment.lot_id.card_id != adjustment.card_id:
                raise ValidationError(_("Lot: choose a lot of card %s.", adjustment.card_id.display_name))
            if adjustment.lot_id.state == "expired":
                raise ValidationError(
                    _(
                        "Lot %s has expired: its points can no longer be adjusted. Adjust the card without a lot.",
                        adjustment.lot_id.display_name,
                    )
                )

    def write(self, vals):
        if set(vals) - {"state", "entry_id", "approved_by_id"} and self.filtered(
            lambda a: a.state in ("posted", "refused")
        ):
            raise UserError(_("A posted or refused adjustment cannot be changed: create a new one."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda a: a.state in ("posted", "to_approve")):
            raise UserError(_("Only draft or refused adjustments can be deleted."))

    def action_post(self):
        """Post at once within the limit; above it, ask the loyalty managers for approval."""
        for adjustment in self.filtered(lambda a: a.state == "draft"):
            if adjustment.needs_approval and not self.env.user.has_group(MANAGER_GROUP):
                adjustment.state = "to_approve"
                adjustment._ask_approval()
            else:
                adjustment._post()
        if self.env.context.get("loyalty_open_if_waiting"):
            return self._open_if_waiting()
        return True

    def action_approve(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only loyalty managers approve points adjustments."))
        to_approve = self.filtered(lambda a: a.state == "to_approve")
        to_approve.approved_by_id = self.env.user
        to_approve._post()
        to_approve.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only loyalty managers refuse points adjustments."))
        to_refuse = self.filtered(lambda a: a.state == "to_approve")
        to_refuse.state = "refused"
        to_refuse.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _open_if_waiting(self):
        """After posting from a dialog: show the adjustment when it waits for approval."""
        if len(self) != 1 or self.state != "to_approve":
            return True
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    def _ask_approval(self):
        managers = (
            self.env.ref(MANAGER_GROUP)
            .sudo()
            .users.filtered(lambda user: self.company_id in user.company_ids or not self.company_id)
        )
        for manager in managers[:1]:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=_("Approve %s", self.display_name),
                note=self.reason,
            )

    def _post(self):
        for adjustment in self:
            entry = self.env["loyalty.card"]._post_ledger(
                [
                    {
                        "card_id": adjustment.card_id.id,
                        "kind": "adjustment",
                        "issued": max(adjustment.points, 0),
                        "used": max(-adjustment.points, 0),
                        "lot_id": adjustment.lot_id.id,
                        "description": adjustment.reason,
                    }
                ]
            )
            adjustment.write({"state": "posted", "entry_id": entry.id})
