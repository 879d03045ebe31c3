extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
# Nine short pages (enough for parallel reading); sections are checked elsewhere.
innersource_required_sections = []
