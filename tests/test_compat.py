"""sphinx_innersource.compat: one test per entry, on whichever Sphinx runs the suite.

Where an entry has a branch for older Sphinx releases, the branch is also run
on a newer Sphinx by pretending to be older (the public calls it uses exist
in every release we support).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import sphinx.locale
from booktools import copy_root
from helpers import build_app, project

from sphinx_innersource import STATIC_DIR, compat
from sphinx_innersource.i18n import MESSAGE_CATALOG_NAME


def test_sphinx_version_is_the_running_one():
    assert tuple(sphinx.version_info[:2]) == compat.SPHINX_VERSION


# -- env_builder -----------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="basic")
def test_env_builder_is_the_builder_and_uses_no_deprecated_name(app):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Sphinx's deprecation warnings fail the test
        assert compat.env_builder(app.env) is app.builder


# -- add_static_dir ----------------------------------------------------------------------

def _static_build(make_app, src: Path, buildername: str = "html", **kwargs):
    """Build *src*; record whether our stylesheet was in _static when each page was written."""
    app = make_app(buildername, srcdir=src, **kwargs)
    seen: dict[str, bool] = {}

    def page_context(app, pagename, *args):
        seen[pagename] = (Path(app.outdir) / "_static" / "sphinx-innersource.css").is_file()

    app.connect("html-page-context", page_context)
    app.build()
    app.cleanup()
    return app, seen


@pytest.fixture(params=["public", "fallback"])
def static_dir_branch(request, monkeypatch):
    if request.param == "fallback":  # (older releases take the fallback as they are)
        monkeypatch.setattr(compat, "SPHINX_VERSION", min(compat.SPHINX_VERSION, (9, 0)))
    elif compat.SPHINX_VERSION < (9, 1):
        pytest.skip("Sphinx.add_static_dir() is new in Sphinx 9.1")
    return request.param


def test_static_dir_is_copied_before_the_pages_and_the_users_files_win(
        make_app, tmp_path, static_dir_branch):
    src = copy_root("basic", tmp_path / "src")
    (src / "_static").mkdir()
    (src / "_static" / "sphinx-innersource-landing.css").write_text("/* mine */\n")
    def overrides():  # a new list each time: extensions append to html_static_path
        return {"html_static_path": ["_static"]}

    app, seen = _static_build(make_app, src, confoverrides=overrides(), freshenv=True)
    static = Path(app.outdir) / "_static"
    assert (static / "sphinx-innersource.css").read_bytes() == \
        (STATIC_DIR / "sphinx-innersource.css").read_bytes()
    # A file of the same name in the user's html_static_path is the one published.
    assert (static / "sphinx-innersource-landing.css").read_text() == "/* mine */\n"
    assert seen and all(seen.values()), seen
    if static_dir_branch == "fallback":
        # ours first, so that the user's folder (copied later) wins; other
        # extensions (sphinx.ext.graphviz, for the maps) may add their own
        paths = app.config.html_static_path
        assert paths[0] == str(STATIC_DIR) and paths.count(str(STATIC_DIR)) == 1
        assert "_static" in paths[1:]

    # The next build finds nothing changed (the html build info is unchanged).
    app, seen = _static_build(make_app, src, confoverrides=overrides())
    assert sorted(set(seen) & app.env.found_docs) == []
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()


def test_static_dir_fallback_leaves_other_builders_alone(make_app, tmp_path, monkeypatch):
    monkeypatch.setattr(compat, "SPHINX_VERSION", (9, 0))
    src = copy_root("basic", tmp_path / "src")
    app = make_app("latex", srcdir=src)
    assert str(STATIC_DIR) not in app.config.html_static_path
    app.cleanup()


# -- lazy_translation ---------------------------------------------------------------------

def test_lazy_translation_is_translated_in_each_books_language(make_app, tmp_path):
    label = compat.lazy_translation(MESSAGE_CATALOG_NAME, "general", "References")
    assert str(label) == "References"  # no catalogue loaded yet
    for language, expected in (("es", "Referencias"), ("pt_BR", "Referências")):
        sphinx.locale.translators.clear()  # as a new sphinx-build process would
        app = make_app("html", srcdir=copy_root("basic", tmp_path / language),
                       confoverrides={"language": language})
        assert str(label) == expected
        assert f"{label} and more" == f"{expected} and more"
        app.cleanup()


# -- MisplacedTransitions --------------------------------------------------------------

PAGE_WITH_TRANSITION = """\
# Apple

