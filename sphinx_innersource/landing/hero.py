"""The ``hero-section`` directive: a cover image beside a title, text and buttons.

Syntax (MyST)::

    ```{hero-section} InnerSource Patterns
    :image: _static/cover.svg
    :image-alt: Cover of the pattern book
    :buttons:
        Read the book <doc:patterns/index> [primary]
        Join us on Slack <https://example.org/slack> [secondary]

    Body text, with *any* MyST content.
    ```

``buttons`` takes one button per line, ``Text <target> [style]``; the
target is an ``https://``/``http://``/``mailto:`` URL, ``doc:NAME`` (a
document, like ``{doc}``), ``ref:LABEL`` (like ``{ref}``), a path with a
slash (a document) or a bare label; the optional style is ``primary``
(default), ``secondary`` or ``outline``.

The doctree uses standard nodes (image, rubric, paragraphs, references)
inside container subclasses, so every builder renders the content; HTML
gets a ``<section>`` laid out by ``static/sphinx-innersource-landing.css``.
"""

from __future__ import annotations

import glob
import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..collectors import may_hold
from ..compat import env_builder
from ..core.model import slugify
from ..core.paths import (
    hidden_characters,
    is_local_file,
    local_file_problem,
    text_problem,
)
from ..core.urls import LINK, WEB, looks_like_url, url_problem
from ..directives.base import checked_url, repair_options
from ..directives.known_instance import unique_id
from ..logs import warn
from ..nodes import hero_part, hero_section
from .buttons import style_and_icon
from .common import ShowLinkTargets, add_landing_stylesheet

if TYPE_CHECKING:
    from sphinx.application import Sphinx

POSITIONS = ("left", "right")
BACKGROUNDS = ("light", "dark", "none")
BUTTON_STYLES = ("primary", "secondary", "outline")
BUTTON_SCHEMES = LINK
IMAGE_SCHEMES = WEB

_CSS_CLASS = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")
_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(px|em|rem|%|ch|vw)?$")
#: One button: ``Text <target> [style]`` (the style part is optional).
_BUTTON = re.compile(
    r"(?P<text>[^<>\[\]\n]*?)\s*<(?P<target>[^<>\n]*)>(?:[ \t]*\[(?P<style>[^\[\]\n]*)\])?")


def visit_hero_section_html(self, node: hero_section) -> None:
    attrs: dict[str, str] = {}
    if node.get("labelledby"):
        attrs["aria-labelledby"] = node["labelledby"]
    if node.get("image_width"):
        attrs["style"] = f"--innersource-hero-image-width: {node['image_width']}"
    self.body.append(self.starttag(node, "section", "", **attrs))
    self.body.append('<div class="innersource-hero__inner">\n')


def depart_hero_section_html(self, node: hero_section) -> None:
    self.body.append("</div>\n</section>\n")


def visit_hero_part_html(self, node: hero_part) -> None:
    self.body.append(self.starttag(node, "div", ""))


def depart_hero_part_html(self, node: hero_part) -> None:
    self.body.append("</div>\n")


def css_classes(value: str) -> tuple[list[str], list[str]]:
    """Split *value* into valid CSS class names and refused tokens."""
    good, bad = [], []
    for token in value.split():
        (good if _CSS_CLASS.match(token) and not hidden_characters(token) else bad).append(token)
    return good, bad


def css_length(value: str) -> str | None:
    """A CSS length such as ``40%``, ``12rem`` or ``200`` (pixels), or None."""
    match = _LENGTH.match(value.strip())
    if not match:
        return None
    return match.group(1) + (match.group(2) or "px")


