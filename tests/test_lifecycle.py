"""Lifecycle stages and their history, on the real database: the nightly run's lifecycle
step places each customer by its tenure, silence and revenue trend (trend periods of 90
days, the default), with the company's rules."""

from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestLifecycle(CustomerValueCase):
    def _buyer(self, days_ago, name, amounts=None):
        partner = self.env["res.partner"].create({"name": name, "is_company": True})
        self._invoices([(partner, (amounts or {}).get(days, 1000), days) for days in days_ago])
        return partner

    def _stage(self, partner):
        return self._value(partner).lifecycle_stage

    def test_each_stage_by_tenure_silence_and_trend(self):
        customers = {
            "new": self._buyer([10], "CV New"),  # first invoice 10 days ago: new for 90 days
            "growth": self._buyer([200, 100, 20], "CV Growing Up"),  # 200 days of tenure, steady
            "mature": self._buyer([500, 150, 60], "CV Mature"),  # over a year, one invoice per period
            "growing_again": self._buyer([500, 150, 60, 30], "CV Mature Growing"),  # two against one: +100 %
            "declining": self._buyer([500, 150, 120, 60], "CV Declining"),  # one against two: -50 %
            "churned": self._buyer([800, 400], "CV Churned"),  # 400 days without an invoice
        }
        self._run()
        self.assertEqual(
            {key: self._stage(partner) for key, partner in customers.items()},
            {
                "new": "new",
                "growth": "growth",
                "mature": "mature",
                "growing_again": "growth",
                "declining": "declining",
                "churned": "churned",
            },
        )
        self.assertEqual(self._value(customers["new"]).lifecycle_since, TODAY)
        values = self.env["customer.value"].search([("partner_id", "in", [p.id for p in customers.values()])])
        for lazy in (True, False):  # lists and kanban group lazily, graphs and pivots not
            groups = values.read_group([("id", "in", values.ids)], ["id:count"], ["lifecycle_stage"], lazy=lazy)
            self.assertEqual(
                [group["lifecycle_stage"] for group in groups],
                ["new", "growth", "mature", "declining", "churned"],
                "groups in the order of the lifecycle, not of the codes",
            )

    def test_rules_are_the_companys(self):
        steady = self._buyer([200, 100, 20], "CV Steady")
        slipping = self._buyer([500, 150, 120, 60], "CV Slipping")  # -50 %
        self.company.write({"lifecycle_mature_days": 180, "lifecycle_decline_percent": 60})
        self._run()
        self.assertEqual(self._stage(steady), "mature", "mature from 180 days")
        self.assertEqual(self._stage(slipping), "mature", "a fall of 50 % is no decline from 60 %")
        self.company.lifecycle_churned_days = 45
        self._run(days_ago=-30)
        self.assertEqual(self._stage(steady), "churned", "50 days of silence churn from 45")

    def test_a_churned_customer_who_buys_again_is_won_back_for_a_while(self):
        customer = self._buyer([800, 400], "CV Returning")
        self._run(days_ago=10)
        self.assertEqual(self._stage(customer), "churned")
        self._invoice(customer, 1000, days_ago=5)
        self._run(days_ago=5)
        value = self._value(customer)
        self.assertEqual(value.lifecycle_stage, "won_back")
        self._run(days_ago=-80)  # 85 days after the return: still within the 90 new days
        self.assertEqual(value.lifecycle_stage, "won_back")
        self._run(days_ago=-90)  # 95 days after: back to the rules (over a year of tenure, no revenue lately)
        self.assertEqual(value.lifecycle_stage, "declining")
        self.assertEqual(
            [(h.from_stage, h.to_stage) for h in value.lifecycle_history_ids.sorted("id")],
            [("churned", "won_back"), ("won_back", "declining")],
            "each move dated once; the stage of the company's first run is its baseline",
        )
        self.assertEqual(value.lifecycle_since, TODAY + timedelta(days=90))

    def test_a_customer_new_since_the_first_run_has_its_first_stage_dated_once(self):
        known = self._buyer([10], "CV Known")
        self._run(days_ago=1)
        self.assertFalse(self._value(known).lifecycle_history_ids, "the first run's stages are the baseline")
        self.assertEqual(self._value(known).lifecycle_since, TODAY - timedelta(days=1))
        newcomer = self._buyer([0], "CV Newcomer")
        self._run()
        self._run()  # nothing new: nothing recorded
        history = self._value(newcomer).lifecycle_history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual((history.from_stage, history.to_stage, history.date), (False, "new", TODAY))
        self.assertFalse(self._value(known).lifecycle_history_ids)

    def test_a_customer_who_never_bought_is_a_prospect_on_the_partner(self):
        prospect = self.env["res.partner"].create({"name": "CV Prospect", "is_company": True, "customer_rank": 1})
        contact = self.env["res.partner"].create({"name": "CV Prospect Contact", "parent_id": prospect.id})
        stranger = self.env["res.partner"].create({"name": "CV Stranger", "is_company": True})
        buyer = self._buyer([10], "CV First Buyer")
        self._run()
        Partner = self.env["res.partner"].with_user(self.salesperson)
        self.assertEqual(Partner.browse(prospect.id).customer_value_lifecycle_stage, "prospect")
        self.assertFalse(Partner.browse(contact.id).customer_value_lifecycle_stage, "a contact is no customer")
        self.assertFalse(Partner.browse(stranger.id).customer_value_lifecycle_stage)
        self.assertEqual(Partner.browse(buyer.id).customer_value_lifecycle_stage, "new")
        partners = prospect | contact | stranger | buyer
        self.assertEqual(
            Partner.search([("id", "in", partners.ids), ("customer_value_lifecycle_stage", "=", "prospect")]), prospect
        )
        self.assertEqual(
            Partner.search([("id", "in", partners.ids), ("customer_value_lifecycle_stage", "=", False)]),
            contact | stranger,
        )
        self.assertEqual(
            Partner.search([("id", "in", partners.ids), ("customer_value_lifecycle_stage", "in", ("new", "prospect"))]),
            prospect | buyer,
        )
        groups = Partner.read_group([("id", "in", partners.ids)], ["id:count"], ["customer_value_lifecycle_stage"])
        self.assertEqual(
            {
                group["customer_value_lifecycle_stage"]: group["customer_value_lifecycle_stage_count"]
                for group in groups
            },
            {"prospect": 1, "new": 1, False: 2},
        )

    def test_rules_out_of_order_are_refused_naming_the_field(self):
        refusals = [
            ("Mature After", {"lifecycle_mature_days": 90}),  # not more than new for 90 days
            ("Declining From", {"lifecycle_decline_percent": 0}),
            ("Declining From", {"lifecycle_decline_percent": 101}),
            ("Growing From", {"lifecycle_growth_percent": -5}),
            ("Churned After", {"lifecycle_churned_days": 0}),
        ]
        for message, values in refusals:
            with self.subTest(message), self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self.company.write(values)

    def test_each_group_reads_what_it_may(self):
        self._run(days_ago=30)  # the baseline: the customer's first stage is dated after it
        customer = self._buyer([10], "CV Private Stage")
        self._run()
        for user in (self.salesperson, self.accountant):
            self.assertEqual(self._value(customer).with_user(user).lifecycle_stage, "new")
            self.assertTrue(self.env["customer.value.lifecycle.history"].with_user(user).search([]))
        for user in (self.internal, self.portal):
            with self.assertRaises(AccessError):
                self._value(customer).with_user(user).read(["lifecycle_stage"])
            with self.assertRaises(AccessError):
                self.env["customer.value.lifecycle.history"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.env["customer.value.lifecycle.history"].with_user(self.manager).create(
                {
                    "value_id": self._value(customer).id,
                    "partner_id": customer.id,
                    "company_id": self.company.id,
                    "date": TODAY,
                    "to_stage": "mature",
                }
            )
