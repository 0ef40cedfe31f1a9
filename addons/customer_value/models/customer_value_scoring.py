from odoo import api, models
from odoo.tools import SQL

from ..tools import scoring
from ..tools.bulk import StagedRows, changed_rows, read_frame
from .customer_value_component import RANKED_SCORE_TYPES

ENGINE_COLUMNS = (
    "recency_score",
    "frequency_score",
    "monetary_score",
    "rfm_segment",
    "value_score",
    "potential_score",
    "abc_class",
    "quadrant",
)
# the figures of the RFM scores, the Pareto classes and the revenue concentration
ENGINE_FIGURES = ("recency_days", "frequency", "monetary")


class CustomerValueScoring(models.AbstractModel):
    """The scoring step of the value runs: population-wide figures of the run's company.

    The components (``customer.value.component``) give their population figures (the
    lifetime value fit) and their scores from the numeric figures of the customers,
    weighed into the value and potential scores;
    the engine adds the RFM scores and segments, the Pareto classes, the value x potential
    quadrants and the revenue concentration. Results are compared with the stored ones; the
    score steps (``customer.value.run._score_steps``) assess the customers on the new scores
    in the same slice, and each row that changes is written once, in bulk, with its scores
    and what the steps staged.
    """

    _name = "customer.value.scoring"
    _description = "Customer Value Scoring"

    @api.model
    def _run_step_score(self, run):
        company = run.company_id
        settings = company._customer_value_scoring_settings()
        Component = self.env["customer.value.component"]
        Value = self.env["customer.value"]
        figures = Component._score_fields(company, RANKED_SCORE_TYPES, population=True, engine=ENGINE_FIGURES)
        written = [name for name in ENGINE_COLUMNS if name not in figures]
        steps = [(self.env[model], method) for _name, model, method in run._score_steps()]
        frame, stored, row_versions = self._read_for_steps(run, [*figures, *written], steps)
        current = frame.copy()
        run._record_concentration(scoring.concentration(frame.set_index("partner_id")["monetary"]), len(frame))
        staged = []
        if frame.empty:
            result = frame[[]]
        else:
            population = Component._population_figures(frame, run, settings)
            frame = frame.drop(columns=population.columns, errors="ignore").join(population)
            result = scoring.rfm_scores(frame, settings).join(Component._scores(frame, company)).join(population)
            result["abc_class"] = scoring.abc_classes(frame["monetary"], settings.abc_a_percent, settings.abc_b_percent)
            result["quadrant"] = scoring.quadrants(
                result["value_score"], result["potential_score"], settings.value_threshold, settings.potential_threshold
            )
            names = [*ENGINE_COLUMNS, *population.columns]
            changed = changed_rows(result, current, names)
            if not changed.empty:
                staged.append(StagedRows(changed[names]))
        staged += [getattr(step, method)(run, result, rows) for (step, method), rows in zip(steps, stored, strict=True)]
        Value._stage_run_writes(run, staged, row_versions)
        return True

    @api.model
    def _read_for_steps(self, run, columns, steps):
        """The company's value rows as stored, read once for the score step and its steps
        (a read each took a third longer).

        :param steps: ``[(model, method)]`` of the score steps; ``_score_step_read(run)`` of
            a model, where it has one, gives what its step reads: ``(columns, {name: SQL},
            SQL of the rows it reads besides the active ones, or None)``
        :return: the active rows' ``partner_id`` and ``columns``, a DataFrame per step of
            ``partner_id`` and what it asked for, indexed by value id, in the table's order
            (no figure depends on it: the scores rank, the lifetime value fit sorts its rows),
            and the version (``xmin``) of every row read, which the write of the rows checks
        """
        reads = [
            step._score_step_read(run) if hasattr(step, "_score_step_read") else ([], {}, None)
            for step, _method in steps
        ]
        self.env["customer.value"].flush_model()
        names = list(dict.fromkeys(["active", "partner_id", *columns, *(name for read in reads for name in read[0])]))
        expressions = {
            name: expression
            for _columns, step_expressions, _rows in reads
            for name, expression in step_expressions.items()
        }
        # a column per step that reads other rows too: whether the row is one of them
        rows = {
            f"rows_{index}": SQL("COALESCE(%s, FALSE)", condition)
            for index, (_columns, _expressions, condition) in enumerate(reads)
            if condition
        }
        stored = read_frame(
            self.env.cr,
            SQL(
                "SELECT id, xmin::text::bigint AS row_version, %s FROM customer_value WHERE company_id = %s AND (%s)",
                SQL(", ").join(
                    [
                        *(SQL.identifier(name) for name in names),
                        *(
                            SQL("%s AS %s", expression, SQL.identifier(name))
                            for name, expression in (expressions | rows).items()
                        ),
                    ]
                ),
                run.company_id.id,
                SQL(" OR ").join([SQL("active"), *rows.values()]),
            ),
            index_col="id",
        )
        active = stored["active"].astype(bool)
        steps_rows = [
            stored.loc[
                active | stored[f"rows_{index}"].astype(bool) if f"rows_{index}" in rows else active,
                ["partner_id", *step_columns, *step_expressions],
            ]
            for index, (step_columns, step_expressions, _rows) in enumerate(reads)
        ]
        return stored.loc[active, ["partner_id", *columns]], steps_rows, stored["row_version"]
