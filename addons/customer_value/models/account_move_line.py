from odoo import models
from odoo.tools import SQL


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def init(self):
        """Index the posted product lines by customer (the commercial partner) and date, with
        what the product categories of a chunk need: an index-only scan of one range."""
        res = super().init()
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS account_move_line_customer_value_index
                    ON account_move_line (partner_id, date)
                    INCLUDE (product_id, balance, journal_id, company_id)
                 WHERE display_type = 'product' AND parent_state = 'posted'
                """
            )
        )
        return res
