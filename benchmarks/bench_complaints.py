"""Benchmark: the complaints' scheduled SLA check over N open complaints, against a bare
SQL floor (one scan of the open complaints) in the same run.

Run through benchmarks/run_complaints.sh on a throw-away database. Inserts N open
complaints in SQL (a share of them due now: breached, for the first level of the ladder),
then times the check that handles the due ones (messages and activities included), the
check run again at once (nothing due: its cost every five minutes) and the floor, and
prints the ratios and the memory peak.
"""

import psutil
from common import arguments, open_registry, timed

import odoo
from odoo import api
from odoo.tools import SQL


def insert_complaints(env, count, due):
    """``count`` open P2 complaints of the default team over 1,000 customers; the first
    ``due`` missed their answer a minute ago, the others fall due over the next weeks."""
    partners = env["res.partner"].create([{"name": f"Bench Customer {n}", "is_company": True} for n in range(1000)])
    team = env.ref("customer_value.complaint_team_service")
    policy = env.ref("customer_value.complaint_sla_p2")
    env.cr.execute(
        SQL(
            """
            INSERT INTO customer_value_complaint (
                reference, name, company_id, partner_id, contact_id, team_id, user_id, priority, stage, is_open,
                is_waiting, received_on, sla_id, response_deadline, resolution_deadline, response_warn_at,
                resolution_warn_at, sla_status, sla_next_check, escalation_level, response_warned,
                resolution_warned, emergency_alerted, reopen_count, create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/' || g, 'Bench complaint ' || g, %(company)s, p.id, p.id, %(team)s, %(user)s, 'p2',
                   'received', true, false, now() at time zone 'UTC' - interval '3 days', %(policy)s,
                   d.moment, d.moment + interval '2 days', d.moment - interval '4 hours',
                   d.moment + interval '1 day', 'on_track',
                   CASE WHEN g <= %(due)s THEN d.moment ELSE d.moment - interval '4 hours' END,
                   0, g <= %(due)s, false, false, 0, 1, 1, now(), now()
              FROM generate_series(1, %(count)s) g
              JOIN LATERAL (SELECT (%(partners)s::int[])[1 + mod(g, 1000)] AS id) p ON true
              JOIN LATERAL (
                   SELECT CASE WHEN g <= %(due)s THEN now() at time zone 'UTC' - interval '1 minute'
                               ELSE now() at time zone 'UTC' + (1 + mod(g, 500)) * interval '1 hour' END AS moment
              ) d ON true
            """,
            company=team.company_id.id,
            team=team.id,
            user=env.ref("base.user_admin").id,
            policy=policy.id,
            due=due,
            count=count,
            partners=partners.ids,
        )
    )
    env.cr.execute("ANALYZE customer_value_complaint")
    env.cr.commit()


def main():
    args = arguments(__doc__, complaints=100_000, due=1_000)
    registry = open_registry(args)
    process = psutil.Process()
    baseline = process.memory_info().rss
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        insert_complaints(env, args.complaints, args.due)
        Complaint = env["customer.value.complaint"]

        def check_until_done():
            batches = 0
            while True:
                batches += 1
                Complaint._cron_check_sla()
                cr.commit()
                cr.execute(
                    "SELECT count(*) FROM customer_value_complaint WHERE sla_next_check <= now() at time zone 'UTC'"
                )
                if not cr.fetchone()[0]:
                    return batches

        def floor():
            cr.execute("SELECT count(*) FROM customer_value_complaint WHERE stage IN ('received', 'diagnosed')")
            return cr.fetchone()[0]

        def messages():
            cr.execute("SELECT count(*) FROM mail_activity WHERE res_model = 'customer.value.complaint'")
            return cr.fetchone()[0]

        floor_seconds, open_count = min(timed(floor) for _ in range(5))
        due_seconds, batches = timed(check_until_done)
        activities = messages()
        idle_seconds = min(timed(Complaint._cron_check_sla)[0] for _ in range(5))
        again = messages()
        peak_mb = (process.memory_info().rss - baseline) / 2**20
    print(f"open complaints: {open_count:,}; due now: {args.due:,}")
    print(f"floor, one scan of the open complaints: {floor_seconds * 1000:.1f} ms")
    print(f"check handling the due ones ({batches} batches): {due_seconds:.2f} s, {activities:,} activities")
    print(f"check again at once, nothing due: {idle_seconds * 1000:.1f} ms, activities after: {again:,}")
    print(f"idle check / floor: {idle_seconds / floor_seconds:.3f}x; due check per complaint: "
          f"{due_seconds / max(args.due, 1) * 1000:.1f} ms")  # fmt: skip
    print(f"memory growth: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
