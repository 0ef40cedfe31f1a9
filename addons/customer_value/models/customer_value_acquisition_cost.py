from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerValueAcquisitionCost(models.Model):
    """What winning new customers cost in a period, where it is not booked on the company's
    acquisition cost accounts (a campaign paid by another company, an estimate): the KPIs add
    it to the posted balance of those accounts."""

    _name = "customer.value.acquisition.cost"
    _description = "Customer Acquisition Cost"
    _order = "date desc, id desc"

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="The cost counts in the KPI period (month or quarter) holding this day.",
    )
    amount = fields.Monetary(required=True, help="In the company's currency.")
    name = fields.Char(string="Description", required=True)

    @api.constrains("amount")
    def _check_amount(self):
        for cost in self:
            if cost.amount < 0:
                raise ValidationError(
                    _("The acquisition cost %(name)s must be zero or more, not %(amount)s.")
                    % {"name": cost.name, "amount": cost.amount}
                )
