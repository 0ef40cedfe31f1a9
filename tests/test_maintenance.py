"""When a run's vacuum step cleans a table: PostgreSQL's autovacuum rules on its counts."""

from odoo.addons.customer_value.tools.maintenance import TableActivity, Thresholds, needs_analyze, needs_vacuum

# PostgreSQL 15's defaults
DEFAULTS = Thresholds(vacuum=50, vacuum_scale=0.2, insert=1000, insert_scale=0.2, analyze=50, analyze_scale=0.1)


def activity(live=10000, dead=0, inserted=0, modified=0):
    return TableActivity(live=live, dead=dead, inserted_since_vacuum=inserted, modified_since_analyze=modified)


def test_dead_rows_past_the_threshold_plus_the_scaled_live_rows_call_for_a_vacuum():
    assert not needs_vacuum(activity(dead=2050), DEFAULTS), "50 + 20 % of 10,000 is not passed"
    assert needs_vacuum(activity(dead=2051), DEFAULTS)
    assert needs_vacuum(activity(live=0, dead=51), DEFAULTS), "a small table: the base threshold alone"


def test_rows_inserted_since_the_last_vacuum_call_for_one_unless_the_server_turned_that_off():
    assert not needs_vacuum(activity(inserted=3000), DEFAULTS)
    assert needs_vacuum(activity(inserted=3001), DEFAULTS)
    assert not needs_vacuum(activity(inserted=10**6), DEFAULTS._replace(insert=-1))


def test_rows_changed_since_the_last_analyze_call_for_an_analyze():
    assert not needs_analyze(activity(modified=1050), DEFAULTS)
    assert needs_analyze(activity(modified=1051), DEFAULTS)
    assert not needs_analyze(activity(dead=10**6, inserted=10**6), DEFAULTS), "only changes since the last one"


def test_a_run_that_changed_nothing_needs_neither():
    quiet = activity(live=10**6, dead=300, inserted=0, modified=400)
    assert not needs_vacuum(quiet, DEFAULTS)
    assert not needs_analyze(quiet, DEFAULTS)
