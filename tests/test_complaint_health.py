"""Complaints feed the value engine, on the real database: open complaints, SLA breaches
suffered and the complaint rate as health components, and the Diamond tier's rule of a
complaint rate below 3%."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .complaint_common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintHealth(ComplaintCase):
    def _complaint_of(self, customer, at=datetime(2026, 6, 1, 10, 0)):
        return self._complaint(at=at, contact_id=customer.id)

    def test_complaints_are_health_components(self):
        unhappy, calm = self._customers(2, "CV Health")
        self._invoices([(unhappy, 1000, days) for days in range(10, 110, 10)] + [(calm, 1000, 10), (calm, 1000, 50)])
        resolved = self._complaint_of(unhappy)
        with freeze_time("2026-06-01 11:00:00"):  # within the hours to answer
            resolved.write({"root_cause_id": self.root_cause.id, "resolution": "Replaced"})
            resolved.action_diagnose()
            resolved.action_resolve()
        self._complaint_of(unhappy)
        self._complaint_of(unhappy, at=datetime(2025, 1, 1, 10, 0))  # before the RFM window
        self._check_sla("2026-06-10 10:00:00")  # the second was never answered
        self._run()
        value = self._value(unhappy)

        self.assertEqual(value.open_complaint_count, 1, "the breached one is not resolved")
        self.assertEqual(value.complaint_breach_count, 1)
        self.assertEqual(value.complaint_rate, 20.0, "2 complaints in the window for 10 invoices")
        self.assertEqual(value.health_breakdown["open_complaints"], 66.7, "1 of 3")
        self.assertEqual(value.health_breakdown["complaint_breaches"], 50.0)
        self.assertEqual(value.health_breakdown["complaint_rate"], 0.0)
        self.assertIn("20.0 complaints per hundred invoices", value.health_breakdown_html)
        quiet = self._value(calm)
        self.assertFalse(quiet.complaint_rate)
        for code in ("open_complaints", "complaint_breaches", "complaint_rate"):
            self.assertIsNone(quiet.health_breakdown[code], "no complaint: the component does not count")

    def test_a_diamond_customer_complains_rarely(self):
        best, second = self._ranked_customers()[:2]
        self._complaint_of(best)
        self._run()
        self.assertEqual(self._value(best).complaint_rate, 100.0)
        self.assertEqual(self._value(best).tier_id, self.gold, "above 3%: not Diamond, Gold takes it")
        self.assertEqual(self._value(second).tier_id, self.gold, "the top 5% stays the top 5%: one customer")
        self.diamond.max_complaint_rate = 0
        self._run(days_ago=-1)
        self.assertEqual(self._value(best).tier_id, self.diamond, "0: no limit")

    def test_the_complaints_of_branches_and_of_the_companys_days_count(self):
        """The run of 30 June in Shanghai (UTC+8) counts the complaints received until
        midnight there, in the company and its branches."""
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        branch = self.env["res.company"].create({"name": "CV Complaint Branch", "parent_id": self.company.id})
        self.env.cr.flush()  # the branch takes its parent's chart of accounts before the commit
        self.env.user.company_ids |= branch
        customer = self._customers(1, "CV Branch Health")
        self._invoices([(customer, 1000, days) for days in range(10, 110, 10)])
        self._complaint_of(customer, at=datetime(2026, 6, 30, 15, 30))  # 23:30 in Shanghai: 30 June
        self._complaint_of(customer, at=datetime(2026, 6, 30, 16, 30))  # 00:30 in Shanghai: 1 July
        self._complaint(at=datetime(2026, 6, 20, 10, 0), user=self.env.user, contact_id=customer.id).sudo().write(
            {"company_id": branch.id}
        )
        self._run()
        self.assertEqual(self._value(customer).complaint_rate, 20.0, "2 complaints of the window for 10 invoices")
        self.assertEqual(self._value(customer).open_complaint_count, 2)
