project = "Maps test"
extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
innersource_required_sections = []
innersource_min_instances = {}
innersource_check_related_maturity = False
innersource_pattern_graph = True
exclude_patterns = ["_build"]
