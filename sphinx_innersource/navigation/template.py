"""Navigation HTML written once, cut into the pieces a page changes.

The skeleton is rendered once, by the builder's own translator, with a
marker class on every list, item and link and a marker in place of every
link target.  :class:`Template` cuts that HTML at the markers: a page's
navigation is the list of pieces with a few replaced (a ``class``
attribute that gains ``current``, the links to the page itself, the
lists ``collapse`` keeps open) and joined.  Joining a list of strings is
done in C: the Python work per page is proportional to the marks, not to
the size of the navigation.

The same cutting works on HTML a theme has rewritten (furo), as long as
the markers survive; the extra pieces a theme needs are zero-width slots
(``extra``).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


class TemplateError(Exception):
    """The HTML does not have the markers where expected."""


#: Characters that the HTML writers escape in attribute values: a link with
#: one of them is left to Sphinx.
_UNSAFE = re.compile(r'[&<>"@\s]')


def safe_href(href: str) -> bool:
    return _UNSAFE.search(href) is None


class Markers:
    """The marker tokens of one process (random, so no text can contain them)."""

    def __init__(self) -> None:
        self.prefix = f"isnav{secrets.token_hex(4)}"
        self.slot = re.compile(rf' class="([^"]*)"|{self.prefix}h(\d+)')
        self.token = re.compile(rf"{self.prefix}c(\d+)\Z")

    def css(self, node_id: int) -> str:
        return f"{self.prefix}c{node_id}"

    def href(self, node_id: int) -> str:
        return f"{self.prefix}h{node_id}"


def class_attribute(tokens: list[str | None], current: bool, extra: tuple[str, ...] = (),
                    dedupe: bool = True) -> str:
    """The ``class`` attribute with the marker replaced by ``current`` or dropped."""
    names = [("current" if name is None else name) for name in tokens
             if name is not None or current]
    names.extend(extra)
    if dedupe:
        names = list(dict.fromkeys(names))
    return f' class="{" ".join(names)}"' if names else ""


@dataclass
class Template:
    """HTML cut into ``parts``; slots index the parts a page may replace."""

    parts: list[str]
    classes: dict[int, tuple[int, list[str | None]]] = field(default_factory=dict)
    hrefs: dict[int, int] = field(default_factory=dict)
    extra: dict[int, int] = field(default_factory=dict)
    ranges: dict[int, tuple[int, int]] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    innermost: list[int] = field(default_factory=list)
    dedupe: bool = True

    @classmethod
    def cut(cls, html: str, markers: Markers, *, ranges: dict[int, tuple[int, int]] | None = None,
            extra: Iterable[tuple[int, int]] = (), dedupe: bool = True) -> Template:
        """Cut *html* at its markers, at the *ranges* (node id -> character
        span) and at the zero-width *extra* slots ((position, node id))."""
        slots: list[tuple[int, int, str, int, list[str | None] | None]] = []
        for match in markers.slot.finditer(html):
            if match.group(1) is not None:
                tokens: list[str | None] = []
                found = []
                for name in match.group(1).split(" "):
                    marker = markers.token.match(name)
                    if marker:
                        found.append(int(marker.group(1)))
                        tokens.append(None)
                    else:
                        tokens.append(name)
                if not found:
                    continue
                if len(found) > 1:
                    raise TemplateError(f"two markers in one class attribute: {match.group(0)}")
                slots.append((match.start(), match.end(), "c", found[0], tokens))
            else:
                slots.append((match.start(), match.end(), "h", int(match.group(2)), None))
        slots.extend((pos, pos, "x", node_id, None) for pos, node_id in extra)
        slots.sort(key=lambda s: (s[0], s[1]))
        bounds = {0, len(html)}
        for start, end in (ranges or {}).values():
            bounds.update((start, end))
        template = cls(parts=[], dedupe=dedupe)
        starts: dict[int, int] = {}
        position = 0
        for start, end, kind, node_id, tokens in [*slots, (len(html), len(html), "", -1, None)]:
            if start < position:
                raise TemplateError("overlapping slots")
            template._literal(html, position, start, bounds, starts)
            if kind:
                starts.setdefault(start, len(template.parts))
                index = len(template.parts)
                template.parts.append(html[start:end])
                if kind == "c":
                    if node_id in template.classes:
                        raise TemplateError(f"marker {node_id} twice")
                    template.classes[node_id] = (index, tokens or [])
                elif kind == "h":
                    template.hrefs[node_id] = index
                else:
                    template.extra[node_id] = index
            position = end
        starts.setdefault(len(html), len(template.parts))
        template._index_ranges(ranges or {}, starts)
        return template

    def _literal(self, html: str, start: int, end: int, bounds: set[int],
                 starts: dict[int, int]) -> None:
        cuts = sorted(b for b in bounds if start < b < end)
        for a, b in zip([start, *cuts], [*cuts, end], strict=True):
            if b > a:
                starts.setdefault(a, len(self.parts))
                self.parts.append(html[a:b])

    def _index_ranges(self, ranges: dict[int, tuple[int, int]], starts: dict[int, int]) -> None:
        for node_id, (start, end) in ranges.items():
            if start not in starts or end not in starts:
                raise TemplateError(f"list {node_id} does not start or end between pieces")
            self.ranges[node_id] = (starts[start], starts[end])
        self.innermost = [-1] * len(self.parts)
        stack: list[int] = []
        ordered = sorted(self.ranges, key=lambda n: (self.ranges[n][0], -self.ranges[n][1]))
        for node_id in ordered:
            first, end = self.ranges[node_id]
            while stack and self.ranges[stack[-1]][1] <= first:
                stack.pop()
            parent = stack[-1] if stack else -1
            if parent != -1 and self.ranges[parent][1] < end:
                raise TemplateError("lists overlap")
            self.children.setdefault(parent, []).append(node_id)
            stack.append(node_id)
            self.innermost[first:end] = [node_id] * (end - first)

    def open_ranges(self, open_items: set[int], item_of: dict[int, int]) -> list[int]:
        """The lists ``collapse`` keeps: those under an open item, outer first."""
        kept = [ul for ul in self.ranges if item_of.get(ul) in open_items]
        kept.sort(key=lambda ul: self.ranges[ul][0])
        return kept


class Folder:
    """A template with the links of one folder filled in."""

    def __init__(self, template: Template, links: dict[int, str]) -> None:
        self.template = template
        parts = list(template.parts)
        for index, tokens in template.classes.values():
            parts[index] = class_attribute(tokens, False, dedupe=template.dedupe)
        for index in template.extra.values():
            parts[index] = ""
        for node_id, index in template.hrefs.items():
            parts[index] = links[node_id]
        self.parts = parts
        self._collapsed: list[str] | None = None
        self._inner: dict[int, list[str]] = {}
        self._joined: str | None = None
        self._offsets: list[int] = []

    def joined(self) -> tuple[str, list[int]]:
        """The pieces joined once, and where each piece starts in the text
        (one more offset: the end)."""
        if self._joined is None:
            offsets, position = [], 0
            for part in self.parts:
                offsets.append(position)
                position += len(part)
            offsets.append(position)
            self._joined, self._offsets = "".join(self.parts), offsets
        return self._joined, self._offsets

    def collapsed(self) -> list[str]:
        if self._collapsed is None:
            parts = list(self.parts)
            for ul in self.template.children.get(-1, ()):
                first, end = self.template.ranges[ul]
                parts[first:end] = [""] * (end - first)
            self._collapsed = parts
        return self._collapsed

    def inner(self, ul: int) -> list[str]:
        """The pieces of list *ul* with the lists inside it closed."""
        if ul not in self._inner:
            first, end = self.template.ranges[ul]
            parts = self.parts[first:end]
            for child in self.template.children.get(ul, ()):
                a, b = self.template.ranges[child]
                parts[a - first:b - first] = [""] * (b - a)
            self._inner[ul] = parts
        return self._inner[ul]

    def assemble(self, overrides: dict[int, str], expand: list[int] | None) -> str:
        """The page's HTML: the folder's pieces, the open lists, the overrides.

        *expand* is None without ``collapse`` (every list open); else the
        lists to open, outer first.  An override inside a closed list is
        dropped.
        """
        if expand is None:
            # Every list open: the joined text with the few overridden pieces
            # cut out and replaced, not a join of all the pieces per page.
            text, offsets = self.joined()
            pieces, position = [], 0
            for index in sorted(overrides):
                pieces += (text[position:offsets[index]], overrides[index])
                position = offsets[index + 1]
            pieces.append(text[position:])
            return "".join(pieces)
        parts = list(self.collapsed())
        opened = set(expand)
        for ul in expand:
            first, end = self.template.ranges[ul]
            parts[first:end] = self.inner(ul)
        innermost = self.template.innermost
        for index, text in overrides.items():
            if innermost[index] == -1 or innermost[index] in opened:
                parts[index] = text
        return "".join(parts)
