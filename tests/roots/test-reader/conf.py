project = "Reader Book"
extensions = ["myst_parser", "sphinx_design", "sphinx_innersource", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
innersource_required_sections = []
innersource_calendar_now = "2026-01-05T09:00:00+00:00"
exclude_patterns = ["_build"]
innersource_check_related_maturity = False
innersource_organisation_pages = "organisations"
innersource_organisations = {
    "Orchard Systems": {"url": "https://orchard.example.org/",
                        "description": "Makes the software of fruit farms."},
}
