"""Configuration of the sphinx-innersource documentation and example book."""

project = "sphinx-innersource"
author = "sphinx-innersource developers"
copyright = "2026, sphinx-innersource developers"

extensions = ["myst_parser", "sphinx_design", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "sphinx-innersource"
