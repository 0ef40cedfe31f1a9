# The health figures of the value record, beside its value figures (customer_value.py):
# pylint: disable=consider-merging-classes-inherited
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL, format_amount, format_date

HEALTH_BANDS = [("green", "Green"), ("amber", "Amber"), ("red", "Red"), ("none", "Not Enough Data")]


class CustomerValue(models.Model):
    """A customer's health: the figures of the health components, the health score and
    band the health step (``customer.value.health.assessment``) gives, its breakdown per
    component and the causes of a churn warning that hold. Reasons are stored as codes and
    told in the reader's language."""

    _inherit = "customer.value"

    # figures of the health components
    purchase_gap_days = fields.Float(
        string="Usual Gap (days)", digits=(16, 1), readonly=True, help="Average days between two purchase days."
    )
    invoices_last_period = fields.Integer(readonly=True)
    invoices_previous_period = fields.Integer(string="Invoices Period Before", readonly=True)
    frequency_trend = fields.Float(
        string="Frequency Trend (%)", readonly=True, help="Invoices of the last trend period against the period before."
    )
    overdue_amount = fields.Monetary(string="Overdue", readonly=True, help="Open invoices past their due date.")
    overdue_days = fields.Integer(
        string="Days Overdue", readonly=True, help="Days the oldest overdue invoice is past its due date."
    )
    engagement_count = fields.Integer(
        string="Interactions", readonly=True, help="Messages, emails and done activities in the engagement window."
    )
    last_interaction_date = fields.Date(
        readonly=True, help="Last message, email, done activity or invoice of the customer."
    )
    nps_count = fields.Integer(string="NPS Answers", readonly=True, help="NPS answers in the satisfaction window.")
    nps_average = fields.Float(string="Average NPS Answer", digits=(16, 1), readonly=True, help="0-10.")
    csat_count = fields.Integer(string="CSAT Answers", readonly=True, help="CSAT answers in the satisfaction window.")
    csat_average = fields.Float(string="Average CSAT", digits=(16, 1), readonly=True, help="1-5.")
    satisfaction_percent = fields.Float(
        string="Satisfaction (%)",
        digits=(16, 1),
        readonly=True,
        help="The answers of the satisfaction window on a scale of 0-100: NPS times ten, CSAT 1-5 as 0-100.",
    )

    # health
    health_score = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="0-100: the weighted mean of the health components the customer has data for "
        "(Configuration > Score Components); empty without enough data.",
    )
    health_band = fields.Selection(HEALTH_BANDS, readonly=True)
    health_previous_score = fields.Float(
        string="Previous Health", readonly=True, digits=(16, 1), help="The health score before its last change."
    )
    health_change = fields.Float(
        readonly=True, digits=(16, 1), help="Health score against its previous value, in points."
    )
    health_band_since = fields.Date(readonly=True, help="The day the customer entered its current band.")
    health_breakdown = fields.Json(
        string="Health Component Scores", readonly=True, help="Score of each health component, by component code."
    )
    health_breakdown_html = fields.Html(string="Health Breakdown", compute="_compute_health_breakdown_html")
    churn_causes = fields.Char(readonly=True, help="Technical: the causes of a churn warning that hold now.")
    churn_warning_pending = fields.Boolean(
        readonly=True, help="Technical: gained a churn warning cause in the last run, not yet handed to the warnings."
    )
    churn_reasons = fields.Text(string="Churn Risk", compute="_compute_churn_reasons")
    health_history_ids = fields.One2many("customer.value.health.history", "value_id")

    def init(self):
        """The churn risk step looks for the customers its health step marked: few, so a
        partial index, which leaves the nightly run's in-place updates of the rest alone."""
        res = super().init()
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS customer_value_churn_warning_pending_index
                    ON customer_value (company_id, id) WHERE churn_warning_pending
                """
            )
        )
        return res

    @api.depends("health_breakdown", "company_id")
    @api.depends_context("lang")
    def _compute_health_breakdown_html(self):
        Component = self.env["customer.value.component"].sudo()
        settings = {company: Component._in_force(company) for company in self.company_id}
        for value in self:
            scores = value.health_breakdown or {}
            in_force = {
                code: rec
                for code, rec in settings.get(value.company_id, {}).items()
                if rec.score_type == "health" and rec.active and rec.weight and code in scores
            }
            if not in_force:
                value.health_breakdown_html = False
                continue
            total = sum(rec.weight for rec in in_force.values())
            rows = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td><td class='text-end fw-bold %s'>%s</td></tr>"
                )
                % (
                    rec.name,
                    explain(value) if (explain := rec._hook(code, "explain")) else "",
                    f"{rec.weight / total * 100:.0f} %",
                    value._health_text_class(scores[code]),
                    "-" if scores[code] is None else f"{scores[code]:.1f}",
                )
                for code, rec in sorted(in_force.items(), key=lambda item: item[1].sequence)
            )
            value.health_breakdown_html = Markup(
                "<table class='table table-sm o_customer_value_health_breakdown'><thead><tr>"
                "<th>%s</th><th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
                "</tr></thead><tbody>%s</tbody></table>"
            ) % (_("Component"), _("Figure"), _("Share"), _("Score"), rows)

    def _ordered_selections(self):
        return [*super()._ordered_selections(), "health_band"]

    def _health_text_class(self, score):
        if score is None:
            return "text-muted"
        company = self.company_id
        if score >= company.health_green_from:
            return "text-success"
        return "text-warning" if score >= company.health_amber_from else "text-danger"

    @api.depends("churn_causes", "health_score", "health_previous_score", "last_interaction_date", "scored_on")
    @api.depends_context("lang")
    def _compute_churn_reasons(self):
        for value in self:
            value.churn_reasons = "\n".join(value._churn_reason_lines()) or False

    def _churn_reason_lines(self, format_day=None):
        """The causes of this customer's churn warning, in the current language;
        ``format_day(date)`` writes a date (default: ``format_date``, which is slow when
        called for thousands of customers: see ``_on_churn_risk``)."""
        self.ensure_one()
        format_day = format_day or (lambda day: format_date(self.env, day))
        causes = (self.churn_causes or "").split()
        # env._, not _: it finds the module without looking up its caller, once per customer
        lines = []
        if "red" in causes:
            lines.append(self.env._("Health is red: %(score).1f out of 100.", score=self.health_score))
        if "drop" in causes:
            lines.append(
                self.env._(
                    "Health fell by %(points).1f points, from %(before).1f to %(now).1f.",
                    points=-self.health_change,
                    before=self.health_previous_score,
                    now=self.health_score,
                )
            )
        if "silent" in causes and self.last_interaction_date:
            lines.append(
                self.env._(
                    "No message, activity or invoice for %(days)s days (last on %(date)s).",
                    days=((self.scored_on or fields.Date.today()) - self.last_interaction_date).days,
                    date=format_day(self.last_interaction_date),
                )
            )
        return lines

    def _format_overdue(self):
        return format_amount(self.env, self.overdue_amount, self.currency_id)

    # ------------------------------------------------------------------
    # hooks of the health step, for follow-up work to subscribe to
    # ------------------------------------------------------------------
    @api.model
    def _on_health_changes(self, histories):
        """Called by the health step with the history records of the band changes and large
        moves it recorded."""

    @api.model
    def _on_churn_risk(self, values):
        """Called after the health step, in batches, with the value records that gained a
        churn warning cause (``churn_causes``) in this run."""
