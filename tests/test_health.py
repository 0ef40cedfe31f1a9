"""Health score, bands, health history and churn warnings, on the real database: the
nightly run's health step scores the health components of each customer."""

from datetime import datetime, time, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.customer_value.models import customer_value_health_assessment as health_assessment
from odoo.addons.customer_value.tools import lifecycle

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestHealth(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        shared = cls.env["customer.value.component"].search([("score_type", "=", "health"), ("company_id", "=", False)])
        cls.components = {component.code: component for component in shared}
        # invoices due in a year: only the overdue tests have overdue receivables
        cls.year_term = cls.env["account.payment.term"].create(
            {"name": "CV one year", "line_ids": [(0, 0, {"value": "percent", "value_amount": 100, "nb_days": 365})]}
        )
        cls.immediate_term = cls.env.ref("account.account_payment_term_immediate")
        cls.warning_type = cls.env.ref("customer_value.mail_activity_type_churn_warning")

    def _buyer(self, days_ago, name="CV Buyer", amount=1000, salesperson=None, due_at_once=False):
        partner = self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "user_id": salesperson.id if salesperson else False,
                "property_payment_term_id": (self.immediate_term if due_at_once else self.year_term).id,
            }
        )
        self._invoices([(partner, amount, days) for days in days_ago])
        return partner

    def _only(self, *codes):
        """Switch every health component off but ``codes``."""
        for code, component in self.components.items():
            component.active = code in codes

    def _log(self, partner, days_ago, message_type="comment"):
        """A message on the partner, dated ``days_ago`` days before TODAY."""
        message = partner.message_post(body="Called the customer", message_type=message_type)
        message.sudo().date = datetime.combine(TODAY - timedelta(days=days_ago), time(12))
        return message

    def _warnings(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.value"),
                ("res_id", "=", self._value(partner).id),
                ("activity_type_id", "=", self.warning_type.id),
            ]
        )

    # ------------------------------------------------------------------
    # components
    # ------------------------------------------------------------------
    def test_rhythm_scores_recency_against_the_customers_own_gap(self):
        self._only("rhythm")
        on_rhythm = self._buyer([30, 60, 90, 120], "CV On Rhythm")
        two_gaps = self._buyer([40, 60, 80], "CV Two Gaps Late")
        late = self._buyer([90, 100, 110, 120], "CV Late")
        yearly = self._buyer([10, 200, 210], "CV Irregular")
        self._run()
        self.assertEqual(self._value(on_rhythm).purchase_gap_days, 30)
        self.assertEqual(self._value(on_rhythm).health_score, 100)
        self.assertEqual(self._value(two_gaps).health_score, 50, "twice its 20-day gap: half-way to 3 gaps")
        self.assertEqual(self._value(late).health_score, 0, "nine gaps late")
        self.assertEqual(self._value(yearly).health_score, 100, "a slow buyer on its own rhythm is healthy")
        self.assertEqual(self._value(late).health_band, "red")
        self.assertEqual(self._value(on_rhythm).health_band, "green")

    def test_health_and_lifecycle_are_assessed_chunk_by_chunk_as_the_figures_come(self):
        self._only("rhythm")
        buyers = [self._buyer([30, 60, 90, 120], f"CV Chunked {n}") for n in range(3)]
        self.env["ir.config_parameter"].set_param("customer_value.chunk_size", 1)
        Health = type(self.env["customer.value.health.assessment"])
        with (
            patch.object(Health, "_assess", autospec=True, side_effect=Health._assess) as health_step,
            patch.object(lifecycle, "stages", wraps=lifecycle.stages) as lifecycle_step,
        ):
            run = self._run()
        self.assertGreaterEqual(len(run.chunk_ids), 3)
        self.assertEqual(
            [list(call.args[1]["partner_id"]) for call in health_step.call_args_list],
            [[partner.id] for partner in buyers],
            "each chunk assesses its own customers, once",
        )
        self.assertEqual(
            [list(call.args[0]["partner_id"]) for call in lifecycle_step.call_args_list], [[p.id] for p in buyers]
        )
        self.assertEqual([self._value(partner).health_score for partner in buyers], [100, 100, 100])
        self.assertEqual([self._value(partner).lifecycle_stage for partner in buyers], ["growth"] * 3)

    def test_one_purchase_day_is_not_enough_data(self):
        single = self._buyer([5], "CV Once")
        same_day = self._buyer([5, 5], "CV Twice Same Day")
        self._run()
        for partner in (single, same_day):
            value = self._value(partner)
            self.assertEqual(value.health_band, "none", "marked, not scored")
            self.assertFalse(value.health_breakdown)
            self.env.cr.execute("SELECT health_score FROM customer_value WHERE id = %s", [value.id])
            self.assertIsNone(self.env.cr.fetchone()[0], "no made-up score")
        partner = self._buyer([5, 30], "CV Two Days")
        self._run(days_ago=-1)
        two_days = self._value(partner)
        self.assertEqual(two_days.health_band, "green", "two purchase days are enough by default")
        self.env.company.health_min_purchase_days = 3
        self._run(days_ago=-2)
        self.assertEqual(two_days.health_band, "none", "the minimum is a setting")

    def test_trends_compare_the_last_period_with_the_one_before(self):
        self._only("frequency_trend", "monetary_trend")
        growing = self._buyer([10, 20, 100], "CV Growing")  # 2 invoices now, 1 before
        halved = self._buyer([10, 100, 110], "CV Halved", amount=500)  # 1 now, 2 before
        quiet = self._buyer([200, 300], "CV Quiet")  # none in either period
        self._run()
        self.assertEqual(self._value(growing).frequency_trend, 100)
        self.assertEqual(self._value(growing).health_score, 100)
        self.assertEqual(self._value(halved).frequency_trend, -50)
        self.assertEqual(self._value(halved).health_breakdown, {"monetary_trend": 0.0, "frequency_trend": 0.0})
        quiet_value = self._value(quiet)
        self.assertFalse(quiet_value.frequency_trend)
        self.assertEqual(quiet_value.health_breakdown, {"monetary_trend": None, "frequency_trend": None})
        self.assertEqual(quiet_value.health_band, "none", "no trend is no data, not a score of 0")

    def test_overdue_receivables_come_from_the_open_invoices(self):
        self._only("overdue")
        paid_on_time = self._buyer([100, 200], "CV Not Due")
        all_overdue = self._buyer([70, 100], "CV All Overdue", due_at_once=True)
        half = self._buyer([30, 300], "CV Half Overdue", due_at_once=True)
        old = self.env["account.move"].search(
            [("partner_id", "=", half.id), ("invoice_date", "<", TODAY - timedelta(days=200))]
        )
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=old.ids).create(
            {"payment_date": TODAY}
        )._create_payments()
        self._run()
        self.assertEqual(self._value(paid_on_time).overdue_amount, 0)
        self.assertEqual(self._value(paid_on_time).health_score, 100, "nothing overdue")
        overdue = self._value(all_overdue)
        self.assertEqual(overdue.overdue_amount, 2000)
        self.assertEqual(overdue.overdue_days, 100)
        self.assertEqual(overdue.health_score, 0, "100 days is beyond the 60 of the zero score")
        half_value = self._value(half)
        self.assertEqual((half_value.overdue_amount, half_value.overdue_days), (1000, 30), "the paid one is out")
        self.assertEqual(half_value.health_score, 50)
        self.assertIn("30", half_value.health_breakdown_html)

    def test_engagement_counts_messages_and_done_activities_of_the_window(self):
        self._only("engagement")
        engaged = self._buyer([10, 40], "CV Engaged")
        for days in (5, 20, 60, 85):
            self._log(engaged, days)
        quiet = self._buyer([10, 40], "CV Half Engaged")
        self._log(quiet, 5)
        self._log(quiet, 120)  # before the window
        activity = quiet.activity_schedule("mail.mail_activity_data_call", user_id=self.salesperson.id)
        activity.action_feedback("Reached them")
        done = self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", quiet.id)], limit=1)
        done.sudo().date = datetime.combine(TODAY - timedelta(days=3), time(9))
        self._log(quiet, 2, message_type="notification")  # a notification is no interaction
        self._run()
        self.assertEqual(self._value(engaged).engagement_count, 4)
        self.assertEqual(self._value(engaged).health_score, 100)
        self.assertEqual(self._value(quiet).engagement_count, 2, "a message and a done activity")
        self.assertEqual(self._value(quiet).health_score, 50)
        self.assertEqual(self._value(quiet).last_interaction_date, TODAY - timedelta(days=3))

    def test_the_score_weighs_only_the_components_with_data(self):
        self._only("rhythm", "frequency_trend")
        self.components["rhythm"].weight = 3
        self.components["frequency_trend"].weight = 1
        scored = self._buyer([40, 60, 80], "CV Both")  # rhythm 50, frequency trend +100% -> 100
        rhythm_only = self._buyer([181, 400], "CV Rhythm Only")  # on its slow rhythm, no invoice in either period
        self._run()
        self.assertEqual(self._value(scored).health_score, (50 * 3 + 100 * 1) / 4)
        value = self._value(rhythm_only)
        self.assertIsNone(value.health_breakdown["frequency_trend"])
        self.assertEqual(value.health_breakdown["rhythm"], 100)
        self.assertEqual(value.health_score, 100, "the missing trend weighs nothing")
        self.components["frequency_trend"].active = False
        self._run(days_ago=-1)
        self.assertEqual(self._value(scored).health_breakdown, {"rhythm": 47.5}, "switched off: left out")
        self.assertEqual(
            (self._value(rhythm_only).health_score, self._value(rhythm_only).health_breakdown),
            (100, {"rhythm": 100}),
            "the same score with one component less: only the breakdown moved, and it is written",
        )

    # ------------------------------------------------------------------
    # bands and history
    # ------------------------------------------------------------------
    def test_bands_follow_the_configured_cut_offs_and_moves_are_dated(self):
        self._only("rhythm")
        customer = self._buyer([40, 60, 80], "CV Amber")  # a 20-day gap
        self._run(days_ago=2)  # 1.9 gaps: 55
        value = self._value(customer)
        self.assertEqual((value.health_score, value.health_band, value.health_change), (55, "amber", 0))
        self.assertFalse(value.health_history_ids, "a first score is no move")
        self.env.company.write({"health_green_from": 45, "health_amber_from": 20})
        self._run(days_ago=1)  # 52.5
        self.assertEqual(value.health_band, "green")
        self.assertEqual(value.health_band_since, TODAY - timedelta(days=1))
        move = value.health_history_ids
        self.assertEqual((move.event, move.from_band, move.to_band), ("band", "amber", "green"))
        self.env.company.write({"health_green_from": 70, "health_amber_from": 60})
        self._run()  # 50
        self.assertEqual(value.health_band, "red")
        self.assertEqual(len(value.health_history_ids), 2)
        self.assertEqual(value.health_previous_score, 52.5, "the score before its last change")
        self.assertEqual(value.health_change, -2.5)

    def test_new_cut_offs_rerun_the_same_day_rewrite_the_band_though_no_figure_moved(self):
        """The chunk writes a row whose figures are the same when a step staged a change:
        a manager who moves the cut-offs and runs again that day sees the new bands."""
        self._only("rhythm")
        customer = self._buyer([40, 60, 80], "CV Amber Today")
        self._run(days_ago=2)
        value = self._value(customer)
        self.assertEqual((value.health_score, value.health_band), (55, "amber"))
        self.env.company.write({"health_green_from": 45, "health_amber_from": 20})
        self._run(days_ago=2)  # the same day and invoices: the same figures
        self.assertEqual((value.scored_on, value.health_score), (TODAY - timedelta(days=2), 55))
        self.assertEqual(value.health_band, "green")

    def test_a_large_move_within_a_band_is_history_and_a_warning(self):
        self._only("rhythm")
        customer = self._buyer([10, 30, 50], "CV Sliding", salesperson=self.salesperson)  # gap 20
        self._log(customer, 1)
        self._run(days_ago=5)  # 5 days since the last invoice: on rhythm
        value = self._value(customer)
        self.assertEqual(value.health_score, 100)
        self._log(customer, -20)
        self._run(days_ago=-20)  # 30 days, 1.5 gaps: 75, still green
        self.assertEqual(value.health_band, "green")
        self.assertEqual(value.health_change, -25)
        self.assertEqual(value.health_history_ids.event, "drop")
        self.assertIn("drop", value.churn_causes)
        self.assertEqual(len(self._warnings(customer)), 1)
        self.assertIn("Health fell by 25.0 points, from 100.0 to 75.0.", str(self._warnings(customer).note))

    # ------------------------------------------------------------------
    # churn warnings
    # ------------------------------------------------------------------
    def test_a_warning_is_raised_once_per_cause_until_the_customer_recovers(self):
        self._only("rhythm")
        customer = self._buyer([90, 100, 110], "CV Red", salesperson=self.salesperson)
        self._log(customer, 1)  # not silent: red is the only cause
        self._run(days_ago=88)  # the baseline: on rhythm
        self.assertFalse(self._value(customer).churn_causes)
        self._run()
        warning = self._warnings(customer)
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.user_id, self.salesperson)
        self.assertEqual(self._value(customer).churn_causes, "red drop")
        self.assertIn("Health is red: 0.0 out of 100.", str(warning.note))
        self._run(days_ago=-1)
        self.assertEqual(len(self._warnings(customer)), 1, "no second activity while one is open")
        warning.with_user(self.salesperson).action_feedback("Visited them")
        self._run(days_ago=-2)
        self.assertFalse(self._warnings(customer), "done, and the same cause raises nothing new")
        self._invoice(customer, 1000, days_ago=-3)
        self._run(days_ago=-3)
        self.assertNotEqual(self._value(customer).health_band, "red")
        self.assertFalse(self._value(customer).churn_causes)
        self._run(days_ago=-200)  # red again, long after recovering
        self.assertEqual(len(self._warnings(customer)), 1, "a new warning once the cause came back")

    def test_warnings_are_handed_over_in_slices_each_customer_once(self):
        self._only("rhythm")
        reds = [self._buyer([90, 100, 110], f"CV Red {n}", salesperson=self.salesperson) for n in range(3)]
        for partner in reds:
            self._log(partner, 1)
        self._run(days_ago=88)
        with patch.object(health_assessment, "CHURN_RISK_BATCH", 2):
            run = self._run()
            self.assertEqual([len(self._warnings(partner)) for partner in reds], [1, 1, 1])
            values = self.env["customer.value"].browse([self._value(partner).id for partner in reds])
            self.assertFalse(any(values.mapped("churn_warning_pending")), "every customer handed over")
            values.write({"churn_warning_pending": True})
            Assessment = self.env["customer.value.health.assessment"]
            self.assertFalse(Assessment._run_step_churn_risk(run), "a full batch: the step goes on")
            self.assertEqual(values.filtered("churn_warning_pending"), values[2], "the first batch handed over")
            self.assertTrue(Assessment._run_step_churn_risk(run))
        self.assertEqual([len(self._warnings(partner)) for partner in reds], [1, 1, 1], "no second warning")

    def test_the_first_assessment_is_a_baseline_not_a_warning(self):
        """Customers already at risk when the engine first assesses them are listed by the
        Churn Risk filter; a warning is a change since the customer's previous assessment."""
        self._only("rhythm")
        customer = self._buyer([90, 100, 110], "CV Red Before The Engine", salesperson=self.salesperson)
        self._run()
        self.assertEqual(self._value(customer).churn_causes, "red silent")
        self.assertFalse(self._warnings(customer))
        at_risk = self.env["customer.value"].with_user(self.salesperson).search([("churn_causes", "!=", False)])
        self.assertIn(self._value(customer), at_risk)
        self._run(days_ago=-1)
        self.assertFalse(self._warnings(customer), "a cause that lasts warns no more")

    def test_silence_warns_active_customers_only(self):
        self._only("rhythm")
        silent = self._buyer([40, 60], "CV Silent", salesperson=self.salesperson)
        talked_to = self._buyer([40, 60], "CV Talked To", salesperson=self.salesperson)
        self._log(talked_to, 10)
        gone = self._buyer([400, 420], "CV Gone Before The Window", salesperson=self.salesperson)
        self.env.company.churn_drop_points = 60  # the rhythm's fall of 50 points is no cause here
        self._run(days_ago=35)  # the baseline: 5 days since the last invoice
        self._run()
        self.assertEqual(self._value(silent).churn_causes, "silent")
        self.assertIn("No message, activity or invoice for 40 days", str(self._warnings(silent).note))
        self.assertFalse(self._value(talked_to).churn_causes)
        self.assertFalse(self._warnings(talked_to))
        self.assertNotIn("silent", self._value(gone).churn_causes or "", "no invoice in the RFM window")

    def test_warnings_go_to_the_fallback_user_and_in_their_language(self):
        self._only("rhythm")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_value"], ["zh_CN"], overwrite=True)
        self.manager.lang = "zh_CN"
        self.env.company.customer_value_user_id = self.manager
        orphan = self._buyer([90, 100, 110], "CV Without Salesperson")
        nobody = self._buyer([0, 10, 20], "CV Nobody's")
        self._run(days_ago=88)
        self._run()
        warning = self._warnings(orphan)
        self.assertEqual(warning.user_id, self.manager)
        self.assertIn("健康", str(warning.note), "the reasons in the manager's language")
        self.env.company.customer_value_user_id = False
        self._run(days_ago=-100)
        self.assertIn("red", self._value(nobody).churn_causes)
        self.assertFalse(self._warnings(nobody), "no one to warn: no activity")

    # ------------------------------------------------------------------
    # settings and access
    # ------------------------------------------------------------------
    def test_settings_out_of_order_are_refused_naming_the_field(self):
        refusals = [
            ("Amber From", self.env.company, {"health_amber_from": 80}),
            ("Warn on a Drop Of", self.env.company, {"churn_drop_points": 0}),
            ("Full Score At", self.components["rhythm"], {"full_score_at": 4}),  # beyond its zero score at 3 gaps
            ("Full Score At", self.components["engagement"], {"full_score_at": 0, "zero_score_at": 2}),
            (
                "add up to more than 0",
                self.env["customer.value.component"].search([("score_type", "=", "health")]),
                {"weight": 0},
            ),
        ]
        for message, records, values in refusals:
            with self.subTest(message), self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                records.write(values)

    def test_each_group_reads_what_it_may(self):
        customer = self._buyer([90, 100, 110], "CV Private Health", salesperson=self.salesperson)
        self._run()
        value = self._value(customer)
        self.assertEqual(value.with_user(self.salesperson).health_band, "red")
        self.assertTrue(value.with_user(self.salesperson).health_breakdown_html)
        self.assertEqual(customer.with_user(self.salesperson).customer_value_health_band, "red")
        for user in (self.internal, self.portal):
            with self.assertRaises(AccessError):
                value.with_user(user).read(["health_score"])
            with self.assertRaises(AccessError):
                self.env["customer.value.health.history"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.components["rhythm"].with_user(self.salesperson).full_score_at = 2
        self.components["rhythm"].with_user(self.manager).full_score_at = 1.5
