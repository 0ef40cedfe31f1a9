from odoo import api, fields, models


class CustomerValueMigrationLine(models.TransientModel):
    """One cell of the tier migration matrix: customers that went from one tier to another."""

    _name = "customer.value.migration.line"
    _description = "Tier Migration Line"
    _order = "from_tier_id, to_tier_id"

    wizard_id = fields.Many2one("customer.value.migration.wizard", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="wizard_id.company_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
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
