# labkit: `make demo` (set up, run the main job offline) and `make test` (set up, run every test).
# Both create .venv on first use; re-running is cheap. CI runs `make test` through .ci/run.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test system-deps lessons clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,local]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(VENV)/bin/labkit demo

# Servers and browsers the tests drive (redis-server, chromium); best effort, needs root and apt-get.
system-deps:
	@bash scripts/system-deps.sh

test: system-deps setup
	$(PY) -m pytest

# Re-execute every lesson notebook in place (after changing one), so nbval compares fresh outputs.
lessons: setup
	$(PY) scripts/execute_lessons.py

clean:
	rm -rf $(VENV) demo-output
