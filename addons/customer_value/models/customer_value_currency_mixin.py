from odoo import api, models


class CustomerValueCurrencyMixin(models.AbstractModel):
    """Never add amounts of two currencies in grouped lists, pivots and graphs.

    Models of the engine hold money in their company's currency (stored ``currency_id``).
    When several companies are selected, a group can hold rows in two currencies: its
    monetary totals are left empty instead of adding dollars to euros (grouping by
    company gives each currency its total). Ungrouped lists are handled by the web
    client itself, which refuses to total mixed currencies.
    """

    _name = "customer.value.currency.mixin"
    _description = "Customer Value: no sums across currencies"

    _currency_count_key = "__customer_value_currencies"

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        monetary = {
            spec.split(":")[0]
            for spec in fields
            if spec.split(":")[0] in self._fields and self._fields[spec.split(":")[0]].type == "monetary"
        }
        if not monetary:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        counted = [*fields, f"{self._currency_count_key}:count_distinct(currency_id)"]
        groups = super().read_group(domain, counted, groupby, offset, limit, orderby, lazy)
        for group in groups:
            if (group.pop(self._currency_count_key, 0) or 0) > 1:
                group.update(dict.fromkeys(monetary, False))
        return groups
