# partnerhub — two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL server CI uses (trust auth); `make test` with CI=true runs the suite there too.
PG_URL ?= postgres://postgres@127.0.0.1:5432/partnerhub

.PHONY: install run serve migrate demo worker browser test test-sqlite test-postgres lint format messages clean

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

# The accessibility test drives the system's Chromium; install it when it is missing and this
# machine can (Debian/Ubuntu as root). Without it that test is skipped and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    apt-get install -y -qq chromium >/dev/null 2>&1 && echo "Installed Chromium for the accessibility test."; } || \
	  echo "No Chromium: the accessibility test will be skipped (apt-get install chromium)."

test: install browser
	$(MAKE) test-sqlite
ifeq ($(CI),true)
	$(MAKE) test-postgres
endif

test-sqlite: install
	env -u DATABASE_URL $(BIN)/python -m pytest -n 2 --dist loadgroup

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n 2 --dist loadgroup

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
