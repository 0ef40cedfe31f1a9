#!/usr/bin/env bash
# Run the whole test suite: lint, then pytest on a new database with both addons installed.
# The database is created for this run and dropped afterwards. Extra arguments go to pytest.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
bootstrap
ensure_debian_packages chromium   # Odoo's browser tours (HttpCase) drive it headless

log "lint: ruff"
"$VENV_DIR/bin/ruff" check "$REPO_DIR"
"$VENV_DIR/bin/ruff" format --check "$REPO_DIR"
log "lint: pylint-odoo"
"$VENV_DIR/bin/pylint" --rcfile="$REPO_DIR/.pylintrc" "$REPO_DIR"/addons/*/

DB="cv_test_$(date +%Y%m%d%H%M%S)_$$"
TEST_CONF="$LOCAL_DIR/odoo-test-$$.conf"
# the browser tours' server takes a free port, not the running Odoo's; tests/addons holds an addon
# that adds a score component from outside customer_value, as any addon would
write_private_conf "$TEST_CONF" "$REPO_DIR/tests/addons"
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$LOCAL_DIR/data/filestore/$DB" "$TEST_CONF"; }
trap cleanup EXIT
log "installing both addons (and the test component addon) in a new database $DB"
"$VENV_DIR/bin/python" "$ODOO_SRC/odoo-bin" -c "$TEST_CONF" -d "$DB" \
    -i "$ADDONS,customer_value_refund_rate" --without-demo=all --stop-after-init --log-level=warn
log "pytest"
cd "$REPO_DIR"
"$VENV_DIR/bin/python" -m pytest tests --odoo-config="$TEST_CONF" --odoo-database="$DB" --odoo-http "$@"
