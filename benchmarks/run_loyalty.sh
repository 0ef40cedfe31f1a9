#!/usr/bin/env bash
# Benchmark loyalty_tiers' nightly expiry and tier update on a throw-away database.
#   benchmarks/run_loyalty.sh [--lots N] [--lots-per-card K] [--expiring E]
# Defaults: 1,000,000 lots, 4 per card (250,000 members), 100,000 of them past their date.
# KEEP_DB=1 keeps the database.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"
bootstrap
# shellcheck source=benchmarks/throwaway.sh
source "$(dirname "$0")/throwaway.sh"
throwaway_database cv_bench_loyalty
log "installing loyalty_tiers in $DB (no demo data)"
"$VENV_DIR/bin/python" "$ODOO_SRC/odoo-bin" -c "$BENCH_CONF" -d "$DB" -i loyalty_tiers --without-demo=all \
    --stop-after-init --log-level=warn
"$VENV_DIR/bin/python" "$REPO_DIR/benchmarks/bench_loyalty.py" --config "$BENCH_CONF" --database "$DB" "$@"
