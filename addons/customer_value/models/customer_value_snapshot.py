from odoo import api, fields, models
from odoo.tools import SQL

from .customer_value import ABC_CLASSES, QUADRANTS, RFM_SEGMENTS


class CustomerValueSnapshot(models.Model):
    """A customer's tier and figures at one tier review; the migration report compares two."""

    _name = "customer.value.snapshot"
    _inherit = ["customer.value.currency.mixin"]
    _description = "Customer Value Snapshot"
    _order = "run_id desc, id"
    _rec_name = "partner_id"
    # rows are written once, in bulk, by the review: no creation and update stamps (see
    # customer.value.tier.history)
    _log_access = False

    run_id = fields.Many2one("customer.value.run", string="Review", required=True, index=True, ondelete="cascade")
    date = fields.Date(related="run_id.date", store=True)
    value_id = fields.Many2one("customer.value", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    tier_id = fields.Many2one("customer.value.tier")
    tier_color = fields.Integer(related="tier_id.color")
    value_score = fields.Float(aggregator="avg")
    monetary = fields.Monetary(
        string="Revenue in Window",
        aggregator=False,
        help="Net revenue of the RFM window up to the review: windows of two reviews overlap, so they are not added.",
    )
    period_revenue = fields.Monetary(
        string="Revenue of the Period",
        help="Net revenue of the trend period before the review (90 days by default, a quarter): "
        "the revenue a review adds to the year.",
    )
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Segment")
    abc_class = fields.Selection(ABC_CLASSES, string="ABC Class")
    quadrant = fields.Selection(QUADRANTS, string="Value x Potential")

    _sql_constraints = [
        ("run_value_uniq", "UNIQUE (run_id, value_id)", "A customer has one snapshot per review."),
    ]

    @api.model
    def _run_step_snapshot(self, run):
        """Keep every active customer's tier and figures at this review, for the migration
        report (repeatable: a customer already kept is left alone)."""
        self.env["customer.value"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_value_snapshot
                       (run_id, date, value_id, partner_id, company_id, currency_id, tier_id, value_score,
                        monetary, period_revenue, rfm_segment, abc_class, quadrant)
                SELECT %(run)s, %(date)s, id, partner_id, company_id, currency_id, tier_id, value_score,
                       monetary, revenue_last_period, rfm_segment, abc_class, quadrant
                  FROM customer_value
                 WHERE company_id = %(company)s AND active
                    ON CONFLICT (run_id, value_id) DO NOTHING
                """,
                run=run.id,
                date=run.date,
                company=run.company_id.id,
            )
        )
        self.invalidate_model()
        return True
