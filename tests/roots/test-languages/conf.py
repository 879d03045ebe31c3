extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
html_theme = "alabaster"
innersource_languages = {"en": "", "ja": "ja"}
innersource_sections_min_maturity = "validated"
