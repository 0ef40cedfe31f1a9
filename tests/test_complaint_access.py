"""Who sees and changes complaints, on the real database: complaint users their teams'
and their own, managers all of their companies, other employees and portal users none."""

from odoo.exceptions import AccessError
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
