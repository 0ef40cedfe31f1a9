from odoo import Command, api, models


class LoyaltyTiersSaleDemo(models.AbstractModel):
    _name = "loyalty.tiers.sale.demo"
    _description = "Loyalty Membership on Sales Demo Data"

    @api.model
    def _load_demo(self):
        """A member's sale order earning Customer Club points, invoiced, and a credit note for
        half of it that took half of the points back. Loaded once."""
        program = self.env.ref("loyalty_tiers.loyalty_program_club_demo", raise_if_not_found=False)
        member = self.env.ref("base.res_partner_3")
        if not program or self.env["sale.order"].search_count(
            [("partner_id", "=", member.id), ("client_order_ref", "=", "CLUB-REFUND")]
        ):
            return
        product = self.env["product.product"].create(
            {
                "name": "Club Armchair",
                "type": "consu",
                "list_price": 1200,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": member.id,
                "client_order_ref": "CLUB-REFUND",
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "tax_id": []})],
            }
        )
        order._update_programs_and_rewards()
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        credit_note = invoice._reverse_moves([{"ref": "Armchair returned: one of two cushions was torn"}])
        credit_note.invoice_line_ids.price_unit = invoice.invoice_line_ids.price_unit / 2
        credit_note.action_post()
