"""Synthetic customers and posted invoices written straight into PostgreSQL.

Each statement is one INSERT ... SELECT over generate_series, so a million invoices take
seconds and no ORM object is built. Customer activity is skewed (a few customers buy a
lot), dates spread over two years, about 8% of the documents are credit notes, and every
invoice has one product line in one of eight product categories.
"""

from odoo.tools import SQL

CATEGORIES = 8


def generate(env, customers, invoices, reference_date, seed=0.42):
    """Add ``customers`` commercial partners and ``invoices`` posted customer invoices and
    credit notes of the current company, dated up to ``reference_date``.

    :return: the ids of the new partners
    """
    cr = env.cr
    company = env.company
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
    products = _products(env)
    cr.execute(SQL("SELECT setseed(%s)", seed))
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, type, autopost_bills,
                                     create_uid, write_uid, create_date, write_date)
            SELECT 'Bench Customer ' || n, 'Bench Customer ' || n, TRUE, TRUE, 'contact', 'ask',
                   1, 1, NOW(), NOW()
              FROM generate_series(1, %s) n
            RETURNING id
            """,
            customers,
        )
    )
    partner_ids = sorted(row[0] for row in cr.fetchall())
    cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id BETWEEN %s AND %s",
            partner_ids[0],
            partner_ids[-1],
        )
    )
    # A customer index skewed towards the first customers (x^3), so revenue follows a
    # Pareto-like curve; amounts are log-normal-ish; 8% credit notes.
    cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE bench_moves ON COMMIT DROP AS
            SELECT n,
                   %(first)s + FLOOR(%(count)s * POWER(random(), 3))::int AS partner_id,
                   (%(ref)s::date - FLOOR(random() * 730)::int) AS invoice_date,
                   CASE WHEN random() < 0.08 THEN 'out_refund' ELSE 'out_invoice' END AS move_type,
                   ROUND((50 * EXP(random() * 4))::numeric, 2) AS amount,
                   (%(products)s::int[])[1 + FLOOR(random() * %(product_count)s)::int] AS product_id
              FROM generate_series(1, %(invoices)s) n
            """,
            first=partner_ids[0],
            count=len(partner_ids),
            ref=reference_date,
            products=products,
            product_count=len(products),
            invoices=invoices,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO account_move (name, journal_id, company_id, currency_id, state, move_type, auto_post,
                                      date, invoice_date, partner_id, commercial_partner_id,
                                      amount_untaxed, amount_total, amount_untaxed_signed, amount_total_signed,
                                      create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/' || n, %(journal)s, %(company)s, %(currency)s, 'posted', move_type, 'no',
                   invoice_date, invoice_date, partner_id, partner_id,
                   amount, amount,
                   CASE WHEN move_type = 'out_refund' THEN -amount ELSE amount END,
                   CASE WHEN move_type = 'out_refund' THEN -amount ELSE amount END,
                   1, 1, NOW(), NOW()
              FROM bench_moves
             ORDER BY n
            RETURNING id
            """,
            journal=journal.id,
            company=company.id,
            currency=company.currency_id.id,
        )
    )
    move_ids = sorted(row[0] for row in cr.fetchall())
    cr.execute(
        SQL(
            """
            INSERT INTO account_move_line (move_id, account_id, company_id, journal_id, currency_id,
                                           company_currency_id, display_type, product_id, partner_id, date,
                                           parent_state,
                                           quantity, price_unit, balance, amount_currency,
                                           create_uid, write_uid, create_date, write_date)
            SELECT m.id, %s, m.company_id, m.journal_id, m.currency_id, m.currency_id,
                   'product', b.product_id, m.partner_id, m.date, 'posted',
                   1, b.amount, -m.amount_untaxed_signed, -m.amount_untaxed_signed,
                   1, 1, NOW(), NOW()
              FROM account_move m
              JOIN bench_moves b ON m.name = 'BENCH/' || b.n
             WHERE m.id BETWEEN %s AND %s
            """,
            journal.default_account_id.id,
            move_ids[0],
            move_ids[-1],
        )
    )
    cr.execute("ANALYZE res_partner, account_move, account_move_line")
    env.invalidate_all()
    return partner_ids


def _products(env):
    """Two products in each of CATEGORIES new product categories."""
    product_ids = []
    for index in range(CATEGORIES):
        category = env["product.category"].create({"name": f"Bench Category {index}"})
        product_ids += (
            env["product.product"]
            .create([{"name": f"Bench Product {index}-{k}", "categ_id": category.id} for k in range(2)])
            .ids
        )
    return product_ids
