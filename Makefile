# customer_complaint — developer commands. See README.md.
SHELL := /bin/bash
PORT ?= 8069
DEMO_DB ?= customer_complaint_demo

.PHONY: setup demo test test-odoo test-upstream upgrade i18n lint bench bench-smoke wheel screenshots stress scale readme

setup:  ## prepare Odoo source, PostgreSQL and the .venv
	@bash tools/setup.sh >/dev/null

demo:  ## a database with demo data served on http://localhost:$(PORT) (admin/admin)
	@bash tools/demo.sh

test:  ## install the addon in a fresh database and run its tests
	@bash tools/test.sh

test-odoo:  ## the same suite under Odoo's own runner (--test-tags /customer_complaint)
	@TEST_RUNNER=odoo bash tools/test.sh

test-upstream:  ## Odoo's own tests of the modules the addon extends, with the addon installed
	@bash tools/test_upstream.sh

upgrade:  ## a database of UPGRADE_FROM (default: main before the Odoo-native refactor) upgrades and keeps its data
	@bash tools/upgrade/upgrade.sh

i18n:  ## export the .pot from DB=<database with the addon>, merge it into ru.po and uk.po
	@DB=$(DB) bash tools/i18n.sh

lint:  ## ruff and pylint-odoo (OCA configuration)
	@bash tools/lint.sh

scale:  ## replica, two nodes and nginx on this machine, a million complaints, load and faults (see README "Scaling")
	@set -euo pipefail; eval "$$(bash tools/setup.sh)"; export PATH="$$VENV/bin:$$PATH"; \
	"$$VENV/bin/python" tools/scale/run.py

readme:  ## README.rst from readme/*.md and the manifest, in oca-gen-addon-readme's shape
	@python3 tools/readme_rst.py

bench:  ## throughput and report cost at scale, vs helpdesk_mgmt and raw SQL
	@bash tools/bench/bench.sh

bench-smoke:  ## `make bench` at 1% of its sizes, checked (needs the peer addon from PyPI)
	@set -euo pipefail; eval "$$(bash tools/setup.sh)"; \
	"$$VENV/bin/python" tools/bench/test_smoke.py

wheel:  ## build the addon's wheel with whool from `git archive` (no tooling), check its content
	@set -euo pipefail; eval "$$(bash tools/setup.sh)"; \
	out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	src="$$out/customer_complaint"; mkdir "$$src"; \
	tree=$$(git stash create); git archive "$${tree:-HEAD}" | tar -x -C "$$src"; \
	"$$VENV/bin/pip" wheel -q --no-deps --no-build-isolation -w "$$out" "$$src"; \
	whl=$$(ls "$$out"/*.whl); echo "[wheel] $$(basename "$$whl")"; \
	manifest() { "$$VENV/bin/python" -c "import ast; m = ast.literal_eval(open('__manifest__.py').read()); print(*$$1)"; }; \
	[ "$$(basename "$$whl")" = "odoo_addon_customer_complaint-$$(manifest "[m['version']]")-py3-none-any.whl" ] \
	    || { echo "[wheel] unexpected name: version differs from the manifest" >&2; exit 1; }; \
	"$$VENV/bin/python" -m zipfile -l "$$whl" | awk 'NR > 1 {print $$1}' > "$$out/files"; \
	for f in __manifest__.py README.md views/customer_complaint_views.xml $$(manifest "m['data']") \
	        $$(git ls-files data); do \
	    grep -qxF "odoo/addons/customer_complaint/$$f" "$$out/files" \
	        || { echo "[wheel] missing from the wheel: $$f" >&2; exit 1; }; \
	done; \
	for f in tools/ .ci/ Makefile requirements-dev.txt pyproject.toml; do \
	    ! grep -q "^odoo/addons/customer_complaint/$$f" "$$out/files" \
	        || { echo "[wheel] tooling in the wheel: $$f" >&2; exit 1; }; \
	done; \
	echo "[wheel] $$(grep -c . "$$out/files") files, $$(grep -c '^odoo/addons/customer_complaint/data/' "$$out/files") in data/, no tooling"; \
	untracked=$$(git ls-files --others --exclude-standard | tr '\n' ' '); \
	[ -z "$$untracked" ] || echo "[wheel] note: the wheel holds git-tracked files only; not in it until added: $$untracked"; \
	echo "wheel ok"

screenshots:  ## PNGs of the main screens into static/description/ (demo database served on 127.0.0.1:8085)
	@set -euo pipefail; eval "$$(bash tools/setup.sh)"; \
	PATH="$$VENV/bin:$$PATH" "$$VENV/bin/python" tools/screenshots.py $(SCREENSHOTS_ARGS)

stress:  ## load, faults and concurrency against a throwaway database cc_stress (see docs/development.md)
	@set -euo pipefail; eval "$$(bash tools/setup.sh)"; export PATH="$$VENV/bin:$$PATH"; \
	"$$VENV/bin/python" tools/stress/run.py
