from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_date


class CustomerValueLockWizard(models.TransientModel):
    """Hold customers at least at a tier until a date (e.g. a strategic partner), with a reason."""

    _name = "customer.value.lock.wizard"
    _description = "Lock Customer Value Tier"

    value_ids = fields.Many2many("customer.value", string="Customers", required=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id", store=True)
    tier_id = fields.Many2one(
        "customer.value.tier",
        required=True,
        domain="[('company_id', 'in', [company_id, False])]",
        help="The customers stay at least at this tier; their figures can still move them higher.",
    )
    reason = fields.Char(required=True, help="Why this tier holds whatever the figures say, e.g. strategic partner.")
    lock_until = fields.Date(string="Until", required=True)

    @api.depends("value_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.value_ids[:1].company_id

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # Check the customers as given, not as the record rules let the wizard read them:
        # a customer of a company the user may not see is refused, not silently skipped.
        field = self._fields["value_ids"]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM %s WHERE %s IN %s",
                SQL.identifier(field.column2),
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
                tuple(wizards.ids),
            )
        )
        self.env["customer.value"].browse(row[0] for row in self.env.cr.fetchall()).check_access("read")
        return wizards

    @api.constrains("lock_until")
    def _check_lock_until(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.lock_until <= today:
                raise ValidationError(_("A tier lock must end after today: pick a later “Until” date."))

    @api.constrains("reason")
    def _check_reason(self):
        for wizard in self:
            if not (wizard.reason or "").strip():
                raise ValidationError(_("Give the reason for the lock (“Reason”), e.g. strategic partner."))

    @api.constrains("tier_id", "value_ids")
    def _check_tier(self):
        for wizard in self:
            if len(wizard.value_ids.company_id) > 1:
                raise ValidationError(_("Lock the customers of one company at a time."))
            tier = wizard.tier_id
            if not tier.active:
                raise ValidationError(
                    _("Tier %s is archived: pick an active tier (“Tier”) or restore this one first.", tier.name)
                )
            if tier.company_id and wizard.value_ids.company_id - tier.company_id:
                raise ValidationError(
                    _(
                        "Tier %(tier)s belongs to %(company)s only: pick a tier of the customers' company (“Tier”).",
                        tier=tier.name,
                        company=tier.company_id.name,
                    )
                )

    def action_lock(self):
        self.ensure_one()
        self.value_ids._check_manager()
        self.value_ids._lock_tier(self.tier_id, self.reason.strip(), self.lock_until)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s customer(s) locked at %(tier)s until %(date)s.",
                    count=len(self.value_ids),
                    tier=self.tier_id.name,
                    date=format_date(self.env, self.lock_until),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
