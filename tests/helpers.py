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


def only_warning(warnings: list[str], *needles: str) -> str:
    """The one warning that contains every needle (the test fails unless exactly one does)."""
    found = [w for w in warnings if all(n in w for n in needles)]
    assert len(found) == 1, (needles, warnings)
    return found[0]


def build_app(app, *, written: list[str] | None = None, fresh_warnings: bool = False):
    """Build *app* (a ``sphinx.testing`` application) and clean up after it; return it.

    The one build helper of the tests: ``app.cleanup()`` unregisters the
    application's node classes and docutils registrations even when the build
    fails, so that the next application in the same process starts clean.
    *written* collects the names of the HTML pages written; *fresh_warnings*
    empties the warning stream first (``make_app`` shares one between apps).
    """
    if written is not None:
        app.connect("html-page-context", lambda app, pagename, *args: written.append(pagename))
    if fresh_warnings:
        app.warning.seek(0)
        app.warning.truncate()
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write *files* (relative name -> text or bytes) below *root*; return *root*."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return root


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
