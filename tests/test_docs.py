"""The docs stay true: the quickstart's Python runs, the schema reference is generated from the models, and
every command and option is in the CLI reference."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
_BLOCK = re.compile(r"(?:<!--\s*requires:\s*(?P<req>[\w.]+)\s*-->\s*\n)?```python\n(?P<code>.*?)```", re.S)


def python_blocks(path: Path) -> list[tuple[str | None, str]]:
    """``(required module or None, code)`` for every python block of a Markdown file, in order."""
    return [(m.group("req"), m.group("code")) for m in _BLOCK.finditer(path.read_text(encoding="utf-8"))]


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def test_quickstart_has_python_blocks():
    blocks = python_blocks(DOCS / "quickstart.md")
    assert len(blocks) >= 4 and sum(req is None for req, _ in blocks) >= 3


#: Errors that mean "the extractor is installed but its trained weights are not there yet" (a fresh checkout
#: before `eventx train`): the blocks needing it are skipped, with the reason, instead of failing.
_NOT_READY = ("TypingModelError", "EncoderNotInstalledError", "FileNotFoundError")


def test_quickstart_python_without_models_runs(monkeypatch: pytest.MonkeyPatch):
    """The blocks that need no trained model run everywhere (they must not depend on the others)."""
    monkeypatch.chdir(REPO)
    ns: dict[str, object] = {"__name__": "__quickstart__"}
    for i, (req, code) in enumerate(python_blocks(DOCS / "quickstart.md")):
        if req is None:
            exec(compile(code, f"docs/quickstart.md[block {i}]", "exec"), ns)  # noqa: S102 - our own docs


def test_quickstart_python_runs(monkeypatch: pytest.MonkeyPatch):
    """Run the blocks in order in one namespace. A block marked ``requires: MODULE`` is skipped (and reported)
    when the module is missing or its models are not trained yet; every other block must run."""
    monkeypatch.chdir(REPO)
    ns: dict[str, object] = {"__name__": "__quickstart__"}
    not_ready: dict[str, str] = {}
    skipped = []
    for i, (req, code) in enumerate(python_blocks(DOCS / "quickstart.md")):
        if req is not None and (req in not_ready or not _available(req)):
            skipped.append(f"block {i}: {not_ready.get(req, f'{req} not installed')}")
            continue
        try:
            exec(compile(code, f"docs/quickstart.md[block {i}]", "exec"), ns)  # noqa: S102 - our own docs
        except Exception as exc:
            if req is None or type(exc).__name__ not in _NOT_READY:
                raise
            not_ready[req] = f"{type(exc).__name__}: {exc}"
            skipped.append(f"block {i}: {not_ready[req]}")
    if skipped:
        pytest.skip("; ".join(skipped))


def test_readme_python_imports_resolve():
    # README's snippets name real modules and functions (they are run in full in the quickstart).
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for module, names in re.findall(r"^from ([\w.]+) import ([\w, ]+)$", text, re.M):
        if module.startswith("eventx.pipeline") or "Extractor" in names:
            continue
        mod = __import__(module, fromlist=["_"])
        for name in names.split(","):
            assert hasattr(mod, name.strip()), (module, name)


def test_schema_reference_up_to_date():
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "gen_schema_docs.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def test_schema_reference_lists_every_field_and_sub_event_type():
    from eventx.ontology import load_ontology
    from eventx.schema import EventRecord

    text = (DOCS / "schema.md").read_text(encoding="utf-8")
    for name in [*EventRecord.model_fields, *EventRecord.model_computed_fields]:
        assert f"`{name}`" in text, name
    for sub in load_ontology().sub_event_type_names:
        assert f"| {sub} |" in text, sub


def test_cli_reference_covers_every_command_and_option():
    from eventx.cli import COMMANDS, main

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    ctx = click.Context(main)
    for name in COMMANDS:
        cmd = main.get_command(ctx, name)
        assert cmd is not None
        assert f"## eventx {name}" in text, f"docs/cli.md has no section for 'eventx {name}'"
        for param in cmd.params:
            if isinstance(param, click.Option):
                for opt in param.opts + param.secondary_opts:
                    if opt.startswith("--") and opt != "--help":
                        assert opt in text, f"docs/cli.md does not mention {opt} of 'eventx {name}'"
