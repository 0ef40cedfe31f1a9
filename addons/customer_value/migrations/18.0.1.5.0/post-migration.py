"""After the 18.0.1.5.0 schema: the shipped Diamond tier asks for a complaint rate below 3%
(its data is not updated on upgrade); a Diamond tier someone edited keeps its limit."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE customer_value_tier t
           SET max_complaint_rate = 3
          FROM ir_model_data d
         WHERE d.module = 'customer_value' AND d.name = 'customer_value_tier_diamond'
           AND d.model = 'customer.value.tier' AND d.res_id = t.id
           AND COALESCE(t.max_complaint_rate, 0) = 0
        """
    )
