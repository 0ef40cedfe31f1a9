"""Before the 18.0.1.1.0 schema: runs are keyed by period, the run worker cron replaces the
chunk worker, the separate tier review cron is gone (the nightly one queues reviews), and a
tier's minimum revenue becomes a per-company amount (each company's own currency)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE customer_value_run ADD COLUMN IF NOT EXISTS period_date date")
    cr.execute("UPDATE customer_value_run SET period_date = date WHERE period_date IS NULL")
    cr.execute("UPDATE customer_value_run SET state = 'finishing' WHERE state = 'scoring'")
    cr.execute(
        """
        UPDATE ir_model_data SET name = 'ir_cron_customer_value_worker'
         WHERE module = 'customer_value' AND name = 'ir_cron_customer_value_chunk_worker'
        """
    )
    cr.execute(
        """
        UPDATE ir_cron SET interval_type = 'hours', interval_number = 1
         WHERE id = (SELECT res_id FROM ir_model_data
                      WHERE module = 'customer_value' AND name = 'ir_cron_customer_value_scoring')
        """
    )
    cr.execute(
        """
        UPDATE ir_act_server SET code = 'model._cron_nightly_runs()'
         WHERE id = (SELECT ir_actions_server_id FROM ir_cron WHERE id = (
                     SELECT res_id FROM ir_model_data
                      WHERE module = 'customer_value' AND name = 'ir_cron_customer_value_scoring'))
        """
    )
    cr.execute(
        """
        UPDATE ir_act_server SET code = 'model._cron_process_runs()'
         WHERE id = (SELECT ir_actions_server_id FROM ir_cron WHERE id = (
                     SELECT res_id FROM ir_model_data
                      WHERE module = 'customer_value' AND name = 'ir_cron_customer_value_worker'))
        """
    )
    cr.execute(
        """
        WITH cron AS (
            DELETE FROM ir_cron
             WHERE id = (SELECT res_id FROM ir_model_data
                          WHERE module = 'customer_value' AND name = 'ir_cron_customer_value_tier_review')
            RETURNING ir_actions_server_id
        )
        DELETE FROM ir_act_server WHERE id IN (SELECT ir_actions_server_id FROM cron)
        """
    )
    _min_revenue_per_company(cr)


def _min_revenue_per_company(cr):
    """The single minimum revenue of a tier holds for each company that uses the tier (all
    of them for a shared tier), as Odoo stores company-dependent values: a JSON object
    keyed by company id."""
    cr.execute(
        """
        SELECT data_type FROM information_schema.columns
         WHERE table_name = 'customer_value_tier' AND column_name = 'min_revenue'
        """
    )
    if cr.fetchone() != ("numeric",):
        return
    cr.execute("ALTER TABLE customer_value_tier RENAME COLUMN min_revenue TO min_revenue_amount")
    cr.execute("ALTER TABLE customer_value_tier ADD COLUMN min_revenue jsonb")
    cr.execute(
        """
        UPDATE customer_value_tier t SET min_revenue =
            CASE WHEN t.company_id IS NOT NULL THEN jsonb_build_object(t.company_id::text, t.min_revenue_amount)
                 ELSE (SELECT jsonb_object_agg(c.id::text, t.min_revenue_amount) FROM res_company c)
            END
         WHERE COALESCE(t.min_revenue_amount, 0) != 0
        """
    )
    cr.execute("ALTER TABLE customer_value_tier DROP COLUMN min_revenue_amount")
