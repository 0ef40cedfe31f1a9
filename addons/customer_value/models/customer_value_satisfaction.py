from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# measures averaged over the answers of their kind only (an answer of the other kind stores 0)
KIND_MEASURES = {"nps_points": "nps", "csat_score": "csat"}
KINDS = [("nps", "NPS (0-10)"), ("csat", "CSAT (1-5)")]
SCALES = {"nps": (0, 10), "csat": (1, 5)}
NPS_CATEGORIES = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]


class CustomerValueSatisfaction(models.Model):
    """One satisfaction answer of a customer: an NPS (0-10, "how likely are you to recommend
    us") or a CSAT (1-5) score, entered by staff or given in a survey (a scale question
    marked for NPS or CSAT). The mean of the NPS points (promoter +100, passive 0,
    detractor -100) over any group is that group's NPS; the satisfaction health
    component reads the recent answers."""

    _name = "customer.value.satisfaction"
    _inherit = ["mail.thread"]
    _description = "Customer Satisfaction Answer"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain="[('is_company', '=', True)]",
        help="The customer (a company or a person buying on their own) the answer is about.",
    )
    contact_id = fields.Many2one(
        "res.partner", string="Answered By", domain="[('commercial_partner_id', '=', partner_id)]"
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    tier_id = fields.Many2one(
        "customer.value.tier",
        compute="_compute_tier_id",
        store=True,
        help="The customer's tier when it answered, for NPS and CSAT by tier.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    kind = fields.Selection(KINDS, string="Measure", required=True, default="nps")
    score = fields.Integer(required=True, aggregator="avg", tracking=True)
    nps_category = fields.Selection(NPS_CATEGORIES, string="NPS Category", compute="_compute_nps", store=True)
    nps_points = fields.Float(
        string="NPS",
        compute="_compute_nps",
        store=True,
        aggregator="avg",
        help="+100 for a promoter (9-10), 0 for a passive (7-8), -100 for a detractor (0-6): their mean is the NPS.",
    )
    csat_score = fields.Float(
        string="CSAT", compute="_compute_nps", store=True, aggregator="avg", help="The CSAT score (1-5); its mean."
    )
    source = fields.Selection(
        [("manual", "Entered"), ("survey", "Survey"), ("rating", "Rating")], required=True, default="manual"
    )
    survey_user_input_id = fields.Many2one(
        "survey.user_input", string="Survey Answer", ondelete="cascade", index="btree_not_null"
    )
    comment = fields.Text()

    _sql_constraints = [
        (
            "survey_answer_kind_uniq",
            "UNIQUE (survey_user_input_id, kind)",
            "A survey answer gives one score of each measure.",
        ),
    ]

    @api.depends("partner_id", "company_id")
    def _compute_tier_id(self):
        tiers = self.env["customer.value"]._tiers_of(self.partner_id, self.company_id)
        for answer in self:
            answer.tier_id = tiers.get((answer.partner_id, answer.company_id), False)

    @api.depends("kind", "score")
    def _compute_nps(self):
        for answer in self:
            nps = answer.kind == "nps"
            category = nps and ("promoter" if answer.score >= 9 else "passive" if answer.score >= 7 else "detractor")
            answer.nps_category = category or False
            answer.nps_points = {"promoter": 100.0, "passive": 0.0, "detractor": -100.0}.get(category, False)
            answer.csat_score = answer.score if answer.kind == "csat" else False

    def _read_group_select(self, aggregate_spec, query):
        fname, _colon, func = aggregate_spec.partition(":")
        if fname in KIND_MEASURES and func == "avg":
            super()._read_group_select(aggregate_spec, query)  # checks the access to the field
            return SQL(
                "AVG(%s) FILTER (WHERE %s = %s)",
                self._field_to_sql(self._table, fname, query),
                self._field_to_sql(self._table, "kind", query),
                KIND_MEASURES[fname],
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.constrains("kind", "score")
    def _check_score(self):
        for answer in self:
            low, high = SCALES[answer.kind]
            if not low <= answer.score <= high:
                raise ValidationError(
                    _(
                        "The Score of a %(measure)s answer lies between %(low)s and %(high)s (got %(score)s).",
                        measure=dict(KINDS)[answer.kind],
                        low=low,
                        high=high,
                        score=answer.score,
                    )
                )

    @api.constrains("partner_id", "contact_id")
    def _check_customer(self):
        for answer in self:
            if answer.partner_id.commercial_partner_id != answer.partner_id:
                raise ValidationError(
                    _(
                        "The Customer of a satisfaction answer is the company, not its contact %s: choose the company "
                        "and put the contact in Answered By.",
                        answer.partner_id.display_name,
                    )
                )
