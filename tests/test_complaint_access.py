"""Who sees and changes complaints, on the real database: complaint users their teams'
and their own, managers all of their companies, other employees and portal users none."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .complaint_common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCase):
    def test_complaint_users_see_their_teams_complaints(self):
        ours = self._complaint()
        theirs = self._complaint(user=self.complaint_manager, team_id=self.other_team.id, user_id=False)
        complaints = self.env["customer.value.complaint"]
        self.assertEqual(complaints.with_user(self.agent).search([]), ours)
        self.assertEqual(complaints.with_user(self.leader).search([]), ours, "the leader sees the team's")
        self.assertEqual(complaints.with_user(self.other_agent).search([]), theirs)
        self.assertEqual(complaints.with_user(self.complaint_manager).search([]) & (ours | theirs), ours | theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.agent).read(["name"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.agent).write({"name": "Not mine"})
        ours.with_user(self.agent).write({"priority": "p1"})
        self.assertEqual(ours.priority, "p1")

    def test_a_complaint_assigned_to_a_user_is_theirs_to_see(self):
        theirs = self._complaint(user=self.complaint_manager, team_id=self.other_team.id, user_id=self.agent.id)
        self.assertIn(theirs, self.env["customer.value.complaint"].with_user(self.agent).search([]))

    def test_others_see_no_complaint(self):
        complaint = self._complaint()
        for user in (self.internal, self.portal, self.salesperson):
            with self.assertRaises(AccessError, msg=user.login):
                complaint.with_user(user).read(["name"])
            with self.assertRaises(AccessError, msg=user.login):
                self.env["customer.value.complaint"].with_user(user).create({"name": "x", "team_id": self.team.id})

    def test_only_managers_configure(self):
        with self.assertRaises(AccessError):
            self.policy.with_user(self.agent).write({"response_hours": 100})
        with self.assertRaises(AccessError):
            self.team.with_user(self.agent).write({"member_ids": [(4, self.other_agent.id)]})
        with self.assertRaises(AccessError):
            self.env["customer.value.complaint"].with_user(self.agent).browse(self._complaint().id).unlink()
        self.policy.with_user(self.complaint_manager).write({"response_hours": 3})
        self.assertEqual(self.policy.response_hours, 3)

    def test_complaints_stay_in_their_company(self):
        other_company = self.env["res.company"].create({"name": "CV Other Company"})
        manager = new_test_user(
            self.env,
            login="cv_other_company_manager",
            groups="base.group_user,customer_value.group_complaint_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        complaint = self._complaint()
        self.assertFalse(self.env["customer.value.complaint"].with_user(manager).search([("id", "=", complaint.id)]))

    def test_the_partner_shows_its_complaints_to_complaint_users(self):
        self._complaint()
        self.assertEqual(self.contact.with_user(self.agent).complaint_count, 1)
        self.assertEqual(self.customer.with_user(self.agent).open_complaint_count, 1)
        action = self.customer.with_user(self.agent).action_open_complaints()
        self.assertEqual(action["domain"], [("partner_id", "=", self.customer.id)])
        with self.assertRaises(AccessError):
            self.customer.with_user(self.internal).read(["complaint_count"])

    def test_what_the_complaint_records_cannot_be_written_through_rpc(self):
        complaint = self._complaint()
        Complaint = self.env["customer.value.complaint"].with_user(self.agent)
        with self.assertRaisesRegex(UserError, "starts “Received”"):
            Complaint.create({"name": "Closed at once", "team_id": self.team.id, "stage": "closed"})
        for values in (
            {"received_on": "2026-06-01 09:00:00"},
            {"responded_on": "2026-06-26 16:01:00"},
            {"sla_breached_on": False},
            {"escalation_level": 3},
            {"reopen_count": 0},
            {"sla_next_check": False},
        ):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "cannot be set by hand"):
                complaint.with_user(self.agent).write(values)
        with self.assertRaisesRegex(UserError, "cannot be set by hand"):
            Complaint.create({"name": "Backdated", "team_id": self.team.id, "received_on": "2026-01-01 09:00:00"})
        complaint.write({"root_cause_id": self.root_cause.id})
        complaint.with_user(self.agent).action_diagnose()
        for mark in ("Sure, reopen it", {"reason": "a dict"}):  # what a client can send in a context
            with self.subTest(mark=mark), self.assertRaisesRegex(UserError, "use Reopen"):
                complaint.with_user(self.agent).with_context(complaint_recording=mark).write({"stage": "received"})
        self.assertEqual(complaint.stage, "diagnosed")

    def test_only_complaint_managers_choose_the_sla_policy(self):
        complaint = self._complaint()
        other = self.policy.copy({"name": "CV Generous", "response_hours": 8})
        with self.assertRaisesRegex(AccessError, "Only a complaint manager can change the SLA policy"):
            complaint.with_user(self.agent).write({"sla_id": other.id})
        complaint.with_user(self.complaint_manager).write({"sla_id": other.id})
        self.assertEqual(complaint.sla_id, other)

    def test_a_complaint_links_records_of_its_company_only(self):
        other_company = self.env["res.company"].create({"name": "CV Foreign Company"})
        foreign_cause = self.env["customer.value.complaint.root.cause"].create(
            {"name": "CV Foreign Cause", "company_id": other_company.id}
        )
        foreign_category = self.env["customer.value.complaint.category"].create(
            {"name": "CV Foreign Category", "company_id": other_company.id}
        )
        foreign_policy = self.policy.copy({"name": "CV Foreign Policy", "company_id": other_company.id})
        complaint = self._complaint()
        for values in (
            {"root_cause_id": foreign_cause.id},
            {"category_id": foreign_category.id},
            {"sla_id": foreign_policy.id},
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(UserError, "Incompatible"),
                self.env.cr.savepoint(),
            ):
                complaint.with_user(self.complaint_manager).write(values)
        branch = self.env["res.company"].create({"name": "CV Service Branch", "parent_id": self.company.id})
        complaint.sudo().company_id = branch  # a branch uses its parent's team, SLA and causes
        product = self.env.ref("customer_value.complaint_category_product")
        complaint.sudo().write({"root_cause_id": self.root_cause.id, "category_id": product.id})
        self.assertEqual(complaint.sudo().team_id, self.team)
