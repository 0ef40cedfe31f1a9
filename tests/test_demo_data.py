"""The demo loader gives every screen something to show: both companies, both currencies,
every tier, segment, class and quadrant, tier history and a locked customer, customers in
every health band and lifecycle stage, overdue receivables, interactions, open churn
warnings, survey answers and touchpoints."""

from odoo.tests import tagged

from .common import CustomerValueCase


@tagged("post_install", "-at_install")
class TestDemoData(CustomerValueCase):
    def test_demo_loader_covers_every_tier_segment_and_quadrant(self):
        self.env["customer.value.demo"]._load_demo()
        main = self.env.ref("base.main_company")
        europe = self.env.ref("customer_value.company_europe_demo")
        self.assertNotEqual(main.currency_id, europe.currency_id)
        Value = self.env["customer.value"]
        values = Value.search([("company_id", "=", main.id)])
        self.assertGreaterEqual(len(values), 200)
        self.assertTrue(Value.search_count([("company_id", "=", europe.id)]))
        self.assertEqual(set(values.tier_id), set(self.tiers))
        segments = {code for code, _label in Value._fields["rfm_segment"].selection}
        self.assertEqual(set(values.mapped("rfm_segment")), segments)
        self.assertEqual(set(values.mapped("abc_class")), {"a", "b", "c"})
        self.assertEqual(len(set(values.mapped("quadrant"))), 4)
        moves = self.env["account.move"].search([("company_id", "=", main.id), ("state", "=", "posted")])
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice", "out_refund"})
        self.assertEqual(len(moves.currency_id), 2, "invoices in two currencies")
        self.assertTrue(moves.filtered(lambda move: move.partner_id.parent_id), "some invoices go to contacts")
        history = self.env["customer.value.tier.history"].search([])
        self.assertTrue({"upgrade", "downgrade", "lock"} <= set(history.mapped("direction")))
        self.assertTrue(all(values.filtered("tier_id").mapped("tier_since")), "every tier has its day")
        reviews = self.env["customer.value.run"].search([("run_type", "=", "review"), ("company_id", "=", main.id)])
        self.assertEqual(len(reviews), 4)
        self.assertTrue(Value.search_count([("tier_locked", "=", True)]))
        salespeople = values.partner_id.user_id
        self.assertGreaterEqual(len(salespeople), 3, 'customers have salespeople, for "My Customers"')
        self.assertTrue(values.filtered("needs_retention").activity_ids, "retention activities to follow up")
        self.assertEqual(set(values.mapped("health_band")), {"green", "amber", "red", "none"})
        self.assertTrue(values.filtered("overdue_amount"), "late payers have overdue receivables")
        self.assertTrue(values.filtered(lambda value: value.overdue_amount == 0 and value.frequency), "most pay")
        self.assertGreater(len(set(values.mapped("engagement_count"))), 3, "engagement differs")
        self.assertTrue(self.env["customer.value.health.history"].search_count([]), "health moves to show")
        warning = self.env.ref("customer_value.mail_activity_type_churn_warning")
        self.assertTrue(values.activity_ids.filtered(lambda activity: activity.activity_type_id == warning))
        stages = {code for code, _label in Value._fields["lifecycle_stage"].selection} - {"prospect"}
        self.assertEqual(set(values.mapped("lifecycle_stage")), stages)
        self.assertTrue(
            self.env["res.partner"].search_count([("customer_value_lifecycle_stage", "=", "prospect")]), "prospects"
        )
        answers = self.env["customer.value.satisfaction"].search([])
        self.assertEqual(set(answers.mapped("source")), {"manual", "survey"})
        self.assertEqual(set(answers.mapped("nps_category")) - {False}, {"promoter", "passive", "detractor"})
        self.assertTrue(values.filtered("nps_count"), "satisfaction feeds health")
        touchpoints = self.env["customer.value.touchpoint"].search([("company_id", "=", main.id)])
        self.assertEqual(
            set(touchpoints.plan_id.mapped("trigger")), {"activation", "tier_review", "birthday"}, "every plan fired"
        )
        self.assertTrue(all(touchpoints.mapped("activity_id")), "each touchpoint an open activity")
        complaints = self.env["customer.value.complaint"].search([("company_id", "=", main.id)])
        self.assertEqual(
            set(complaints.mapped("stage")), {code for code, _label in complaints._fields["stage"].selection}
        )
        self.assertEqual(
            set(complaints.mapped("sla_status")),
            {"on_track", "at_risk", "paused", "breached", "met"},
            "every SLA state",
        )
        self.assertTrue(complaints.filtered(lambda c: c.priority == "p0" and c.emergency_alerted))
        self.assertGreater(max(complaints.mapped("escalation_level")), 1, "escalated up the ladder")
        reopened = complaints.filtered("reopen_count")
        self.assertEqual(reopened.pause_ids.mapped("kind"), ["resolved"], "a reopening, its time resolved not counted")
        self.assertEqual(reopened.sla_status, "on_track")
        compensations = complaints.compensation_ids
        self.assertEqual(set(compensations.mapped("state")), {"done", "to_approve"})
        self.assertTrue(compensations.credit_note_id, "a credit note drafted in accounting")
        self.env["customer.value.demo"]._load_demo()  # an update of the module loads it again
        self.assertEqual(Value.search_count([("company_id", "=", main.id)]), len(values), "nothing twice")
        self.assertEqual(self.env["customer.value.complaint"].search_count([]), len(complaints), "nothing twice")
