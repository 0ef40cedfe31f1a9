"""Who may see and do what: salespeople read, managers configure and lock, accountants read
the reports, other users and portal users see nothing, and companies stay apart."""

from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestAccessRights(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._customers(5)
        cls._invoices([(c, 1000 * (i + 1), 10 * i) for i, c in enumerate(cls.customers)])
        cls._run("review")
        cls.value = cls._value(cls.customers[-1])
        cls.locked = cls._value(cls.customers[0])
        cls.locked._lock_tier(cls.gold, "Key account", TODAY + timedelta(days=30))  # a history row

    def test_salesperson_reads_but_cannot_lock_or_reconfigure(self):
        value = self.value.with_user(self.salesperson)
        self.assertEqual(value.tier_id, self.diamond)
        self.assertTrue(self.locked.with_user(self.salesperson).tier_history_ids)
        partner = self.customers[-1].with_user(self.salesperson)
        self.assertEqual(partner.customer_value_tier_id, self.diamond)
        self.assertEqual(partner.customer_value_id.value_score, self.value.value_score)
        self.assertEqual(partner.customer_value_ids, self.value, "the partner's tab shows the value record")
        self.assertTrue(self.env["customer.value.run"].with_user(self.salesperson).search([]))
        with self.assertRaises(AccessError):
            value.action_lock_tier()
        with self.assertRaises(AccessError):
            self.env["customer.value.lock.wizard"].with_user(self.salesperson).create(
                {"value_ids": value.ids, "tier_id": self.gold.id, "reason": "x", "lock_until": "2099-01-01"}
            )
        with self.assertRaises(AccessError):
            value.write({"tier_id": self.bronze.id})
        with self.assertRaises(AccessError):
            self.gold.with_user(self.salesperson).top_percent = 25
        with self.assertRaises(AccessError):
            self.env["customer.value.tier"].with_user(self.salesperson).create({"name": "Mine", "top_percent": 1})
        with self.assertRaises(AccessError):
            self.company.with_user(self.salesperson).rfm_window_days = 30
        with self.assertRaises(AccessError):
            self.env["customer.value.run"].with_user(self.salesperson).action_recompute_now()

    def test_manager_configures_locks_and_recomputes(self):
        self.gold.with_user(self.manager).benefits = "<p>Free shipping</p>"
        self.env["customer.value.tier"].with_user(self.manager).create(
            {"name": "Platinum", "sequence": 1, "top_percent": 1}
        )
        action = self.value.with_user(self.manager).action_lock_tier()
        self.assertEqual(action["res_model"], "customer.value.lock.wizard")
        result = self.env["customer.value.run"].with_user(self.manager).action_recompute_now()
        self.assertEqual(result["params"]["type"], "info", "queued, not computed in the request")
        settings = self.env["customer.value.settings"].with_user(self.manager).create({"rfm_window_days": 30})
        self.assertEqual(self.company.rfm_window_days, 30, "the Customer Value settings of their company")
        self.assertEqual(settings.action_save()["params"]["type"], "success")
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).name = "Renamed"  # and nothing else of the company
        other = self.env["res.company"].create({"name": "CV Not Theirs"})
        with self.assertRaises(AccessError):
            self.env["customer.value.settings"].with_user(self.manager).create(
                {"company_id": other.id, "rfm_window_days": 60}
            )
        self.assertEqual(other.rfm_window_days, 365)
        with self.assertRaises(AccessError):
            self.env["customer.value.settings"].with_user(self.salesperson).create({"rfm_window_days": 10})
        component = self.env.ref("customer_value.customer_value_component_monetary").with_user(self.manager)
        component.weight = 60

    def test_accountant_reads_the_tier_reports(self):
        Value = self.env["customer.value"].with_user(self.accountant)
        groups = Value._read_group([], ["tier_id"], ["__count", "monetary:sum"])
        self.assertEqual(sum(count for _tier, count, _revenue in groups), 5)
        self.assertTrue(self.env["customer.value.snapshot"].with_user(self.accountant).search_count([]))
        run = self.env["customer.value.run"].with_user(self.accountant).search([], limit=1)
        self.assertEqual(run.chunk_ids.mapped("state"), ["done"], "the run form shows its chunks")
        self.assertTrue(self.env["customer.value.tier.history"].with_user(self.accountant).search_count([]))
        menu = self.env.ref("customer_value.customer_value_menu_tier_report")
        visible = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(self.env.ref("customer_value.customer_value_menu_config").id, visible)
        with self.assertRaises(AccessError):
            self.value.with_user(self.accountant).action_lock_tier()

    def test_other_internal_and_portal_users_see_nothing(self):
        for user in (self.internal, self.portal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["customer.value"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.env["customer.value.tier"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.env["customer.value.run"].with_user(user).search([])
        visible = self.env["ir.ui.menu"].with_user(self.internal)._visible_menu_ids()
        self.assertNotIn(self.env.ref("customer_value.customer_value_menu_root").id, visible)
        fields = self.env["res.partner"].with_user(self.internal).fields_get()
        self.assertNotIn("customer_value_tier_id", fields)

    def test_companies_stay_apart(self):
        other = self.env["res.company"].create({"name": "CV Sealed Company"})
        self.env["account.chart.template"].try_loading("generic_coa", company=other, install_demo=False)
        self._invoice(self.customers[0], 999, days_ago=1, company=other)
        self._run(company=other)
        mine = self.env["customer.value"].with_user(self.salesperson).search([])
        self.assertEqual(set(mine.company_id.ids), {self.company.id})
        self.assertEqual(len(mine), 5)
