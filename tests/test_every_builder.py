"""Every builder on a book with every directive (issue 20, point 4).

``sphinx-build -b json`` and ``-b pickle`` crashed on any book with a
pattern: the names of the domain indices were lazy translation proxies,
which those builders cannot serialise.  The class: each builder Sphinx ships
(and the extension's ``patterns-json``) builds the root
``test-every-directive`` (pattern, known-instance, patterns-toctree,
pattern-list, known-instances, pattern-bibliography with a ``.bib`` file,
hero-section, calendar-embed with an ``.ics`` file) without a traceback and
without a warning.  ``linkcheck`` is left out: it needs the network.
"""

from __future__ import annotations

import json
import pickle
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from helpers import warnings_of

#: The builders of Sphinx 9 and of the sphinxcontrib packages it depends on,
#: and the extension's own.  test_the_list_is_complete keeps it up to date.
BUILDERS = [
    "applehelp", "changes", "devhelp", "dirhtml", "dummy", "epub", "gettext", "html",
    "htmlhelp", "json", "latex", "man", "patterns-json", "pickle", "pseudoxml", "qthelp",
    "singlehtml", "texinfo", "text", "xml",
]
NETWORK = {"linkcheck"}


@pytest.mark.sphinx("dummy", testroot="every-directive")
def test_the_list_is_complete(app):
    known = set(app.registry.builders) | {e.name for e in entry_points(group="sphinx.builders")}
    assert known - NETWORK == set(BUILDERS)


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_builds_every_directive(make_app, rootdir, tmp_path, builder):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-every-directive", src)
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    warnings = warnings_of(app)
    assert not [w for w in warnings if "Traceback" in w or "Exception" in w]
    assert warnings == [], warnings
    outdir = Path(app.outdir)
    if builder == "json":
        context = json.loads((outdir / "patterns" / "review-rota.fjson").read_text())
        names = [link[1] for link in context["rellinks"]]
        assert "Pattern index" in names and "Known instances by organisation" in names
    if builder == "pickle":
        with (outdir / "patterns" / "review-rota.fpickle").open("rb") as handle:
            context = pickle.load(handle)
        assert all(isinstance(link[1], str) for link in context["rellinks"])


@pytest.mark.sphinx("json", testroot="every-directive", freshenv=True,
                    confoverrides={"language": "es"})
def test_index_names_are_translated_in_serialised_pages(app):
    app.build()
    context = json.loads((Path(app.outdir) / "index.fjson").read_text())
    names = {link[0]: link[1] for link in context["rellinks"]}
    assert names["innersource-patterns"] != "Pattern index"
    assert isinstance(names["innersource-patterns"], str)
