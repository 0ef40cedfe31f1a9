"""Shared set-up for the complaint tests: a working-hours calendar in UTC (Monday to
Friday, 9-12 and 13-17: 7 hours a day) with a public holiday on Monday 29 June 2026, an
SLA policy on it, a team with its ladder, and users of each role."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from .common import CustomerValueCase

# Friday 26 June 2026, 16:00 UTC: an hour before the weekend
FRIDAY_4PM = datetime(2026, 6, 26, 16, 0)


class ComplaintCase(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "CV Office Hours",
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in ((9, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "CV Public Holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 6, 29, 0, 0),
                "date_to": datetime(2026, 6, 29, 23, 59, 59),
            }
        )
        cls.policy = cls.env["customer.value.complaint.sla"].create(
            {
                "name": "CV Standard",
                "sequence": 1,
                "priority": "p2",
                "response_hours": 2,
                "resolution_hours": 16,
                "calendar_id": cls.calendar.id,
            }
        )
        complaint_user = "base.group_user,customer_value.group_complaint_user"
        cls.agent = new_test_user(cls.env, login="cv_agent", groups=complaint_user, name="Agent Ada")
        cls.other_agent = new_test_user(cls.env, login="cv_other_agent", groups=complaint_user, name="Agent Otto")
        cls.leader = new_test_user(cls.env, login="cv_leader", groups=complaint_user, name="Leader Lea")
        cls.director = new_test_user(cls.env, login="cv_director", groups=complaint_user, name="Director Dirk")
        cls.complaint_manager = new_test_user(
            cls.env,
            login="cv_complaint_manager",
            groups="base.group_user,customer_value.group_complaint_manager",
            name="Manager Max",
        )
        cls.team = cls.env["customer.value.complaint.team"].create(
            {
                "name": "CV Service",
                "leader_id": cls.leader.id,
                "member_ids": [Command.set(cls.agent.ids)],
                "emergency_user_ids": [Command.set(cls.director.ids)],
                "escalation_level_ids": [
                    Command.create({"sequence": 1, "name": "Team Leader", "delay_hours": 0}),
                    Command.create(
                        {"sequence": 2, "name": "Manager", "delay_hours": 4, "user_ids": cls.complaint_manager.ids}
                    ),
                    Command.create({"sequence": 3, "name": "Director", "delay_hours": 8, "user_ids": cls.director.ids}),
                ],
            }
        )
        cls.other_team = cls.env["customer.value.complaint.team"].create(
            {"name": "CV Other Service", "member_ids": [Command.set(cls.other_agent.ids)]}
        )
        cls.customer = cls.env["res.partner"].create({"name": "CV Grumpy Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Gus Grumpy", "parent_id": cls.customer.id, "email": "gus@grumpy.example"}
        )
        cls.root_cause = cls.env.ref("customer_value.complaint_root_cause_logistics")

    def _complaint(self, at=FRIDAY_4PM, user=None, **values):
        with freeze_time(at):
            return (
                self.env["customer.value.complaint"]
                .with_user(user or self.agent)
                .create(
                    {
                        "name": "The router arrived broken",
                        "contact_id": self.contact.id,
                        "team_id": self.team.id,
                        "priority": "p2",
                        **values,
                    }
                )
            )

    def _confirm_reason(self, complaint, purpose, reason, at):
        """Give the reason the complaint form asks for before a pause or a reopening, as the agent."""
        with freeze_time(at):
            self.env["customer.value.complaint.reason.wizard"].with_user(self.agent).create(
                {"complaint_id": complaint.id, "purpose": purpose, "reason": reason}
            ).action_confirm()

    def _check_sla(self, at):
        with freeze_time(at):
            self.env["customer.value.complaint"]._cron_check_sla()