:::{pattern}
:patlet: Teams wait. Share.
:::

:::{known-instance} Org
:year: 2020
-----
:::
"""


@pytest.mark.parametrize("branch", ["docutils", "ours"])
def test_transition_opening_a_directive_is_reported_not_a_crash(make_app, tmp_path, monkeypatch,
                                                                  branch):
    if branch == "ours":
        monkeypatch.setattr(compat, "DOCUTILS_VERSION", (0, 21))
    elif compat.DOCUTILS_VERSION < (0, 22):
        pytest.skip("docutils reports misplaced transitions itself from 0.22 on")
    src = copy_root("basic", tmp_path / "src")
    (src / "alpha.md").write_text(PAGE_WITH_TRANSITION, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    text = app.warning.getvalue()
    # (docutils words its own report differently from 0.23 on)
    expected = ("Transition must be child of <document> or <section>." if branch == "ours"
                else "Transition ")
    assert f"alpha.md:9: WARNING: {expected}" in text
    assert "Exception" not in text
    assert (Path(app.outdir) / "alpha.html").is_file()
    app.cleanup()


# -- add_index_entries ------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="basic")
def test_add_index_entries_reaches_the_general_index(app):
    app.build()
    entry = ("single", "Compat probe; test", "", "", None)
    compat.add_index_entries(app.env, "index", [entry])
    assert entry in app.env.get_domain("index").entries["index"]


# -- guard_index_pages ------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="basic")
def test_guard_index_pages_asks_before_each_index_page(app):
    """The builder's two index writers are replaced, are asked with the index
    domain's entries and each domain index's (content, collapse), and write
    nothing they were told to leave."""
    asked: list[tuple[str, object]] = []
    done: list[bool] = []
    assert compat.guard_index_pages(app.builder, lambda name, shown: asked.append(
        (name, shown)) and False, lambda: done.append(True))
    written: list[str] = []
    app.connect("html-page-context", lambda app, name, *args: written.append(name))
    app.build()
    names = [name for name, _shown in asked]
    assert names[0] == "genindex" and "innersource-patterns" in names
    assert isinstance(asked[0][1], list)  # sorted (docname, entries) pairs
    content, collapse = dict(asked)["innersource-patterns"]
    assert content and isinstance(collapse, bool)
    assert not set(names) & set(written) and done == [True]  # genindex not wanted: no done()


# -- unlist_read ----------------------------------------------------------------------------

def test_a_page_unlisted_after_reading_is_not_written(make_app, tmp_path):
    src = project(tmp_path, {"index.rst": "Index\n=====\n\n.. toctree::\n\n   gone\n",
                             "gone.rst": "Gone\n====\n"})
    app = make_app("html", srcdir=src)
    lists: list[list[str]] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: lists.append(docnames))

    def remove(app, env):  # as book/adopters does with a page it no longer wants
        (src / "gone.rst").unlink()
        env.find_files(app.config, app.builder)
        env.clear_doc("gone")
        compat.unlist_read(lists[0], "gone")

    app.connect("env-updated", remove)
    written: list[str] = []
    build_app(app, written=written)
    assert "index" in written and "gone" not in written


# -- bib_entries, bib_files -------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="literature")
def test_bibdata_gives_the_works_and_files(app):
    cite = app.env.get_domain("cite")
    entries = compat.bib_entries(cite)
    assert len(entries) > 0 and all(hasattr(entry, "persons") for entry in entries.values())
    files = compat.bib_files(cite)
    assert files and all(Path(path).suffix == ".bib" for path in files)


# -- capture_bib_errors, captured_bib_errors ----------------------------------------------

def test_pybtex_errors_are_captured_not_raised():
    import pybtex.errors
    from pybtex.database import parse_string

    class App:  # stands for the Sphinx application
        pass

    app = App()
    compat.capture_bib_errors(app)
    try:
        parse_string("@article{broken, title = {no end}\n@book{ok, title={Fine}}", "bibtex")
        errors = compat.captured_bib_errors(app)
    finally:
        pybtex.errors.captured_errors = None
    assert errors, "a malformed entry must be captured, not raised"
    assert compat.captured_bib_errors(app) == []  # capturing stopped
