from odoo import models
from odoo.tools import float_is_zero


class AccountMove(models.Model):
    """A posted credit note takes back the points its invoice's orders earned, in proportion
    to the amount refunded, and gives back the points they redeemed."""

    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        for refund in posted.filtered(lambda move: move.move_type == "out_refund" and move.reversed_entry_id):
            refund._take_back_loyalty_points()
        return posted

    def _take_back_loyalty_points(self):
        invoice = self.reversed_entry_id
        if float_is_zero(invoice.amount_untaxed, precision_rounding=invoice.currency_id.rounding):
            return
        ratio = min(self.amount_untaxed / invoice.amount_untaxed, 1.0)
        History = self.env["loyalty.history"].sudo()
        for order in invoice.invoice_line_ids.sale_line_ids.order_id:
            History._take_back_order(order._name, order.id, ratio, self)
