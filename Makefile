# CRM analytics workbook: the two commands are `make lab` and `make test`.
# Both create .venv from the lock file the first time (uv if present, else pip)
# and are quick afterwards. uv is told to compile the packages' bytecode when it
# installs them (pip does so by default): without it, where PYTHONDONTWRITEBYTECODE
# is set, every Python process and kernel compiles pandas, statsmodels … again
# (importing pandas took 3.0 s instead of 0.95 s).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.spark
PORT   ?= 8888

.PHONY: help setup setup-spark lab test test-quick check-outputs check-personal execute data lint lock slides book bench student grade present clean

help:
	@echo "make lab      set up and open the course in JupyterLab (127.0.0.1, token on; PORT=8888)"
	@echo "make setup-spark  also install PySpark (python -m helpers.report --engine spark; needs Java 17+)"
	@echo "make test     set up and run every test (unit, notebooks under nbval, browser) on every core (JOBS=1: one file after another)"
	@echo "make test-quick  only the unit tests (under a minute): while working on helpers/"
	@echo "make check-outputs  re-run every notebook and compare with the stored outputs (nothing written)"
	@echo "make check-personal run every chapter on a student's personal data: every stored solution must pass its check"
	@echo "make execute  re-run every notebook in place (PYTHONHASHSEED=0)"
	@echo "make data     regenerate the synthetic datasets in data/"
	@echo "make lint     ruff check"
	@echo "make lock     re-resolve requirements.lock from pyproject.toml"
	@echo "make bench    benchmarks: table on stdout, CSV in build/bench/ (BENCH_ARGS=--with-test adds make test)"
	@echo "make slides   build a reveal.js deck per chapter into build/slides/ (works offline)"
	@echo "make book     build the self-study book into build/book/ (works offline)"
	@echo "make student  build the student edition (no solutions) into build/student/"
	@echo "              ROSTER=roster.csv: one edition per student id, each with personal data"
	@echo "make grade SUBMISSIONS=folder [ROSTER=roster.csv] [TIMEOUT=600]  grade a class into build/grades/"
	@echo "make present NB=02  show a chapter as a Voila app (127.0.0.1, token on, no code)"
	@echo "             PORT=... picks the port of make lab (default 8888) or make present (default 8866, or a free one near it)"

# Project JupyterLab settings (no news pop-up, widget state kept as stored), in the venv.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

setup: $(STAMP) $(LAB_SETTINGS)

$(LAB_SETTINGS): tools/jupyter/overrides.json $(STAMP)
	@mkdir -p $(dir $@) && cp $< $@

$(STAMP): requirements.lock pyproject.toml tools/lock-excludes.txt
	@if command -v uv >/dev/null 2>&1; then \
		echo "Setting up $(VENV) with uv"; \
		uv venv -q --allow-existing $(VENV) --python $(PYTHON) && \
		uv pip install -q --compile-bytecode --python $(PY) -r requirements.lock --excludes tools/lock-excludes.txt && \
		uv pip uninstall -q --python $(PY) -r tools/lock-excludes.txt && \
		uv pip install -q --python $(PY) --no-deps -e . ; \
	else \
		echo "Setting up $(VENV) with pip (install uv for a faster set-up)"; \
		$(PYTHON) -m venv $(VENV) && \
		$(PY) -m pip install -q --upgrade pip setuptools wheel && \
		$(PY) -m pip install -q --no-deps -r requirements.lock && \
		$(PY) -m pip install -q --no-deps -e . ; \
	fi
	@touch $(STAMP)

# PySpark is large (about 480 MB) and needs Java: only for `--engine spark`, not in the lock's default set.
setup-spark: $(SPARK_STAMP)

$(SPARK_STAMP): $(STAMP) $(LAB_SETTINGS)
	@command -v java >/dev/null 2>&1 || { echo "PySpark needs Java 17+: e.g. apt-get install openjdk-17-jre-headless"; exit 2; }
	@if command -v uv >/dev/null 2>&1; then uv pip install -q --compile-bytecode --python $(PY) "pyspark==4.3.0"; \
	else $(PY) -m pip install -q "pyspark==4.3.0"; fi
	@touch $(SPARK_STAMP)

