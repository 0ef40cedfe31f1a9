# What falls due, beside the touchpoints it becomes (customer_value_touchpoint.py):
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import models
from odoo.tools import SQL


class CustomerValueTouchpoint(models.Model):
    """The touchpoints due on a run's date, one query per plan trigger, method
    ``_due_<trigger>(run, steps)``: another addon adds a trigger with ``selection_add`` on
    the plan and a method of that name. Each query gives ``value_id``, ``contact_id``,
    ``step_id``, ``occasion`` (text) and ``deadline`` (date) of every step in its window,
    already scheduled or not."""

    _inherit = "customer.value.touchpoint"

    def _due_window(self, run, deadline, last_day):
        """SQL: the run's date lies between the step's lead days before ``deadline`` and
        ``last_day``."""
        return SQL("%s BETWEEN %s - s.lead_days AND %s", run.date, deadline, last_day)

    def _due_activation(self, run, steps):
        """Each step of an activation plan once per customer, counted from its first invoice."""
        deadline = SQL("v.first_invoice_date + s.offset_days")
        # the first invoices any step can be due for, so that only new customers are joined
        earliest = run.date - timedelta(days=max(step.offset_days + step.plan_id.catch_up_days for step in steps))
        latest = run.date - timedelta(days=min(step.offset_days - step.lead_days for step in steps))
        return SQL(
            """
            SELECT v.id AS value_id, v.partner_id AS contact_id, s.id AS step_id,
                   v.first_invoice_date::text AS occasion, %(deadline)s AS deadline
              FROM customer_value v
              JOIN customer_value_touchpoint_step s ON s.id = ANY(%(steps)s)
              JOIN customer_value_touchpoint_plan p ON p.id = s.plan_id
             WHERE v.company_id = %(company)s AND v.active
               AND v.first_invoice_date BETWEEN %(earliest)s AND %(latest)s
               AND %(window)s
            """,
            deadline=deadline,
            earliest=earliest,
            latest=latest,
            steps=steps.ids,
            company=run.company_id.id,
            window=self._due_window(run, deadline, SQL("%s + p.catch_up_days", deadline)),
        )

    def _due_tier_review(self, run, steps):
        """Each step of a review plan once per review period (of the plan's months, from
        January) for the customers in the plan's tier, counted from the period's first
        day; a customer who reaches the tier during the period is reviewed in it too."""
        start = SQL(
            "make_date(%(year)s, (%(month)s - 1) / p.review_interval_months * p.review_interval_months + 1, 1)",
            year=run.date.year,
            month=run.date.month,
        )
        deadline = SQL("(%s + s.offset_days)", start)
        period_end = SQL("(%s + make_interval(months => p.review_interval_months) - INTERVAL '1 day')::date", start)
        return SQL(
            """
            SELECT v.id AS value_id, v.partner_id AS contact_id, s.id AS step_id,
                   %(start)s::text AS occasion, %(deadline)s AS deadline
              FROM customer_value v
              JOIN customer_value_touchpoint_step s ON s.id = ANY(%(steps)s)
              JOIN customer_value_touchpoint_plan p ON p.id = s.plan_id AND p.tier_id = v.tier_id
             WHERE v.company_id = %(company)s AND v.active
               AND %(window)s
            """,
            start=start,
            deadline=deadline,
            steps=steps.ids,
            company=run.company_id.id,
            window=self._due_window(run, deadline, SQL("GREATEST(%s, %s)", deadline, period_end)),
        )

    def _due_birthday(self, run, steps):
        """Each step of a birthday plan once a year per contact with a birth date (the
        customer itself or one of its contacts), counted from the birthday; one born on
        29 February has it on the 28th in other years."""
        birthday = SQL(
            """(make_date(y.year, EXTRACT(MONTH FROM c.birthdate)::int, 1)
                + (LEAST(EXTRACT(DAY FROM c.birthdate)::int,
                         EXTRACT(DAY FROM make_date(y.year, EXTRACT(MONTH FROM c.birthdate)::int, 1)
                                          + INTERVAL '1 month' - INTERVAL '1 day')::int) - 1))"""
        )
        deadline = SQL("(%s + s.offset_days)", birthday)
        return SQL(
            """
            SELECT v.id AS value_id, c.id AS contact_id, s.id AS step_id,
                   y.year::text AS occasion, %(deadline)s AS deadline
              FROM res_partner c
              JOIN customer_value v ON v.partner_id = c.commercial_partner_id
                                   AND v.company_id = %(company)s AND v.active
              CROSS JOIN (VALUES (%(year)s - 1), (%(year)s), (%(year)s + 1)) AS y(year)
              JOIN customer_value_touchpoint_step s ON s.id = ANY(%(steps)s)
              JOIN customer_value_touchpoint_plan p ON p.id = s.plan_id
             WHERE c.active AND c.birthdate IS NOT NULL
               AND %(window)s
            """,
            deadline=deadline,
            company=run.company_id.id,
            year=run.date.year,
            steps=steps.ids,
            window=self._due_window(run, deadline, SQL("%s + p.catch_up_days", deadline)),
        )
