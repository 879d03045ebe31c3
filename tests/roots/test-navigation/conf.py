project = "Navigation Book"
extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
innersource_required_sections = []
exclude_patterns = ["_build"]
templates_path = ["_templates"]
suppress_warnings = ["innersource.maturity", "innersource.orphan"]
