"""Server time of the screens a salesperson opens, at the benchmark's size: the calls the web
client makes for the customer list, a customer's form, the tier report (the pivot of the
customer value summary by tier and ABC class), the customer list grouped by tier (which groups
the value records themselves) and the Customer Value dashboard, timed in the Odoo process (no
HTTP or JSON encoding), median of five after a warm-up.
Measured after a VACUUM ANALYZE of the tables the run rewrote, as autovacuum does within a
minute or two of a nightly run (right after it, the tables hold every row's previous version and
no statistics)."""

import json
import statistics
import time

import psycopg2
from lxml import etree

from odoo.sql_db import connection_info_for

RELATIONAL = ("many2one", "many2many", "one2many")


def specification(env, model, view_type):
    """What the web client reads for a view: its top-level fields, relations by display name."""
    Model = env[model]
    arch = etree.fromstring(Model.get_views([(False, view_type)])["views"][view_type]["arch"])
    spec = {}
    for node in arch.xpath("//field[not(ancestor::field)]"):
        field = Model._fields.get(node.get("name"))
        if field is None:
            continue
        spec[field.name] = {"fields": {"display_name": {}}} if field.type in RELATIONAL else {}
        if field.type in ("one2many", "many2many"):
            spec[field.name]["limit"] = 40
    return spec


def median_ms(call, repeat=5):
    call()  # warm-up: caches, views, prepared plans
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def vacuum_analyze(database, tables):
    """What autovacuum does after a run: outside a transaction, so on a connection of its own."""
    _name, info = connection_info_for(database)
    connection = psycopg2.connect(**info)
    connection.autocommit = True
    with connection.cursor() as cr:
        for table in tables:
            cr.execute(f"VACUUM ANALYZE {table}")
    connection.close()


def measure_screens(env):
    """{screen: median server milliseconds} for ``env``'s user."""
    env.cr.commit()
    vacuum_analyze(
        env.cr.dbname,
        ("customer_value", "res_partner", "customer_value_kpi", "customer_value_cohort", "customer_value_summary"),
    )
    Value = env["customer.value"]
    customer = Value.search([], limit=1, order="value_score desc").partner_id
    list_spec = specification(env, "customer.value", "list")
    form_spec = specification(env, "res.partner", "form")
    dashboard = env.ref("customer_value_dashboard.spreadsheet_dashboard_customer_value", raise_if_not_found=False)

    def customer_list():
        env.invalidate_all()
        Value.web_search_read([], list_spec, limit=80, count_limit=10001)  # as the web client asks

    def customer_form():
        env.invalidate_all()
        customer.web_read(form_spec)

    def tier_report():
        """The pivot's read_group calls: the totals, each axis alone, and their crossing."""
        env.invalidate_all()
        Summary = env["customer.value.summary"]
        for groupby in ([], ["tier_id"], ["abc_class"], ["tier_id", "abc_class"]):
            Summary.read_group([], ["customers:sum", "monetary:sum"], groupby, lazy=False)

    def customers_by_tier():
        env.invalidate_all()
        Value.read_group([], ["__count", "monetary:sum", "clv:sum"], ["tier_id"], lazy=False)

    def dashboard_data():
        env.invalidate_all()
        snapshot = dashboard.get_readonly_dashboard()["snapshot"]
        for pivot in snapshot["pivots"].values():
            rows = [r["fieldName"] + (f":{r['granularity']}" if "granularity" in r else "") for r in pivot["rows"]]
            columns = [c["fieldName"] for c in pivot["columns"]]
            Model = env[pivot["model"]]
            measures = [
                m["fieldName"]
                if m["fieldName"] == "__count"
                else f"{m['fieldName']}:{Model._fields[m['fieldName']].aggregator}"
                for m in pivot["measures"]
            ]
            Model.read_group(pivot["domain"], measures, rows + columns, lazy=False)
        json.dumps(snapshot)

    screens = {
        "customer list": customer_list,
        "customer form": customer_form,
        "tier report": tier_report,
        "customers by tier": customers_by_tier,
    }
    if dashboard:
        screens["dashboard"] = dashboard_data
    return {name: median_ms(call) for name, call in screens.items()}
