project = "Book test"
extensions = ["myst_parser", "sphinx_design", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
innersource_required_sections = []
exclude_patterns = ["_build"]
