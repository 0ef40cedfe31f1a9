from odoo import models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    def init(self):
        """Index the posted customer invoices and credit notes by company and customer, with
        every column a chunk's aggregation reads: its pass over the invoices is an
        index-only scan of one range of the index, whatever order the invoices were written
        in (an index that left out a column would fetch each invoice from the table)."""
        res = super().init()
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS account_move_customer_value_scan_index
                    ON account_move (company_id, commercial_partner_id, invoice_date)
                    INCLUDE (move_type, amount_untaxed_signed)
                 WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
                """
            )
        )
        return res
