from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.bulk import marked_ids
from .customer_value_follow_up import FollowUp

TOUCHPOINT_BATCH = 2000  # touchpoints scheduled in one slice of the run (about 10 s of activities)


class CustomerValueTouchpoint(models.Model):
    """A touchpoint scheduled by the runs: one step of a plan for one customer (or one of
    its contacts, for birthdays) and one occasion, with the activity it became. The row is
    the key that keeps the step from firing again for the same contact and occasion; it is
    kept when the activity is done or the plan is archived, deleted or loaded again."""

    _name = "customer.value.touchpoint"
    _description = "Customer Touchpoint"
    _order = "date desc, id desc"
    _rec_name = "step_name"
    # rows are written in bulk by the runs, with the activity they became
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, index=True)
    run_id = fields.Many2one("customer.value.run", ondelete="set null")
    value_id = fields.Many2one("customer.value", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    contact_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    plan_id = fields.Many2one("customer.value.touchpoint.plan", index=True, ondelete="set null")
    step_id = fields.Many2one("customer.value.touchpoint.step", ondelete="set null")
    step_code = fields.Char(required=True)
    step_name = fields.Char(related="step_id.name", string="Step Summary")
    occasion = fields.Char(required=True, help="Technical: the first invoice, review period or birthday.")
    date = fields.Date(string="Deadline", required=True)
    activity_id = fields.Many2one("mail.activity", string="Open Activity", ondelete="set null")
    to_schedule = fields.Boolean(readonly=True, help="Technical: due, its activity not scheduled yet.")
    done = fields.Boolean(compute="_compute_done", string="Done or Cancelled")

    _sql_constraints = [
        (
            "step_contact_occasion_uniq",
            "UNIQUE (company_id, step_code, contact_id, occasion)",
            "A touchpoint step is scheduled once per contact and occasion.",
        ),
    ]

    def init(self):
        """The touchpoints steps schedule are found by a partial index: few at a time."""
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS customer_value_touchpoint_to_schedule_index
                    ON customer_value_touchpoint (company_id, id) WHERE to_schedule
                """
            )
        )

    @api.depends("activity_id")
    def _compute_done(self):
        for touchpoint in self:
            touchpoint.done = not touchpoint.activity_id

    @api.model
    def _run_step_touchpoints(self, run):
        """Schedule the touchpoints that are due on the run's date. The first slice inserts
        the key row of each (one already there for the same step, contact and occasion
        wins, so nothing is scheduled twice: the ones already there are left out in one
        anti-join, where a conflict per row would cost a failed insert each night of a
        plan's window), marked for scheduling, if someone can get it (see
        ``_schedule_activities``: one nobody can get would be dropped, and inserted again
        the next night); each slice then gives
        a batch of the marked ones their activity. Due is a step whose deadline is at most
        its lead days ahead and at most its plan's catch-up days past."""
        if not run.step_progress:
            self._insert_due(run)
            run.step_progress = 1
            return False
        self.flush_model(["to_schedule"])
        touchpoints = self.browse(
            marked_ids(self.env.cr, self._table, "to_schedule", run.company_id.id, TOUCHPOINT_BATCH)
        )
        touchpoints._schedule_activities()
        # keep the cache small on a run with many touchpoints
        self.env.invalidate_all()
        return len(touchpoints) < TOUCHPOINT_BATCH

    @api.model
    def _insert_due(self, run):
        steps = self.env["customer.value.touchpoint.step"].search(
            [("company_id", "in", [False, run.company_id.id]), ("plan_id.active", "=", True)]
        )
        due = [
            getattr(self, f"_due_{trigger}")(run, trigger_steps)
            for trigger, trigger_steps in steps.grouped("trigger").items()
        ]
        if not due:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_value_touchpoint
                       (company_id, run_id, value_id, partner_id, contact_id, plan_id, step_id, step_code,
                        occasion, date, to_schedule)
                SELECT %(company)s, %(run)s, d.value_id, v.partner_id, d.contact_id, s.plan_id, s.id, s.code,
                       d.occasion, d.deadline, TRUE
                  FROM (%(due)s) d
                  JOIN customer_value v ON v.id = d.value_id
                  JOIN customer_value_touchpoint_step s ON s.id = d.step_id
                  JOIN customer_value_touchpoint_plan p ON p.id = s.plan_id
                 WHERE (p.user_id IS NOT NULL OR %(follow_up_user)s IS NOT NULL)
                   AND NOT EXISTS (
                       SELECT 1 FROM customer_value_touchpoint t
                        WHERE t.company_id = %(company)s AND t.step_code = s.code
                          AND t.contact_id = d.contact_id AND t.occasion = d.occasion
                 )
                 ORDER BY d.value_id, s.id
                    ON CONFLICT (company_id, step_code, contact_id, occasion) DO NOTHING
                """,
                company=run.company_id.id,
                run=run.id,
                due=SQL(" UNION ALL ").join(due),
                follow_up_user=self.env["customer.value"]._follow_up_user(SQL("v")),
            )
        )
        self.invalidate_model()

    def _schedule_activities(self):
        """One activity per touchpoint, for the plan's responsible, else the customer's
        salesperson, else the follow-up user; a touchpoint nobody could get is dropped, so
        that it is scheduled once someone can."""
        follow_ups = [
            FollowUp(
                touchpoint.value_id.id,
                touchpoint.step_id.activity_type_id,
                touchpoint.date,
                lambda value, touchpoint=touchpoint: touchpoint.with_env(value.env)._summary(),
                lambda value, touchpoint=touchpoint: touchpoint.step_id.with_env(value.env).note,
                touchpoint.plan_id.user_id.id,
            )
            for touchpoint in self
        ]
        activities = self.env["customer.value"]._create_follow_ups(follow_ups)
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_value_touchpoint t SET activity_id = a.activity_id, to_schedule = FALSE
                  FROM unnest(%s::int[], %s::int[]) a(id, activity_id)
                 WHERE t.id = a.id
                """,
                self.ids,
                [activity.id or None for activity in activities],
            )
        )
        self.invalidate_recordset(["activity_id", "to_schedule"])
        self.filtered(lambda touchpoint: not touchpoint.activity_id).unlink()

    def _summary(self):
        """The step's summary, with the contact's name when the touchpoint is about a contact."""
        if self.contact_id == self.partner_id:
            return self.step_id.name
        return f"{self.step_id.name}: {self.contact_id.name}"