# Jupyter refuses to run as root unless told; containers often run as root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# Voila's server extension is off in JupyterLab (make present runs Voila on its own): it
# triggers jupyter-server's ServerApp.token deprecation warning at start.
# The course's own notebooks are trusted (signatures in the user's Jupyter database, files
# unchanged), so that JupyterLab draws their stored widgets before anything is run.
lab: $(STAMP) $(LAB_SETTINGS)
	$(VENV)/bin/jupyter trust notebooks/*.ipynb > /dev/null
	PYTHONHASHSEED=0 $(PY) -m jupyterlab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=notebooks --ServerApp.jpserver_extensions voila.server_extension=False $(AS_ROOT)

# Test files run in parallel (pytest-xdist): one process per core plus one, because the
# browser and server tests spend much of their time waiting (for Chromium, a kernel, a
# server) and the extra process uses it. Measured on 2 cores: make test took 5 min 2 s
# with 2 processes, 4 min 19 s with 3 and 4 min 40 s with 4. JOBS=1 runs them one after another.
# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: otherwise every test process
# rewrites the asserts of every test module again (pytest caches them as bytecode) and every
# kernel compiles helpers/ again; collection took 9.5 s per process without the cache, 5 s with it.
JOBS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")
TEST_ENV := PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=
test: $(STAMP) $(LAB_SETTINGS)
	$(TEST_ENV) $(PY) -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder -m "not personal"

# Unit tests only: no notebook, no browser, no build (pyproject's addopts turn nbval on).
# One process per core: these tests compute, they do not wait.
test-quick: $(STAMP) $(LAB_SETTINGS)
	$(TEST_ENV) $(PY) -m pytest -o addopts="" -p no:cacheprovider -p no:nbval -q -n auto --dist loadfile -m "not slow and not browser and not spark" tests

check-outputs: $(STAMP) $(LAB_SETTINGS)
	PYTHONHASHSEED=0 $(PY) tools/execute.py --check

# Every chapter once more, strict, on a student's personal data (about 80 s): CI runs it, make test does not.
check-personal: $(STAMP) $(LAB_SETTINGS)
	$(TEST_ENV) $(PY) -m pytest -q -m personal tests/test_personal_solutions.py

execute: $(STAMP) $(LAB_SETTINGS)
	PYTHONHASHSEED=0 $(PY) tools/execute.py

data: $(STAMP) $(LAB_SETTINGS)
	$(PY) -m helpers.datasets

lint: $(STAMP) $(LAB_SETTINGS)
	$(VENV)/bin/ruff check .

lock: $(STAMP) $(LAB_SETTINGS)
	uv pip compile pyproject.toml --extra dev --extra publish --universal --python-version 3.11 \
		-c tools/lock-constraints.txt --excludes tools/lock-excludes.txt -o requirements.lock

slides: $(STAMP) $(LAB_SETTINGS)
	$(PY) tools/build_slides.py

book: $(STAMP) $(LAB_SETTINGS)
	$(PY) tools/build_book.py

bench: $(STAMP) $(LAB_SETTINGS)
	$(PY) bench/run.py $(BENCH_ARGS)

student: $(STAMP) $(LAB_SETTINGS)
	$(PY) tools/student_edition.py $(if $(ROSTER),--roster "$(ROSTER)")

TIMEOUT ?= 600
grade: $(STAMP) $(LAB_SETTINGS)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder [ROSTER=roster.csv] [TIMEOUT=600]"; exit 2; }
	$(PY) tools/grade.py "$(SUBMISSIONS)" --timeout $(TIMEOUT) $(if $(ROSTER),--roster "$(ROSTER)")

present: $(STAMP) $(LAB_SETTINGS)
	$(PY) tools/present.py "$(NB)" $(if $(filter command line environment,$(origin PORT)),--port $(PORT))

clean:
	rm -rf $(VENV) build
