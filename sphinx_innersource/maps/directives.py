"""The ``pattern-graph`` and ``pattern-map`` directives.

Both record a :class:`~.data.MapSpec` in a placeholder node; the drawing is
made when the page is written, once the whole book is known (see
:mod:`.build`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..book.toctree import QUERY_OPTIONS, parse_query
from ..core.paths import text_problem
from ..directives.base import repair_options
from ..logs import warn
from .data import LAYOUTS, MapSpec
from .nodes import map_placeholder


class _MapDirective(SphinxDirective):
    kind = ""
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        **QUERY_OPTIONS,
        "caption": directives.unchanged,
        "alt": directives.unchanged,
        "layout": directives.unchanged,
        "class": directives.class_option,
    }

    def spec_options(self) -> dict[str, Any]:
        return {}

    def run(self) -> list[nodes.Node]:
        repair_options(self)
        spec = MapSpec(kind=self.kind, query=parse_query(self, exclude_self=False),
                       lineno=self.lineno, layout=self._layout(), alt=self._text("alt"),
                       **self.spec_options())
        node = map_placeholder(spec=spec, classes=self.options.get("class", []))
        self.set_source_info(node)
        caption = (self.options.get("caption") or "").strip()
        if caption:
            inline, messages = self.parse_inline(caption, lineno=self.lineno)
            node.extend(inline)
            return [node, *messages]
        return [node]

    def _layout(self) -> str:
        value = (self.options.get("layout") or "").strip().lower()
        if value and value not in LAYOUTS:
            warn(f"unknown layout {value!r}. Fix: use one of {', '.join(LAYOUTS)}; using the "
                 "default layout", subtype="option", location=self.get_location())
            value = ""
        return value

    def _text(self, name: str) -> str:
        value = " ".join((self.options.get(name) or "").split())
        problem = text_problem(value) if value else None
        if problem:
            warn(f":{name}: {problem}. Fix: write plain text", subtype="option",
                 location=self.get_location())
        return value


class PatternGraphDirective(_MapDirective):
    """The selected patterns and the relations between them."""

    kind = "graph"
    option_spec: ClassVar[dict[str, Any]] = {
        **_MapDirective.option_spec,
        "around": directives.unchanged,
        "depth": directives.unchanged,
    }

    def spec_options(self) -> dict[str, Any]:
        around = (self.options.get("around") or "").strip()
        raw = self.options.get("depth")
        depth = 1
        if raw is not None:
            text = raw.strip()
            if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 99):
                warn(f"depth {text!r} is not a whole number from 1 to 99. Fix: give the "
                     "number of relations to follow from :around:, such as 2; using 1",
                     subtype="option", location=self.get_location())
            else:
                depth = int(text)
            if not around:
                warn(":depth: applies only with :around:, which is not given. Fix: add "
                     ":around: <pattern id> or remove :depth:", subtype="option",
                     location=self.get_location())
        return {"around": around, "depth": depth}


class PatternMapDirective(_MapDirective):
    """The category tree of the selected patterns, as a mind map."""

    kind = "map"
    option_spec: ClassVar[dict[str, Any]] = {
        **_MapDirective.option_spec,
        "root": directives.unchanged,
    }

    def spec_options(self) -> dict[str, Any]:
        return {"root": self._text("root")}


def setup(app) -> None:
    app.add_directive("pattern-graph", PatternGraphDirective)
    app.add_directive("pattern-map", PatternMapDirective)
