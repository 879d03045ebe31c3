"""The PDF lines of the ``conf.py`` that ``import`` and ``new`` write.

One line is enough: with ``latex_engine = "lualatex"`` the extension adds
the fonts and the language setup that print any script and emoji
(``sphinx_innersource/book/pdf.py``), unless ``conf.py`` sets its own.
"""

LATEX_CONF_LINES = (
    "# The PDF (sphinx-build -M latexpdf . _build) is made with LuaLaTeX: with it,",
    "# sphinx-innersource sets fonts for every script and emoji (see \"PDF\" in its docs).",
    'latex_engine = "lualatex"',
)
