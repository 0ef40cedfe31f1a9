# A subscriber of the health step's hook, apart from the value record's figures:
# pylint: disable=consider-merging-classes-inherited
from markupsafe import Markup

from odoo import api, models


class CustomerValue(models.Model):
    """Churn warnings: a customer who gains a cause of warning in a run (its health turned
    red, dropped by more than the configured points, or an active customer went silent)
    gets one churn warning activity with the reasons, in its user's language. None while
    one is open; a cause that lasts after the warning is done is not warned again until
    it goes away and comes back (the health step compares the causes with the last run's)."""

    _inherit = "customer.value"

    @api.model
    def _on_churn_risk(self, values):
        res = super()._on_churn_risk(values)
        self._schedule_follow_ups(
            values,
            self.env.ref("customer_value.mail_activity_type_churn_warning"),
            note=lambda value: (
                Markup("<ul>%s</ul>")
                % Markup("").join(Markup("<li>%s</li>") % line for line in value._churn_reason_lines())
            ),
        )
        return res
