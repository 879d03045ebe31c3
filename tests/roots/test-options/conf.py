extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
# This root exercises directive options; the template checks have roots of their own.
innersource_required_sections = []
innersource_min_instances = {}
