"""Translations of the labels the extension generates.

``_`` translates at call time (use it in code that runs while a document is
read or written); ``__`` is the lazy variant for module-level constants.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

from .compat import lazy_translation

MESSAGE_CATALOG_NAME = "sphinx_innersource"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(MESSAGE_CATALOG_NAME)


def __(message: str) -> str:
    """Lazy translation: the proxy translates each time it becomes a string.

    (Sphinx's ``"console"`` namespace is only set up for Sphinx's own
    catalogue, so labels marked with it were never translated in a book.)
    """
    return lazy_translation(MESSAGE_CATALOG_NAME, "general", message)


def setup(app) -> None:
    app.add_message_catalog(MESSAGE_CATALOG_NAME, str(LOCALE_DIR))
