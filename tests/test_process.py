"""The build process: the garbage collector's thresholds while a book is built (process.py)."""

from __future__ import annotations

import gc

import pytest
from helpers import build_app, project

from sphinx_innersource.process import BUILD_THRESHOLDS

MYST = ("myst_parser", "sphinx_innersource")


@pytest.mark.parametrize("tune", [True, False])
def test_thresholds_during_the_build_and_after(make_app, tmp_path, tune):
    before = gc.get_threshold()
    assert before != BUILD_THRESHOLDS
    src = project(tmp_path, {"index.md": "# Book\n\nText.\n"}, extensions=MYST,
                  conf=f"innersource_tune_gc = {tune}\n")
    app = make_app("html", srcdir=src)
    seen = []
    app.connect("doctree-read", lambda app, doctree: seen.append(gc.get_threshold()))
    assert gc.get_threshold() == (BUILD_THRESHOLDS if tune else before)  # before reading
    build_app(app)
    assert seen == [BUILD_THRESHOLDS if tune else before]
    assert gc.get_threshold() == before


def test_a_failed_build_puts_the_thresholds_back(make_app, tmp_path):
    before = gc.get_threshold()
    src = project(tmp_path, {"index.md": "# Book\n"}, extensions=MYST)
    app = make_app("html", srcdir=src)

    def fail(app, doctree):
        raise RuntimeError("stop")

    app.connect("doctree-read", fail)
    with pytest.raises(Exception, match="stop"):
        build_app(app)
    assert gc.get_threshold() == before
