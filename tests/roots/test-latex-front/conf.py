project = "Front Book"
extensions = ["myst_parser", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
innersource_required_sections = []
innersource_min_instances = {"structured": 1, "validated": 1}
latex_documents = [
    ("index", "whole.tex", "Front Book", "Tester", "manual"),
    # A second PDF of part of the book: the notes page is not in it.
    ("part", "part.tex", "Part of the book", "Tester", "howto"),
]
