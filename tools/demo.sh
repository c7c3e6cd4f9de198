#!/usr/bin/env bash
# `make demo`: a database with demo data and the addon, served until Ctrl-C.
# Idempotent: an existing demo database is updated, not recreated.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$ROOT/tools/setup.sh")"
# Odoo finds wkhtmltopdf on PATH: the patched build lives in the venv.
export PATH="$VENV/bin:$PATH"

DB=${DEMO_DB:-customer_complaint_demo}
PORT=${PORT:-8069}
ODOO=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS" -d "$DB"
      --db-filter="^$DB\$" --http-interface="${HTTP_INTERFACE:-127.0.0.1}" --http-port="$PORT")

if psql -d "$DB" -Atc "select 1 from ir_module_module where name='customer_complaint' and state='installed'" 2>/dev/null | grep -q 1; then
    echo "[demo] updating customer_complaint in $DB"
    "${ODOO[@]}" -u customer_complaint --stop-after-init --log-level=warn
else
    dropdb --if-exists "$DB"
    echo "[demo] creating $DB with demo data (about a minute)"
    "${ODOO[@]}" -i customer_complaint --with-demo --stop-after-init --log-level=warn
fi
echo "[demo] serving http://localhost:$PORT  (login admin / password admin); Ctrl-C stops it"
exec "${ODOO[@]}" "$@"
