project = 'Book "A" & <B>'
extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
innersource_required_sections = []
innersource_min_instances = {}
innersource_default_image = "_static/default.png"
