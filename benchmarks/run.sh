#!/usr/bin/env bash
# Benchmark the nightly run on a throw-away database.
#   benchmarks/run.sh [--customers N] [--invoices M] [--naive-sample K] [--workers W]
# Defaults: 100,000 customers, 1,000,000 invoices, a naive sample of 1,000, 2 workers.
# The generated data is kept in a database cv_bench_data_<N>_<M> (a template cloned by the
# next runs of the same size: generating 10,000,000 invoices takes most of an hour); drop it
# with dropdb when done. KEEP_DB=1 keeps the benchmark database for a closer look.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"
bootstrap
CUSTOMERS=100000 INVOICES=1000000
args=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
        --customers) CUSTOMERS="$2"; shift ;;
        --invoices) INVOICES="$2"; shift ;;
    esac
    shift
done
# shellcheck source=benchmarks/throwaway.sh
source "$(dirname "$0")/throwaway.sh"
throwaway_database cv_bench
DATA="cv_bench_data_${CUSTOMERS}_${INVOICES}"
ODOO=("$VENV_DIR/bin/python" "$ODOO_SRC/odoo-bin" -c "$BENCH_CONF" --stop-after-init --log-level=warn)
BENCH=("$VENV_DIR/bin/python" "$REPO_DIR/benchmarks/bench_scoring.py" --config "$BENCH_CONF" --database "$DB" "${args[@]}")
# clones are copied file by file where PostgreSQL (15 and later) can choose: the default, WAL_LOG,
# writes the 10 GB of the largest size through the write-ahead log, whose checkpoints then slow
# the runs that follow
COPY_STRATEGY=()
[ "$(psql -d postgres -tAc "SHOW server_version_num")" -ge 150000 ] && COPY_STRATEGY=(-S file_copy)
if psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATA'" | grep -q 1; then
    log "cloning the generated data of $DATA into $DB, updating the addons"
    createdb -T "$DATA" "${COPY_STRATEGY[@]}" "$DB"
    "${ODOO[@]}" -d "$DB" -u customer_value,loyalty_tiers -i customer_value_dashboard
else
    log "installing both addons in $DB (no demo data) and generating the data"
    "${ODOO[@]}" -d "$DB" -i customer_value,loyalty_tiers,customer_value_dashboard --without-demo=all
    "${BENCH[@]}" --generate-only
    # an index-only scan needs the visibility map of freshly written tables
    psql -d "$DB" -qc "VACUUM (ANALYZE) account_move, account_move_line, res_partner"
    log "keeping the generated data as $DATA for the next runs"
    createdb -T "$DB" "${COPY_STRATEGY[@]}" "$DATA"
fi
"${BENCH[@]}" --skip-generate
