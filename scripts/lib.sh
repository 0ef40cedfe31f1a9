# Shared set-up steps for scripts/setup.sh and scripts/test.sh.
# Sourced, not run. Every step is idempotent: a second call only checks.
#
# Environment (all optional):
#   ODOO_SRC     Odoo 18.0 source tree            (default /opt/odoo, else cloned from GitHub)
#   PGHOST/PGPORT/PGUSER  an existing PostgreSQL server to use (default: 127.0.0.1:5432 as
#                the current user, else a private cluster under .local/pgdata)
#   CV_PYTHON    Python interpreter for the virtualenv (default python3)

set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="$REPO_DIR/.local"
VENV_DIR="$REPO_DIR/.venv"
ODOO_CONF="$LOCAL_DIR/odoo.conf"
ODOO_UPSTREAM="https://github.com/odoo/odoo.git"
# the product's addons (the glue ones would auto-install; naming them makes a missing one an error)
ADDONS="customer_value,loyalty_tiers,loyalty_tiers_sale,loyalty_tiers_pos,customer_value_loyalty,customer_value_dashboard"
mkdir -p "$LOCAL_DIR"

log() { printf '\033[1m[customer-value]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[customer-value] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Install Debian packages that are missing (no-op when all are present).
ensure_debian_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing system packages: ${missing[*]} (install them with your package manager)"
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
        || { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } \
        || die "could not install ${missing[*]}"
}

is_odoo18() { [ -f "$1/odoo/release.py" ] && grep -q "^version_info = (18, 0" "$1/odoo/release.py"; }

# Find Odoo 18.0: $ODOO_SRC (default /opt/odoo), else a clone of upstream under .local/odoo.
ensure_odoo_source() {
    local wanted="${ODOO_SRC:-/opt/odoo}"
    if is_odoo18 "$wanted"; then ODOO_SRC="$wanted"; return 0; fi
    if is_odoo18 "$LOCAL_DIR/odoo"; then ODOO_SRC="$LOCAL_DIR/odoo"; return 0; fi
    [ -e "$wanted/odoo/release.py" ] && die "$wanted is not Odoo 18.0 ($(grep -m1 '^version_info' "$wanted/odoo/release.py"))."
    log "no Odoo 18.0 at $wanted; cloning branch 18.0 of $ODOO_UPSTREAM"
    if ! git clone --quiet --depth 1 --branch 18.0 "$ODOO_UPSTREAM" "$LOCAL_DIR/odoo.partial" 2>/dev/null; then
        rm -rf "$LOCAL_DIR/odoo.partial"
        die "Odoo 18.0 Community source not found at $wanted and $ODOO_UPSTREAM is unreachable.
  Provide it in one of these ways, then run this command again:
    - put an unmodified Odoo 18.0 tree at /opt/odoo (git clone -b 18.0 --depth 1 $ODOO_UPSTREAM /opt/odoo), or
    - set ODOO_SRC=/path/to/odoo-18.0 to point at one you already have."
    fi
    mv "$LOCAL_DIR/odoo.partial" "$LOCAL_DIR/odoo"
    ODOO_SRC="$LOCAL_DIR/odoo"
}

# Odoo pins old source-only releases for Python < 3.12 (cbor2 5.4.2, ...); its Python 3.12
# pins install as wheels and work on 3.11, so we evaluate the markers as Python 3.12 does.
# python-ldap is left out: it only serves the optional auth_ldap addon and needs LDAP headers.
odoo_requirements() {
    "$VENV_DIR/bin/python" - "$ODOO_SRC/requirements.txt" <<'EOF'
import sys
from packaging.requirements import Requirement
env = {"python_version": "3.12", "python_full_version": "3.12.0", "sys_platform": sys.platform}
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    req = Requirement(line)
    if req.name == "python-ldap" or (req.marker and not req.marker.evaluate(env)):
        continue
    req.marker = None
    print(req)
EOF
}

