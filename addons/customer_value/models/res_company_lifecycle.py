# The lifecycle rules beside the value settings of res_company.py, one job per file:
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, fields, models

from .res_company import MAX_DAYS


class ResCompany(models.Model):
    """The rules that give each customer of a company its lifecycle stage (see
    ``tools/lifecycle.py`` for the order in which they are tried)."""

    _inherit = "res.company"

    lifecycle_new_days = fields.Integer(
        string="New For (days)",
        default=90,
        help="A customer is new for this many days after its first invoice, and won back for as long "
        "after its first invoice since it churned.",
    )
    lifecycle_mature_days = fields.Integer(
        string="Mature After (days)",
        default=365,
        help="A customer whose first invoice is this many days old is mature, unless it is growing or declining.",
    )
    lifecycle_churned_days = fields.Integer(
        string="Churned After (days)",
        default=365,
        help="A customer without an invoice for this many days has churned.",
    )
    lifecycle_growth_percent = fields.Float(
        string="Growing From (%)",
        default=20.0,
        help="A mature customer whose revenue trend reaches this is in growth again.",
    )
    lifecycle_decline_percent = fields.Float(
        string="Declining From (% less)",
        default=25.0,
        help="A customer whose revenue fell by this much or more against the period before is declining.",
    )

    @api.constrains(
        "lifecycle_new_days",
        "lifecycle_mature_days",
        "lifecycle_churned_days",
        "lifecycle_growth_percent",
        "lifecycle_decline_percent",
    )
    def _check_customer_value_lifecycle(self):
        for company in self:
            for fname in ("lifecycle_new_days", "lifecycle_mature_days", "lifecycle_churned_days"):
                if not 1 <= company[fname] <= MAX_DAYS:
                    raise company._customer_value_refusal(
                        fname,
                        _("“%(field)s” of %(company)s must lie between %(low)s and %(high)s (got %(value)s)."),
                        low=1,
                        high=MAX_DAYS,
                    )
            if company.lifecycle_mature_days <= company.lifecycle_new_days:
                raise company._customer_value_refusal(
                    "lifecycle_mature_days",
                    _("“%(field)s” of %(company)s must be more than “%(new)s” (%(limit)s), got %(value)s."),
                    new=company._customer_value_label("lifecycle_new_days"),
                    limit=company.lifecycle_new_days,
                )
            # a revenue can grow without bound, but fall by 100 % at most
            for fname, high in (("lifecycle_growth_percent", 1000), ("lifecycle_decline_percent", 100)):
                company._check_customer_value_number(fname)
                if not 0 < company[fname] <= high:
                    raise company._customer_value_refusal(
                        fname,
                        _("“%(field)s” of %(company)s is a percentage above 0 and at most %(high)s (got %(value)s)."),
                        high=high,
                    )

    def _customer_value_lifecycle_rules(self):
        self.ensure_one()
        return {
            "new_days": self.lifecycle_new_days,
            "mature_days": self.lifecycle_mature_days,
            "churned_days": self.lifecycle_churned_days,
            "growth_percent": self.lifecycle_growth_percent,
            "decline_percent": self.lifecycle_decline_percent,
        }
