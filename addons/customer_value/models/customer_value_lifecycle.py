# The lifecycle stage of the value record, beside its value figures (customer_value.py):
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models

LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("new", "New"),
    ("growth", "Growth"),
    ("mature", "Mature"),
    ("declining", "Declining"),
    ("churned", "Churned"),
    ("won_back", "Won Back"),
]


class CustomerValue(models.Model):
    """A customer's lifecycle stage, given by the lifecycle step
    (``customer.value.lifecycle.assessment``) from the company's rules, and its dated moves."""

    _inherit = "customer.value"

    lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        readonly=True,
        help="From the tenure, the silence and the revenue trend of the customer, by the rules of "
        "Configuration > Settings > Lifecycle.",
    )
    lifecycle_since = fields.Date(string="In Stage Since", readonly=True)
    lifecycle_history_ids = fields.One2many("customer.value.lifecycle.history", "value_id")

    def _ordered_selections(self):
        return [*super()._ordered_selections(), "lifecycle_stage"]

    @api.model
    def _on_lifecycle_changes(self, histories):
        """Called by the lifecycle step with the history records of the stage changes it
        made (the first stage of a customer new since the company's first run included:
        ``from_stage`` is empty then; the first run's stages are the baseline)."""
