"""Per-customer figures of the value components, as SQL expressions: no ORM.

A chunk of customers is aggregated in one statement (``models/customer_value_run_chunk.py``):
each component gives SQL aggregates over the chunk's pass on the invoices, and these
functions turn the aggregates of a customer (the row ``a``) into the figures it stores,
inside the same statement, so no row travels to Python and back. What a figure reads from
another table comes from a source: a query grouped by customer over the chunk's range of
that table, joined to the rows ``a`` by its alias. PostgreSQL's ``round``
of a numeric rounds halves away from zero, as Odoo rounds money.
"""

from datetime import timedelta
from itertools import pairwise

from odoo.tools import SQL

CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


def column(name):
    """An aggregate of the customer's row ``a``."""
    return SQL.identifier("a", name)


def days_since(date_expression, reference_date):
    """Whole days from a date to ``reference_date`` (NULL stays NULL)."""
    return SQL("(%s::date - %s)", reference_date, date_expression)


def money_round(expression, rounding):
    """``expression`` rounded to the currency's ``rounding`` (0.01, 0.05, 1 ...)."""
    return SQL("(ROUND((%s)::numeric / %s) * %s)", expression, rounding, rounding)


def average(total, count, rounding):
    """``total / count`` rounded as money, 0 without any count."""
    return SQL("COALESCE(%s, 0)", money_round(SQL("%s / NULLIF(%s, 0)", total, count), rounding))


def revenue_trend(last_period, previous_period):
    """Change of net revenue between two periods, in percent, rounded to 0.01: from
    nothing to something +100%, from something to nothing -100%."""
    return SQL(
        """(CASE WHEN %(prev)s = 0 THEN SIGN(%(last)s) * 100
                 ELSE ROUND((%(last)s - %(prev)s) / ABS(%(prev)s) * 100, 2) END)""",
        last=last_period,
        prev=previous_period,
    )


def growth_streak(periods, rate):
    """Number of consecutive periods, newest first, in which revenue grew by at least
    ``rate`` percent over the period before (which must have had revenue).

    :param periods: SQL expressions of the periods' revenue, the newest first
    """
    grew = [
        SQL("(%(old)s > 0 AND (%(new)s - %(old)s) * 100 >= %(rate)s * %(old)s)", new=new, old=old, rate=rate)
        for new, old in pairwise(periods)
    ]
    whens = SQL(" ").join(SQL("WHEN NOT %s THEN %s", condition, count) for count, condition in enumerate(grew))
    return SQL("(CASE %s ELSE %s END)", whens, len(grew))


def run_moves(run):
    """The condition on ``m`` (account_move) of the moves a run reads: the posted customer
    invoices and credit notes of its company and branches, dated up to the run date (the
    rows of the covering index of ``models/account_move.py``)."""
    return SQL(
        """m.company_id IN %(companies)s AND m.state = 'posted'
           AND m.move_type IN %(types)s AND m.invoice_date <= %(date)s""",
        companies=tuple(run.company_id._customer_value_branch_ids()),
        types=CUSTOMER_MOVE_TYPES,
        date=run.date,
    )


def revenue_of_day(day, companies):
    """Net revenue of the customer's posted invoices and credit notes dated ``day`` (an SQL
    date over the row ``a``), 0 without any: one look-up per customer in the covering index
    of account.move, where carrying the day on each of its invoices in the chunk's pass
    would need a window over them, which costs more than the rest of the pass.

    :param companies: ids of the run's company and its branches
    """
    return SQL(
        """COALESCE((SELECT SUM(m.amount_untaxed_signed) FROM account_move m
                      WHERE m.company_id IN %(companies)s AND m.state = 'posted'
                        AND m.move_type IN %(types)s
                        AND m.commercial_partner_id = %(partner)s AND m.invoice_date = %(day)s), 0)""",
        companies=tuple(companies),
        types=CUSTOMER_MOVE_TYPES,
        partner=column("partner_id"),
        day=day,
    )


def chunk_range(chunk, column_sql):
    """``column_sql`` within the chunk's range of commercial partners."""
    return SQL("%s BETWEEN %s AND %s", column_sql, chunk.partner_from, chunk.partner_to)


def open_overdue(aggregates, companies, reference_date, chunk):
    """A source (see ``customer.value.component``): ``aggregates`` (``{column: SQL}``
    over ``m``) of each customer's posted invoices still open and due before
    ``reference_date``, from one range of the partial index of open invoices
    (``models/account_move.py``)."""
    return SQL(
        """SELECT m.commercial_partner_id AS partner_id, %(columns)s FROM account_move m
            WHERE m.company_id IN %(companies)s AND m.state = 'posted' AND m.move_type = 'out_invoice'
              AND m.payment_state IN ('not_paid', 'partial')
              AND %(range)s AND m.invoice_date_due < %(date)s
            GROUP BY m.commercial_partner_id""",
        columns=_columns(aggregates),
        companies=tuple(companies),
        range=chunk_range(chunk, SQL("m.commercial_partner_id")),
        date=reference_date,
    )


def customer_messages(aggregates, until, chunk):
    """A source: ``aggregates`` (over ``mm``) of the interactions logged on each customer's
    partner up to ``until``: messages and emails, and activities marked done (a
    notification that carries the activity type); not tracking notifications."""
    return SQL(
        """SELECT mm.res_id AS partner_id, %(columns)s FROM mail_message mm
            WHERE mm.model = 'res.partner' AND %(range)s
              AND (mm.message_type IN ('comment', 'email') OR mm.mail_activity_type_id IS NOT NULL)
              AND mm.date < %(until)s::date + 1
            GROUP BY mm.res_id""",
        columns=_columns(aggregates),
        range=chunk_range(chunk, SQL("mm.res_id")),
        until=until,
    )


def _columns(aggregates):
    """The select list of a source: ``{column: SQL aggregate}``."""
    return SQL(", ").join(SQL("%s AS %s", expression, SQL.identifier(name)) for name, expression in aggregates.items())


def local_day_end(day, tz):
    """The moment ``day`` ends in the timezone ``tz``, in UTC as Odoo stores datetimes."""
    return SQL("((%s::date + 1)::timestamp AT TIME ZONE %s AT TIME ZONE 'UTC')", day, tz)


def customer_complaints(aggregates, run, chunk):
    """A source: ``aggregates`` (over ``c``) of each customer's complaints of the RFM
    window of ``run`` in its company and branches, from one range of the complaints' index
    on the customer. The window's days are those of the company's timezone.

    :param aggregates: a function of the moment the run's day ends (SQL, in UTC) to the
                       ``{column: SQL aggregate}``
    """
    company = run.company_id
    tz = company._customer_value_tz().zone
    since = run.date - timedelta(days=company.rfm_window_days)
    day_end = local_day_end(run.date, tz)
    return SQL(
        """SELECT c.partner_id, %(columns)s FROM customer_value_complaint c
            WHERE %(range)s AND c.company_id IN %(companies)s
              AND c.received_on >= %(since)s AND c.received_on < %(until)s
            GROUP BY c.partner_id""",
        columns=_columns(aggregates(day_end)),
        range=chunk_range(chunk, SQL("c.partner_id")),
        companies=tuple(company._customer_value_branch_ids()),
        since=local_day_end(since, tz),
        until=day_end,
    )
