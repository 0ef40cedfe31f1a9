"""Demo complaints: one or more in every step of the closed loop and every SLA state, so
that the kanban, the calendar of deadlines, the SLA report and the Pareto of root causes
all have something to show. Times are set back in working hours of the SLA calendars,
so the states hold whichever day and hour the demo is loaded."""

from datetime import timedelta

from odoo import Command, api, fields, models

# (subject, priority, category, working hours ago, step or "reopened", answered, waiting, root cause)
COMPLAINTS = (
    ("Router keeps dropping the connection", "p3", "product", 1, "received", False, False, None),
    ("Invoice shows the wrong discount", "p1", "billing", 42, "received", True, False, None),
    ("Delivery two weeks late, no news", "p2", "delivery", 30, "received", False, False, None),
    ("Waiting for photos of the damaged box", "p2", "delivery", 6, "received", True, True, None),
    ("Whole site offline after the update", "p0", "product", 0.1, "received", False, False, None),
    ("Installer was rude on site", "p2", "service", 20, "diagnosed", True, False, "training"),
    ("Switch arrived with a bent port", "p2", "product", 8, "resolved", True, False, "logistics"),
    ("Credit note never arrived", "p1", "billing", 12, "follow_up", True, False, "process"),
    ("Cables shorter than ordered", "p2", "product", 30, "improvement", True, False, "manufacturing"),
    ("The replacement switch is broken too", "p2", "product", 24, "reopened", True, False, "logistics"),
)
# closed complaints for the Pareto of root causes: (root cause, how many)
CLOSED = (
    ("logistics", 7),
    ("manufacturing", 4),
    ("process", 3),
    ("design", 2),
    ("training", 1),
    ("expectation", 1),
)
CLOSED_SUBJECTS = ("Parcel damaged in transit", "Faulty unit", "Order mixed up", "Hard to set up", "Slow answer")


class CustomerValueDemo(models.AbstractModel):
    _inherit = "customer.value.demo"

    @api.model
    def _load_demo(self, *args, **kwargs):
        loaded = self.env.ref("customer_value.company_europe_demo", raise_if_not_found=False)
        result = super()._load_demo(*args, **kwargs)
        if not loaded:
            self._demo_complaints()
        return result

    @api.model
    def _demo_complaints(self):
        """Complaints of the main company's customers for the Customer Service team, which
        the demo salespeople join, in every step and SLA state."""
        team = self.env.ref("customer_value.complaint_team_service")
        salespeople = self.env["res.users"].search([("login", "in", ("lena.demo", "wei.demo"))])
        group = self.env.ref("customer_value.group_complaint_user")
        salespeople.groups_id = [Command.link(group.id)]
        team.member_ids = [Command.link(user.id) for user in salespeople]
        team.emergency_user_ids = [Command.link(self.env.ref("base.user_admin").id)]
        customers = (
            self.env["customer.value"]
            .search(
                [("company_id", "=", team.company_id.id), ("tier_id", "!=", False)], order="value_score desc", limit=40
            )
            .partner_id
        )
        Complaint = self.env["customer.value.complaint"].with_context(mail_notrack=True)
        now = fields.Datetime.now()
        specs = list(COMPLAINTS)
        for cause, count in CLOSED:
            for n in range(count):  # every other one in time, the rest late
                hours_ago = 10 + n if n % 2 else 60 + 5 * n
                specs.append(
                    (
                        CLOSED_SUBJECTS[n % len(CLOSED_SUBJECTS)],
                        "p2",
                        "product",
                        hours_ago,
                        "closed",
                        True,
                        False,
                        cause,
                    )
                )
        users = salespeople | team.leader_id
        for index, (subject, priority, category, hours_ago, step, answered, waiting, cause) in enumerate(specs):
            customer = customers[(index * 7) % len(customers)]
            complaint = Complaint.create(
                {
                    "name": subject,
                    "contact_id": (customer.child_ids[:1] or customer).id,
                    "priority": priority,
                    "category_id": self.env.ref(f"customer_value.complaint_category_{category}").id,
                    "team_id": team.id,
                    "user_id": users[index % len(users)].id,
                    "description": f"<p>{subject}.</p>",
                }
            )
            calendar = complaint.sla_id.calendar_id
            received_on = calendar.plan_hours(-hours_ago, now, compute_leaves=True)
            complaint.received_on = received_on
            if answered:
                complaint.responded_on = min(received_on + timedelta(hours=1), now)
            if waiting:
                complaint._pause_clock("Asked the customer for photos of the damage")
            if step == "reopened":  # resolved halfway, reopened now: the time resolved does not count
                self._demo_complaint_loop(complaint, "resolved", cause)
                complaint.resolved_on = calendar.plan_hours(-hours_ago / 2, now, compute_leaves=True)
                complaint._reopen("The replacement arrived broken as well")
            elif step != "received":
                self._demo_complaint_loop(complaint, step, cause)
            complaint._sla_update(now)
        self.env["customer.value.complaint"]._cron_check_sla()
        self._demo_compensations(Complaint.search([("team_id", "=", team.id)]))

    @api.model
    def _demo_compensations(self, complaints):
        """Compensations given on closed complaints (a manager approved those above the
        limit), and one above the limit waiting for approval."""
        Compensation = self.env["customer.value.compensation"]
        kinds = (("coupon", 30, "A voucher for the next order"), ("credit_note", 150, "Refund of the delivery"),
                 ("apology", 0, "A letter of apology from the director"))  # fmt: skip
        for index, complaint in enumerate(complaints.filtered(lambda c: c.stage == "closed")[:9]):
            kind, amount, description = kinds[index % len(kinds)]
            compensation = Compensation.create(
                {"complaint_id": complaint.id, "kind": kind, "amount": amount, "description": description}
            )
            compensation.action_submit()
            compensation.action_approve()
            compensation.action_give()
        breached = complaints.filtered(lambda c: c.stage == "received" and c.sla_status == "breached")[:1]
        Compensation.create(
            {"complaint_id": breached.id, "kind": "coupon", "amount": 600, "description": "A free service visit"}
        ).action_submit()

    @api.model
    def _demo_complaint_loop(self, complaint, step, cause):
        """Take the complaint through the loop up to ``step``, filling what each step needs."""
        values = {
            "diagnosed": {"root_cause_id": self.env.ref(f"customer_value.complaint_root_cause_{cause}").id},
            "resolved": {"resolution": "Replaced the goods and apologised; the customer accepted."},
            "follow_up": {"csat_score": "4"},
            "improvement": {"corrective_action": "Changed the process so that it does not happen again."},
            "closed": {},
        }
        for stage, needed in values.items():
            complaint.write(dict(needed, stage=stage))
            if stage == step:
                break
