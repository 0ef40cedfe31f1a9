from odoo import fields, models


class CustomerValueCohort(models.Model):
    """One cell of the cohort table: of the customers whose first invoice fell in a period
    (the cohort), how many bought again so many periods later. Rewritten by each run's KPI
    step (see ``customer.value.kpi``)."""

    _name = "customer.value.cohort"
    _description = "Customer Cohort Retention"
    _order = "company_id, cohort_date, period_number"
    _rec_name = "cohort_date"
    _log_access = False  # written in bulk by the run, never by hand

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    cohort_date = fields.Date(string="Cohort", required=True, readonly=True, help="The first invoice's period.")
    period_number = fields.Integer(
        string="Period No.",
        required=True,
        readonly=True,
        aggregator=None,
        help="1 is the cohort's own period, 2 the one after, and so on.",
    )
    cohort_size = fields.Integer(string="Cohort Customers", readonly=True, aggregator="max")
    active_customers = fields.Integer(string="Customers Buying", readonly=True)
    retention_rate = fields.Float(
        string="Retention (%)", readonly=True, aggregator="avg", help="Customers buying in the period, of the cohort."
    )
    churn_rate = fields.Float(string="Churn (%)", readonly=True, aggregator="avg")
