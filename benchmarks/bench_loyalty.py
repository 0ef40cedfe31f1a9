"""Benchmark: loyalty_tiers' nightly scheduled actions over N points lots, against a bare SQL
floor in the same run.

Run through benchmarks/run_loyalty.sh on a throw-away database. Inserts, in SQL, members of
one program with three tiers, each with K awards a few months apart (one ledger entry and
one lot each, the card's balance their sum), E of the lots past their expiry date. Then times
the expiry cron until nothing is left (each batch committed, as Odoo's cron runner does), the
expiry cron again (nothing due), the tier update over every member, the tier update again the
same day (nothing to do), and the floor: one UPDATE of the lots due plus one GROUP BY of the
ledger per card (what the expiry and the qualification read at least). Prints the ratios and
the memory peak.
"""

from datetime import date

import psutil
from common import arguments, open_registry, timed

import odoo
from odoo import api
from odoo.tools import SQL


def insert_members(env, lots, per_card, expiring):
    """Members with ``per_card`` awards each; the oldest ``expiring`` lots are past their date."""
    program = env["loyalty.program"].create(
        {
            "name": "Bench Club",
            "program_type": "loyalty",
            "tier_ids": [
                (0, 0, {"name": "Silver", "sequence": 1, "threshold": 1000}),
                (0, 0, {"name": "Gold", "sequence": 2, "threshold": 3000, "multiplier": 1.5}),
                (0, 0, {"name": "Black", "sequence": 3, "threshold": 8000, "multiplier": 2}),
            ],
        }
    )
    cards = lots // per_card
    today = date.today()
    cr = env.cr
    cr.execute(
        SQL(
            """INSERT INTO res_partner (name, active, type, is_company, autopost_bills, create_date, write_date)
               SELECT 'Bench Member ' || g, true, 'contact', false, 'ask', now(), now()
                 FROM generate_series(1, %s) g""",
            cards,
        )
    )
    cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE name LIKE %s", "Bench Member %"))
    cr.execute(
        SQL(
            """INSERT INTO loyalty_card (program_id, company_id, partner_id, code, points, active,
                                         create_date, write_date)
               SELECT %(program)s, %(company)s, p.id, 'BENCH-' || p.id, 0, true, now(), now()
                 FROM res_partner p WHERE p.name LIKE %(pattern)s""",
            pattern="Bench Member %",
            program=program.id,
            company=program.company_id.id,
        )
    )
    # award k of card c: (c * 37 + k * 613) mod 1500 points, dated so that the lots of the
    # first cards are the oldest; the `expiring` oldest lots expired yesterday or before
    cr.execute(
        SQL(
            """CREATE TEMP TABLE bench_award AS
               SELECT c.id AS card_id, c.program_id, c.partner_id, k,
                      (100 + mod(c.id * 37 + k * 613, 1500))::float AS points,
                      row_number() OVER (ORDER BY k, c.id) AS rank
                 FROM loyalty_card c, generate_series(1, %s) k
                WHERE c.program_id = %s""",
            per_card,
            program.id,
        )
    )
    cr.execute(
        SQL(
            """ALTER TABLE bench_award ADD COLUMN awarded date;
               UPDATE bench_award SET awarded = CASE WHEN rank <= %(expiring)s
                   THEN %(today)s::date - 366 - mod(rank, 30)::int
                   ELSE %(today)s::date - (mod(rank, 330))::int END""",
            expiring=expiring,
            today=today,
        )
    )
    cr.execute(
        SQL(
            """WITH entries AS (
                 INSERT INTO loyalty_history (card_id, program_id, partner_id, description, issued, used, kind, date,
                                              order_model, order_id, create_date, write_date)
                 SELECT card_id, program_id, partner_id, 'Order', points, 0, 'award', awarded + time '11:00',
                        'res.partner', partner_id, now(), now()
                   FROM bench_award RETURNING id, card_id, issued, date)
               INSERT INTO loyalty_point_lot (card_id, program_id, partner_id, company_id, history_id, date,
                                              expiry_date, points, remaining, state, create_date, write_date)
               SELECT e.card_id, %(program)s, NULL, %(company)s, e.id, e.date::date,
                      (e.date::date + interval '12 months')::date, e.issued, e.issued, 'live', now(), now()
                 FROM entries e""",
            program=program.id,
            company=program.company_id.id,
        )
    )
    cr.execute(
        """UPDATE loyalty_point_lot lot SET partner_id = card.partner_id
             FROM loyalty_card card WHERE card.id = lot.card_id;
           UPDATE loyalty_card card SET points = s.total
             FROM (SELECT card_id, SUM(remaining) total FROM loyalty_point_lot GROUP BY card_id) s
            WHERE s.card_id = card.id;
           ANALYZE loyalty_point_lot; ANALYZE loyalty_history; ANALYZE loyalty_card; ANALYZE res_partner"""
    )
    cr.commit()
    return program, cards, today


