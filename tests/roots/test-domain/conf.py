extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
innersource_required_sections = []
