# partnerhub — two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL server CI uses (trust auth); `make test` with CI=true runs the suite there too.
PG_URL ?= postgres://postgres@127.0.0.1:5432/partnerhub

.PHONY: install run serve migrate demo worker test test-sqlite test-postgres lint format messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "partnerhub needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/python manage.py db_worker --queue-name '*'

test: install
	$(MAKE) test-sqlite
ifeq ($(CI),true)
	$(MAKE) test-postgres
endif

test-sqlite: install
	env -u DATABASE_URL $(BIN)/python -m pytest -n 2

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy partnerhub

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd partnerhub && ../$(BIN)/python ../manage.py makemessages -l ar -l es -l fr -l ru -l zh_Hans --no-location
	cd partnerhub && ../$(BIN)/python ../manage.py compilemessages

clean:
	rm -rf $(VENV) *.egg-info db.sqlite3*
