from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CustomerValueCompensation(models.Model):
    """Complaint compensation paid in loyalty points: giving it records a points adjustment
    on the customer's card, which waits for a loyalty manager above the program's limit."""

    _inherit = "customer.value.compensation"

    kind = fields.Selection(selection_add=[("points", "Loyalty Points")], ondelete={"points": "set default"})
    loyalty_card_id = fields.Many2one(
        "loyalty.card",
        domain="[('partner_id', 'child_of', partner_id), ('program_id.program_type', '=', 'loyalty')]",
        help="The card credited with the points; by default the customer's card in the company.",
    )
    points = fields.Float(digits=(16, 2), help="The points given to the customer.")
    points_adjustment_id = fields.Many2one("loyalty.points.adjustment", readonly=True, copy=False)

    @api.constrains("kind", "points", "loyalty_card_id")
    def _check_points(self):
        for compensation in self.filtered(lambda c: c.kind == "points"):
            if compensation.points <= 0:
                raise ValidationError(_("Points: give the number of points the customer receives (more than 0)."))

    @api.model_create_multi
    def create(self, vals_list):
        compensations = super().create(vals_list)
        for compensation in compensations.filtered(lambda c: c.kind == "points"):
            compensation.loyalty_card_id = compensation.loyalty_card_id or compensation._default_loyalty_card()
            if not compensation.amount:
                compensation.amount = compensation._points_cost()
        return compensations

    @api.onchange("kind", "partner_id")
    def _onchange_loyalty_card(self):
        if self.kind == "points" and not self.loyalty_card_id:
            self.loyalty_card_id = self._default_loyalty_card()

    @api.onchange("points", "loyalty_card_id")
    def _onchange_points_cost(self):
        if self.kind == "points":
            self.amount = self._points_cost()

    def _default_loyalty_card(self):
        return self.env["loyalty.card"].search(
            [
                ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                ("program_id.program_type", "=", "loyalty"),
                ("company_id", "in", (False, self.company_id.id)),
            ],
            order="points desc, id",
            limit=1,
        )

    def _points_cost(self):
        """What the points cost the company: their redemption value, in company currency."""
        program = self.loyalty_card_id.program_id
        return program.currency_id._convert(
            self.points * program.point_value,
            self.currency_id,
            self.company_id,
            self.date or fields.Date.context_today(self),
        )

    def action_give(self):
        for compensation in self.filtered(lambda c: c.kind == "points" and c.state == "approved"):
            compensation._give_points()
        return super().action_give()

    def _give_points(self):
        card = self.loyalty_card_id or self._default_loyalty_card()
        if not card:
            raise UserError(
                _(
                    "Loyalty Card: customer %s has no loyalty card to receive the points; give them one or choose "
                    "another compensation.",
                    self.partner_id.display_name,
                )
            )
        adjustment = (
            self.env["loyalty.points.adjustment"]
            .sudo()
            .create(
                {
                    "card_id": card.id,
                    "points": self.points,
                    "reason": _("Compensation for complaint %s", self.complaint_id.display_name),
                }
            )
        )
        # posted in the name of the user who gives it (sudo keeps the user): above the
        # program's limit, a loyalty manager approves it like any other adjustment
        adjustment.action_post()
        self.sudo().write({"loyalty_card_id": card.id, "points_adjustment_id": adjustment.id})

    def action_open_points_adjustment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "loyalty.points.adjustment",
            "res_id": self.points_adjustment_id.id,
            "view_mode": "form",
        }