def main():
    args = arguments(__doc__, lots=1_000_000, lots_per_card=4, expiring=100_000)
    registry = open_registry(args)
    process = psutil.Process()
    baseline = process.memory_info().rss
    peak = baseline
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        setup_seconds, (_program, cards, today) = timed(
            lambda: insert_members(env, args.lots, args.lots_per_card, args.expiring)
        )
        print(f"inserted {args.lots:,} lots of {cards:,} members in {setup_seconds:.0f} s")

        def floor():
            cr.execute(
                SQL(
                    """UPDATE loyalty_point_lot SET remaining = remaining WHERE state = 'live' AND expiry_date < %s;
                       SELECT card_id, SUM(issued - used) FROM loyalty_history GROUP BY card_id""",
                    today,
                )
            )
            rows = len(cr.fetchall())
            cr.rollback()
            return rows

        def until_done(cron, remaining_sql):
            nonlocal peak
            batches = 0
            while True:
                batches += 1
                cron()
                cr.commit()
                env.invalidate_all()
                peak = max(peak, process.memory_info().rss)
                cr.execute(remaining_sql)
                if not cr.fetchone()[0]:
                    return batches

        Lot, Program = env["loyalty.point.lot"], env["loyalty.program"]
        expiring_sql = SQL("SELECT count(*) FROM loyalty_point_lot WHERE state = 'live' AND expiry_date < %s", today)
        unchecked_sql = SQL(
            "SELECT count(*) FROM loyalty_card WHERE tier_checked_on IS NULL OR tier_checked_on < %s", today
        )
        floor_seconds, _rows = min(timed(floor) for _ in range(3))
        expiry_seconds, expiry_batches = timed(lambda: until_done(Lot._cron_expire, expiring_sql))
        cr.execute("SELECT count(*) FROM loyalty_history WHERE kind = 'expiry'")
        expired = cr.fetchone()[0]
        expiry_idle, _none = timed(Lot._cron_expire)
        tiers_seconds, tier_batches = timed(lambda: until_done(Program._cron_update_tiers, unchecked_sql))
        cr.execute("SELECT new_tier_id IS NOT NULL, count(*) FROM loyalty_tier_history GROUP BY 1")
        changes = dict(cr.fetchall())
        tiers_idle, _none = timed(Program._cron_update_tiers)
        cr.execute(
            """SELECT count(*) FROM loyalty_card card
                 JOIN (SELECT card_id, SUM(remaining) total FROM loyalty_point_lot GROUP BY card_id) lots
                   ON lots.card_id = card.id
                 JOIN (SELECT card_id, SUM(issued - used) total FROM loyalty_history GROUP BY card_id) ledger
                   ON ledger.card_id = card.id
                WHERE round(card.points::numeric, 2) <> round(lots.total::numeric, 2)
                   OR round(card.points::numeric, 2) <> round(ledger.total::numeric, 2)"""
        )
        unbalanced = cr.fetchone()[0]
    print(f"floor, one UPDATE of the lots due and one GROUP BY of the ledger per card: {floor_seconds:.2f} s")
    print(f"expiry: {expired:,} lots expired in {expiry_seconds:.1f} s ({expiry_batches} batches), "
          f"{expiry_seconds / max(expired, 1) * 1000:.2f} ms per lot, "
          f"{expiry_seconds / floor_seconds:.1f}x the floor")  # fmt: skip
    print(f"expiry again, nothing due: {expiry_idle * 1000:.0f} ms")
    print(f"tier update: {cards:,} members in {tiers_seconds:.1f} s ({tier_batches} batches), "
          f"{changes.get(True, 0):,} tier changes, {tiers_seconds / floor_seconds:.1f}x the floor")  # fmt: skip
    print(f"tier update again the same day, nothing to do: {tiers_idle * 1000:.0f} ms")
    print(f"cards whose balance differs from their lots or their ledger: {unbalanced}")
    print(f"memory peak growth: {(peak - baseline) / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
