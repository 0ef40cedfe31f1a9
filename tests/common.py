"""Shared set-up for the Odoo tests: users of each role, a sale journal, products in two
categories, and helpers that post invoices and run the value engine on a fixed date."""

from datetime import date, timedelta

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, new_test_user

TODAY = date(2026, 6, 30)


def committed(registry, work):
    """``work(env)`` in a transaction of its own, as the superuser, committed (what another
    worker sees); its result."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        result = work(env)
        cr.commit()
        return result


def write_scores(run):
    """The step that writes what ``run``'s score step staged, in this transaction: the
    share of each of its chunks, then the step's end (as the workers do it, see
    ``customer.value.run._chunk_finish_steps``)."""
    for chunk in [*run.chunk_ids, None]:
        run.env["customer.value"]._run_step_write_scores(run, chunk)


class CustomerValueCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.salesperson = new_test_user(
            cls.env, login="cv_sales", groups="base.group_user,customer_value.group_customer_value_user"
        )
        cls.manager = new_test_user(
            cls.env, login="cv_manager", groups="base.group_user,customer_value.group_customer_value_manager"
        )
        cls.accountant = new_test_user(cls.env, login="cv_accountant", groups="account.group_account_invoice")
        cls.internal = new_test_user(cls.env, login="cv_internal", groups="base.group_user")
        cls.portal = new_test_user(cls.env, login="cv_portal", groups="base.group_portal")
        hardware = cls.env["product.category"].create({"name": "CV Hardware"})
        services = cls.env["product.category"].create({"name": "CV Services"})
        cls.product = cls.env["product.product"].create({"name": "CV Router", "categ_id": hardware.id})
        cls.service = cls.env["product.product"].create({"name": "CV Setup", "categ_id": services.id})
        cls.tiers = cls.env["customer.value.tier"].search([])
        cls.diamond, cls.gold, cls.silver, cls.bronze = (
            cls.env.ref(f"customer_value.customer_value_tier_{name}")
            for name in ("diamond", "gold", "silver", "bronze")
        )

    @classmethod
    def _customers(cls, count, prefix="CV Customer"):
        return cls.env["res.partner"].create([{"name": f"{prefix} {i:03d}", "is_company": True} for i in range(count)])

    @classmethod
    def _ranked_customers(cls):
        """20 customers who bought about 280 days before TODAY, customer 0 the best (top 5%
        = Diamond), 1-3 Gold, 4-9 Silver, the rest Bronze."""
        customers = cls._customers(20)
        cls._invoices([(c, 10000 - 400 * i, 280 + i) for i, c in enumerate(customers)])
        return customers

    @classmethod
    def _invoice(cls, partner, amount, days_ago=0, move_type="out_invoice", company=None, currency=None, lines=None):
        """Post one customer invoice (or credit note) of ``amount`` untaxed, ``days_ago``
        days before TODAY."""
        return cls._invoices([(partner, amount, days_ago)], move_type, company, currency, lines)

    @classmethod
    def _invoices(cls, specs, move_type="out_invoice", company=None, currency=None, lines=None):
        """Post invoices from (partner, amount, days_ago) triples, in one batch."""
        company = company or cls.company
        journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "parent_of", company.id)], order="company_id desc", limit=1
        )
        moves = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                [
                    {
                        "move_type": move_type,
                        "company_id": company.id,
                        "partner_id": partner.id,
                        "invoice_date": TODAY - timedelta(days=days_ago),
                        "journal_id": journal.id,
                        "currency_id": (currency or company.currency_id).id,
                        "invoice_line_ids": lines
                        or [
                            Command.create(
                                {"product_id": cls.product.id, "quantity": 1, "price_unit": amount, "tax_ids": []}
                            )
                        ],
                    }
                    for partner, amount, days_ago in specs
                ]
            )
        )
        moves.action_post()
        return moves

    @classmethod
    def _run(cls, run_type="scoring", days_ago=0, company=None):
        """Queue the run of that type for the day ``days_ago`` days before TODAY and work on
        it to the end in this transaction, as the cron worker would."""
        run = cls.env["customer.value.run"]._queue(company or cls.company, run_type, TODAY - timedelta(days=days_ago))
        run._execute()
        return run

    @classmethod
    def _value(cls, partner, company=None):
        return (
            cls.env["customer.value"]
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id), ("company_id", "=", (company or cls.company).id)])
        )
