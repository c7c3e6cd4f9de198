#!/usr/bin/env bash
# `make upgrade`: a database of an earlier version of the addon upgrades with
# `-u customer_complaint` and keeps its data.
# 1. installs the addon of UPGRADE_FROM (a commit; default: the last main
#    before the Odoo-native refactor) with demo data into a throwaway database;
# 2. adds data there with that version's own code (tools/upgrade/data.py add:
#    reviews that became complaints, chatter, a closed and an escalated
#    complaint, settings) and takes a snapshot of what must survive;
# 3. upgrades the database with this tree's addon (fails on any ERROR logged);
# 4. compares the snapshot with the upgraded database (data.py check).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
eval "$("$ROOT/tools/setup.sh")"
export PATH="$VENV/bin:$PATH"

FROM=${UPGRADE_FROM:-f9dfe05}
DB=${UPGRADE_DB:-cc_upgrade_$$}
PORT=${UPGRADE_PORT:-18079}
WORK=$(mktemp -d -t cc_upgrade.XXXXXX)
LOG=$WORK/odoo.log
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
say() { echo "[upgrade] $*"; }
failed() { tail -60 "$LOG" >&2; say "$1" >&2; exit 1; }

# The old version as an addon folder named customer_complaint (before the
# layout change the addon was the repository's customer_complaint/ folder).
mkdir -p "$WORK/src" "$WORK/old"
git -C "$ROOT" archive "$FROM" | tar -x -C "$WORK/src"
if [ -f "$WORK/src/customer_complaint/__manifest__.py" ]; then
    ln -s "$WORK/src/customer_complaint" "$WORK/old/customer_complaint"
else
    ln -s "$WORK/src" "$WORK/old/customer_complaint"
fi
odoo() {  # odoo COMMAND ADDONS_PATH ARGS...
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$1" --addons-path="$2" -d "$DB" \
        --logfile="$LOG" --log-level=warn "${@:3}"
}
server() { odoo server "$1" --http-interface=127.0.0.1 --http-port="$PORT" "${@:2}"; }
shell() {
    UPGRADE_MODE=$2 UPGRADE_SNAPSHOT=$WORK/snapshot.json odoo shell "$1" --no-http \
        < "$ROOT/tools/upgrade/data.py"
}

dropdb --if-exists "$DB"
say "installing customer_complaint of $(git -C "$ROOT" log -1 --format='%h %cs' "$FROM") with demo data"
server "$ODOO_SRC/addons,$WORK/old" -i customer_complaint --with-demo --stop-after-init \
    || failed "installing the old version failed"
shell "$ODOO_SRC/addons,$WORK/old" add || failed "adding data with the old version failed"
: > "$LOG"
start=$(date +%s)
say "upgrading it with this tree's addon (-u customer_complaint)"
server "$ADDONS" -u customer_complaint --stop-after-init || failed "the upgrade failed"
! grep -E " (ERROR|CRITICAL) " "$LOG" || failed "the upgrade logged errors"
say "upgraded in $(( $(date +%s) - start )) s"
shell "$ADDONS" check || failed "data lost or changed by the upgrade"
say "ok"
