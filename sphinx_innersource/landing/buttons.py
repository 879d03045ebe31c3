"""Icons of hero buttons: ``Text <target> [style, icon=PATH]`` or ``[style, icon=octicon:NAME]``.

An icon is a :class:`button_icon` (an inline) holding an image node (a file
inside the source folder, copied like any image) or the SVG of one of the
octicons that sphinx-design ships.  In HTML it is a ``<span
aria-hidden="true">`` before the button's text (the text names the link, so
screen readers skip the icon), sized to the text by the landing stylesheet.
LaTeX, text and the other non-HTML builders show the link without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import compat
from ..collectors import may_hold
from ..core.paths import hidden_characters, is_local_file, local_file_problem
from ..core.urls import looks_like_url, url_problem

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxDirective

ICON_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
OCTICON = "octicon:"


class button_icon(nodes.inline):
    """The icon of a button (``<span aria-hidden="true">`` in HTML)."""


def visit_button_icon_html(self, node: button_icon) -> None:
    self.body.append(self.starttag(node, "span", "", **{"aria-hidden": "true"}))


def depart_button_icon_html(self, node: button_icon) -> None:
    self.body.append("</span>")


def button_options(text: str) -> tuple[str | None, str | None, list[str]]:
    """``primary, icon=x`` -> (style, icon, problems); each may be missing."""
    style = icon = None
    problems = []
    for token in (t.strip() for t in text.split(",")):
        if not token:
            continue
        key, sep, value = token.partition("=")
        if not sep:
            style = token.lower()
        elif key.strip().lower() == "icon" and value.strip():
            icon = value.strip()
        else:
            problems.append(f"{token!r} is not understood and ignored. Fix: write "
                            "[style, icon=PATH] or [style, icon=octicon:NAME]")
    return style, icon, problems


def _octicon(name: str) -> tuple[nodes.Node | None, str | None]:
    from sphinx_design.icons import get_octicon

    try:
        svg = get_octicon(name, height="1em", classes=["innersource-button__octicon"])
    except KeyError:
        return None, (f"there is no octicon {name!r}. Fix: use a name from "
                      "https://primer.style/octicons, such as comment-discussion")
    return nodes.raw("", svg, format="html"), None


def _image(directive: SphinxDirective, uri: str) -> tuple[nodes.Node | None, str | None]:
    fix = "Fix: give an image file inside the source folder or icon=octicon:NAME"
    if looks_like_url(uri):
        problem = url_problem(uri, ("https",))
    else:
        hidden = hidden_characters(uri, allow_space=True)
        problem = hidden and "it contains invisible or control characters"
        if not problem:
            _rel, abspath = directive.env.relfn2path(uri, directive.env.docname)
            problem = local_file_problem(uri, directive.env.srcdir, abspath)
            if not problem and not is_local_file(abspath):
                problem = "the file does not exist"
    if not problem and Path(uri.split("?")[0]).suffix.lower() not in ICON_SUFFIXES:
        problem = "it is not an SVG, PNG, JPEG, GIF or WebP image"
    if problem:
        return None, f"the icon {uri!r} is refused: {problem}. {fix}"
    image = nodes.image(uri, uri=uri, alt="", classes=["innersource-button__image"])
    directive.set_source_info(image)
    return image, None


def make_icon(directive: SphinxDirective, spec: str) -> tuple[button_icon | None, str | None]:
    """The icon node for ``icon=SPEC``, or (None, the problem)."""
    if spec.lower().startswith(OCTICON):
        content, problem = _octicon(spec[len(OCTICON):].strip().lower())
    else:
        content, problem = _image(directive, spec)
    if content is None:
        return None, problem
    return button_icon("", "", content, classes=["innersource-button__icon"]), None


def style_and_icon(directive: Any, text: str, options: str, styles: tuple[str, ...]
                   ) -> tuple[str, button_icon | None]:
    """The style (default ``primary``) and icon of the button *text* from ``[OPTIONS]``.

    *directive* has ``_warn(message, subtype)``; each problem is warned
    about and the button is kept (with the default style, without icon).
    """
    style, spec, problems = button_options(options)
    for problem in problems:
        directive._warn(f"hero-section: button {text!r}: {problem}")
    style = style or styles[0]
    if style not in styles:
        directive._warn(f"hero-section: button {text!r}: style {style!r} is not allowed; "
                        f"using {styles[0]!r}. Fix: use one of {', '.join(styles)}")
        style = styles[0]
    icon, problem = make_icon(directive, spec) if spec else (None, None)
    if problem:
        directive._warn(f"hero-section: button {text!r}: {problem}", "image")
    return style, icon


class ButtonIcons(SphinxPostTransform):
    """Put each icon inside its resolved link (HTML), or drop it (other builders).

    Runs before :class:`~.hero.HeroButtonClasses`, which moves the button's
    classes onto a link that is the wrapper's only child.
    """

    default_priority = 19

    def run(self, **kwargs: Any) -> None:
        builder = compat.env_builder(self.env)
        if not may_hold(builder, self.env.docname, button_icon):
            return
        html = builder.format == "html"
        for icon in list(self.document.findall(button_icon)):
            parent = icon.parent
            if not html:
                parent.remove(icon)
                continue
            links = [n for n in parent.children if isinstance(n, nodes.reference)]
            if len(links) == 1 and links[0] is not icon:
                parent.remove(icon)
                links[0].insert(0, icon)



def setup(app: Sphinx) -> None:
    app.add_node(button_icon, html=(visit_button_icon_html, depart_button_icon_html))
    app.add_post_transform(ButtonIcons)
