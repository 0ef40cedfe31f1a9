"""What a partner shows follows its commercial partner's current value record: after a
contact is detached or attached, after a merge (which keeps the history) and an archive."""

from datetime import timedelta

from odoo.tests import Form, tagged

from .common import TODAY, CustomerValueCase


@tagged("post_install", "-at_install")
class TestPartnerFields(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._customers(20)
        cls.big, cls.small = cls.customers[0], cls.customers[19]
        cls.contact = cls.env["res.partner"].create({"name": "CV Buyer", "parent_id": cls.big.id})
        cls._invoices([(c, 10000 - 400 * i, 100 + i) for i, c in enumerate(cls.customers)])
        cls._run("review", days_ago=90)
        cls._invoices([(c, 5000 - 200 * i, 10 + i) for i, c in enumerate(cls.customers)])
        cls._run("review")

    def test_contacts_show_their_company_but_are_not_counted_as_customers(self):
        value = self._value(self.big)
        self.assertEqual(self.big.customer_value_tier_id, self.diamond)
        self.assertEqual(self.contact.customer_value_id, value, "the contact's tab shows its company's record")
        self.assertFalse(self.contact.customer_value_tier_id)
        groups = dict(
            self.env["res.partner"]._read_group(
                [("id", "in", (self.customers | self.contact).ids)], ["customer_value_tier_id"], ["__count"]
            )
        )
        self.assertEqual(groups[self.diamond], 1, "the Diamond customer, not its contact")
        self.assertEqual(sum(count for tier, count in groups.items() if tier), 20)

    def test_a_detached_contact_shows_nothing_and_an_attached_customer_drops_its_own_tier(self):
        self.contact.parent_id = False
        self.assertFalse(self.contact.customer_value_id)
        self.assertFalse(self.contact.customer_value_tier_id)
        self.assertEqual(self.small.customer_value_tier_id, self.bronze)
        self.small.write({"is_company": False, "parent_id": self.big.id})  # a former customer, now a contact
        self.assertFalse(self.small.customer_value_tier_id, "no longer a customer of its own")
        self.assertEqual(self.small.customer_value_id, self._value(self.big))
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("id", "in", self.customers.ids), ("customer_value_tier_id", "=", self.bronze.id)]
            ),
            len(self._value_records().filtered(lambda v: v.tier_id == self.bronze)) - 1,
        )

    def _value_records(self):
        return self.env["customer.value"].search([])

    def test_merging_partners_keeps_the_history_of_both(self):
        big_value, small_value = self._value(self.big), self._value(self.small)
        small_value._lock_tier(self.silver, "Pilot", TODAY + timedelta(days=30))
        big_history, small_history = big_value.tier_history_ids, small_value.tier_history_ids
        small_notes = small_value.message_ids
        self.assertTrue(small_history and small_notes)
        self.env["base.partner.merge.automatic.wizard"]._merge((self.big | self.small).ids, self.big)
        self.assertFalse(self.small.exists())
        self.assertEqual(big_value.tier_history_ids, big_history | small_history, "history moved, none lost")
        self.assertEqual(set(small_history.mapped("partner_id")), {self.big})
        self.assertLessEqual(small_notes, big_value.message_ids)
        snapshots = self.env["customer.value.snapshot"].search([("value_id", "=", big_value.id)])
        self.assertEqual(len(snapshots), 2, "one per review, the merged customer's revenue added")
        self.assertEqual(self.big.customer_value_tier_id, self.diamond)
        self._run()
        self.assertAlmostEqual(
            big_value.monetary, 10000 + 5000 + 10000 - 400 * 19 + 5000 - 200 * 19, msg="both customers' invoices"
        )

    def test_merging_into_a_partner_without_a_record_hands_it_over(self):
        newcomer = self.env["res.partner"].create({"name": "CV Newcomer", "is_company": True})
        small_value = self._value(self.small)
        small_value._lock_tier(self.silver, "Pilot", TODAY + timedelta(days=30))
        self.env["base.partner.merge.automatic.wizard"]._merge((newcomer | self.small).ids, newcomer)
        self.assertEqual(small_value.partner_id, newcomer)
        self.assertTrue(small_value.tier_history_ids)
        self.assertEqual(set(small_value.tier_history_ids.mapped("partner_id")), {newcomer})
        self.assertEqual(newcomer.customer_value_id, small_value)

    def test_an_archived_customer_loses_its_fields_at_the_next_run(self):
        self.big.action_archive()
        self._run()
        big = self.big.with_context(active_test=False)
        self.assertFalse(self._value(self.big).active)
        self.assertFalse(big.customer_value_tier_id)
        self.assertFalse(big.customer_value_segment)

    def test_the_partner_form_shows_the_value_record_of_the_commercial_partner(self):
        form = Form(self.contact.with_user(self.salesperson), view="base.view_partner_form")
        self.assertEqual(form.customer_value_id, self._value(self.big))
