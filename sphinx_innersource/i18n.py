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


class Translated:
    """A class attribute read as its translation, a plain ``str`` (not a proxy).

    For the names of the domain indices (``Index.localname``/``shortname``):
    Sphinx puts them into the context of every page, which the ``json`` and
    ``pickle`` builders serialise, and a lazy proxy cannot be serialised.
    Reading the attribute translates it (the catalogues are loaded by then).
    """

    def __init__(self, message: str) -> None:
        self.message = message

    def __get__(self, instance: object, owner: type | None = None) -> str:
        return str(_(self.message))


def setup(app) -> None:
    app.add_message_catalog(MESSAGE_CATALOG_NAME, str(LOCALE_DIR))
