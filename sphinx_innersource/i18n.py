"""Translations of the labels the extension generates.

``_`` translates at call time (use it in code that runs while a document is
read or written); ``__`` is the lazy variant for module-level constants.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

MESSAGE_CATALOG_NAME = "sphinx_innersource"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(MESSAGE_CATALOG_NAME)
__ = get_translation(MESSAGE_CATALOG_NAME, "console")


def setup(app) -> None:
    app.add_message_catalog(MESSAGE_CATALOG_NAME, str(LOCALE_DIR))
