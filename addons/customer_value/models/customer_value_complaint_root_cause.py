from odoo import fields, models


class CustomerValueComplaintRootCause(models.Model):
    """Why the problem happened, as the diagnosis finds it (a product defect, a late
    carrier, a process gap ...). Diagnosing a complaint needs one; the Pareto of root
    causes shows the few that make most complaints, and so what to fix first."""

    _name = "customer.value.complaint.root.cause"
    _description = "Complaint Root Cause"
    _order = "sequence, id"
    _check_company_domain = models.check_company_domain_parent_of  # branches use their parent's

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", help="Leave empty to use the root cause in every company.")
