"""After the 18.0.1.2.0 schema: a customer's tier keeps the day it was given (``tier_since``),
taken from its last tier change, else from the day of its figures."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE customer_value v
           SET tier_since = COALESCE(
                   (SELECT MAX(h.date) FROM customer_value_tier_history h
                     WHERE h.value_id = v.id AND h.to_tier_id = v.tier_id
                       AND h.direction IN ('initial', 'upgrade', 'downgrade')),
                   v.scored_on)
         WHERE v.tier_id IS NOT NULL AND v.tier_since IS NULL
        """
    )
