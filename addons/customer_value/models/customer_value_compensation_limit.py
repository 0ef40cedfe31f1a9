from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerValueCompensationLimit(models.Model):
    """The most a complaint's compensation may cost, in a company, for customers of a
    tier (or without a tier), before a complaint manager must approve it. Without a limit
    for the customer's tier, every compensation with a cost needs the approval."""

    _name = "customer.value.compensation.limit"
    _description = "Compensation Approval Limit"
    _order = "company_id, tier_id"

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    tier_id = fields.Many2one(
        "customer.value.tier", string="Customer Tier", help="Leave empty for the customers without a tier."
    )
    amount = fields.Monetary(
        string="Approve Above", required=True, help="Compensations costing more need a complaint manager's approval."
    )

    _sql_constraints = [
        ("tier_company_uniq", "UNIQUE NULLS NOT DISTINCT (company_id, tier_id)", "A tier has one limit per company.")
    ]

    @api.constrains("amount")
    def _check_amount(self):
        for limit in self:
            if limit.amount < 0:
                raise ValidationError(
                    _(
                        "“Approve Above” of the compensation limit for %(tier)s cannot be negative (got %(amount)s): "
                        "use 0 to have every compensation approved.",
                        tier=limit.tier_id.name or _("customers without a tier"),
                        amount=limit.amount,
                    )
                )

    @api.model
    def _limit_for(self, company, tier):
        """The limit in ``company`` for a customer of ``tier``, or None without one."""
        limit = self.search([("company_id", "=", company.id), ("tier_id", "=", tier.id or False)], limit=1)
        return limit.amount if limit else None
