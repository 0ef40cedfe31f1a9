from odoo import fields, models

from .customer_value_health import HEALTH_BANDS

EVENTS = [("band", "Band Change"), ("drop", "Large Drop"), ("rise", "Large Rise")]


class CustomerValueHealthHistory(models.Model):
    """One dated move of a customer's health: a change of band, or a move of more points
    than the churn warning's drop (Settings) within a band, with the score before and
    after. A customer's first health score is no move: its record dates it."""

    _name = "customer.value.health.history"
    _inherit = ["customer.value.history.mixin"]
    _description = "Customer Health History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # rows are written once, in bulk, by the runs (see customer.value.tier.history)
    _log_access = False

    event = fields.Selection(EVENTS, required=True)
    from_band = fields.Selection(HEALTH_BANDS, string="Band Before")
    to_band = fields.Selection(HEALTH_BANDS, string="Band After", required=True)
    from_score = fields.Float(string="Score Before", digits=(16, 1), aggregator="avg")
    to_score = fields.Float(string="Score After", digits=(16, 1), aggregator="avg")
    change = fields.Float(digits=(16, 1), aggregator="avg", help="Points gained (negative: lost).")
