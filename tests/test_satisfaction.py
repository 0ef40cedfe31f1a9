"""Satisfaction, on the real database: NPS and CSAT answers entered by staff or given in
Odoo's own survey, their NPS by tier, and the satisfaction health component."""

from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestSatisfaction(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("customer_value.survey_customer_nps")
        cls.nps_question = cls.env.ref("customer_value.survey_customer_nps_question_score")
        cls.customer = cls.env["res.partner"].create({"name": "CV Happy Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ann Happy", "parent_id": cls.customer.id, "email": "ann@example.com"}
        )

    def _answer(self, score, kind="nps", partner=None, days_ago=0, user=None):
        return (
            self.env["customer.value.satisfaction"]
            .with_user(user or self.salesperson)
            .create(
                {
                    "partner_id": (partner or self.customer).id,
                    "kind": kind,
                    "score": score,
                    "date": TODAY - timedelta(days=days_ago),
                }
            )
        )

    def _survey_answer(self, partner, score, test_entry=False):
        user_input = self.survey.sudo()._create_answer(partner=partner, test_entry=test_entry, check_attempts=False)
        user_input._save_lines(self.nps_question, str(score))
        user_input._mark_done()
        return user_input

    def test_nps_is_promoters_minus_detractors_per_tier(self):
        self._invoices([(self.customer, 5000, 30), (self.customer, 5000, 60)])
        self._run()  # the only customer: Diamond
        for score in (10, 9, 8, 3):
            self._answer(score)
        self._answer(4, kind="csat")
        self._answer(5, kind="csat")
        Answer = self.env["customer.value.satisfaction"].with_user(self.salesperson)
        answers = Answer.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(
            sorted(answers.filtered(lambda a: a.kind == "nps").mapped("nps_category")),
            ["detractor", "passive", "promoter", "promoter"],
        )
        [group] = Answer.read_group(
            [("partner_id", "=", self.customer.id)], ["nps_points:avg", "csat_score:avg"], ["tier_id"]
        )
        self.assertEqual(group["tier_id"][0], self.diamond.id, "answers keep the customer's tier")
        self.assertEqual(group["nps_points"], 25.0, "2 promoters - 1 detractor out of 4 answers: NPS 25")
        self.assertEqual(group["csat_score"], 4.5)

    def test_scores_out_of_scale_and_contacts_are_refused(self):
        for message, values in (
            ("between 0 and 10", {"score": 11}),
            ("between 1 and 5", {"kind": "csat", "score": 0}),
            ("not its contact", {"partner_id": self.contact.id, "score": 8}),
        ):
            with self.subTest(message), self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self.env["customer.value.satisfaction"].create({"partner_id": self.customer.id, **values})
        with self.assertRaisesRegex(ValidationError, "Scale question from 0 to 10"):
            self.nps_question.scale_max = 5

    def test_a_finished_survey_answer_becomes_the_customers_nps(self):
        self._survey_answer(self.contact, 6)
        self._survey_answer(self.contact, 9, test_entry=True)
        unfinished = self.survey.sudo()._create_answer(partner=self.contact, check_attempts=False)
        unfinished._save_lines(self.nps_question, "10")
        answer = self.env["customer.value.satisfaction"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(
            [(a.contact_id, a.kind, a.score, a.source, a.nps_category) for a in answer],
            [(self.contact, "nps", 6, "survey", "detractor")],
            "the finished answer only: no test entry, nothing before it is done",
        )

    def test_satisfaction_feeds_health_within_its_window(self):
        for code in ("frequency_trend", "monetary_trend", "overdue", "engagement"):
            self.env.ref(f"customer_value.customer_value_component_{code}").active = False
        self._invoices([(self.customer, 1000, 10), (self.customer, 1000, 20), (self.customer, 1000, 30)])
        silent = self.env["res.partner"].create({"name": "CV No Answer", "is_company": True})
        self._invoices([(silent, 1000, 10), (silent, 1000, 20), (silent, 1000, 30)])
        self._answer(10)  # 100 %
        self._answer(3, kind="csat")  # 50 %
        self._answer(0, days_ago=400)  # out of the 365-day window
        self._run()
        value = self._value(self.customer)
        self.assertEqual((value.nps_count, value.nps_average, value.csat_count), (1, 10, 1))
        self.assertEqual(value.satisfaction_percent, 75.0)
        self.assertEqual(value.health_breakdown["satisfaction"], 62.5, "75 % between 50 (0) and 90 (100)")
        self.assertIn("NPS 10.0 (1 answers)", str(value.health_breakdown_html))
        no_answer = self._value(silent)
        self.assertIsNone(no_answer.health_breakdown["satisfaction"], "no answer: no made-up score")
        self.assertEqual(no_answer.health_score, no_answer.health_breakdown["rhythm"], "scored on the rest")

    def test_each_group_may_do_what_it_should(self):
        answer = self._answer(8)  # a salesperson enters an answer
        answer.with_user(self.salesperson).score = 9
        with self.assertRaises(AccessError):
            answer.with_user(self.salesperson).unlink()
        answer.with_user(self.manager).unlink()
        for user in (self.internal, self.portal, self.accountant):
            with self.assertRaises(AccessError):
                self.env["customer.value.satisfaction"].with_user(user).search([])
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self._answer(7, user=user)
