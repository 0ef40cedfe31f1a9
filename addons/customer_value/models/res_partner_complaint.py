# The complaints of a customer, beside its value fields (res_partner.py), one job per file:
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models

COMPLAINT_READERS = "customer_value.group_complaint_user"


class ResPartner(models.Model):
    """A customer's complaints on its form: a smart button with the open ones, for the
    staff who handle complaints."""

    _inherit = "res.partner"

    complaint_count = fields.Integer(string="Complaints", compute="_compute_complaint_counts", groups=COMPLAINT_READERS)
    open_complaint_count = fields.Integer(
        string="Unresolved Complaints", compute="_compute_complaint_counts", groups=COMPLAINT_READERS
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_counts(self):
        customers = self.commercial_partner_id
        groups = self.env["customer.value.complaint"]._read_group(
            [("partner_id", "in", customers.ids)], ["partner_id", "is_open"], ["__count"]
        )
        total, unresolved = {}, {}
        for customer, is_open, count in groups:
            total[customer] = total.get(customer, 0) + count
            if is_open:
                unresolved[customer] = count
        for partner in self:
            partner.complaint_count = total.get(partner.commercial_partner_id, 0)
            partner.open_complaint_count = unresolved.get(partner.commercial_partner_id, 0)

    def action_open_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_value.customer_value_complaint_action")
        customer = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id, "default_contact_id": self.id}
        return action
