from odoo import fields, models


class CustomerValueComplaintPause(models.Model):
    """A stretch of time the SLA clock of a complaint stood still: waiting for the customer
    (who parked it and why, who resumed it), or resolved until it was reopened (who reopened
    it and why); and the working hours it did not count. Every pause is kept, so a
    complaint parked to save the SLA shows."""

    _name = "customer.value.complaint.pause"
    _description = "Complaint SLA Pause"
    _order = "start desc, id desc"
    _rec_name = "complaint_id"

    complaint_id = fields.Many2one("customer.value.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    team_id = fields.Many2one(related="complaint_id.team_id", store=True)
    priority = fields.Selection(related="complaint_id.priority", store=True)
    kind = fields.Selection(
        [("waiting", "Waiting for Customer"), ("resolved", "Resolved until Reopened")],
        required=True,
        default="waiting",
        readonly=True,
    )
    start = fields.Datetime(string="Paused On", required=True, readonly=True)
    end = fields.Datetime(string="Resumed On", readonly=True)
    user_id = fields.Many2one("res.users", string="Paused By", required=True, readonly=True)
    resumed_by_id = fields.Many2one("res.users", readonly=True)
    reason = fields.Text(required=True, readonly=True)
    working_hours = fields.Float(
        string="Working Hours Not Counted",
        readonly=True,
        aggregator="sum",
        help="The working hours of the SLA calendar within the pause, set when it ends.",
    )
