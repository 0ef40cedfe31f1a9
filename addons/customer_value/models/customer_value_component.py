import math

import pandas as pd

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import scoring

SCORE_TYPES = [("value", "Value Score"), ("potential", "Potential Score"), ("health", "Health Score")]
# the scores of the scoring step; the health step scores health (customer.value.health.assessment)
RANKED_SCORE_TYPES = ("value", "potential")
# the figures a score reads (dates, the slowest to read, are counted in days)
SCORED_TYPES = ("integer", "float", "monetary", "boolean")


class CustomerValueComponent(models.Model):
    """A per-customer figure that feeds one of the scores, and its settings.

    Each component code is one Python file that extends this model with ``selection_add``
    on :attr:`code` and methods named after the code, as payment providers dispatch on
    theirs (any of them may be left out but the score):

    - ``_<code>_figure_fields()``: the ``customer.value`` fields the component stores;
    - ``_<code>_invoice_aggregates(run, settings)``: ``{column: SQL aggregate}`` over the
      chunk's single pass on the invoices (alias ``mv``: one row per posted invoice or
      credit note, see :meth:`~.customer_value_run_chunk.CustomerValueRunChunk._moves_query`);
    - ``_<code>_chunk_figures(run, settings)``: ``{field: SQL expression}`` of the fields it
      stores, over the aggregates of a customer (alias ``a``; see ``tools/components.py``),
      computed in the same statement;
    - ``_<code>_chunk_sources(run, chunk)``: ``{alias: SQL}`` of what the figures read
      beyond the invoices, each a query with a row per commercial partner of the chunk
      that has data (column ``partner_id``, a partner without data has no row), grouped
      over the chunk's range of its table; the figures read its columns as
      ``alias.column`` (NULL without a row). One grouped pass per source and chunk, where a
      look-up per customer would probe an index for every customer, data or not;
    - ``_<code>_population_figures(frame, run, settings)``: fields that need the whole
      customer base (a model fitted on it), written with the scores;
    - ``_<code>_score_fields()``: the figures its score and population figures read, where
      they are more than its own figure fields (a step reads only the figures its scores need);
    - ``_<code>_score(frame)``: the component's score 0-100 per customer, called on the
      record in force (a health component reads its thresholds from it); missing where
      the customer has no data for it (a health score then leaves the component out);
    - ``_<code>_threshold_unit()`` and ``_<code>_higher_is_better()`` (health components):
      the unit of the figure its thresholds are in, and which way the figure is better.

    ``frame`` holds the numeric figures (integer, float, monetary, boolean) those hooks read
    of the company's active customers: a date is scored as a count of days.

    A record holds the component's settings: the score it feeds, its weight and whether it
    is on. Records are shared by every company (company left empty) unless a company has
    its own record of the same code, which then applies there. An archived record switches
    the component off.
    """

    _name = "customer.value.component"
    _description = "Customer Value Score Component"
    _order = "score_type, sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection([], required=True, help="Which figure the component computes.")
    description = fields.Text(translate=True, help="What the component measures and how it scores it.")
    score_type = fields.Selection(SCORE_TYPES, string="Feeds", required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, help="Archived, the component counts for nothing in its score.")
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use this setting in every company that has no setting of its own for the component.",
    )
    weight = fields.Float(
        default=1.0, help="Share of the component in its score, against the other components' weights."
    )
    weight_percent = fields.Float(
        string="Share (%)", compute="_compute_weight_percent", help="Its share of the score in the current company."
    )
    full_score_at = fields.Float(
        help="Health components: a figure at this value or better scores 100 (linearly down to the zero score)."
    )
    zero_score_at = fields.Float(help="Health components: a figure at this value or worse scores 0.")
    threshold_unit = fields.Char(string="Unit", compute="_compute_threshold_unit")

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (code, company_id)",
            "A component has one setting per company, and one shared by the companies without their own.",
        ),
    ]

    @api.depends("weight", "active", "score_type")
    @api.depends_context("company")
    def _compute_weight_percent(self):
        in_force = self._in_force(self.env.company)
        totals = {}
        for record in in_force.values():
            if record.active:
                totals[record.score_type] = totals.get(record.score_type, 0.0) + record.weight
        for component in self:
            total = totals.get(component.score_type)
            counts = in_force.get(component.code) == component and component.active
            component.weight_percent = component.weight / total * 100 if counts and total else 0.0

    @api.depends("code")
    def _compute_threshold_unit(self):
        for component in self:
            hook = component.code and component._hook(component.code, "threshold_unit")
            component.threshold_unit = hook() if hook else False

    @api.constrains("full_score_at", "zero_score_at", "score_type", "code")
    def _check_thresholds(self):
        for component in self.filtered(lambda rec: rec.score_type == "health"):
            direction = component._hook(component.code, "higher_is_better")
            if direction is None:
                continue
            full, zero = component.full_score_at, component.zero_score_at
            if not (math.isfinite(full) and math.isfinite(zero)):
                raise ValidationError(
                    _("“Full Score At” and “Zero Score At” of component %s must be numbers.", component.name)
                )
            if direction() and full <= zero:
                message = _(
                    "“Full Score At” of component %(name)s must be above its “Zero Score At” (%(zero)s %(unit)s): "
                    "more is better for it."
                )
            elif not direction() and full >= zero:
                message = _(
                    "“Full Score At” of component %(name)s must be below its “Zero Score At” (%(zero)s %(unit)s): "
                    "less is better for it."
                )
            else:
                continue
            raise ValidationError(
                message % {"name": component.name, "zero": zero, "unit": component.threshold_unit or ""}
            )

    @api.constrains("weight", "active", "score_type", "company_id")
    def _check_weights(self):
        for component in self:
            if not math.isfinite(component.weight) or component.weight < 0:
                raise ValidationError(
                    _("The weight of component %s must be a number of 0 or more (“Weight”).", component.name)
                )
        companies = self.company_id or self.env["res.company"].sudo().search([])
        for company in companies:
            in_force = self.sudo()._in_force(company)
            for score_type, label in self._fields["score_type"]._description_selection(self.env):
                records = [rec for rec in in_force.values() if rec.score_type == score_type]
                if records and not sum(rec.weight for rec in records if rec.active):
                    raise ValidationError(
                        _(
                            "The components of the %(score)s in %(company)s must have weights that add up to "
                            "more than 0: give one of them a positive “Weight”, or switch one on.",
                            score=label,
                            company=company.name,
                        )
                    )

    # ------------------------------------------------------------------
    # dispatch on the code
    # ------------------------------------------------------------------
    @api.model
    def _codes(self):
        """The codes of the installed components."""
        return [code for code, _label in self._fields["code"].selection]

    @api.model
    def _hook(self, code, name):
        return getattr(self, f"_{code}_{name}", None)

    @api.model
    def _in_force(self, company):
        """The setting in force for each code in ``company``: its own record, else the
        shared one (archived ones included: they switch the component off)."""
        records = self.with_context(active_test=False).search([("company_id", "in", [company.id, False])])
        in_force = {}
        for record in records.sorted(lambda rec: (not rec.company_id, rec.id)):
            in_force.setdefault(record.code, record)
        return in_force

    @api.model
    def _figure_fields(self):
        """The ``customer.value`` fields stored by the installed components."""
        names = []
        for code in self._codes():
            if hook := self._hook(code, "figure_fields"):
                names += [name for name in hook() if name not in names]
        return names

    @api.model
    def _score_fields(self, company, score_types, population=False, engine=()):
        """The numeric figures a step reads to compute the scores of ``score_types`` in
        ``company``: the ``engine``'s own, those of the components that count in them and,
        with ``population``, of every component with population figures (computed whether
        or not they count)."""
        codes = [
            code
            for code, rec in self._in_force(company).items()
            if (rec.score_type in score_types and rec.active and rec.weight)
            or (population and self._hook(code, "population_figures"))
        ]
        names = list(engine)
        for code in codes:
            hook = self._hook(code, "score_fields") or self._hook(code, "figure_fields")
            names += [name for name in (hook() if hook else []) if name not in names]
        value_fields = self.env["customer.value"]._fields
        return [name for name in names if value_fields[name].type in SCORED_TYPES]

    @api.model
    def _merged(self, name, *args):
        """The ``{key: SQL}`` the installed components' ``_<code>_<name>`` hooks give."""
        merged = {}
        for code in self._codes():
            if hook := self._hook(code, name):
                merged.update(hook(*args))
        return merged

    @api.model
    def _invoice_aggregates(self, run, settings):
        return self._merged("invoice_aggregates", run, settings)

    @api.model
    def _chunk_figures(self, run, settings):
        return self._merged("chunk_figures", run, settings)

    @api.model
    def _chunk_sources(self, run, chunk):
        return self._merged("chunk_sources", run, chunk)

    @api.model
    def _population_figures(self, frame, run, settings):
        frames = [
            hook(frame, run, settings) for code in self._codes() if (hook := self._hook(code, "population_figures"))
        ]
        return pd.concat(frames, axis=1) if frames else pd.DataFrame(index=frame.index)

    @api.model
    def _counting(self, company, score_type):
        """The components of ``score_type`` in force in ``company`` that count (switched on,
        with a weight): ``{code: record}``."""
        return {
            code: rec
            for code, rec in self._in_force(company).items()
            if rec.score_type == score_type and rec.active and rec.weight
        }

    @api.model
    def _component_scores(self, frame, company, score_type):
        """The scores of the components of ``score_type`` that count in ``company``, and
        their weights: ``({code: Series}, {code: weight})``."""
        records = self._counting(company, score_type)
        scores = {code: rec._hook(code, "score")(frame) for code, rec in records.items()}
        return scores, {code: rec.weight for code, rec in records.items()}

    @api.model
    def _scores(self, frame, company):
        """The weighted score of each ranked score type (``<type>_score`` columns) over the
        components in force in ``company``."""
        result = pd.DataFrame(index=frame.index)
        for score_type in RANKED_SCORE_TYPES:
            scores, weights = self._component_scores(frame, company, score_type)
            result[f"{score_type}_score"] = scoring.weighted_score(scores, weights, frame.index)
        return result