ensure_virtualenv() {
    local python="${CV_PYTHON:-python3}"
    ensure_debian_packages python3-venv python3-dev build-essential libpq-dev libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev
    if [ ! -x "$VENV_DIR/bin/python" ]; then
        log "creating virtualenv in .venv"
        "$python" -m venv "$VENV_DIR"
    fi
    local stamp="$VENV_DIR/.requirements-stamp"
    local wanted
    wanted="$(cat "$ODOO_SRC/requirements.txt" "$REPO_DIR/requirements.txt" | sha256sum | cut -d' ' -f1) $ODOO_SRC"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        log "installing Python requirements (Odoo's and the project's)"
        "$VENV_DIR/bin/pip" install -q --upgrade pip packaging 2>&1 | grep -v "is ignored" >&2 || true
        odoo_requirements > "$LOCAL_DIR/odoo-requirements.txt"
        "$VENV_DIR/bin/pip" install -q -r "$LOCAL_DIR/odoo-requirements.txt" -r "$REPO_DIR/requirements.txt" 2>&1 \
            | grep -v "is ignored" >&2 || true
        "$VENV_DIR/bin/python" -c "import psycopg2, lxml, pandas, werkzeug, pytest" \
            || die "the Python requirements did not install (see the pip output above)"
        echo "$wanted" > "$stamp"
    fi
    # make "import odoo" work in the virtualenv (pytest-odoo imports it)
    "$VENV_DIR/bin/python" -c "import site, sys; open(site.getsitepackages()[0] + '/odoo-src.pth', 'w').write(sys.argv[1] + '\\n')" "$ODOO_SRC"
}

pg_usable() {  # host port user
    PGCONNECT_TIMEOUT=3 psql -h "$1" -p "$2" -U "$3" -d postgres -tAc \
        "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user" 2>/dev/null | grep -q t
}

# A PostgreSQL server Odoo can use: $PGHOST/$PGPORT/$PGUSER if given, a local server on
# 127.0.0.1:5432 as the current user, else a private cluster in .local/pgdata.
ensure_postgres() {
    ensure_debian_packages postgresql-client
    local user="${PGUSER:-$(id -un)}"
    [ "$user" = "postgres" ] && die "Odoo refuses to connect as the 'postgres' role: set PGUSER to another role."
    if [ -n "${PGHOST:-}" ]; then
        DB_HOST="$PGHOST"; DB_PORT="${PGPORT:-5432}"; DB_USER="$user"
        pg_usable "$DB_HOST" "$DB_PORT" "$DB_USER" || die "cannot use PostgreSQL at $DB_HOST:$DB_PORT as $DB_USER (it needs CREATEDB)"
        return 0
    fi
    if pg_usable 127.0.0.1 5432 "$user"; then
        DB_HOST=127.0.0.1; DB_PORT=5432; DB_USER="$user"; return 0
    fi
    start_private_cluster "$user"
}

start_private_cluster() {
    local user="$1" port=5439
    ensure_debian_packages postgresql
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses to run as root: as root, use Debian's own cluster tools instead
        local version
        version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
        if ! pg_lsclusters -h | awk '{print $2}' | grep -qx customer_value; then
            log "creating a PostgreSQL $version cluster 'customer_value' on port $port (pg_createcluster)"
            pg_createcluster "$version" customer_value -p "$port" >/dev/null
        fi
        pg_lsclusters -h | grep -q "customer_value *$port *online" \
            || pg_ctlcluster --skip-systemctl-redirect "$version" customer_value start
        runuser -u postgres -- psql -p "$port" -d postgres -qc \
            "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN CREATE ROLE \"$user\" LOGIN CREATEDB; END IF; END\$\$" >/dev/null
        DB_HOST=/var/run/postgresql; DB_PORT="$port"; DB_USER="$user"
        return 0
    fi
    local data="$LOCAL_DIR/pgdata" run="$LOCAL_DIR/pgrun" bin
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    mkdir -p "$run"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "creating a private PostgreSQL cluster in .local/pgdata"
        "$bin/initdb" -D "$data" -U "$user" --auth=trust -E UTF8 >/dev/null
    fi
    if ! "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "starting the private PostgreSQL cluster (socket in .local/pgrun, port $port)"
        "$bin/pg_ctl" -D "$data" -l "$LOCAL_DIR/postgresql.log" -w start \
            -o "-p $port -k $run -c listen_addresses=''" >/dev/null
    fi
    DB_HOST="$run"; DB_PORT="$port"; DB_USER="$user"
}

write_odoo_conf() {
    cat > "$ODOO_CONF" <<EOF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$REPO_DIR/addons
data_dir = $LOCAL_DIR/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
http_interface = 127.0.0.1
EOF
}

# A TCP port nobody listens on, for the test and benchmark servers: they run beside an Odoo
# started by setup.sh, which keeps the default port 8069.
free_port() {
    "$VENV_DIR/bin/python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

# A copy of the configuration for a throw-away server on a free port ($1: the file to write),
# with an extra addons folder ($2, optional).
write_private_conf() {
    local extra="${2:+,$2}"
    { sed "s|^addons_path = .*|&$extra|" "$ODOO_CONF"; echo "http_port = $(free_port)"; } > "$1"
}

# Everything the two commands need before Odoo runs.
bootstrap() {
    ensure_odoo_source
    ensure_virtualenv
    ensure_postgres
    write_odoo_conf
    export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER"
    ODOO_BIN=("$VENV_DIR/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF")
}
