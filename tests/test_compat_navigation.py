"""The navigation-cache entries of ``sphinx_innersource/compat/navigation.py``."""

from __future__ import annotations

import io

import pytest
from docutils import nodes
from navbooks import copy_book, empty_app
from sphinx import addnodes
from sphinx.environment.adapters.toctree import _get_toctree_ancestors, global_toctree_for_doc
from sphinx.testing.util import SphinxTestApp

from sphinx_innersource import compat

# -- navigation cache ----------------------------------------------------------------


@pytest.fixture(scope="module")
def nav_app(tmp_path_factory):
    """The navigation book, read (not written), with the html builder."""
    base = tmp_path_factory.mktemp("compat")
    src = copy_book(base / "src")
    app = SphinxTestApp("html", srcdir=src, builddir=base / "build", freshenv=True,
                        confoverrides={"innersource_fast_navigation": False},
                        warning=io.StringIO())
    app.builder.read()
    yield app
    app.cleanup()


def test_navigation_api_is_available():
    assert compat.navigation_api_available()


def test_toctree_ancestors_are_sphinx_s(nav_app):
    env = nav_app.env
    parents = compat.toctree_parents(env.toctree_includes)
    for docname in sorted(env.found_docs):
        expected = list(_get_toctree_ancestors(env.toctree_includes, docname))
        assert list(compat.toctree_ancestors(parents, docname)) == expected, docname
    # shared.md is listed by two toctrees: the last one counts, as in Sphinx
    assert parents["shared"] == list(_get_toctree_ancestors(env.toctree_includes,
                                                            "shared"))[1]


def test_toctree_pieces_give_sphinx_s_global_toctree(nav_app):
    """Resolving with the compat pieces, the way Sphinx does for one page,
    gives ``global_toctree_for_doc``'s tree."""
    env, builder = nav_app.env, nav_app.builder
    parents = compat.toctree_parents(env.toctree_includes)
    docname = "guide/topics/t03"
    ancestors = compat.toctree_ancestors(parents, docname)
    trees = []
    for toctree in env.master_doctree.findall(addnodes.toctree):
        if toctree.get("hidden"):
            continue
        entries = compat.toctree_entries(env, toctree, titles_only=False, collapse=True,
                                         includehidden=False, tags=builder.tags,
                                         expanded=ancestors)
        tree = addnodes.compact_paragraph("", "", *entries)
        compat.toctree_add_classes(tree, docname)
        trees.append(compat.toctree_copy(tree, toctree.get("maxdepth", -1), True,
                                         builder.tags))
    # ``tags`` is a keyword of global_toctree_for_doc from Sphinx 9.0 on
    since_9 = {"tags": builder.tags} if compat.SPHINX_VERSION >= (9, 0) else {}
    expected = global_toctree_for_doc(env, docname, builder, **since_9, collapse=True,
                                      includehidden=False)
    merged = trees[0]
    for tree in trees[1:]:
        merged.extend(tree.children)
    # (the captions are added by _resolve_toctree, as by the cache's skeleton)
    got = [n.astext() for n in merged.findall(nodes.reference)]
    assert got == [n.astext() for n in expected.findall(nodes.reference)]
    current = [n[0].astext() for n in merged.findall(nodes.list_item)
               if "current" in n["classes"]]
    assert current == ["Guide", "Overview"]


@pytest.mark.parametrize(("builder", "kind", "links"),
                         [("html", "html", "relative"), ("dirhtml", "html", "relative"),
                          ("singlehtml", "single", "single"), ("epub", "html", "relative"),
                          ("text", None, "relative")])
def test_builder_kinds(tmp_path, builder, kind, links):
    with empty_app(tmp_path, builder) as app:
        assert compat.local_toctree_kind(app.builder) == kind
        assert compat.relative_uri_kind(app.builder) == links


def test_replace_local_toctree_is_per_builder_instance(tmp_path):
    with empty_app(tmp_path) as app:
        original = compat.replace_local_toctree(app.builder, lambda docname, **kw: "mine")
        assert app.builder._get_local_toctree("index") == "mine"
        assert original.__func__ is type(app.builder)._get_local_toctree


def test_restore_local_toctree_gives_the_builder_its_method_back(tmp_path):
    with empty_app(tmp_path) as app:
        compat.replace_local_toctree(app.builder, lambda docname, **kw: "mine")
        compat.restore_local_toctree(app.builder)
        assert "_get_local_toctree" not in app.builder.__dict__
        assert app.builder._get_local_toctree.__func__ is type(app.builder)._get_local_toctree
        compat.restore_local_toctree(app.builder)  # twice is harmless


def test_trace_translator_finds_each_list(tmp_path):
    with empty_app(tmp_path) as app:
        inner = nodes.bullet_list("", nodes.list_item("", nodes.paragraph(text="b")))
        outer = nodes.bullet_list("", nodes.list_item("", nodes.paragraph(text="a"), inner))
        fragment, body, spans = compat.trace_translator(
            app.builder, outer, lambda node: isinstance(node, nodes.bullet_list))
        assert fragment == "".join(body)
        first, end = spans[id(inner)]
        html = "".join(body[first:end])
        assert html.startswith("<ul") and html.rstrip().endswith("</ul>")
        assert "<p>b</p>" in html or ">b<" in html
        assert "create_translator" not in app.builder.__dict__


def test_furo_navigation_hook_wraps_once():
    furo = pytest.importorskip("furo")
    original = furo.get_navigation_tree
    calls = []

    def wrap(function):
        calls.append(function)

        def wrapped(html):
            return function(html)

        return wrapped

    try:
        if getattr(original, "innersource_wrapped", False):
            assert compat.furo_navigation_hook(wrap) and calls == []
        else:
            assert compat.furo_navigation_hook(wrap)
            assert compat.furo_navigation_hook(wrap)  # a second call changes nothing
            assert calls == [original]
            assert furo.get_navigation_tree("") == ""
    finally:
        if calls:
            furo.get_navigation_tree = original
