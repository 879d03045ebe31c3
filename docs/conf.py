"""Configuration of the sphinx-innersource documentation and example book."""

project = "sphinx-innersource"
author = "sphinx-innersource developers"
copyright = "2026, sphinx-innersource developers"

extensions = ["myst_parser", "sphinx_design", "sphinx_innersource", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "sphinx-innersource"

# Every pattern gets a stable address: p/<id>.html (and p/<id>/index.html).
innersource_short_urls = "p"

# Below its summary, every pattern page shows the graph of its related patterns.
innersource_pattern_graph = True

# One name per organisation (see organisations.md): a known instance may write
# "Kestrel Avionics Ltd." and still count for Kestrel Avionics. All of the
# organisations of the example book are fictional, and so are their sites.
innersource_organisations = {
    "Kestrel Avionics": {
        "aliases": ["Kestrel Avionics Ltd."],
        "url": "https://kestrel-avionics.example.org/",
        "description": "A maker of flight-control and ground-station software, with "
                       "twelve teams that share one telemetry library.",
    },
    "Lumen Harbour Bank": {
        "description": "A regional bank whose platform teams hold weekly office hours.",
    },
}
# Every organisation gets a generated page in book/adopters (see organisations.md).
innersource_organisation_pages = "book/adopters"

# The PDF book.
latex_documents = [
    # The whole documentation.
    ("index", "sphinx-innersource.tex", "sphinx-innersource", author, "manual"),
    # The example pattern book alone: its chapters are the generated toctree.
    ("book/index", "innersource-pattern-book.tex", "An Example InnerSource Pattern Book",
     author, "manual"),
]

latex_elements = {
    # \Q{share}: a column of that share of the line, set ragged right; the
    # tables of the reference pages give their columns with it
    # (``tabularcolumns``), so that long names fit in theirs.
    "preamble": r"\newcolumntype{\Q}[1]{>{\raggedright\arraybackslash}\Y{#1}}",
}

# Literature cited by the example book (see literature.md).
bibtex_bibfiles = ["innersource.bib"]
