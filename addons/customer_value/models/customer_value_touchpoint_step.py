import uuid

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerValueTouchpointStep(models.Model):
    """One step of a touchpoint plan: an activity (type, summary, note) whose deadline is
    ``offset_days`` after the occasion (the first invoice, the start of the review period,
    the birthday) and which is scheduled ``lead_days`` before it. Its ``code`` keys what
    was scheduled, so a step archived and restored, or deleted and loaded again with its
    code, never fires twice for the same customer and occasion."""

    _name = "customer.value.touchpoint.step"
    _description = "Touchpoint Step"
    _order = "plan_id, sequence, offset_days, id"

    plan_id = fields.Many2one("customer.value.touchpoint.plan", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    trigger = fields.Selection(related="plan_id.trigger")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Summary", required=True, translate=True)
    code = fields.Char(
        required=True,
        copy=False,
        default=lambda self: f"step_{uuid.uuid4().hex[:12]}",
        help="Technical key of the step: what it scheduled is remembered under it.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity",
        required=True,
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'customer.value')]",
    )
    note = fields.Html(translate=True, sanitize_style=True)
    offset_days = fields.Integer(
        string="Deadline (days)",
        required=True,
        default=0,
        help="Days from the occasion to the deadline: after the first invoice, after the start of the "
        "review period, or from the birthday (negative: before it).",
    )
    lead_days = fields.Integer(
        string="Scheduled Ahead (days)",
        required=True,
        default=0,
        help="The activity is scheduled this many days before its deadline.",
    )

    _sql_constraints = [
        ("company_code_uniq", "UNIQUE (company_id, code)", "Each touchpoint step of a company has its own code."),
    ]

    @api.constrains("offset_days", "lead_days")
    def _check_days(self):
        for step in self:
            if not -366 <= step.offset_days <= 3660:
                raise ValidationError(
                    _(
                        "“Deadline” of the step “%(step)s” is a number of days from -366 to 3660 (got %(value)s).",
                        step=step.name,
                        value=step.offset_days,
                    )
                )
            if not 0 <= step.lead_days <= 366:
                raise ValidationError(
                    _(
                        "“Scheduled Ahead” of the step “%(step)s” is a number of days from 0 to 366 (got %(value)s).",
                        step=step.name,
                        value=step.lead_days,
                    )
                )
