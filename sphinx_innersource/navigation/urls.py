"""Links of the navigation, by output folder.

With the ``html`` and ``dirhtml`` builders a link from page A to page B is
``relative_uri(target_uri(A), target_uri(B))``: it depends on the folder A
is written in, not on A itself, except for a few targets (A itself, and with
``dirhtml`` the pages inside A's own folder and the index of the folder
above).  :class:`UrlModel` gives the folder key of a page, the links every
page of that folder shares, and the targets each page computes itself with
the builder.  ``singlehtml`` links do not depend on the page at all.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from sphinx.util.osutil import relative_uri

from .. import compat

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.builders import Builder

#: A file name no target has: links computed from it are those of its folder.
_ANY_FILE = "\x00"


class UrlModel:
    """Folder keys, shared links and per-page exceptions for one builder."""

    def __init__(self, builder: Builder, targets: Iterable[str]) -> None:
        self.builder = builder
        self.kind = compat.relative_uri_kind(builder)
        self.uris: dict[str, str] = {}
        self._sorted: list[tuple[str, str]] = []
        self._by_uri: dict[str, list[str]] = {}
        self.add(targets)

    def add(self, targets: Iterable[str]) -> None:
        """Know these link targets (for the exceptions of ``dirhtml`` pages)."""
        new = [t for t in targets if t not in self.uris]
        if not new:
            return
        for target in new:
            uri = self.uris[target] = self._uri(target)
            self._by_uri.setdefault(uri, []).append(target)
        self._sorted = sorted((uri, target) for target, uri in self.uris.items())

    @property
    def supported(self) -> bool:
        return self.kind is not None

    def _uri(self, docname: str) -> str:
        return self.builder.get_target_uri(docname).partition("#")[0]

    def key(self, docname: str) -> tuple[str, str]:
        """The pages with the same key share every link but their exceptions."""
        if self.kind == "single":
            return ("single", "")
        base = self._uri(docname)
        folder, _sep, name = base.rpartition("/")
        if name or not base:
            return ("file", folder)
        # dirhtml: the page is the folder "a/b/"; its links are those of a
        # file in "a/", one level deeper.
        return ("dir", folder.rpartition("/")[0])

    def shared(self, key: tuple[str, str], target: str) -> str:
        """The link to *target* from the pages of *key* (not an exception)."""
        kind, folder = key
        if kind == "single":
            return self.builder.get_relative_uri(target, target)
        uri = self.uris.get(target)
        if uri is None:
            uri = self.uris[target] = self._uri(target)
        base = f"{folder}/{_ANY_FILE}" if folder else _ANY_FILE
        link = relative_uri(base, uri)
        if kind == "dir" and not uri.startswith("/"):
            link = "../" + link
        return link

    def exceptions(self, docname: str) -> set[str]:
        """Targets whose link from *docname* is not its folder's."""
        found = {docname}
        if self.kind == "single":
            return found
        base = self._uri(docname)
        kind, folder = self.key(docname)
        if kind == "dir":
            found.update(self._under(base))
            above = f"{folder}/" if folder else ""
            found.update(self._by_uri.get(above, ()))
        return found

    def _under(self, prefix: str) -> list[str]:
        """Targets whose URI starts with *prefix*."""
        start = bisect.bisect_left(self._sorted, (prefix, ""))
        result = []
        for uri, target in self._sorted[start:]:
            if not uri.startswith(prefix):
                break
            result.append(target)
        return result

    def link(self, docname: str, target: str) -> str:
        """The builder's own link from *docname* to *target*."""
        return self.builder.get_relative_uri(docname, target)
