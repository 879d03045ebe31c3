# A small book laid out like the upstream pattern collection (patterns/2-structured/),
# with placeholder text of our own. Default template checks and thresholds.
project = "Upstream-shaped book"
extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
