"""Four customers invoiced in April, May and June 2026, for the KPI tests (the run is on
30 June 2026):

    customer   April   May    June     cohort
    A          1,000   1,000  1,000    April
    B            500     -      500    April
    C             -     300      -     May
    D             -      -      200    June
"""

from datetime import date

from .common import TODAY, CustomerValueCase


def days_before_today(day):
    return (TODAY - day).days


class KpiCase(CustomerValueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a, cls.b, cls.c, cls.d = cls._customers(4, prefix="CV Cohort")
        cls._invoices(
            [
                (partner, amount, days_before_today(day))
                for partner, amount, day in (
                    (cls.a, 1000, date(2026, 4, 10)),
                    (cls.a, 1000, date(2026, 5, 10)),
                    (cls.a, 1000, date(2026, 6, 10)),
                    (cls.b, 500, date(2026, 4, 15)),
                    (cls.b, 500, date(2026, 6, 15)),
                    (cls.c, 300, date(2026, 5, 20)),
                    (cls.d, 200, date(2026, 6, 5)),
                )
            ]
        )
        cls.value_run = cls._run()

    def _rerun_kpis(self):
        """The KPI steps of the run again, on the tiers and quadrants as stored: its chunks'
        partial KPIs taken anew, then their sums, without the scoring, which would
        overwrite the figures a test set."""
        Partial = self.env["customer.value.kpi.partial"]
        for chunk in [*self.value_run.chunk_ids, None]:
            Partial._run_step_kpi_partials(self.value_run, chunk)
        self.env["customer.value.kpi"]._run_step_kpis(self.value_run)
