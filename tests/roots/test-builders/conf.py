project = "Builder Book"
version = "1.0"
extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
innersource_required_sections = []
latex_documents = [("index", "builderbook.tex", "Builder Book", "Test Author", "manual")]
man_pages = [("index", "builderbook", "Builder Book", ["Test Author"], 1)]
texinfo_documents = [("index", "builderbook", "Builder Book", "Test Author", "builderbook",
                      "A test book.", "Miscellaneous")]
epub_copyright = "2026, Test Author"
