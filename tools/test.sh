#!/usr/bin/env bash
# `make test`: installs the addon (with demo data) in a fresh throwaway
# database, then runs its test suite with pytest-odoo, and the benchmark's
# smoke run (bench/test_smoke.py: `make bench` at 1% of its sizes, in a
# database of its own, without demo data like the full run).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$ROOT/tools/setup.sh")"
# Odoo finds wkhtmltopdf on PATH: the patched build lives in the venv.
export PATH="$VENV/bin:$PATH"

DB=${TEST_DB:-cc_test_$$}
PORT=${TEST_PORT:-18069}
LOG=$(mktemp -t customer_complaint_install.XXXXXX.log)
ADDONS="$ODOO_SRC/addons,$ROOT"
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -f "$LOG"; }
trap cleanup EXIT

dropdb --if-exists "$DB"
echo "[test] installing customer_complaint with demo data into $DB"
start=$(date +%s)
if ! "$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS" -d "$DB" \
        -i customer_complaint --with-demo --stop-after-init \
        --http-interface=127.0.0.1 --http-port="$PORT" --log-level=warn \
        --logfile="$LOG" \
    || grep -E " (ERROR|CRITICAL) " "$LOG"; then
    cat "$LOG" >&2
    echo "[test] installation failed" >&2
    exit 1
fi
echo "[test] installed in $(( $(date +%s) - start )) s"

cd "$ROOT"
"$VENV/bin/pytest" -p no:cacheprovider --odoo-database="$DB" \
    --odoo-addons-path="$ADDONS" --odoo-http \
    --odoo-log-level=warn "$@" customer_complaint/tests bench/test_smoke.py
