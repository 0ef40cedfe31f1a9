from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_date


class CustomerValueMigrationWizard(models.TransientModel):
    """Tier migration between two tier reviews of a company: who moved from which tier to
    which. :meth:`action_show` counts the cells and opens the matrix (a client action)."""

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
            "type": "ir.actions.client",
            "tag": "customer_value.tier_migration",
            "name": _("Tier Migration"),
            "params": {"wizard_id": self.id},
        }

    def get_matrix(self):
        """The matrix for the client action: rows (tiers before, then "New"), columns (tiers
        after, then "Gone"), and the cells by ``"<row tier id>-<column tier id>"`` (0: none)."""
        self.ensure_one()
        tiers = self.env["customer.value.tier"].with_context(active_test=False)
        used = (self.line_ids.from_tier_id | self.line_ids.to_tier_id | tiers._for_company(self.company_id)).sorted()

        def axis(extra_label):
            return [{"id": tier.id, "name": tier.name, "color": tier.color} for tier in used] + [
                {"id": False, "name": extra_label, "color": 0}
            ]

        cells, row_totals, col_totals = {}, {}, {}
        for line in self.line_ids:
            row, col = line.from_tier_id.id or 0, line.to_tier_id.id or 0
            cells[f"{row}-{col}"] = {
                "line_id": line.id,
                "count": line.customer_count,
                "from_revenue": line.from_revenue,
                "to_revenue": line.to_revenue,
                "movement": line.movement,
            }
            row_totals[row] = row_totals.get(row, 0) + line.customer_count
            col_totals[col] = col_totals.get(col, 0) + line.customer_count
        return {
            "company": self.company_id.name,
            "currency_id": self.company_id.currency_id.id,
            "from_label": format_date(self.env, self.from_run_id.date),
            "to_label": format_date(self.env, self.to_run_id.date),
            "rows": axis(_("New")),
            "cols": axis(_("Gone")),
            "cells": cells,
            "row_totals": row_totals,
            "col_totals": col_totals,
            "total": sum(row_totals.values()),
        }
