"""The navigation cache changes no byte of the HTML.

Each theme and builder builds the navigation book twice, with
``innersource_fast_navigation`` off (Sphinx's own navigation) and on, and
every HTML file must be identical; ``-j 2`` with the cache must equal the
serial build without it.  alabaster also renders ``toctree()`` with two
other sets of arguments (``_templates/navvariants.html``), pydata-sphinx-theme
the whole book with ``collapse`` (``_templates/pst-fullnav.html``).
"""

from __future__ import annotations

import pytest
from navbooks import build, copy_book, differences

THEMES = ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme"]

#: Builders tested in each theme.  singlehtml writes one page: two themes
#: suffice; pydata's rewriting of the links is the one sphinx-book-theme uses.
BUILDERS = [(theme, "html") for theme in THEMES] + [
    ("alabaster", "dirhtml"), ("furo", "dirhtml"), ("sphinx_book_theme", "dirhtml"),
    ("alabaster", "singlehtml"), ("furo", "singlehtml")]

_OFF: dict[tuple[str, str], dict] = {}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The Sphinx output of each theme and builder, built once per module."""

    def without_cache(theme: str, builder: str) -> dict:
        key = (theme, builder)
        if key not in _OFF:
            base = tmp_path_factory.mktemp(f"off-{theme}-{builder}")
            src = copy_book(base / "src")
            _OFF[key] = build(src, base / "build", theme=theme, builder=builder, fast=False,
                              freshenv=True)
        return _OFF[key]

    yield without_cache
    _OFF.clear()


def check_same(off: dict, on: dict, theme: str) -> None:
    assert off["written"] == on["written"]
    assert not differences(off["outdir"], on["outdir"])
    assert on["stats"].get("cached", 0) > 0
    assert on["stats"].get("reasons", {}) == {}
    # Sphinx's own navigation is used only for the page below the ``only``
    # blocks (guide/faq is its own ancestor).
    assert on["stats"].get("sphinx", 0) <= on["stats"].get("cached", 0) // 10


@pytest.mark.parametrize(("theme", "builder"), BUILDERS)
def test_cache_gives_the_same_html(books, tmp_path, theme, builder):
    off = books(theme, builder)
    on = build(copy_book(tmp_path / "src"), tmp_path / "build", theme=theme, builder=builder,
               freshenv=True)
    check_same(off, on, theme)


@pytest.mark.parametrize("theme", THEMES)
def test_parallel_build_with_cache_gives_the_serial_html(books, tmp_path, theme):
    off = books(theme, "html")
    on = build(copy_book(tmp_path / "src"), tmp_path / "build", theme=theme, parallel=2,
               freshenv=True)
    # (pages written by the worker processes are not seen by this one)
    assert not differences(off["outdir"], on["outdir"])
