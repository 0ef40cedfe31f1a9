from odoo import fields, models


class CustomerValueComplaintReasonWizard(models.TransientModel):
    """Asks why, before a complaint waits for the customer or is reopened: both are on
    record with their reason."""

    _name = "customer.value.complaint.reason.wizard"
    _description = "Reason for a Complaint's Pause or Reopening"

    complaint_id = fields.Many2one("customer.value.complaint", required=True, ondelete="cascade")
    purpose = fields.Selection([("pause", "Wait for the Customer"), ("reopen", "Reopen")], required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id.check_access("write")
        if self.purpose == "pause":
            self.complaint_id._pause_clock(self.reason)
        else:
            self.complaint_id._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
