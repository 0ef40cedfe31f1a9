from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_value_complaint import PRIORITIES


class CustomerValueComplaintSla(models.Model):
    """A service-level policy: how soon a complaint must be answered and resolved, in
    working hours of its calendar (public holidays, as the calendar's leaves, do not
    count). A complaint takes the first policy, by sequence, whose priority, customer
    tiers and categories all match it; an empty key matches anything."""

    _name = "customer.value.complaint.sla"
    _description = "Complaint SLA Policy"
    _order = "sequence, id"
    _check_company_domain = models.check_company_domain_parent_of  # branches use their parent's

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Policies are tried in this order; the first that matches applies.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to apply the policy in every company.")
    priority = fields.Selection(PRIORITIES, help="Leave empty to match every priority.")
    tier_ids = fields.Many2many(
        "customer.value.tier",
        "customer_value_complaint_sla_tier_rel",
        string="Customer Tiers",
        help="Leave empty to match customers of any tier, or none.",
    )
    category_ids = fields.Many2many(
        "customer.value.complaint.category",
        "customer_value_complaint_sla_category_rel",
        string="Categories",
        help="Leave empty to match every category.",
    )
    response_hours = fields.Float(
        string="Respond Within (working hours)",
        required=True,
        help="Working hours from the complaint's arrival to the first answer to the customer.",
    )
    resolution_hours = fields.Float(
        string="Resolve Within (working hours)",
        required=True,
        help="Working hours from the complaint's arrival to its resolution; the time spent waiting for the "
        "customer does not count.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="The hours the clock runs; its time off without a resource (public holidays) stops it too.",
    )

    @api.constrains("response_hours", "resolution_hours")
    def _check_targets(self):
        for policy in self:
            for fname in ("response_hours", "resolution_hours"):
                if policy[fname] <= 0:
                    raise ValidationError(
                        _(
                            "“%(field)s” of the SLA policy %(policy)s must be a positive number of hours (got "
                            "%(value)s).",
                            field=policy._fields[fname].get_description(self.env)["string"],
                            policy=policy.name,
                            value=policy[fname],
                        )
                    )
            if policy.response_hours > policy.resolution_hours:
                raise ValidationError(
                    _(
                        "The SLA policy %(policy)s gives more time to respond (%(response)s h) than to resolve "
                        "(%(resolution)s h): a complaint is answered before it is resolved.",
                        policy=policy.name,
                        response=policy.response_hours,
                        resolution=policy.resolution_hours,
                    )
                )

    @api.constrains("calendar_id")
    def _check_calendar(self):
        for policy in self:
            calendar = policy.calendar_id
            if calendar.flexible_hours or not calendar.attendance_ids:
                raise ValidationError(
                    _(
                        "The working hours “%(calendar)s” of the SLA policy %(policy)s set no working time, so its "
                        "clock would never run: choose a calendar with attendances, or add them.",
                        calendar=calendar.display_name,
                        policy=policy.name,
                    )
                )

    def _matches(self, complaint):
        self.ensure_one()
        return (
            (not self.priority or self.priority == complaint.priority)
            and (not self.tier_ids or complaint.tier_id in self.tier_ids)
            and (not self.category_ids or complaint.category_id in self.category_ids)
        )

    @api.model
    def _policy_for(self, complaint):
        """The first policy of the complaint's company, its parents (for a branch) or of all
        companies that matches it."""
        policies = self.search(["|", ("company_id", "=", False), ("company_id", "parent_of", complaint.company_id.id)])
        return next((policy for policy in policies if policy._matches(complaint)), self.browse())
