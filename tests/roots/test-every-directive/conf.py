project = "Every directive"
extensions = ["myst_parser", "sphinx_innersource", "sphinx_design", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
innersource_required_sections = []
innersource_calendar_now = "2026-12-01T12:00:00+00:00"
innersource_short_urls = "p"
# what some builders need to build without a warning
version = "1.0"
copyright = "2026, Tester"
applehelp_bundle_id = "org.example.every-directive"
applehelp_disable_external_tools = True
