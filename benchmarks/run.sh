#!/usr/bin/env bash
# Benchmark the nightly scoring on a throw-away database.
#   benchmarks/run.sh [--customers N] [--invoices M] [--naive-sample K] [--workers W]
# Defaults: 100,000 customers, 1,000,000 invoices, a naive sample of 1,000, 2 workers.
# KEEP_DB=1 keeps the database for a closer look.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"
bootstrap
DB="cv_bench_$$"
cleanup() { [ -n "${KEEP_DB:-}" ] && { log "kept database $DB"; return; }; dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$LOCAL_DIR/data/filestore/$DB"; }
trap cleanup EXIT
log "installing both addons in $DB (no demo data)"
"${ODOO_BIN[@]}" -d "$DB" -i customer_value,loyalty_tiers --without-demo=all --stop-after-init --log-level=warn
"$VENV_DIR/bin/python" "$REPO_DIR/benchmarks/bench_scoring.py" --config "$ODOO_CONF" --database "$DB" "$@"
