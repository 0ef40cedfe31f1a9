#!/usr/bin/env bash
# Benchmark the complaints' scheduled SLA check on a throw-away database.
#   benchmarks/run_complaints.sh [--complaints N] [--due D]
# Defaults: 100,000 open complaints, 1,000 of them due. KEEP_DB=1 keeps the database.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"
bootstrap
# shellcheck source=benchmarks/throwaway.sh
source "$(dirname "$0")/throwaway.sh"
throwaway_database cv_bench_complaints
log "installing customer_value in $DB (no demo data)"
"$VENV_DIR/bin/python" "$ODOO_SRC/odoo-bin" -c "$BENCH_CONF" -d "$DB" -i customer_value --without-demo=all \
    --stop-after-init --log-level=warn
"$VENV_DIR/bin/python" "$REPO_DIR/benchmarks/bench_complaints.py" --config "$BENCH_CONF" --database "$DB" "$@"
