#!/usr/bin/env bash
# Set up everything on a fresh machine and start Odoo 18 with Customer Value and its demo data.
#   CV_DB       database name (default customer_value)
#   CV_PORT     HTTP port (default 8069)
#   --no-start  prepare only
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
bootstrap

DB="${CV_DB:-customer_value}"
PORT="${CV_PORT:-8069}"
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    log "creating database $DB with both addons and their demo data (a few minutes)"
    "${ODOO_BIN[@]}" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
else
    log "database $DB exists; updating both addons"
    "${ODOO_BIN[@]}" -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
fi
[ "${1:-}" = "--no-start" ] && exit 0

log "Odoo is starting on http://localhost:$PORT  (login: admin  password: admin)"
exec "${ODOO_BIN[@]}" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT"
