"""Small helpers shared by the tests."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

#: The repository (the checkout under test) and its test roots.
REPO = Path(__file__).resolve().parents[1]
ROOTS = REPO / "tests" / "roots"
#: Terminal colour codes, which Sphinx puts into warnings and status lines.
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    """*text* without terminal colour codes."""
    return ANSI.sub("", text)


def warnings_of(app) -> list[str]:
    """The warning lines of a build, colour codes removed."""
    text = strip_ansi(app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def read(app, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


def soup(app, name: str) -> BeautifulSoup:
    """The parsed HTML of an output page."""
    return BeautifulSoup(read(app, name), "html.parser")


def subprocess_env() -> dict[str, str]:
    """Environment for ``python -m sphinx`` subprocesses: import this checkout's package."""
    import os

    worktree = str(Path(__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (worktree, path) if p)}