class HeroSectionDirective(SphinxDirective):
    """``hero-section`` TITLE, body = the text beside the image."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "image": directives.unchanged,
        "image-alt": directives.unchanged,
        "image-width": directives.unchanged,
        "image-position": directives.unchanged,
        "background": directives.unchanged,
        "buttons": directives.unchanged,
        "subtitle": directives.unchanged,
        "class": directives.unchanged,
        "name": directives.unchanged,
    }

    # -- helpers -------------------------------------------------------------
    def _warn(self, message: str, subtype: str = "option") -> None:
        warn(message, subtype=subtype, location=self.get_location())

    def _choice(self, option: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.options.get(option, "").strip()
        if not value:
            return default
        if value.lower() in allowed:
            return value.lower()
        self._warn(f"hero-section: :{option}: {value!r} is not allowed; using {default!r}. "
                   f"Fix: use one of {', '.join(allowed)}")
        return default

    # -- parts ---------------------------------------------------------------
    def _image(self) -> nodes.image | None:
        uri = self.options.get("image", "").strip()
        if not uri:
            if "image-alt" in self.options or "image-width" in self.options:
                self._warn("hero-section: :image-alt:/:image-width: given without :image:. "
                           "Fix: add :image: PATH or remove them", "image")
            return None
        alt = re.sub(r"\s+", " ", self.options.get("image-alt", "")).strip()
        if looks_like_url(uri):
            if checked_url(uri, what="hero-section: image", location=self.get_location(),
                           schemes=IMAGE_SCHEMES, outcome="left out") is None:
                return None
            problem = None
        else:
            problem = hidden_characters(uri, allow_space=True) and \
                "it contains invisible or control characters"
            if not problem:
                _rel, abspath = self.env.relfn2path(uri, self.env.docname)
                problem = local_file_problem(uri, self.env.srcdir, abspath)
                exists = (glob.glob(glob.escape(abspath[:-2]) + ".*") if uri.endswith(".*")
                          else is_local_file(abspath))
                if not problem and not exists:
                    problem = "the file does not exist"
        if problem:
            self._warn(f"hero-section: image {uri!r} is refused and left out: {problem}. "
                       "Fix: give a path inside the source folder or an https:// URL", "image")
            return None
        if not alt:
            self._warn(f"hero-section: image {uri!r} has no :image-alt:. Fix: describe the "
                       "image in :image-alt: (readers of screen readers depend on it)", "image")
        image = nodes.image(uri, uri=uri, alt=alt, classes=["innersource-hero__image"])
        self.set_source_info(image)
        return image

    def _button(self, match: re.Match[str]) -> nodes.Node | None:
        text = re.sub(r"\s+", " ", match.group("text")).strip().lstrip(",;").strip()
        if not text:
            self._warn(f"hero-section: button {match.group(0).strip()!r} has no text and is "
                       "left out. Fix: write each button as: Text <target> [style]")
            return None
        target = match.group("target").strip()
        style, icon = style_and_icon(self, text, match.group("style") or "", BUTTON_STYLES)
        classes = ["innersource-button", f"innersource-button--{style}"]
        label = nodes.Text(text)
        hidden = hidden_characters(target)
        kind, name = "url", target
        if hidden:
            problem: str | None = ("it contains invisible or control characters "
                                   f"({', '.join(hidden)})")
        elif target.startswith(("doc:", "ref:")):
            kind, name = target[:3], target[4:].strip()
            problem = None if name else "the name after the prefix is empty"
        elif looks_like_url(target):
            problem = url_problem(target, BUTTON_SCHEMES)
        elif not target:
            problem = "the target is empty"
        else:
            kind = "doc" if "/" in target else "ref"
            problem = None
        if not problem and kind != "url" and set(name) & set("&;<>\"'`\\"):
            problem = "a document name or label cannot contain & ; < > quotes or backslashes"
        if problem:
            self._warn(f"hero-section: button {text!r}: target {target!r} is refused and the "
                       f"button left out: {problem}. Fix: use an https:// URL, doc:NAME or "
                       "ref:LABEL", "url")
            return None
        # The button classes sit on a wrapper that HeroButtonClasses moves onto
        # the link once references are resolved (resolvers rebuild the label);
        # the icon waits beside the link until then (buttons.ButtonIcons).
        wrapper = nodes.inline("", "", classes=classes)
        if icon is not None:
            wrapper += icon
        if kind == "url":
            wrapper += nodes.reference("", "", label, refuri=target, classes=["external"])
            return wrapper
        if kind == "doc":
            for suffix in self.config.source_suffix:
                if name.endswith(suffix):
                    name = name[: -len(suffix)]
        xref = addnodes.pending_xref(
            "", label, refdomain="std", reftype=kind, reftarget=name.lower() if kind == "ref"
            else name, refexplicit=True, refwarn=True, refdoc=self.env.docname,
        )
        self.set_source_info(xref)
        wrapper += xref
        return wrapper

    def _buttons(self) -> nodes.paragraph | None:
        value = self.options.get("buttons", "")
        if "buttons" in self.options and not value.strip():
            self._warn("hero-section: :buttons: is empty. Fix: give buttons as "
                       "Text <target> [style], one per line, or remove the option")
        para = nodes.paragraph(classes=["innersource-hero__buttons"])
        position = 0
        for match in _BUTTON.finditer(value):
            self._leftover(value[position:match.start()])
            position = match.end()
            button = self._button(match)
            if button is not None:
                if len(para):
                    # a visible separator for LaTeX and text; the stylesheet hides it
                    para += nodes.inline("", " \u00b7 ", classes=["innersource-hero__sep"])
                para += button
        self._leftover(value[position:])
        return para if len(para) else None

    def _leftover(self, text: str) -> None:
        if text.strip(" \t\r\n,;"):
            self._warn(f"hero-section: {text.strip()!r} in :buttons: is not understood and left "
                       "out. Fix: write each button as: Text <target> [style]")

    def _classes(self, position: str) -> list[str]:
        """The hero's CSS classes: image position, background, the ``:class:`` option."""
        classes = ["innersource-landing", "innersource-hero",
                   f"innersource-hero--image-{position}"]
        background = self.options.get("background", "").strip()
        if not background or background.lower() in BACKGROUNDS:
            classes.append(f"innersource-hero--bg-{(background or 'light').lower()}")
        else:
            good, bad = css_classes(background)
            if bad or len(good) != 1:
                self._warn(f"hero-section: :background: {background!r} is not allowed; using "
                           "'light'. Fix: use light, dark, none or one CSS class name")
                classes.append("innersource-hero--bg-light")
            else:
                classes.extend(good)
        extra, bad = css_classes(self.options.get("class", ""))
        if bad:
            self._warn(f"hero-section: :class: values {' '.join(bad)!r} are not CSS class names "
                       "and are ignored. Fix: use letters, digits, '-' and '_' only")
        return classes + extra

    def _texts(self) -> tuple[str, str]:
        """The title and subtitle, on one line each; reported when not plain text."""
        title = re.sub(r"\s+", " ", self.arguments[0]).strip()
        subtitle = re.sub(r"\s+", " ", self.options.get("subtitle", "")).strip()
        for what, text in (("the title", title), (":image-alt:", self.options.get("image-alt")),
                           (":subtitle:", subtitle)):
            problem = text_problem(text or "")
            if problem:
                self._warn(f"hero-section: {what} {text!r}: {problem}. Fix: write plain text "
                           "(use MyST markup in the body)")
        return title, subtitle

    def _width(self) -> str:
        width = ""
        if self.options.get("image-width", "").strip():
            width = css_length(self.options["image-width"]) or ""
            if not width:
                self._warn(f"hero-section: :image-width: {self.options['image-width']!r} is not "
                           "a length. Fix: use a number with px, em, rem, ch, vw or %, "
                           "for example 40% or 240px")
        return width

    def run(self) -> list[nodes.Node]:
        repair_options(self)
        title, subtitle = self._texts()
        classes = self._classes(self._choice("image-position", POSITIONS, "left"))
        document = self.state.document
        section = hero_section("", classes=classes, image_width=self._width())
        self.set_source_info(section)

        heading = nodes.rubric(title, title, classes=["innersource-hero__title"])
        heading["heading-level"] = 2
        self.set_source_info(heading)
        name = self.options.get("name", "").strip()
        if name:
            heading["names"].append(nodes.fully_normalize_name(name))
            document.note_explicit_target(heading, heading)
        else:
            anchor = unique_id(document, f"hero-{slugify(title) or 'section'}")
            heading["ids"].append(anchor)
            document.ids[anchor] = heading
        if heading["ids"]:
            section["labelledby"] = heading["ids"][0]

        image = self._image()
        if image is not None:
            media = hero_part("", image, classes=["innersource-hero__media"])
            section += media
        body = hero_part("", heading, classes=["innersource-hero__body"])
        if subtitle:
            body += nodes.paragraph(subtitle, subtitle, classes=["innersource-hero__subtitle"])
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, body)
        buttons = self._buttons()
        if buttons is not None:
            body += buttons
        section += body
        return [section]


