"""A chunk's write-back racing a chunk of another run over a new customer: the insert that
comes second must end in a serialization failure, which the worker retries with fresh
figures, never in a duplicate-key error that fails the chunk.

Two real connections are needed for the race, so this test commits a partner and a value
row and removes them at the end.
"""

from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

RACE_DAY = date(1999, 12, 31)


@tagged("post_install", "-at_install")
class TestWriteBackRace(TransactionCase):
    def _committed(self, work):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            result = work(env)
            cr.commit()
            return result

    def test_a_customer_inserted_meanwhile_is_a_conflict_the_worker_retries(self):
        company = self.env.ref("base.main_company")
        partner_id = self._committed(lambda env: env["res.partner"].create({"name": "CV Race Customer"}).id)

        def remove(env):
            env["customer.value"].with_context(active_test=False).search([("partner_id", "=", partner_id)]).unlink()
            env["res.partner"].browse(partner_id).unlink()

        self.addCleanup(self._committed, remove)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            run = env["customer.value.run"]._queue(company, "scoring", RACE_DAY)
            chunk = env["customer.value.run.chunk"].create(
                {"run_id": run.id, "partner_from": partner_id, "partner_to": partner_id}
            )
            # this transaction's snapshot is taken: it does not see the row committed next
            cr.execute("SELECT COUNT(*) FROM customer_value WHERE partner_id = %s", [partner_id])
            self.assertEqual(cr.fetchone()[0], 0)
            self._committed(
                lambda other: other["customer.value"].create(
                    {"partner_id": partner_id, "company_id": company.id, "frequency": 1}
                )
            )
            cr.execute(
                "CREATE TEMPORARY TABLE customer_value_metrics ON COMMIT DROP AS"
                " SELECT %s::int AS partner_id, nextval('customer_value_id_seq') AS id, TRUE AS is_new,"
                " 2::int AS frequency",
                [partner_id],
            )
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                chunk._write_rows(["frequency"])
            cr.rollback()
        frequencies = self._committed(
            lambda env: (
                env["customer.value"]
                .with_context(active_test=False)
                .search([("partner_id", "=", partner_id)])
                .mapped("frequency")
            )
        )
        self.assertEqual(frequencies, [1], "one row, the one committed first")
