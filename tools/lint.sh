#!/usr/bin/env bash
# `make lint`: ruff (check and format) and pylint-odoo with OCA's checks.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$ROOT/tools/setup.sh")"
cd "$ROOT"
echo "[lint] ruff"
"$VENV/bin/ruff" check --no-fix customer_complaint $( [ -d bench ] && echo bench )
"$VENV/bin/ruff" format --check customer_complaint
echo "[lint] pylint-odoo"
"$VENV/bin/pylint" --rcfile=.pylintrc customer_complaint
echo "[lint] clean"
