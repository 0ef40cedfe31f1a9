from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_value_satisfaction import KINDS, SCALES


class SurveyQuestion(models.Model):
    """A scale question of a survey may feed the customers' NPS or CSAT."""

    _inherit = "survey.question"

    customer_value_measure = fields.Selection(
        KINDS,
        string="Customer Satisfaction",
        help="The answers to this scale question become the NPS or CSAT of the customer who answers.",
    )

    @api.constrains("customer_value_measure", "question_type", "scale_min", "scale_max")
    def _check_customer_value_measure(self):
        for question in self.filtered("customer_value_measure"):
            low, high = SCALES[question.customer_value_measure]
            if question.question_type != "scale" or (question.scale_min, question.scale_max) != (low, high):
                raise ValidationError(
                    _(
                        "The question “%(question)s” feeds Customer Satisfaction: make it a Scale question "
                        "from %(low)s to %(high)s.",
                        question=question.title,
                        low=low,
                        high=high,
                    )
                )
