extensions = ["myst_parser", "sphinx_innersource", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence"]
innersource_required_sections = []
innersource_min_instances = {}
bibtex_bibfiles = [
    "refs.bib",
    "missing.bib",
]