class HeroButtonClasses(SphinxPostTransform):
    """Move a button's classes from its wrapper onto the resolved link.

    Runs after the references are resolved, so that internal targets
    (``doc:``/``ref:``) get the same ``<a class="innersource-button ...">``
    as external ones.
    """

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        if not may_hold(env_builder(self.env), self.env.docname, hero_section):
            return
        for section in list(self.document.findall(hero_section)):
            for wrapper in list(section.findall(nodes.inline)):
                if "innersource-button" in wrapper["classes"] and len(wrapper) == 1 \
                        and isinstance(wrapper[0], nodes.reference):
                    ref = wrapper[0]
                    ref["classes"].extend(c for c in wrapper["classes"]
                                          if c not in ref["classes"])
                    wrapper.replace_self(ref.deepcopy())


class HeroImageWidth(SphinxPostTransform):
    """Give the hero image a width in non-HTML output (LaTeX), where the
    stylesheet does not apply."""

    default_priority = 20
    formats = ("latex", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for section in self.document.findall(hero_section):
            width = section.get("image_width") or "35%"
            for image in section.findall(nodes.image):
                image.setdefault("width", width)


def setup(app: Sphinx) -> None:
    app.add_node(hero_section, html=(visit_hero_section_html, depart_hero_section_html))
    app.add_node(hero_part, html=(visit_hero_part_html, depart_hero_part_html))
    app.add_directive("hero-section", HeroSectionDirective)
    app.add_post_transform(HeroButtonClasses)
    app.add_post_transform(HeroImageWidth)
    app.add_post_transform(ShowLinkTargets)
    app.connect("html-page-context", add_landing_stylesheet)
