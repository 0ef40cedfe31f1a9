from odoo import models
from odoo.tools import SQL


class CustomerValueScaleMixin(models.AbstractModel):
    """Groups of the selections that are a scale (health band, lifecycle stage, segment
    ...) in the order of their options, as lists, pivots and graphs should show them,
    rather than in the alphabetical order of their codes."""

    _name = "customer.value.scale.mixin"
    _description = "Customer Value Scales in Order"

    def _read_group_orderby(self, order, groupby_terms, query):
        ordered = dict(groupby_terms)
        for spec, term in groupby_terms.items():
            field = self._fields.get(spec)
            if field and field.type == "selection" and spec in self._ordered_selections():
                codes = [code for code, _label in field.selection]
                ordered[spec] = SQL("array_position(%s::varchar[], %s::varchar)", codes, term)
        return super()._read_group_orderby(order, ordered, query)

    def _ordered_selections(self):
        """The selection fields grouped in the order of their options."""
        return []
