from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerValueComplaintEscalationLevel(models.Model):
    """A rung of a team's escalation ladder (team leader, manager, director): once a
    complaint has breached its SLA, each level is notified, once, when the working hours
    of its delay have passed since the previous level."""

    _name = "customer.value.complaint.escalation.level"
    _description = "Complaint Escalation Level"
    _order = "team_id, sequence, id"

    team_id = fields.Many2one("customer.value.complaint.team", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    user_ids = fields.Many2many(
        "res.users",
        "customer_value_complaint_escalation_user_rel",
        string="Notify",
        domain="[('share', '=', False)]",
        help="Who this level notifies; when empty, the team leader.",
    )
    delay_hours = fields.Float(
        string="After (working hours)",
        default=0.0,
        help="Working hours, on the complaint's SLA calendar, between the previous level (or the breach, for the "
        "first level) and this one.",
    )

    @api.constrains("delay_hours")
    def _check_delay_hours(self):
        for level in self:
            if level.delay_hours < 0:
                raise ValidationError(
                    _(
                        "“After (working hours)” of the escalation level %(level)s cannot be negative (got "
                        "%(value)s): use 0 to notify at once.",
                        level=level.name,
                        value=level.delay_hours,
                    )
                )
