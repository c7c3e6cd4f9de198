#!/usr/bin/env bash
# `make i18n DB=<database>`: exports i18n/customer_complaint.pot from a
# database where the addon is installed, then merges it into ru.po and uk.po
# (new terms come in empty: translate them; tests/test_i18n.py fails while
# one is empty). Odoo's export walks the whole addon folder, links followed:
# it runs on a copy of the tracked files (git archive of the working tree),
# not on the clone, whose .venv would be walked too.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$ROOT/tools/setup.sh")"
DB=${DB:?give the database: make i18n DB=...}
WORK=$(mktemp -d -t cc_i18n.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/customer_complaint"
tree=$(git -C "$ROOT" stash create); git -C "$ROOT" archive "${tree:-HEAD}" | tar -x -C "$WORK/customer_complaint"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$ODOO_SRC/addons,$WORK" \
    i18n export -d "$DB" customer_complaint
cp "$WORK/customer_complaint/i18n/customer_complaint.pot" "$ROOT/i18n/"
for lang in ru uk; do
    msgmerge --quiet --update --backup=none --no-fuzzy-matching \
        "$ROOT/i18n/$lang.po" "$ROOT/i18n/customer_complaint.pot"
    msgattrib --no-obsolete -o "$ROOT/i18n/$lang.po" "$ROOT/i18n/$lang.po"
    echo "[i18n] $lang: $(msgattrib --untranslated "$ROOT/i18n/$lang.po" | grep -c '^msgid ' || true) untranslated entries (count includes the header)"
done
