"""Shared fixtures: Sphinx's own pytest fixtures and our test roots.

A test uses a root with ``@pytest.mark.sphinx("html", testroot="basic")``;
the root lives in ``tests/roots/test-basic`` and is copied to a temporary
folder for each test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import ROOTS, fresh_build

pytest_plugins = ("sphinx.testing.fixtures",)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "innersource-patterns-sample"
ARTIFACTS = Path(os.environ.get("INNERSOURCE_TEST_ARTIFACTS",
                                Path(__file__).resolve().parents[1] / "test-artifacts"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The upstream sample corpus in ../shared; tests using it skip without it."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/innersource-patterns-sample is not present")
    return CORPUS


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory):
    """``shared_build(root, builder="html")``: the root ``test-<root>`` built once
    in the session (per pytest-xdist worker) from scratch, the app returned.

    For tests that only read what the build made: they must not change its
    sources, output or environment.
    """
    builds = {}

    def get(root: str, builder: str = "html"):
        if (root, builder) not in builds:
            builds[root, builder] = fresh_build(
                tmp_path_factory.mktemp(f"{root}-{builder}"), root, builder)
        return builds[root, builder]

    return get


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _reset_translations():
    """Forget message catalogues between tests.

    ``sphinx.locale`` keeps one translator per catalogue for the whole
    process, so a book built in Spanish would otherwise leave its labels to
    the next (English) test build.  A real ``sphinx-build`` runs one book.
    """
    import sphinx.locale

    yield
    sphinx.locale.translators.clear()


@pytest.fixture(autouse=True)
def _fresh_templates_path_default():
    """Give every test Sphinx's empty default ``templates_path``.

    sphinx-book-theme appends its components folder to ``config.templates_path``;
    in a book whose conf.py does not set the value, that list is Sphinx's
    default object, shared by every later application of the process.  The
    next pydata-sphinx-theme or alabaster build then found the book theme's
    ``page-toc.html`` and stopped ("'translate' is undefined"): in a test run
    the order of the tests decided it (it showed with pytest -n).  A real
    ``sphinx-build`` runs one book.
    """
    from sphinx.config import Config

    default = Config.config_values["templates_path"].default
    default.clear()
    yield
    default.clear()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With ``-n`` (pytest-xdist, ``--dist loadgroup``), the tests that run TeX
    go to one worker, one after another.  Every TeX run shares LuaLaTeX's font
    name cache in the home folder; with two TeX tests at once, a CI run once
    ended with a Japanese PDF whose pages did not settle within latexmk's
    passes (the same test passes alone)."""
    for item in items:
        if item.get_closest_marker("latex"):
            item.add_marker(pytest.mark.xdist_group("tex"))
