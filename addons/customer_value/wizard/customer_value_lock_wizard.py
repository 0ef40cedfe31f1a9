from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerValueLockWizard(models.TransientModel):
    """Hold customers at a tier until a date (e.g. a strategic partner), with a reason."""

    _name = "customer.value.lock.wizard"
    _description = "Lock Customer Value Tier"

    value_ids = fields.Many2many("customer.value", string="Customers", required=True)
    tier_id = fields.Many2one("customer.value.tier", required=True)
    reason = fields.Char(required=True, help="Why this tier holds whatever the figures say, e.g. strategic partner.")
    lock_until = fields.Date(string="Until", required=True)

    @api.constrains("lock_until")
    def _check_lock_until(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.lock_until <= today:
                raise ValidationError(_("A tier lock must end after today: pick a later “Until” date."))

    @api.constrains("tier_id", "value_ids")
    def _check_tier_company(self):
        for wizard in self:
            company = wizard.tier_id.company_id
            if company and wizard.value_ids.company_id - company:
                raise ValidationError(
                    _(
                        "Tier %(tier)s belongs to %(company)s only: pick a tier of the customers' company.",
                        tier=wizard.tier_id.name,
                        company=company.name,
                    )
                )

    def action_lock(self):
        self.ensure_one()
        self.value_ids._check_manager()
        self.value_ids._lock_tier(self.tier_id, self.reason, self.lock_until)
        return {"type": "ir.actions.act_window_close"}
