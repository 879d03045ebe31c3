"""What every landing block (hero, calendar) shares in the output.

The landing stylesheet is linked from the pages that hold a landing block
only, and plain-text output writes the URL of each of their links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..collectors import may_hold
from ..core.urls import looks_like_url
from ..nodes import landing_block

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The stylesheet of the landing blocks (``static/``).
LANDING_CSS = "sphinx-innersource-landing.css"


class ShowLinkTargets(SphinxPostTransform):
    """In plain-text output, write the URL after each link of a landing block
    (the text writer would print the link text only)."""

    default_priority = 25
    formats = ("text",)

    def run(self, **kwargs: Any) -> None:
        for block in list(self.document.findall(nodes.Element)):
            if "innersource-landing" not in block.get("classes", ()):
                continue
            for ref in list(block.findall(nodes.reference)):
                uri = ref.get("refuri", "")
                if uri and not uri.startswith("#") and looks_like_url(uri) \
                        and uri not in ref.astext():
                    ref.parent.insert(ref.parent.index(ref) + 1, nodes.Text(f" <{uri}>"))


def add_landing_stylesheet(app: Sphinx, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: nodes.document | None) -> None:
    """Link the landing stylesheet from the pages with a landing block only.

    The HTML builder's ``add_css_file`` during ``html-page-context`` is
    page-specific (``app.add_css_file`` would also record the file in the
    registry, once per page).
    """
    add = getattr(app.builder, "add_css_file", None)
    if add is not None and doctree is not None \
            and may_hold(app.builder, pagename, landing_block) \
            and next(doctree.findall(landing_block), None) is not None:
        add(LANDING_CSS)
