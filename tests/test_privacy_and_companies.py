"""Who reads notes about a customer's value, companies kept apart on every record of the
engine, and money that is never added across currencies."""

from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestTierNotesArePrivate(CustomerValueCase):
    def test_nobody_outside_customer_value_reads_tier_notes(self):
        customers = self._customers(5)
        self._invoices([(c, 1000 * (i + 1), 10 * i) for i, c in enumerate(customers)])
        self._run(days_ago=1)
        self._invoice(customers[1], 90000, days_ago=0)
        self._run()  # a small customer becomes the best: an upgrade
        value = self._value(customers[-1])
        value.with_user(self.manager)._lock_tier(self.diamond, "Secret strategic deal", TODAY + timedelta(days=90))
        notes = self.env["mail.message"].search([("body", "ilike", "Value tier")])
        self.assertEqual(len(notes), 2, "the upgrade and the lock (a first tier gets no note)")
        self.assertEqual(set(notes.mapped("model")), {"customer.value"})
        for user in (self.internal, self.portal):
            with self.subTest(user=user.login):
                Message = self.env["mail.message"].with_user(user)
                self.assertFalse(Message.search([("body", "ilike", "Value tier")]))
                self.assertFalse(Message.search([("body", "ilike", "Secret strategic deal")]))
                self.assertFalse(Message.search([("id", "in", notes.ids)]))
                for note in notes:
                    with self.assertRaises(AccessError):
                        Message.browse(note.id).read(["body"])
                partner = customers[-1].with_user(user)
                if user == self.internal:
                    self.assertFalse(partner.message_ids.filtered(lambda m: "Value tier" in (m.body or "")))
        readable = self.env["mail.message"].with_user(self.salesperson).search([("id", "in", notes.ids)])
        self.assertEqual(readable, notes, "Customer Value users read them on the value record")


