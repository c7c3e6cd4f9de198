#!/usr/bin/env bash
# `make test`: installs the addon (with demo data) in a fresh throwaway
# database, then runs its test suite with pytest-odoo. Needs no network once
# `make setup` has run, and no addon outside Odoo and this repository.
# TEST_RUNNER=odoo (`make test-odoo`) runs the same suite under Odoo's own
# runner instead (`odoo-bin --test-tags /customer_complaint`, as OCA CI and
# runbot do), within TEST_TIMEOUT seconds (default 1800).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$ROOT/tools/setup.sh")"
# Odoo finds wkhtmltopdf on PATH: the patched build lives in the venv.
export PATH="$VENV/bin:$PATH"

# DB, PORT, LOG and the ODOO command (the database and the log go on exit).
. "$ROOT/tools/odoo_run.sh" cc_test 18069 install

failed() { cat "$LOG" >&2; echo "[test] $1" >&2; exit 1; }

# pytest collects tests/test_*.py, Odoo's runner what tests/__init__.py
# imports: both run the same tests only if every test module is imported.
unimported=$(cd "$ROOT/tests" && for f in test_*.py; do
    grep -qx "from \. import ${f%.py}" __init__.py || echo "${f%.py}"
done)
[ -z "$unimported" ] || {
    echo "[test] tests/__init__.py does not import:" $unimported >&2; exit 1; }

dropdb --if-exists "$DB"
# A cold machine's first headless Chromium can take longer to answer than the
# 3 s Odoo's tours wait for its debugger (the tour is then skipped, and logged
# as an error): start it once beforehand, while the addon installs.
warmup=
if command -v chromium >/dev/null; then
    timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom about:blank \
        >/dev/null 2>&1 &
    warmup=$!
fi
echo "[test] installing customer_complaint with demo data into $DB"
start=$(date +%s)
if ! "${ODOO[@]}" -i customer_complaint --with-demo --stop-after-init --log-level=warn \
    || grep -E " (ERROR|CRITICAL) " "$LOG"; then
    failed "installation failed"
fi
echo "[test] installed in $(( $(date +%s) - start )) s"
[ -z "$warmup" ] || wait "$warmup" || true

if [ "${TEST_RUNNER:-pytest}" = pytest ]; then
    # The asset bundles the suite's browsers load, built once and committed.
    # Odoo's runner does as much before its HttpCase tests (its own list,
    # _pregenerate_assets_bundles, 3 times as long to build); pytest-odoo
    # does not, and each tour then builds them again in its transaction,
    # rolled back after it: about 9 s a back-office tour, 4 s a portal one.
    # A bundle not listed here still works, built by the tour that needs it.
    pregenerate=$(cat <<'EOF'
qweb = env["ir.qweb"]
for name in (
    "web.assets_web", "web.assets_backend_lazy", "web.assets_emoji",
    "web.chartjs_lib", "bus.websocket_worker_assets", "web.assets_tests",
    "web.__assets_tests_call__", "web.assets_frontend_minimal",
    "web.assets_frontend_lazy", "portal.assets_chatter",
):
    qweb._get_asset_bundle(name, css=False, js=True).js()
for name in (
    "web.assets_web", "web.assets_web_print", "web.assets_backend_lazy",
    "web.assets_frontend", "portal.assets_chatter", "portal.assets_chatter_style",
):
    qweb._get_asset_bundle(name, css=True, js=False).css()
env.cr.commit()
EOF
)
    start=$(date +%s)
    if ! "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell --addons-path="$ADDONS" -d "$DB" \
        --no-http --logfile="$LOG" --log-level=warn <<< "$pregenerate" >/dev/null \
        || grep -E " (ERROR|CRITICAL) " "$LOG"; then
        failed "the asset bundles could not be built"
    fi
    echo "[test] asset bundles built in $(( $(date +%s) - start )) s"
fi

if [ "${TEST_RUNNER:-pytest}" = odoo ]; then
    # Odoo's runner: at_install tests while the module is updated, then the
    # post_install ones, HttpCase and tours served by the same process. It
    # reports through its log: any ERROR or CRITICAL line fails the run, as
    # on runbot. A hang ends after TEST_TIMEOUT seconds with the threads'
    # stacks (Odoo dumps them on SIGQUIT) and the test that was running.
    # TEST_TAGS narrows the run (e.g. /customer_complaint:TestCausesReport).
    TIMEOUT=${TEST_TIMEOUT:-1800}
    [ $# -eq 0 ] || echo "[test] arguments are for pytest, ignored here: narrow with TEST_TAGS" >&2
    : > "$LOG"
    start=$(date +%s)
    rc=0
    timeout --signal=QUIT --kill-after=20 "$TIMEOUT" \
        "${ODOO[@]}" -u customer_complaint --test-tags "${TEST_TAGS:-/customer_complaint}" \
        --stop-after-init --log-level=test || rc=$?
    took=$(( $(date +%s) - start ))
    # The log's entries that are errors, tracebacks included.
    errors() {
        awk '/^[0-9][0-9-]* [0-9][0-9:,]* [0-9]+ /{keep = ($4 == "ERROR" || $4 == "CRITICAL")} keep' "$LOG"
    }
    if [ "$took" -ge "$TIMEOUT" ]; then
        # The stacks: from Odoo's first "# Thread:" line to its next log entry.
        awk '/^# Thread:/{dump = 1} /^[0-9][0-9-]* [0-9][0-9:,]* [0-9]+ /{dump = 0} dump' "$LOG" >&2
        running=$(grep -oE " Starting [A-Za-z0-9_]+\.[A-Za-z0-9_]+ \.\.\." "$LOG" | tail -1 | cut -d' ' -f3)
        echo "[test] Odoo's runner stopped after ${TIMEOUT} s (TEST_TIMEOUT);" \
            "last test started: ${running:-none}" >&2
        exit 1
    fi
    summary=$(grep -oE "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$LOG" | tail -1)
    if [ "$rc" != 0 ] || [ -z "$summary" ] || [ -n "$(errors)" ]; then
        errors >&2
        grep -E "(ERROR|FAIL): Test" "$LOG" | sed 's/.*: \(ERROR\|FAIL\): /[test] \1: /' >&2 || true
        echo "[test] Odoo's runner (exit code $rc): ${summary:-no test summary in its log}" >&2
        exit 1
    fi
    total=$(awk '{print $6}' <<< "$summary")
    post=$(grep -oE "[0-9]+ post-tests in" "$LOG" | tail -1 | cut -d' ' -f1)
    skipped=$(grep -cE " INFO [^ ]+ [^ ]+: skipped " "$LOG" || true)
    [ "$total" -gt 0 ] || { echo "[test] Odoo's runner ran no test" >&2; exit 1; }
    grep -E " INFO [^ ]+ [^ ]+: skipped " "$LOG" | sed 's/.*: skipped /[test] skipped: /' || true
    echo "[test] Odoo's runner: $total tests passed ($(( total - ${post:-0} )) at_install," \
        "${post:-0} post_install), $skipped skipped, in $took s"
    exit 0
fi

cd "$ADDON_DIR"
"$VENV/bin/pytest" -p no:cacheprovider --odoo-database="$DB" \
    --odoo-addons-path="$ADDONS" --odoo-http \
    --odoo-log-level=warn "$@" "$ADDON_DIR/tests"
