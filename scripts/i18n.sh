#!/usr/bin/env bash
# Developers: re-export the translation template of an addon from a database that has it
# installed and up to date, and merge the new terms into its zh_CN.po.
#   scripts/i18n.sh DATABASE MODULE [TRANSLATIONS.json]
# TRANSLATIONS.json ({"English": "中文", ...}) fills new terms; terms still untranslated
# are listed (the test suite refuses them).
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
bootstrap
DB="$1" MODULE="$2" EXTRA="${3:-}"
I18N="$REPO_DIR/addons/$MODULE/i18n"
CONF="$LOCAL_DIR/odoo-i18n-$$.conf"
write_private_conf "$CONF" "$REPO_DIR/tests/addons"   # a test database may hold the test addons
trap 'rm -f "$CONF"' EXIT
ODOO=("$VENV_DIR/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF")
"${ODOO[@]}" -d "$DB" -u "$MODULE" --stop-after-init --log-level=warn
"${ODOO[@]}" -d "$DB" --i18n-export="$I18N/$MODULE.pot" --modules="$MODULE" --log-level=warn
"$VENV_DIR/bin/python" - "$I18N" "$MODULE" "$EXTRA" <<'PY'
import json
import sys

import polib

i18n, module, extra = sys.argv[1:]
template = polib.pofile(f"{i18n}/{module}.pot")
chinese = polib.pofile(f"{i18n}/zh_CN.po")
known = {entry.msgid: entry.msgstr for entry in chinese if entry.msgstr}
if extra:
    known.update(json.load(open(extra, encoding="utf-8")))
chinese.merge(template)
missing = []
for entry in chinese:
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.previous_msgid = None
    entry.msgstr = known.get(entry.msgid, "")
    if not entry.msgstr:
        missing.append(entry.msgid)
chinese[:] = [entry for entry in chinese if not entry.obsolete]
chinese.save(f"{i18n}/zh_CN.po")
print(f"{len(template)} terms; untranslated: {len(missing)}")
for msgid in missing:
    print(f"  {msgid!r}")
PY
