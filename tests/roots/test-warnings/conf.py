extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
# One heading is enough to show the sections check; test-sections covers the template.
innersource_required_sections = ["Problem"]
