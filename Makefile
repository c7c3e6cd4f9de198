# customer_complaint — developer commands. See README.md.
SHELL := /bin/bash
PORT ?= 8069
DEMO_DB ?= customer_complaint_demo

.PHONY: setup demo test lint

setup:  ## prepare Odoo source, PostgreSQL and the .venv
	@bash tools/setup.sh >/dev/null

demo:  ## a database with demo data served on http://localhost:$(PORT) (admin/admin)
	@bash tools/demo.sh

test:  ## install the addon in a fresh database and run its tests
	@bash tools/test.sh

lint:  ## ruff and pylint-odoo (OCA configuration)
	@bash tools/lint.sh
