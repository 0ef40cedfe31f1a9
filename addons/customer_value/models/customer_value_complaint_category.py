from odoo import fields, models


class CustomerValueComplaintCategory(models.Model):
    """What a complaint is about, as the customer tells it (delivery, product quality,
    billing ...): known when the complaint arrives, and one of the keys the SLA
    policies match on."""

    _name = "customer.value.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, id"
    _check_company_domain = models.check_company_domain_parent_of  # branches use their parent's

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", help="Leave empty to use the category in every company.")
