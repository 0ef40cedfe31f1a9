"""Writes of a run racing other transactions over the same customers:

- a chunk's write-back racing a chunk of another run over a new customer: the insert that
  comes second must end in a serialization failure, which the worker retries with fresh
  figures, never in a duplicate-key error that fails the chunk;
- the workers' write of the scores, chunk by chunk after the score step's transaction,
  racing a change of a row in between: the change stays, never overwritten by scores
  computed before it.

Real connections and transactions are needed for the races, so these tests commit
partners and value rows and remove them at the end.
"""

from datetime import date

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.customer_value.models.customer_value_score_write import STAGE_TABLE

from .common import committed, write_scores

RACE_DAY = date(1999, 12, 31)


@tagged("post_install", "-at_install")
class TestWriteBackRace(TransactionCase):
    def test_a_customer_inserted_meanwhile_is_a_conflict_the_worker_retries(self):
        company = self.env.ref("base.main_company")
        partner_id = committed(self.registry, lambda env: env["res.partner"].create({"name": "CV Race Customer"}).id)

        def remove(env):
            env["customer.value"].with_context(active_test=False).search([("partner_id", "=", partner_id)]).unlink()
            env["res.partner"].browse(partner_id).unlink()

        self.addCleanup(committed, self.registry, remove)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            run = env["customer.value.run"]._queue(company, "scoring", RACE_DAY)
            chunk = env["customer.value.run.chunk"].create(
                {"run_id": run.id, "partner_from": partner_id, "partner_to": partner_id}
            )
            # this transaction's snapshot is taken: it does not see the row committed next
            cr.execute("SELECT COUNT(*) FROM customer_value WHERE partner_id = %s", [partner_id])
            self.assertEqual(cr.fetchone()[0], 0)
            committed(
                self.registry,
                lambda other: other["customer.value"].create(
                    {"partner_id": partner_id, "company_id": company.id, "frequency": 1}
                ),
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
        frequencies = committed(
            self.registry,
            lambda env: (
                env["customer.value"]
                .with_context(active_test=False)
                .search([("partner_id", "=", partner_id)])
                .mapped("frequency")
            ),
        )
        self.assertEqual(frequencies, [1], "one row, the one committed first")

    def test_a_row_changed_after_the_score_step_keeps_its_change(self):
        company = self.env.ref("base.main_company")

        def customers(env):
            partners = env["res.partner"].create([{"name": f"CV Race Scored {i}"} for i in range(2)])
            env["customer.value"].create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "frequency": 2 + i,
                        "monetary": 100.0 * (i + 1),
                        "recency_days": 10,
                        "value_score": -1.0,  # not a score the step gives: both rows change
                    }
                    for i, partner in enumerate(partners)
                ]
            )
            return partners.ids

        partner_ids = committed(self.registry, customers)

        def remove(env):
            runs = env["customer.value.run"].search([("company_id", "=", company.id), ("date", "=", RACE_DAY)])
            for run in runs:  # a failure may leave the table of its rows behind
                env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(STAGE_TABLE % run.id)))
            runs.unlink()
            for model in ("customer.value.summary", "customer.value.clv.band"):
                env[model].search([("company_id", "=", company.id)]).unlink()
            env["customer.value"].with_context(active_test=False).search([("partner_id", "in", partner_ids)]).unlink()
            env["res.partner"].browse(partner_ids).unlink()

        self.addCleanup(committed, self.registry, remove)

        def score(env):
            run = env["customer.value.run"]._queue(company, "scoring", RACE_DAY)
            env["customer.value.run.chunk"].create(
                {"run_id": run.id, "partner_from": min(partner_ids), "partner_to": max(partner_ids)}
            )
            env["customer.value.scoring"]._run_step_score(run)
            return run.id

        run_id = committed(self.registry, score)
        first, second = partner_ids

        def change(env):
            value = env["customer.value"].search([("partner_id", "=", first)])
            value.value_score = 42.0  # another transaction changes the first row before its write

        committed(self.registry, change)

        def write(env):
            write_scores(env["customer.value.run"].browse(run_id))
            return {
                value.partner_id.id: value.value_score
                for value in env["customer.value"].search([("partner_id", "in", partner_ids)])
            }

        scores = committed(self.registry, write)
        self.assertEqual(scores[first], 42.0, "the change made after the scores were computed stays")
        self.assertGreaterEqual(scores[second], 0.0, "the other row has its new score")
