project = "Landing"
extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
innersource_calendar_now = "2026-12-01T12:00:00+00:00"
