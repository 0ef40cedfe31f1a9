"""After the 18.0.1.1.0 schema: tier reasons become codes (old texts kept as they were),
tier notes move from the partners' chatter to the value records', locked customers are held
at the tier they were locked at, the settings kept as text or per-company weights move to
the new cut point fields and score components, the defaults kept as ir.default go (the
fields' defaults are the only source now), and so do the indexes and partner columns the
engine no longer keeps (Odoo leaves both in place when a field stops asking for them)."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

OLD_WEIGHTS = {
    "value_weight_recency": ("recency", 20),
    "value_weight_frequency": ("frequency", 30),
    "value_weight_monetary": ("monetary", 50),
    "potential_weight_trend": ("trend", 40),
    "potential_weight_clv": ("clv", 40),
    "potential_weight_tenure": ("tenure", 20),
}

# indexes on columns the nightly run rewrites: without them it updates rows in place
DROPPED_INDEXES = [
    "customer_value__partner_id_index",  # the unique (partner, company) constraint finds a customer
    "customer_value__rfm_segment_index",
    "customer_value__value_score_index",
    "customer_value__abc_class_index",
    "customer_value__quadrant_index",
    "customer_value__tier_id_index",
    "customer_value__needs_retention_index",
    "customer_value_snapshot__tier_id_index",
    "customer_value_tier_history__date_index",
    "customer_value_tier_history__run_id_index",
    "account_move_customer_value_index",  # replaced by account_move_customer_value_scan_index
]
# company-dependent copies on the partner, computed from the value record now
DROPPED_PARTNER_COLUMNS = [
    "customer_value_tier_id",
    "customer_value_segment",
    "customer_value_abc",
    "customer_value_quadrant",
]


def _columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    return {row[0] for row in cr.fetchall()}


def _move_settings(env):
    """Cut points from the comma-separated texts, weights other than the shipped ones as
    score components of the company."""
    cr = env.cr
    columns = _columns(cr, "res_company")
    for dimension in ("recency", "frequency", "monetary"):
        old = f"rfm_{dimension}_thresholds"
        if old not in columns:
            continue
        cr.execute(SQL("SELECT id, %s FROM res_company WHERE %s IS NOT NULL", SQL.identifier(old), SQL.identifier(old)))
        for company_id, text in cr.fetchall():
            try:
                cuts = [float(part) for part in text.split(",") if part.strip()]
            except ValueError:
                continue
            if len(cuts) == 4:
                env["res.company"].browse(company_id).write(
                    {f"rfm_{dimension}_cut_{n}": cut for n, cut in enumerate(cuts, start=1)}
                )
    present = [name for name in OLD_WEIGHTS if name in columns]
    if not present:
        return
    cr.execute(SQL("SELECT id, %s FROM res_company", SQL(", ").join(SQL.identifier(name) for name in present)))
    Component = env["customer.value.component"].with_context(active_test=False)
    for company_id, *weights in cr.fetchall():
        for name, weight in zip(present, weights, strict=True):
            code, default = OLD_WEIGHTS[name]
            if weight is None or weight == default:
                continue
            if Component.search_count([("code", "=", code), ("company_id", "=", company_id)]):
                continue  # moved by an earlier attempt of this migration
            shared = Component.search([("code", "=", code), ("company_id", "=", False)], limit=1)
            if shared:
                shared.copy({"company_id": company_id, "weight": weight})


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _move_settings(env)
    for index in DROPPED_INDEXES:
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    for column in DROPPED_PARTNER_COLUMNS:
        cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN IF EXISTS %s", SQL.identifier(column)))
    cr.execute(
        """
        DELETE FROM ir_default d USING ir_model_fields f, ir_model_data x
         WHERE d.field_id = f.id AND f.model = 'res.company'
           AND x.model = 'ir.model.fields' AND x.res_id = f.id AND x.module = 'customer_value'
        """
    )
    cr.execute(
        """
        UPDATE customer_value_tier_history
           SET reason_code = 'legacy', reason_params = jsonb_build_object('text', reason)
         WHERE reason_code IS NULL
        """
    )
    cr.execute(
        """
        UPDATE mail_message m SET model = 'customer.value', res_id = h.value_id
          FROM customer_value_tier_history h
         WHERE h.message_id = m.id AND m.model = 'res.partner'
        """
    )
    cr.execute(
        "DELETE FROM mail_notification n USING customer_value_tier_history h WHERE n.mail_message_id = h.message_id"
    )
    cr.execute(
        """
        UPDATE customer_value SET tier_lock_tier_id = tier_id
         WHERE tier_locked AND tier_lock_tier_id IS NULL
        """
    )
    cr.execute(
        """
        UPDATE customer_value v SET currency_id = c.currency_id FROM res_company c
         WHERE c.id = v.company_id AND v.currency_id IS NULL
        """
    )
