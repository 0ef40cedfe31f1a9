from odoo import models
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Keep the customer value history of merged partners.

    Odoo's merge moves every reference to the surviving partner, and deletes the rows it
    cannot move (a second value record of the same company would break its uniqueness),
    which would delete the tier history and review snapshots with them. Before that, move
    them to the surviving partner's value record in each company.
    """

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        self._merge_customer_values(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _merge_customer_values(self, src_partners, dst_partner):
        Value = self.env["customer.value"].sudo().with_context(active_test=False)
        self.env.flush_all()
        for source in Value.search([("partner_id", "in", src_partners.ids)]):
            target = Value.search([("partner_id", "=", dst_partner.id), ("company_id", "=", source.company_id.id)])
            if not target:
                # the surviving partner has no record in this company: it takes this one over
                source.partner_id = dst_partner
                continue
            self._move_customer_value(source, target)
        self.env.invalidate_all()

    def _move_customer_value(self, source, target):
        """Move the history, snapshots and notes of ``source`` to ``target`` and delete it
        (the next run aggregates the merged invoices on the surviving partner)."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "UPDATE customer_value_tier_history SET value_id = %s, partner_id = %s WHERE value_id = %s",
                target.id,
                target.partner_id.id,
                source.id,
            )
        )
        # a review that kept both customers: one customer now, whose revenue adds up
        cr.execute(
            SQL(
                """
                UPDATE customer_value_snapshot t SET monetary = COALESCE(t.monetary, 0) + COALESCE(s.monetary, 0)
                  FROM customer_value_snapshot s
                 WHERE s.value_id = %(source)s AND t.value_id = %(target)s AND t.run_id = s.run_id
                """,
                source=source.id,
                target=target.id,
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE customer_value_snapshot s SET value_id = %(target)s, partner_id = %(partner)s
                 WHERE s.value_id = %(source)s
                   AND NOT EXISTS (SELECT 1 FROM customer_value_snapshot t
                                    WHERE t.value_id = %(target)s AND t.run_id = s.run_id)
                """,
                source=source.id,
                target=target.id,
                partner=target.partner_id.id,
            )
        )
        cr.execute(
            SQL(
                "UPDATE mail_message SET res_id = %s WHERE model = 'customer.value' AND res_id = %s",
                target.id,
                source.id,
            )
        )
        self.env.invalidate_all()
        source.unlink()
