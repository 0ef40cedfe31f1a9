"""What each kind of user clicks in the web client, in Chromium (Odoo tours)."""

from odoo.tests import HttpCase, tagged

from .common import CustomerValueCase


@tagged("post_install", "-at_install")
class TestWebClient(HttpCase, CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customers = cls._customers(12)
        customers[0].user_id = cls.salesperson  # "My Customers" of the salesperson
        cls._invoices([(c, 10000 - 700 * i, 100 + i) for i, c in enumerate(customers)])
        cls._run("review", days_ago=100)
        cls._invoices([(c, 3000 + 500 * i, 10) for i, c in enumerate(customers)])
        cls._run("review")
        cls._run()

    def test_salesperson_reads_values_on_lists_and_contacts(self):
        self.start_tour("/odoo", "customer_value_salesperson_tour", login=self.salesperson.login)

    def test_manager_recomputes_and_locks_a_tier(self):
        self.start_tour(
            "/odoo/action-customer_value.customer_value_action", "customer_value_manager_tour", login=self.manager.login
        )

    def test_accountant_opens_the_tier_reports(self):
        self.start_tour("/odoo", "customer_value_accountant_tour", login=self.accountant.login)

    def test_salesperson_reads_why_a_customer_is_red_and_marks_the_warning_done(self):
        red = self.env["res.partner"].create(
            {"name": "CV Red Customer", "is_company": True, "user_id": self.salesperson.id}
        )
        self._invoices([(red, 1000, days) for days in (0, 10, 20)])
        self._run()  # the customer's first assessment: on rhythm, its baseline
        self._run(days_ago=-100)  # ten gaps late and silent: a warning
        value = self._value(red)
        warning_type = self.env.ref("customer_value.mail_activity_type_churn_warning")
        self.assertEqual(value.activity_ids.activity_type_id, warning_type)
        self.start_tour("/odoo", "customer_value_churn_warning_tour", login=self.salesperson.login)
        self.assertFalse(value.activity_ids, "done")
        done = self.env["mail.message"].search([("model", "=", "customer.value"), ("res_id", "=", value.id)])
        self.assertIn("a new order is coming", "".join(done.mapped("body")))

    def test_salesperson_enters_an_nps_answer(self):
        self.start_tour("/odoo", "customer_value_satisfaction_tour", login=self.salesperson.login)
        answer = self.env["customer.value.satisfaction"].search([("partner_id.name", "=", "CV Customer 000")])
        self.assertEqual(
            (answer.kind, answer.score, answer.nps_category, answer.source), ("nps", 9, "promoter", "manual")
        )
        self.assertEqual(answer.create_uid, self.salesperson)

    def test_manager_reads_the_touchpoints_and_tunes_a_step(self):
        newcomer = self.env["res.partner"].create(
            {"name": "CV Newcomer", "is_company": True, "user_id": self.salesperson.id}
        )
        self._invoice(newcomer, 1000, days_ago=7)
        self._run()
        self.start_tour("/odoo", "customer_value_touchpoint_tour", login=self.manager.login)
        review = self.env.ref("customer_value.customer_value_touchpoint_step_value_review")
        self.assertEqual(review.lead_days, 5)
