from odoo import _, api, fields, models


class CustomerValueMigrationLine(models.TransientModel):
    """One cell of the tier migration matrix: customers that went from one tier to another."""

    _name = "customer.value.migration.line"
    _inherit = ["customer.value.currency.mixin"]
    _description = "Tier Migration Line"
    _order = "from_tier_id, to_tier_id"

    wizard_id = fields.Many2one("customer.value.migration.wizard", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="wizard_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    from_tier_id = fields.Many2one("customer.value.tier", string="Tier Before")
    to_tier_id = fields.Many2one("customer.value.tier", string="Tier After")
    movement = fields.Selection(
        [("up", "Upgraded"), ("same", "Unchanged"), ("down", "Downgraded"), ("new", "New"), ("gone", "Gone")],
        compute="_compute_movement",
        store=True,
    )
    customer_count = fields.Integer(string="Customers")
    from_revenue = fields.Monetary(string="Revenue Before")
    to_revenue = fields.Monetary(string="Revenue After")

    @api.depends("from_tier_id", "to_tier_id")
    def _compute_movement(self):
        for line in self:
            before, after = line.from_tier_id, line.to_tier_id
            if not before:
                line.movement = "new"
            elif not after:
                line.movement = "gone"
            elif before == after:
                line.movement = "same"
            else:
                rank = (before.sequence, before.id) > (after.sequence, after.id)
                line.movement = "up" if rank else "down"

    def action_open_customers(self):
        """The customers of this cell: their tier at each review is the cell's."""
        self.ensure_one()
        wizard = self.wizard_id

        def held(run, tier):
            if tier:
                return [("snapshot_ids", "any", [("run_id", "=", run.id), ("tier_id", "=", tier.id)])]
            return [("snapshot_ids", "not any", [("run_id", "=", run.id), ("tier_id", "!=", False)])]

        return {
            "type": "ir.actions.act_window",
            "name": _(
                "%(before)s → %(after)s",
                before=self.from_tier_id.name or _("New"),
                after=self.to_tier_id.name or _("Gone"),
            ),
            "res_model": "customer.value",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [
                ("company_id", "=", wizard.company_id.id),
                *held(wizard.from_run_id, self.from_tier_id),
                *held(wizard.to_run_id, self.to_tier_id),
            ],
            "context": {"active_test": False},
        }
