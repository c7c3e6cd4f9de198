# shellcheck shell=bash
# Sourced by tools/test.sh and tools/test_upstream.sh after tools/setup.sh's
# exports: a throwaway database and the odoo-bin command line that uses it.
#   . tools/odoo_run.sh DB_PREFIX DEFAULT_PORT LOG_NAME
# sets DB (TEST_DB, else DB_PREFIX_<pid>), PORT (TEST_PORT, else
# DEFAULT_PORT), LOG (a temporary file, customer_complaint_LOG_NAME.*.log)
# and ODOO (the command, an array), and drops the database and the log on
# exit.
DB=${TEST_DB:-${1}_$$}
PORT=${TEST_PORT:-$2}
LOG=$(mktemp -t "customer_complaint_$3.XXXXXX.log")
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -f "$LOG"; }
trap cleanup EXIT
ODOO=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS" -d "$DB"
      --http-interface=127.0.0.1 --http-port="$PORT" --logfile="$LOG")
