extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
# Default innersource_required_sections: the upstream template.
