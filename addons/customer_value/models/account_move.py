from odoo import models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    def init(self):
        """Index the posted customer invoices and credit notes by company and customer, with
        every column a chunk's aggregation reads: its pass over the invoices is an
        index-only scan of one range of the index, whatever order the invoices were written
        in (an index that left out a column would fetch each invoice from the table).
        The open ones are indexed apart, for the overdue receivables of each customer."""
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
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS account_move_customer_value_open_index
                    ON account_move (commercial_partner_id, invoice_date_due)
                    INCLUDE (company_id, amount_residual_signed)
                 WHERE state = 'posted' AND move_type = 'out_invoice' AND payment_state IN ('not_paid', 'partial')
                """
            )
        )
        return res
