from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

TRIGGERS = [
    ("activation", "New Customer Activation"),
    ("tier_review", "Review by Tier"),
    ("birthday", "Birthday Care"),
]


class CustomerValueTouchpointPlan(models.Model):
    """A plan of touchpoints: steps that each become one activity per customer and
    occasion when they fall due. The trigger says what the occasion is: a customer's first
    invoice (activation), a review period of the plan's tier, or a contact's birthday.
    The nightly run schedules what is due (``customer.value.touchpoint``)."""

    _name = "customer.value.touchpoint.plan"
    _description = "Touchpoint Plan"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Empty: the plan of every company (the plans shipped are).",
    )
    trigger = fields.Selection(
        TRIGGERS,
        required=True,
        default="activation",
        help="Activation: the steps count from the customer's first invoice. Review by tier: each review "
        "period of the tier, its steps count from the period's first day. Birthday care: each birthday "
        "of a customer's contact, the steps count from the birthday.",
    )
    tier_id = fields.Many2one("customer.value.tier", ondelete="cascade", help="The tier whose customers are reviewed.")
    review_interval_months = fields.Integer(
        string="Review Every (months)", default=3, help="Length of a review period: 3 for quarterly reviews."
    )
    catch_up_days = fields.Integer(
        string="Catch Up (days)",
        default=7,
        help="A step still gets scheduled this many days after its deadline (a night without a run loses "
        "nothing); older ones are skipped, such as those of the customers who were there before the plan.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        help="Who gets the activities; empty: the customer's salesperson, else the follow-up user of Settings.",
    )
    step_ids = fields.One2many("customer.value.touchpoint.step", "plan_id", string="Steps", copy=True)
    step_count = fields.Integer(compute="_compute_step_count")
    touchpoint_count = fields.Integer(compute="_compute_touchpoint_count")
    description = fields.Text(translate=True)

    @api.depends("step_ids")
    def _compute_step_count(self):
        for plan in self:
            plan.step_count = len(plan.step_ids)

    def _compute_touchpoint_count(self):
        counts = dict(
            self.env["customer.value.touchpoint"]._read_group([("plan_id", "in", self.ids)], ["plan_id"], ["__count"])
        )
        for plan in self:
            plan.touchpoint_count = counts.get(plan, 0)

    @api.constrains("trigger", "tier_id", "review_interval_months", "catch_up_days", "company_id")
    def _check_trigger(self):
        for plan in self:
            if plan.trigger == "tier_review":
                if not plan.tier_id:
                    raise ValidationError(
                        _("The plan “%s” reviews the customers of a tier: choose the Tier.", plan.name)
                    )
                if not 1 <= plan.review_interval_months <= 12:
                    raise ValidationError(
                        _(
                            "“Review Every” of the plan “%(plan)s” is a number of months from 1 to 12 (got %(value)s).",
                            plan=plan.name,
                            value=plan.review_interval_months,
                        )
                    )
            if plan.tier_id.company_id and plan.tier_id.company_id != plan.company_id:
                # a shared plan would review a tier of one company only
                raise ValidationError(
                    _("The tier of the plan “%s” belongs to another company: choose one of its own.", plan.name)
                )
            if not 0 <= plan.catch_up_days <= 366:
                raise ValidationError(
                    _(
                        "“Catch Up” of the plan “%(plan)s” is a number of days from 0 to 366 (got %(value)s).",
                        plan=plan.name,
                        value=plan.catch_up_days,
                    )
                )

    def action_open_touchpoints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_value.customer_value_touchpoint_action")
        action["domain"] = [("plan_id", "=", self.id)]
        return action
