"""Touchpoint plans, on the real database: the nightly run schedules each due step of the
shipped plans (activation, quarterly business review of the top tier, birthday care) as
one activity per customer and occasion, and never a second one."""

from datetime import date, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.customer_value.models import customer_value_touchpoint as touchpoint_model

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestTouchpoints(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activation = cls.env.ref("customer_value.customer_value_touchpoint_plan_activation")
        cls.business_review = cls.env.ref("customer_value.customer_value_touchpoint_plan_business_review")
        cls.birthday = cls.env.ref("customer_value.customer_value_touchpoint_plan_birthday")

    def _only(self, plan):
        """Archive the shipped plans but ``plan``."""
        for shipped in self.activation | self.business_review | self.birthday:
            shipped.active = shipped == plan

    def _customer(self, name, first_invoice_days_ago, salesperson=True):
        partner = self.env["res.partner"].create(
            {"name": name, "is_company": True, "user_id": salesperson and self.salesperson.id}
        )
        self._invoice(partner, 1000, days_ago=first_invoice_days_ago)
        return partner

    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.value"),
                ("res_id", "=", self._value(partner).id),
                ("activity_type_id.res_model", "=", False),  # not the churn warnings
            ],
            order="date_deadline, id",
        )

    def test_activation_steps_fire_once_each_when_due(self):
        self._only(self.activation)
        self.salesperson.tz = "Asia/Shanghai"
        customer = self._customer("CV Newcomer", first_invoice_days_ago=7)
        self._run()
        activities = self._activities(customer)
        self.assertEqual(
            [(a.summary, a.activity_type_id, a.date_deadline, a.user_id) for a in activities],
            [
                (
                    "Welcome the new customer",
                    self.env.ref("mail.mail_activity_data_email"),
                    TODAY - timedelta(6),
                    self.salesperson,
                ),
                (
                    "Onboarding check-list",
                    self.env.ref("mail.mail_activity_data_todo"),
                    TODAY - timedelta(4),
                    self.salesperson,
                ),
                ("First week call", self.env.ref("mail.mail_activity_data_call"), TODAY, self.salesperson),
            ],
            "day 1, 3 and 7 are due; the 30-day review is scheduled 3 days ahead of day 30",
        )
        self.assertIn("delivered complete", str(activities[1].note))
        self._check_scheduled_as_mail_does(self._value(customer), activities)
        self._run()
        self.assertEqual(len(self._activities(customer)), 3, "a second run adds nothing")
        activities[0].action_feedback("Sent")
        self._run(days_ago=-20)  # day 27: the 30-day review is 3 days ahead
        self.assertEqual(self._activities(customer)[-1].summary, "30-day value review")
        self.assertEqual(self._activities(customer)[-1].date_deadline, TODAY + timedelta(days=23))
        self._run(days_ago=-21)
        self.assertEqual(len(self._activities(customer)), 3, "two open and the review; the done welcome not again")
        touchpoints = self.env["customer.value.touchpoint"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(touchpoints), 4)
        self.assertEqual(len(touchpoints.filtered("done")), 1, "the welcome was done")

    def _check_scheduled_as_mail_does(self, value, activities):
        """The activities inserted in bulk are what ``mail.activity.create`` makes: named
        after their record, in their user's timezone, the user a follower with the default
        subtypes, and counted in the user's activity menu."""
        self.assertEqual(set(activities.mapped("res_name")), {value.display_name})
        self.assertEqual(set(activities.mapped("user_tz")), {"Asia/Shanghai"})
        self.assertEqual(set(activities.mapped("res_model")), {"customer.value"})
        self.assertTrue(all(activities.mapped("automated")))
        follower = value.message_follower_ids.filtered(lambda f: f.partner_id == self.salesperson.partner_id)
        self.assertEqual(len(follower), 1, "one follower for three activities")
        default_subtypes = self.env["mail.message.subtype"]._default_subtypes("customer.value")[0]
        self.assertEqual(sorted(follower.subtype_ids.ids), sorted(default_subtypes))
        menu = self.env["res.users"].with_user(self.salesperson).browse(self.salesperson.id)._get_activity_groups()
        counts = {group["model"]: group["total_count"] for group in menu}
        self.assertEqual(counts.get("customer.value"), 3)

    def test_due_touchpoints_are_keyed_first_then_scheduled_in_batches(self):
        self._only(self.activation)
        customers = [self._customer(f"CV Batch {n}", first_invoice_days_ago=7) for n in range(2)]
        run = self._run()
        Touchpoint = self.env["customer.value.touchpoint"]
        touchpoints = Touchpoint.search([("partner_id", "in", [c.id for c in customers])])
        self.assertEqual(len(touchpoints), 6)
        # as if the run had been cut off after keying them: six to schedule, four a slice
        touchpoints.activity_id.unlink()
        touchpoints.to_schedule = True
        run.step_progress = 1
        with patch.object(touchpoint_model, "TOUCHPOINT_BATCH", 4):
            self.assertFalse(Touchpoint._run_step_touchpoints(run), "a full batch: the step goes on")
            self.assertEqual(len(touchpoints.filtered("to_schedule")), 2, "four scheduled")
            self.assertTrue(Touchpoint._run_step_touchpoints(run))
        self.assertFalse(touchpoints.filtered("to_schedule"))
        self.assertEqual([len(self._activities(customer)) for customer in customers], [3, 3])
        run.step_progress = 0
        self.assertFalse(Touchpoint._run_step_touchpoints(run), "first the key rows")
        self.assertTrue(Touchpoint._run_step_touchpoints(run), "none new to schedule")
        self.assertEqual([len(self._activities(customer)) for customer in customers], [3, 3], "nothing twice")

    def test_steps_long_past_their_deadline_are_skipped(self):
        self._only(self.activation)
        old = self._customer("CV Old Customer", first_invoice_days_ago=100)
        self._run()
        self.assertFalse(self._activities(old), "the customers there before the plan get no welcome")
        just_missed = self._customer("CV Missed By A Week", first_invoice_days_ago=8)  # day 1 was 7 days ago
        self._run()
        self.assertIn("Welcome the new customer", self._activities(just_missed).mapped("summary"))
        self.activation.catch_up_days = 0
        late = self._customer("CV Late", first_invoice_days_ago=2)
        self._run()
        self.assertNotIn("Welcome the new customer", self._activities(late).mapped("summary"))

    def test_a_plan_archived_or_loaded_again_fires_nothing_twice(self):
        self._only(self.activation)
        customer = self._customer("CV Archive", first_invoice_days_ago=7)
        self.activation.active = False
        self._run()
        self.assertFalse(self._activities(customer), "an archived plan schedules nothing")
        self.activation.active = True
        self._run()
        self.assertEqual(len(self._activities(customer)), 3)
        self._activities(customer).action_feedback("Done")
        steps = [
            {
                "code": step.code,
                "name": step.name,
                "activity_type_id": step.activity_type_id.id,
                "offset_days": step.offset_days,
            }
            for step in self.activation.step_ids
        ]
        self.activation.unlink()
        self.env["customer.value.touchpoint.plan"].create(
            {"name": "Activation restored", "trigger": "activation", "step_ids": [(0, 0, vals) for vals in steps]}
        )
        self._run()
        self.assertFalse(self._activities(customer), "the restored steps remember what they scheduled")
        copy = self.env["customer.value.touchpoint.plan"].search([("name", "=", "Activation restored")]).copy()
        self._run()
        self.assertEqual(len(self._activities(customer)), 3, "a copy is a new plan with steps of its own")
        self.assertTrue(all(step.code not in [vals["code"] for vals in steps] for step in copy.step_ids))

    def test_the_top_tier_gets_one_business_review_a_quarter(self):
        self._only(self.business_review)
        customers = self._ranked_customers()  # customer 0 Diamond, 1-3 Gold
        diamond, gold = customers[0], customers[1]
        (diamond | gold).user_id = self.salesperson
        self._run()
        review = self._activities(diamond)
        self.assertEqual(review.summary, "Quarterly business review")
        self.assertEqual(review.date_deadline, date(2026, 5, 1), "30 days into the quarter that began on 1 April")
        self.assertFalse(self._activities(gold))
        self._run(days_ago=1)
        self.assertEqual(len(self._activities(diamond)), 1, "once a quarter")
        self._run(days_ago=-1)  # 1 July: a new quarter
        self.assertEqual(self._activities(diamond).mapped("date_deadline"), [date(2026, 5, 1), date(2026, 7, 31)])

    def test_birthdays_of_contacts_once_a_year(self):
        self._only(self.birthday)
        customer = self._customer("CV Birthday Co", first_invoice_days_ago=200)
        contact = self.env["res.partner"].create(
            {"name": "Mia Chen", "parent_id": customer.id, "birthdate": date(1980, 7, 2)}
        )
        leap = self.env["res.partner"].create(
            {"name": "Leo Leap", "parent_id": customer.id, "birthdate": date(1984, 2, 29)}
        )
        self._run()  # 30 June: Mia's birthday is 2 days ahead, within the 3 days
        greeting = self._activities(customer)
        self.assertEqual((greeting.summary, greeting.date_deadline), ("Birthday greeting: Mia Chen", date(2026, 7, 2)))
        self._run(days_ago=-2)
        self.assertEqual(len(self._activities(customer)), 1, "once a year")
        self._run(days_ago=-240)  # 25 February 2027, not a leap year: Leo's birthday is on the 28th
        greetings = self._activities(customer).filtered(lambda a: leap.name in a.summary)
        self.assertEqual(greetings.date_deadline, date(2027, 2, 28))
        touchpoints = self.env["customer.value.touchpoint"].search([("partner_id", "=", customer.id)])
        self.assertEqual(touchpoints.mapped("contact_id"), leap | contact)

    def test_the_plans_responsible_else_the_salesperson_else_later(self):
        self._only(self.activation)
        orphan = self._customer("CV Orphan", first_invoice_days_ago=7, salesperson=False)
        self._run()
        self.assertFalse(self._activities(orphan), "nobody to do it")
        self.assertFalse(self.env["customer.value.touchpoint"].search([("partner_id", "=", orphan.id)]))
        orphan.user_id = self.salesperson
        self._run()
        self.assertEqual(self._activities(orphan).user_id, self.salesperson, "scheduled once someone can")
        second = self._customer("CV Second Orphan", first_invoice_days_ago=7, salesperson=False)
        self.company.customer_value_user_id = self.manager
        self._run()
        self.assertEqual(self._activities(second).user_id, self.manager, "else the company's follow-up user")
        self.company.customer_value_user_id = False
        self.activation.user_id = self.manager
        other = self._customer("CV Managed", first_invoice_days_ago=7)
        self._run()
        self.assertEqual(self._activities(other).user_id, self.manager)

    def test_plans_out_of_range_are_refused_naming_the_field(self):
        Plan = self.env["customer.value.touchpoint.plan"]
        refusals = [
            ("choose the Tier", lambda: Plan.create({"name": "CV Review", "trigger": "tier_review"})),
            ("Review Every", lambda: self.business_review.write({"review_interval_months": 0})),
            ("Catch Up", lambda: self.activation.write({"catch_up_days": -1})),
            ("Scheduled Ahead", lambda: self.activation.step_ids[0].write({"lead_days": -2})),
            ("Deadline", lambda: self.activation.step_ids[0].write({"offset_days": 5000})),
        ]
        for message, action in refusals:
            with self.subTest(message), self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                action()

    def test_each_group_may_do_what_it_should(self):
        self._only(self.activation)
        customer = self._customer("CV Access", first_invoice_days_ago=7)
        self._run()
        Touchpoint = self.env["customer.value.touchpoint"]
        self.assertEqual(len(Touchpoint.with_user(self.salesperson).search([("partner_id", "=", customer.id)])), 3)
        self.assertTrue(self.activation.with_user(self.salesperson).step_ids)
        with self.assertRaises(AccessError):
            self.activation.with_user(self.salesperson).name = "Mine"
        self.activation.with_user(self.manager).name = "Onboarding"
        for user in (self.internal, self.portal, self.accountant):
            with self.assertRaises(AccessError):
                Touchpoint.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.activation.with_user(user).read(["name"])