@tagged("post_install", "-at_install")
class TestCompaniesStayApart(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "CV Sealed Company"})
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.other, install_demo=False)
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        cls.other.currency_id = cls.eur if cls.company.currency_id != cls.eur else cls.env.ref("base.USD")
        cls.customers = cls._customers(6)
        for company in (cls.company, cls.other):
            cls._invoices([(c, 1000 * (i + 1), 100 + i) for i, c in enumerate(cls.customers)], company=company)
            cls._run("review", days_ago=90, company=company)
            cls._invoices([(c, 500 * (i + 1), 10 + i) for i, c in enumerate(cls.customers)], company=company)
            cls._run("review", company=company)
        cls.env["ir.config_parameter"].set_param("customer_value.chunk_size", 100000)
        cls.other_value = cls._value(cls.customers[0], cls.other)
        for company in (cls.company, cls.other):  # a tier history row in each company and currency
            held = cls._value(cls.customers[1], company)
            held._lock_tier(held.tier_id, "Held", TODAY + timedelta(days=30))
        cls.other_tier = cls.env["customer.value.tier"].create(
            {"name": "Sealed Elite", "sequence": 1, "top_percent": 1, "company_id": cls.other.id}
        )
        migration = (
            cls.env["customer.value.migration.wizard"].with_company(cls.other).create({"company_id": cls.other.id})
        )
        migration.action_show()
        cls.other_migration = migration
        cls.other_lock = (
            cls.env["customer.value.lock.wizard"]
            .with_company(cls.other)
            .create(
                {
                    "value_ids": cls.other_value.ids,
                    "tier_id": cls.diamond.id,
                    "reason": "x",
                    "lock_until": TODAY + timedelta(days=3650),
                }
            )
        )

    def _records_of_the_other_company(self):
        other = self.other
        return {
            "customer.value": self.other_value,
            "customer.value.tier": self.other_tier,
            "customer.value.tier.history": self.env["customer.value.tier.history"].search(
                [("company_id", "=", other.id)]
            ),
            "customer.value.run": self.env["customer.value.run"].search([("company_id", "=", other.id)]),
            "customer.value.run.chunk": self.env["customer.value.run.chunk"].search([("company_id", "=", other.id)]),
            "customer.value.snapshot": self.env["customer.value.snapshot"].search([("company_id", "=", other.id)]),
            "customer.value.migration.wizard": self.other_migration,
            "customer.value.migration.line": self.other_migration.line_ids,
            "customer.value.lock.wizard": self.other_lock,
        }

    def test_every_engine_record_carries_its_company_and_is_hidden_from_the_others(self):
        manager = self.manager  # Customer Value manager of the main company only
        self.assertEqual(manager.company_ids, self.company)
        for model, records in self._records_of_the_other_company().items():
            with self.subTest(model=model):
                self.assertTrue(records, "the other company has records of this kind")
                self.assertIn("company_id", self.env[model]._fields)
                self.assertEqual(set(records.mapped("company_id")), {self.other})
                self.assertTrue(
                    self.env["ir.rule"].search_count([("model_id.model", "=", model)]), "a multi-company rule"
                )
                self.assertFalse(self.env[model].with_user(manager).search([("id", "in", records.ids)]))
                with self.assertRaises(AccessError):
                    records.with_user(manager).read(["company_id"])

    def test_migration_lines_of_another_company_cannot_be_changed(self):
        lines = self.other_migration.line_ids.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            lines.write({"customer_count": 0})
        with self.assertRaises(AccessError):
            lines.unlink()

    def test_locking_another_companys_customer_is_refused_and_says_so(self):
        Wizard = self.env["customer.value.lock.wizard"].with_user(self.manager)
        with self.assertRaises(AccessError):
            Wizard.create(
                {
                    "value_ids": self.other_value.ids,
                    "tier_id": self.diamond.id,
                    "reason": "Strategic",
                    "lock_until": TODAY + timedelta(days=3650),
                }
            )
        self.assertFalse(self.other_value.tier_locked)

    def test_money_is_never_added_across_currencies(self):
        self.assertNotEqual(self.company.currency_id, self.other.currency_id)
        both = (
            self.env["customer.value"]
            .with_user(self.accountant)
            .with_context(allowed_company_ids=(self.company | self.other).ids)
        )
        self.accountant.company_ids = self.company | self.other
        by_tier = both.read_group([], ["monetary:sum", "clv:sum"], ["tier_id"])
        self.assertTrue(by_tier)
        self.assertTrue(all(group["monetary"] is False for group in by_tier), "dollars and euros in each group")
        total = both.read_group([], ["monetary:sum"], [])
        self.assertIs(total[0]["monetary"], False)
        by_company = {g["company_id"][0]: g["monetary"] for g in both.read_group([], ["monetary:sum"], ["company_id"])}
        expected = sum(500 * (i + 1) for i in range(6)) + sum(1000 * (i + 1) for i in range(6))
        self.assertEqual(by_company, {self.company.id: expected, self.other.id: expected})
        only_one = both.with_context(allowed_company_ids=self.company.ids)
        self.assertEqual(only_one.read_group([], ["monetary:sum"], [])[0]["monetary"], expected)
        for model, measure in (
            ("customer.value.snapshot", "monetary:sum"),
            ("customer.value.tier.history", "monetary:sum"),
            ("customer.value.run", "total_revenue:sum"),
        ):
            with self.subTest(model=model):
                groups = (
                    self.env[model]
                    .with_user(self.accountant)
                    .with_context(allowed_company_ids=(self.company | self.other).ids)
                    .read_group([], [measure], [])
                )
                self.assertIs(groups[0][measure.split(":")[0]], False)

    def test_minimum_revenue_of_a_shared_tier_is_set_per_company(self):
        diamond = self.diamond.with_user(self.manager)
        diamond.with_company(self.company).min_revenue = 1000
        self.assertFalse(self.diamond.with_company(self.other).min_revenue, "the other company keeps its own")
        self.other_tier.with_company(self.other).min_revenue = 900  # its own top tier asks for more
        self.diamond.with_company(self.other).min_revenue = 800
        Tier = self.env["customer.value.tier"]
        rules = {
            company: {rule.tier_id: rule.min_revenue for rule in Tier._rules_for_company(company)}
            for company in (self.company, self.other)
        }
        self.assertEqual(rules[self.company][self.diamond.id], 1000)
        self.assertEqual(rules[self.other][self.diamond.id], 800)
        form = Form(self.diamond.with_company(self.other), "customer_value.customer_value_tier_view_form")
        self.assertEqual(form.currency_id, self.other.currency_id, "entered in the company's currency")


@tagged("post_install", "-at_install")
class TestBranches(CustomerValueCase):
    def test_a_company_counts_the_invoices_of_its_branches(self):
        branch = self.env["res.company"].create({"name": "CV Branch", "parent_id": self.company.id})
        self.env.cr.flush()  # the branch takes its parent's chart of accounts before the commit
        self.env.user.company_ids |= branch
        customer = self._customers(1)
        self._invoice(customer, 1000, days_ago=10)
        branch_journal = (
            self.env["account.journal"]
            .with_company(branch)
            .search([("type", "=", "sale"), ("company_id", "parent_of", branch.id)], limit=1)
        )
        self.assertTrue(branch_journal)
        self._invoice(customer, 300, days_ago=5, company=branch)
        self._run()
        self._run(company=branch)
        self.assertAlmostEqual(self._value(customer).monetary, 1300, msg="the root company includes its branch")
        self.assertEqual(self._value(customer).frequency, 2)
        self.assertAlmostEqual(self._value(customer, branch).monetary, 300, msg="the branch counts its own")

    def test_branch_users_see_only_their_branch(self):
        branch = self.env["res.company"].create({"name": "CV Branch Two", "parent_id": self.company.id})
        user = new_test_user(
            self.env,
            login="cv_branch_sales",
            groups="base.group_user,customer_value.group_customer_value_user",
            company_id=branch.id,
            company_ids=[branch.id],
        )
        customer = self._customers(1)
        self._invoice(customer, 1000, days_ago=10)
        self._run()
        self.assertFalse(self.env["customer.value"].with_user(user).search([]))
