"""Compatibility entries for sphinxcontrib-bibtex and pybtex (used by :mod:`..literature`).

Part of :mod:`sphinx_innersource.compat` (see its docstring), which re-exports
every name: callers write ``compat.bib_entries`` and so on.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# -- sphinxcontrib-bibtex's bibliography data -----------------------------------------
# The works of the ``.bib`` files and the files themselves are the undocumented
# ``BibtexDomain.bibdata`` (a named tuple ``BibData(encoding, bibfiles, data)``,
# sphinxcontrib-bibtex 2.2 to 2.7); nothing public gives them.

def bib_entries(cite_domain: Any) -> Any:
    """pybtex's entries (key -> Entry, keys case-insensitive) of the ``cite`` domain."""
    return cite_domain.bibdata.data.entries


def bib_files(cite_domain: Any) -> dict[Any, Any]:
    """path -> (mtime...) info of the ``.bib`` files sphinxcontrib-bibtex read."""
    return cite_domain.bibdata.bibfiles


# -- pybtex's .bib errors -----------------------------------------------------------------
# pybtex raises on a malformed ``.bib`` entry, which aborts the build, unless its
# module-level list ``pybtex.errors.captured_errors`` is set: then the errors are
# collected there (pybtex 0.22 to 0.25; "strict mode" is otherwise only a
# command-line switch).  Which applications turned capturing on is kept here,
# not in an attribute set on the Sphinx application.

_CAPTURING: weakref.WeakSet[Any] = weakref.WeakSet()


def capture_bib_errors(app: Sphinx) -> None:
    """Collect pybtex's ``.bib`` errors from now on instead of raising them."""
    import pybtex.errors

    if pybtex.errors.captured_errors is None:
        pybtex.errors.captured_errors = []
        _CAPTURING.add(app)


def captured_bib_errors(app: Sphinx) -> list[Any]:
    """The errors collected since :func:`capture_bib_errors` for *app*; stops collecting."""
    if app not in _CAPTURING:
        return []
    import pybtex.errors

    errors = pybtex.errors.captured_errors or []
    pybtex.errors.captured_errors = None
    _CAPTURING.discard(app)
    return list(errors)
