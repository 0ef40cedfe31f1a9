# A subscriber of the health step's hook, apart from the value record's figures:
# pylint: disable=consider-merging-classes-inherited
import functools

from markupsafe import Markup

from odoo import api, models
from odoo.tools import format_date


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

        @functools.cache
        def format_day(lang, day):  # the customers share far fewer days than they are
            return format_date(self.with_context(lang=lang).env, day)

        def note(value):
            lines = value._churn_reason_lines(lambda day: format_day(value.env.lang, day))
            return Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % line for line in lines)

        self._schedule_follow_ups(values, self.env.ref("customer_value.mail_activity_type_churn_warning"), note=note)
        return res
