# The throw-away database of a benchmark, for the run*.sh scripts (after scripts/lib.sh and
# its bootstrap): `throwaway_database PREFIX` names it DB (PREFIX_<pid>), writes its private
# Odoo configuration to BENCH_CONF (never the port of an Odoo started by setup.sh) and
# removes both on exit; KEEP_DB=1 keeps the database for a closer look.
throwaway_database() {
    DB="$1_$$"
    BENCH_CONF="$LOCAL_DIR/odoo-bench-$$.conf"
    write_private_conf "$BENCH_CONF"
    trap remove_throwaway_database EXIT
}

remove_throwaway_database() {
    rm -f "$BENCH_CONF"
    [ -n "${KEEP_DB:-}" ] && { log "kept database $DB"; return; }
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    rm -rf "$LOCAL_DIR/data/filestore/$DB"
}
