#!/usr/bin/env bash
# `make bench`: complaint throughput and report cost at scale, side by side
# with the OCA peer addon helpdesk_mgmt and with hand-written SQL.
#
# 1. tools/setup.sh (Odoo source, PostgreSQL, .venv);
# 2. the peer addon from PyPI, --no-deps, into .venv/bench-peer: it
#    is on the addons path of the benchmark database only, never a
#    dependency of customer_complaint;
# 3. a fresh database $BENCH_DB (dropped first) with customer_complaint and
#    helpdesk_mgmt, without demo data;
# 4. tools/bench/run.py inside Odoo: prints the table and writes
#    tools/bench/results/<date>-<HHMM>.json. The database is dropped at the end unless
#    BENCH_KEEP_DB=1.
#
# Knobs (environment): BENCH_COMPLAINTS (rows generated with SQL for the
# report part, default 1000000), BENCH_OVERDUE (of them past their deadline,
# for the escalation, default 100000), BENCH_REVIEWS (default 10000),
# BENCH_RUNS (timed runs per write figure, median reported, default 3),
# BENCH_READ_RUNS (5), BENCH_ESCALATION_RUNS (2), BENCH_PARTS (a comma list
# of intake,direct,funnel,views,escalation,report,loaded; default all),
# BENCH_DB (cc_bench), BENCH_PEER (pip requirement of the peer, default
# odoo-addon-helpdesk_mgmt==19.0.*), BENCH_PORT (8095), BENCH_OUTPUT (the
# JSON file, default tools/bench/results/<date>-<HHMM>.json, UTC).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
eval "$(bash "$ROOT/tools/setup.sh")"
export PATH="$VENV/bin:$PATH"

DB=${BENCH_DB:-cc_bench}
PORT=${BENCH_PORT:-8095}
PEER_REQ=${BENCH_PEER:-odoo-addon-helpdesk_mgmt==19.0.*}
PEER=$VENV/bench-peer
PEER_ADDONS=$PEER/odoo/addons
ADDONS="$ADDONS,$PEER_ADDONS"
LOG=$(mktemp -t cc_bench_install.XXXXXX.log)
cleanup() {
    rm -f "$LOG"
    if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
        dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

say() { echo "[bench] $*" >&2; }

# --- the peer addon -----------------------------------------------------------
if [ ! -f "$PEER_ADDONS/helpdesk_mgmt/__manifest__.py" ]; then
    say "installing the peer addon ($PEER_REQ) into $PEER"
    rm -rf "$PEER"
    # The machine's pip configuration may name local indexes that are absent:
    # drop those warnings, keep real errors.
    "$VENV/bin/pip" install -q --no-deps --no-compile --target "$PEER" "$PEER_REQ" 2>&1 \
        | sed "/^WARNING: Location/d" >&2
fi
# Its manifest says what it needs from Odoo: install those too.
PEER_DEPENDS=$("$VENV/bin/python" -c '
import ast, sys
manifest = ast.literal_eval(open(sys.argv[1]).read())
print(",".join(manifest.get("depends", [])))
' "$PEER_ADDONS/helpdesk_mgmt/__manifest__.py")
say "peer helpdesk_mgmt depends on: $PEER_DEPENDS"
MODULES="customer_complaint,helpdesk_mgmt${PEER_DEPENDS:+,$PEER_DEPENDS}"

# --- the database -------------------------------------------------------------
dropdb --if-exists "$DB"
start=$(date +%s)
say "creating $DB with $MODULES (no demo data)"
if ! "$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS" -d "$DB" \
        -i "$MODULES" \
        --stop-after-init --http-interface=127.0.0.1 --http-port="$PORT" \
        --log-level=warn --logfile="$LOG" \
    || grep -E " (ERROR|CRITICAL) " "$LOG"; then
    cat "$LOG" >&2
    say "installation failed"
    exit 1
fi
say "installed in $(( $(date +%s) - start )) s"

# --- the measures -------------------------------------------------------------
cd "$ROOT"
"$VENV/bin/python" "$ROOT/tools/bench/run.py" --database="$DB" --addons-path="$ADDONS" \
    --http-interface=127.0.0.1 --http-port="$PORT" ${BENCH_OUTPUT:+--output="$BENCH_OUTPUT"}
