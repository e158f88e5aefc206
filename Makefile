# eventx: the two commands of the README.
#   make demo   install everything into .venv and extract events from the example article
#   make test   install everything into .venv and run the tests (offline)
# The install step is idempotent: with .venv up to date (stamp newer than pyproject.toml) it does nothing.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The CPU build: on this kind of machine pip takes it from the local wheel folder. Installed before the package,
# so that no dependency can pull a multi-GB CUDA build of torch.
TORCH ?= torch==2.13.0
EXAMPLE ?= examples/garissa_attack.txt
PUBLISHED ?= 2024-03-12
STAMP := $(VENV)/.eventx-installed

.PHONY: install demo test lint docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install "$(TORCH)"
	$(PY) -m pip install -e ".[dev]"
	@touch $(STAMP)

demo: install
	$(VENV)/bin/eventx extract $(EXAMPLE) --published $(PUBLISHED)

test: install
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check eventx tests tools
	$(VENV)/bin/ruff format --check eventx tests tools

docs: install
	$(PY) tools/gen_schema_docs.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info
