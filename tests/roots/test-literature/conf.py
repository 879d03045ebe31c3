extensions = ["myst_parser", "sphinx_innersource", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
innersource_required_sections = []
innersource_min_instances = {}
latex_documents = [("index", "book.tex", "Literature book", "Tester", "manual")]
