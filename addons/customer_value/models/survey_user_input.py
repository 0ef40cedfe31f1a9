from odoo import models


class SurveyUserInput(models.Model):
    """A finished survey answer of a customer's contact gives the customer a satisfaction
    answer for each scale question that feeds NPS or CSAT."""

    _inherit = "survey.user_input"

    def _mark_done(self):
        res = super()._mark_done()
        self._create_customer_value_satisfaction()
        return res

    def _create_customer_value_satisfaction(self):
        vals_list = []
        for user_input in self.filtered(lambda user_input: user_input.partner_id and not user_input.test_entry):
            survey = user_input.survey_id
            measured = set()  # the first question of each measure counts
            for line in user_input.user_input_line_ids.sorted(lambda line: (line.question_id.sequence, line.id)):
                measure = line.question_id.customer_value_measure
                if not measure or measure in measured or line.skipped or line.answer_type != "scale":
                    continue
                measured.add(measure)
                vals_list.append(
                    {
                        "company_id": (survey.user_id.company_id or self.env.company).id,
                        "partner_id": user_input.partner_id.commercial_partner_id.id,
                        "contact_id": user_input.partner_id.id,
                        "date": (user_input.end_datetime or user_input.create_date).date(),
                        "kind": measure,
                        "score": line.value_scale,
                        "source": "survey",
                        "survey_user_input_id": user_input.id,
                    }
                )
        return self.env["customer.value.satisfaction"].sudo().create(vals_list)
