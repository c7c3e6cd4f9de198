#!/usr/bin/env bash
# `make lint`: ruff (check and format) and pylint-odoo with OCA's checks.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$ROOT/tools/setup.sh")"
cd "$ROOT"
echo "[lint] ruff"
"$VENV/bin/ruff" check --no-fix .
"$VENV/bin/ruff" format --check .
echo "[lint] pylint-odoo"
# Through the link named customer_complaint: pylint names the addon by its folder.
(cd "$(dirname "$ADDON_DIR")" && "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" customer_complaint)
echo "[lint] clean"
