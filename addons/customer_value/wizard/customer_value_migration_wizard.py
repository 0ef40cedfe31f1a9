from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CustomerValueMigrationWizard(models.TransientModel):
    """Tier migration between two tier reviews of a company: who moved from which tier to which."""

    _name = "customer.value.migration.wizard"
    _description = "Tier Migration Report"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    from_run_id = fields.Many2one(
        "customer.value.run",
        string="From Review",
        required=True,
        domain="[('company_id', '=', company_id), ('run_type', '=', 'review'), ('state', '=', 'done')]",
        default=lambda self: self._default_runs()[1:2],
    )
    to_run_id = fields.Many2one(
        "customer.value.run",
        string="To Review",
        required=True,
        domain="[('company_id', '=', company_id), ('run_type', '=', 'review'), ('state', '=', 'done')]",
        default=lambda self: self._default_runs()[:1],
    )
    line_ids = fields.One2many("customer.value.migration.line", "wizard_id")

    def _default_runs(self):
        return self.env["customer.value.run"].search(
            [("company_id", "=", self.env.company.id), ("run_type", "=", "review"), ("state", "=", "done")],
            order="date desc",
            limit=2,
        )

    @api.constrains("from_run_id", "to_run_id", "company_id")
    def _check_runs(self):
        for wizard in self:
            if (wizard.from_run_id | wizard.to_run_id).company_id != wizard.company_id:
                raise ValidationError(_("Both reviews must belong to %s.", wizard.company_id.name))
            if wizard.from_run_id.date >= wizard.to_run_id.date:
                raise ValidationError(_("“From Review” must be an earlier review than “To Review”."))

    def action_show(self):
        """Count customers and revenue for each (tier before, tier after) pair and open the matrix."""
        self.ensure_one()
        self.line_ids.unlink()
        self.env["customer.value.snapshot"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT a.tier_id, b.tier_id, COUNT(*), COALESCE(SUM(a.monetary), 0), COALESCE(SUM(b.monetary), 0)
                  FROM (SELECT * FROM customer_value_snapshot WHERE run_id = %(old)s) a
                  FULL OUTER JOIN (SELECT * FROM customer_value_snapshot WHERE run_id = %(new)s) b
                    ON a.value_id = b.value_id
                 GROUP BY a.tier_id, b.tier_id
                """,
                old=self.from_run_id.id,
                new=self.to_run_id.id,
            )
        )
        self.env["customer.value.migration.line"].create(
            [
                {
                    "wizard_id": self.id,
                    "from_tier_id": from_tier,
                    "to_tier_id": to_tier,
                    "customer_count": count,
                    "from_revenue": from_revenue,
                    "to_revenue": to_revenue,
                }
                for from_tier, to_tier, count, from_revenue, to_revenue in self.env.cr.fetchall()
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Tier Migration: %(old)s → %(new)s", old=self.from_run_id.date, new=self.to_run_id.date),
            "res_model": "customer.value.migration.line",
            "view_mode": "pivot,list",
            "domain": [("wizard_id", "=", self.id)],
            "context": {"search_default_wizard_id": self.id},
        }
