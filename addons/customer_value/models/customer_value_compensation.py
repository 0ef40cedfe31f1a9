from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

COMPENSATION_KINDS = [
    ("apology", "Apology"),
    ("coupon", "Coupon"),
    ("credit_note", "Credit Note"),
]
STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("done", "Given"),
    ("refused", "Refused"),
]
MANAGERS = "customer_value.group_complaint_manager"
# written by the buttons only, after their checks
TRANSITION_FIELDS = {"state", "approved_by_id", "credit_note_id"}


class CustomerValueCompensation(models.Model):
    """Service recovery for a complaint: an apology, a coupon or a credit note, its cost
    in the company's currency, within the limit for the customer's tier or approved by
    a complaint manager. Giving a credit note drafts it in accounting; the cost is
    reported per period, tier and root cause."""

    _name = "customer.value.compensation"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.value.currency.mixin"]
    _description = "Complaint Compensation"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one("customer.value.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    partner_id = fields.Many2one(related="complaint_id.partner_id", store=True, string="Customer")
    tier_id = fields.Many2one(related="complaint_id.tier_id", store=True, string="Customer Tier")
    root_cause_id = fields.Many2one(related="complaint_id.root_cause_id", store=True)
    team_id = fields.Many2one(related="complaint_id.team_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    kind = fields.Selection(COMPENSATION_KINDS, required=True, default="apology", tracking=True)
    amount = fields.Monetary(string="Cost", tracking=True, help="What it costs the company, in its currency.")
    description = fields.Text(help="What the customer receives, in words.")
    coupon_code = fields.Char(help="The code of the coupon given to the customer.")
    state = fields.Selection(STATES, required=True, default="draft", readonly=True, tracking=True, copy=False)
    approval_limit = fields.Monetary(
        compute="_compute_approval_limit", help="The limit for the customer's tier in this company; empty: none."
    )
    needs_approval = fields.Boolean(compute="_compute_approval_limit")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    credit_note_id = fields.Many2one("account.move", readonly=True, copy=False)

    @api.depends("amount", "tier_id", "company_id")
    def _compute_approval_limit(self):
        limits = self.env["customer.value.compensation.limit"].sudo()
        for compensation in self:
            limit = limits._limit_for(compensation.company_id, compensation.tier_id)
            compensation.approval_limit = limit or 0.0
            compensation.needs_approval = compensation.amount > 0 and (limit is None or compensation.amount > limit)

    @api.constrains("amount", "kind")
    def _check_amount(self):
        for compensation in self:
            if compensation.amount < 0:
                raise ValidationError(_("The Cost of a compensation cannot be negative (got %s).", compensation.amount))
            if compensation.kind == "credit_note" and not compensation.amount:
                raise ValidationError(_("A credit note compensation needs its Cost: the amount to credit."))

    @api.constrains("state", "amount", "approved_by_id")
    def _check_approval(self):
        """A compensation above the limit is approved by a complaint manager, however its
        state was written."""
        for compensation in self.filtered(lambda c: c.state in ("approved", "done") and c.needs_approval):
            if not compensation.approved_by_id.has_group(MANAGERS):
                raise ValidationError(
                    _(
                        "The compensation of %(cost)s for complaint %(complaint)s is above the limit for its "
                        "customer's tier: a complaint manager must approve it.",
                        cost=compensation.amount,
                        complaint=compensation.complaint_id.display_name,
                    )
                )

    def write(self, vals):
        if TRANSITION_FIELDS & set(vals) and not self.env.su:
            raise AccessError(_("A compensation is submitted, approved, refused and given with its buttons only."))
        if {"amount", "kind", "complaint_id"} & set(vals) and self.filtered(
            lambda c: c.state not in ("draft", "refused")
        ):
            raise UserError(_("An approved or given compensation cannot change: refuse it and record a new one."))
        return super().write(vals)

    def _transition(self, vals):
        """Write the state and its stamps, which only the buttons' checks lead to."""
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if any(TRANSITION_FIELDS & set(vals) for vals in vals_list) and not self.env.su:
            raise AccessError(_("A compensation is created as a draft: submit it with its button."))
        return super().create(vals_list)

    def action_submit(self):
        """Approve what lies within the limit at once; ask the managers for the rest."""
        for compensation in self.filtered(lambda c: c.state == "draft"):
            if compensation.needs_approval:
                compensation._transition({"state": "to_approve"})
                compensation._ask_for_approval()
            else:
                compensation._transition({"state": "approved", "approved_by_id": self.env.user.id})
        return True

    def _ask_for_approval(self):
        managers = self.env.ref(MANAGERS).users.filtered(lambda user: self.company_id in user.company_ids)
        for manager in managers[:5]:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=_("Approve a compensation of %s", self.amount),
            )

    def action_approve(self):
        if not self.env.user.has_group(MANAGERS):
            raise AccessError(_("Only a complaint manager approves a compensation above the limit."))
        for compensation in self.filtered(lambda c: c.state == "to_approve"):
            compensation._transition({"state": "approved", "approved_by_id": self.env.user.id})
            compensation.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse(self):
        if self.filtered(lambda c: c.state == "to_approve") and not self.env.user.has_group(MANAGERS):
            raise AccessError(_("Only a complaint manager refuses a compensation waiting for approval."))
        self.filtered(lambda c: c.state in ("draft", "to_approve", "approved"))._transition({"state": "refused"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_give(self):
        """Give the approved compensations: a credit note is drafted in accounting for the
        accountants to check and post."""
        for compensation in self:
            if compensation.state != "approved":
                raise UserError(
                    _(
                        "Compensation for %s is not approved yet: submit it first.",
                        compensation.complaint_id.display_name,
                    )
                )
            note = compensation._draft_credit_note() if compensation.kind == "credit_note" else False
            compensation._transition({"state": "done", "credit_note_id": note and note.id})
        return True

    def _draft_credit_note(self):
        complaint = self.complaint_id
        if not complaint.partner_id:
            raise UserError(_("Complaint %s has no customer to credit: set it first.", complaint.display_name))
        moves = self.env["account.move"].sudo().with_company(self.company_id)
        return moves.create(
            {
                "move_type": "out_refund",
                "partner_id": complaint.partner_id.id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "reversed_entry_id": complaint.invoice_id.id
                if complaint.invoice_id.move_type == "out_invoice"
                else False,
                "ref": _("Compensation for complaint %s", complaint.display_name),
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "name": self.description or _("Compensation for complaint %s", complaint.display_name),
                            "quantity": 1,
                            "price_unit": self.amount,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )

    def action_open_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
        }
