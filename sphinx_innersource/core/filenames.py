"""File names made from user strings: too long, or the same name on another system.

The extension turns user strings into file names in a few places: the short
URLs (``p/<id>.html`` for pattern ids and aliases), the importer's pages
(``patterns/<id>.md``), its translation folders (``DEST/<language>``) and
the files it copies.  A name that Linux accepts may still fail elsewhere:

* most file systems allow 255 bytes per name (UTF-8: 85 CJK characters);
* macOS and Windows compare names without case, and macOS also without
  Unicode normalisation: ``id``, ``ID`` and ``\u0131d`` (dotless i, whose
  upper case is ``I``) are one file there, so one page would replace the other.

:func:`fold_key` gives the name such systems see; :func:`clashes` groups
names that share it.  Nothing here imports Sphinx.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

#: The longest file name (in bytes, UTF-8) common file systems accept.
MAX_NAME_BYTES = 255


def fold_key(name: str) -> str:
    """*name* as a case- and normalisation-insensitive file system compares it.

    Compatibility folding (NFKC) joins the normalisation forms and the
    look-alikes; upper then lower case joins letters whose cases meet only
    in one direction (dotless ``\u0131`` and ``i`` both have the upper case
    ``I``; long ``\u017f`` and ``s`` both have ``S``).
    """
    folded = unicodedata.normalize("NFKC", name).upper().casefold()
    return unicodedata.normalize("NFKC", folded)


def too_long(name: str, suffix: str = "") -> bool:
    """Whether the file name *name* + *suffix* is longer than file systems allow."""
    return len((name + suffix).encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES


def name_problem(name: str, suffix: str = "") -> str | None:
    """Why *name* + *suffix* cannot be a file name on every system, or None."""
    if too_long(name, suffix):
        size = len((name + suffix).encode("utf-8", "surrogatepass"))
        return (f"the file name {name + suffix!r} is {size} bytes long, more than the "
                f"{MAX_NAME_BYTES} file systems allow")
    return None


def clashes(names: Iterable[str]) -> list[list[str]]:
    """Groups of distinct *names* that are one file on a case-insensitive system.

    Each group is sorted, and the groups are sorted by their first name.
    """
    groups: dict[str, set[str]] = {}
    for name in names:
        groups.setdefault(fold_key(name), set()).add(name)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])
