"""Every ``innersource_*`` value with a wrong type or a wrong item (issue 20, point 6).

``innersource_embed_hosts = ["calendar.google.com", 1]``, ``None`` values,
a list where a dict is expected or an int where a list is expected used to
crash later with AttributeError/TypeError.  Class test: the names come from
the application's configuration, so a value added later is covered too.
Each build sets *every* value to one wrong candidate on its own line of
``conf.py`` and builds the book of every directive; the build ends, every
refused value has a ``config`` warning at its line, and the extension then
uses the default.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fuzzing import RecordingIO
from helpers import project, strip_ansi
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-every-directive"

#: conf.py source of values of every type; ``object()`` is never a valid value.
CANDIDATES = ["None", "7", "2.5", "True", "'text'", "['x', 1]", "('x',)", "{'k': 'v'}",
              "object()"]


def _app(tmp_path: Path, lines: list[str]) -> tuple[SphinxTestApp, RecordingIO, Path]:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\n" + "\n".join(lines) + "\n")
    warning = RecordingIO()
    app = SphinxTestApp("html", srcdir=src, freshenv=True, warning=warning)
    return app, warning, src


@pytest.fixture(scope="module")
def defaults(tmp_path_factory) -> dict[str, object]:
    """Every registered ``innersource_*`` value and its default (read from a book
    whose conf.py sets none of them)."""
    src = project(tmp_path_factory.mktemp("defaults"), {"index.md": "# Index\n"},
                  extensions=("myst_parser", "sphinx_innersource"))
    app = SphinxTestApp("html", srcdir=src, warning=RecordingIO())
    try:
        return {opt.name: opt.value for opt in app.config if opt.name.startswith("innersource_")}
    finally:
        app.cleanup()


def _line_of(src: Path, name: str) -> int:
    lines = (src / "conf.py").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{name} ="))


def _config_warnings(records: list[str], name: str) -> list[str]:
    text = [strip_ansi(r) for r in records]
    return [r for r in text if "[innersource.config]" in r
            and re.search(rf"WARNING: {name}\b", r)]


def test_the_values_are_those_the_docs_list(defaults):
    assert len(defaults) >= 9
    assert "innersource_embed_hosts" in defaults


@pytest.mark.parametrize("candidate", CANDIDATES)
def test_every_value_with_a_wrong_type(tmp_path, defaults, candidate):
    lines = [f"{name} = {candidate}" for name in sorted(defaults)]
    app, warning, src = _app(tmp_path, lines)
    try:
        app.build()  # no AttributeError or TypeError later in the build
    finally:
        app.cleanup()
    text = "".join(warning.records)
    assert "Traceback" not in text and "Error" not in text.replace("ERROR", "")
    warned = set()
    for name, default in defaults.items():
        found = _config_warnings(warning.records, name)
        for record in found:
            assert f"conf.py:{_line_of(src, name)}: WARNING" in record, record
            assert "Fix:" in record
        if found:
            warned.add(name)
            given = eval(candidate)  # our own literals
            assert app.config[name] != given or given == default, (name, candidate)
        else:
            assert candidate != "object()", f"{name} = object() was accepted"
    if candidate == "object()":
        for name, default in defaults.items():
            assert app.config[name] == default, name
    # the value type checks of Sphinx found nothing left to report
    assert "The config value `innersource_" not in text


def test_every_value_is_refused_for_some_wrong_type(tmp_path, defaults):
    """Each value has at least three candidate types it refuses (not only object())."""
    refused: dict[str, int] = dict.fromkeys(defaults, 0)
    for candidate in CANDIDATES[:-1]:
        lines = [f"{name} = {candidate}" for name in sorted(defaults)]
        app, warning, _src = _app(tmp_path / candidate.strip("'[]{}()").replace(",", ""),
                                  lines)
        app.cleanup()  # checked when the configuration is read: no build needed
        for name in defaults:
            refused[name] += bool(_config_warnings(warning.records, name))
    assert all(count >= 3 for count in refused.values()), refused


def _with_wrong_item(default: object) -> str | None:
    if isinstance(default, dict):
        return repr({**default, "bogus": 1, "structured": "two"})
    if isinstance(default, (list, tuple)):
        return repr([*default, 3.5, None])
    return None


def test_every_list_or_dict_value_with_a_wrong_item(tmp_path, defaults):
    values = {name: _with_wrong_item(default) for name, default in defaults.items()}
    values = {name: text for name, text in values.items() if text is not None}
    assert "innersource_embed_hosts" in values and "innersource_min_instances" in values
    app, warning, src = _app(tmp_path, [f"{name} = {text}" for name, text in values.items()])
    try:
        app.build()
    finally:
        app.cleanup()
    assert "Traceback" not in "".join(warning.records)
    for name in values:
        found = _config_warnings(warning.records, name)
        assert found, name
        assert all(f"conf.py:{_line_of(src, name)}: WARNING" in r for r in found)
        kept = app.config[name]
        # the good items stay, the wrong ones are gone
        items = list(kept.items()) if isinstance(kept, dict) else list(kept)
        assert 3.5 not in items and None not in items and ("bogus", 1) not in items
        default = defaults[name]
        if isinstance(default, dict):
            assert {k: v for k, v in default.items() if k != "structured"}.items() <= \
                kept.items()
        else:
            assert [i for i in items if i in default] == list(default)


def test_embed_hosts_with_a_number_regression(tmp_path):
    """The example of the issue: the calendar still embeds from the good host."""
    app, warning, _src = _app(tmp_path, ['innersource_embed_hosts = ["calendar.google.com", 1]'])
    try:
        app.build()
    finally:
        app.cleanup()
    found = _config_warnings(warning.records, "innersource_embed_hosts")
    assert len(found) == 1 and "has the entry 1, which is ignored" in found[0]
    assert app.config.innersource_embed_hosts == ["calendar.google.com"]
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'src="https://calendar.google.com/calendar/embed?' in html
