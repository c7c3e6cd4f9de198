#!/usr/bin/env bash
# `make test`: installs the addon (with demo data) in a fresh throwaway
# database, then runs its test suite with pytest-odoo. Needs no network once
# `make setup` has run, and no addon outside Odoo and this repository.
# TEST_RUNNER=odoo runs the same suite under Odoo's own runner instead
# (`odoo-bin --test-tags /customer_complaint`, as OCA CI and runbot do).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$ROOT/tools/setup.sh")"
# Odoo finds wkhtmltopdf on PATH: the patched build lives in the venv.
export PATH="$VENV/bin:$PATH"

DB=${TEST_DB:-cc_test_$$}
PORT=${TEST_PORT:-18069}
LOG=$(mktemp -t customer_complaint_install.XXXXXX.log)
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -f "$LOG"; }
trap cleanup EXIT
ODOO=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS" -d "$DB"
      --http-interface=127.0.0.1 --http-port="$PORT" --logfile="$LOG")

failed() { cat "$LOG" >&2; echo "[test] $1" >&2; exit 1; }

dropdb --if-exists "$DB"
echo "[test] installing customer_complaint with demo data into $DB"
start=$(date +%s)
if ! "${ODOO[@]}" -i customer_complaint --with-demo --stop-after-init --log-level=warn \
    || grep -E " (ERROR|CRITICAL) " "$LOG"; then
    failed "installation failed"
fi
echo "[test] installed in $(( $(date +%s) - start )) s"

if [ "${TEST_RUNNER:-pytest}" = odoo ]; then
    : > "$LOG"
    "${ODOO[@]}" -u customer_complaint --test-tags /customer_complaint \
        --stop-after-init --log-level=test || failed "Odoo's test runner failed"
    grep -E "(ERROR|FAIL|CRITICAL)[: ]" "$LOG" && failed "tests failed under Odoo's runner"
    grep -E "tests? .*(customer_complaint|Starting post)|[0-9]+ tests" "$LOG" | tail -3
    exit 0
fi

cd "$ADDON_DIR"
"$VENV/bin/pytest" -p no:cacheprovider --odoo-database="$DB" \
    --odoo-addons-path="$ADDONS" --odoo-http \
    --odoo-log-level=warn "$@" "$ADDON_DIR/tests"
