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


def located_warning(warnings: list[str], *needles: str, where: str,
                    subtype: str | None = None) -> str:
    """The one warning with every needle, checked as every warning of ours must be.

    It stands at *where* (``"index.rst:4"``), carries ``[innersource.<subtype>]``
    (any subtype of ours when *subtype* is None) and tells the user how to fix it.
    """
    found = only_warning(warnings, *needles)
    assert f"{where}: WARNING" in found, (where, found)
    assert (f"[innersource.{subtype}]" if subtype else "[innersource.") in found, (subtype, found)
    assert "Fix: " in found, found
    return found


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


def built_page(app, name: str) -> BeautifulSoup:
    """Build *app* (a ``@pytest.mark.sphinx`` app), check that it warned of
    nothing and return the parsed output page *name*."""
    app.build()
    assert warnings_of(app) == []
    return soup(app, name)


def fresh_build(tmp_path: Path, name: str, buildername: str = "html", **kwargs):
    """Copy the root ``test-<name>`` to *tmp_path* and build it once from scratch,
    with a clean-up (for a module- or session-scoped build shared by tests)."""
    import shutil

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{name}", src)
    return build_app(SphinxTestApp(buildername, srcdir=src, freshenv=True, **kwargs))


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


def project(tmp_path: Path, files: dict[str, str | bytes], *, conf: str = "",
            extensions: tuple[str, ...] = ("sphinx_innersource",)) -> Path:
    """A book written in ``tmp_path/src``: a conf.py loading *extensions*, followed
    by the lines *conf*, and *files*; returns the source folder."""
    conf_py = f"extensions = {list(extensions)!r}\n".replace("'", '"') + conf
    return write_files(tmp_path / "src", {"conf.py": conf_py, **files})


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
