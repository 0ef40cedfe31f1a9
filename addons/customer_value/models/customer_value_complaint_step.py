from odoo import api, fields, models

from .customer_value_complaint import STAGES


class CustomerValueComplaintStep(models.Model):
    """A complaint's stay in one step of the closed loop, from entering it to leaving it:
    the time spent in each step, and every reopening with its reason, for the record."""

    _name = "customer.value.complaint.step"
    _description = "Complaint Step"
    _order = "entered_on desc, id desc"
    _rec_name = "stage"

    complaint_id = fields.Many2one("customer.value.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    team_id = fields.Many2one(related="complaint_id.team_id", store=True)
    priority = fields.Selection(related="complaint_id.priority", store=True)
    stage = fields.Selection(STAGES, string="Step", required=True, readonly=True)
    entered_on = fields.Datetime(required=True, readonly=True)
    left_on = fields.Datetime(readonly=True)
    user_id = fields.Many2one("res.users", string="Moved By", required=True, readonly=True)
    is_reopening = fields.Boolean(string="Reopening", readonly=True, help="The complaint came back to this step.")
    reason = fields.Text(readonly=True, help="Why the complaint was reopened.")
    duration_hours = fields.Float(
        string="Hours in Step", compute="_compute_duration_hours", store=True, aggregator="avg"
    )

    @api.depends("entered_on", "left_on")
    def _compute_duration_hours(self):
        for step in self:
            step.duration_hours = (
                (step.left_on - step.entered_on).total_seconds() / 3600 if step.left_on and step.entered_on else 0.0
            )
