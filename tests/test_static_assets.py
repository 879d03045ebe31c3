"""Our stylesheets: copied before the pages are written, so that a clean and an
incremental build write the same HTML (Sphinx links a stylesheet with a
``?v=`` checksum only when the file is already in ``_static``).

The builds run as ``python -m sphinx`` in a process of their own, as a user
runs them: Sphinx caches the checksum of each file for the life of the
process, so two builds in the test process would hide the difference.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from booktools import copy_root, page
from helpers import subprocess_env

from sphinx_innersource import STATIC_DIR


def sphinx_build(src: Path, outdir: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "--no-color", "-W", "-b", "html",
                             str(src), str(outdir)],
                            capture_output=True, text=True, env=subprocess_env(), check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def html_pages(outdir: Path) -> dict[str, tuple[str, int]]:
    """Every page's text and modification time."""
    return {path.relative_to(outdir).as_posix():
            (path.read_text(encoding="utf-8"), path.stat().st_mtime_ns)
            for path in sorted(outdir.rglob("*.html"))}


def touch_sources(src: Path) -> None:
    """Make every source page newer than its output, so that it is written again."""
    later = time.time() + 10
    for path in src.rglob("*.md"):
        os.utime(path, (later, later))


@pytest.mark.parametrize(("root", "landing"), [("landing", True), ("book", False)])
def test_clean_and_incremental_builds_write_the_same_html(tmp_path, root, landing):
    src = copy_root(root, tmp_path / "src")
    outdir = tmp_path / "html"
    sphinx_build(src, outdir)
    clean = html_pages(outdir)

    # The stylesheets are in _static, and the pages link them with their
    # checksum from the clean build on.
    for name in ("sphinx-innersource.css", "sphinx-innersource-landing.css"):
        assert (outdir / "_static" / name).read_bytes() == (STATIC_DIR / name).read_bytes()
    links = [link["href"] for link in page(outdir, "index.html").select("link[rel=stylesheet]")]
    ours = [href for href in links if "sphinx-innersource" in href]
    expected = ["sphinx-innersource.css"] + (["sphinx-innersource-landing.css"] if landing else [])
    assert [href.split("?")[0].removeprefix("_static/") for href in ours] == expected
    assert all("?v=" in href for href in ours), ours

    time.sleep(0.01)
    touch_sources(src)
    sphinx_build(src, outdir)
    incremental = html_pages(outdir)
    assert incremental.keys() == clean.keys()
    for name, (text, mtime) in clean.items():
        if not name.startswith(("genindex", "search", "innersource-")):
            assert incremental[name][1] > mtime, f"{name} was not written again"
        assert incremental[name][0] == text, name
