"""Front matter of any page: ``title``, ``subtitle``, ``description``, ``image``, ``image-alt``.

MyST turns the YAML front matter of a page (and docutils the field list that
opens an rST page) into ``env.metadata[docname]``: strings, ``"null"`` for an
empty value.  This module reads those five keys once the page is read,
checks them (a located warning for each bad value), keeps what can be used
in ``env.innersource_front_matter`` (an :class:`EnvironmentCollector`: purged
with the page, merged after a parallel read), and

* inserts the ``subtitle`` as a lead paragraph under the page's first
  heading, in the doctree, so every builder shows it;
* registers a local ``image`` as an image of the page, so the HTML builder
  copies it to ``_images/`` like any other image (a file outside the source
  folder is refused: it is never published).

Unknown keys are left to Sphinx and MyST.  What the values become in the
HTML ``<head>`` is :mod:`sphinx_innersource.landing.sharing`'s business.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

from ..core.paths import hidden_characters, is_local_file, local_file_problem
from ..core.urls import looks_like_url, url_problem
from ..logs import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The keys read here; the others are left alone.
TEXT_KEYS = ("title", "subtitle", "description", "image-alt")
#: Raster formats link previews show (SVG is refused by most sites).
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")
IMAGE_SCHEMES = ("https",)
ATTR = "innersource_front_matter"


class page_subtitle(nodes.container):
    """The lead paragraph under a page's first heading (a ``<div>`` in HTML)."""


def front_matter(env: BuildEnvironment, docname: str) -> dict[str, Any]:
    """The checked front matter of *docname* (empty when it has none)."""
    return getattr(env, ATTR, {}).get(docname, {})


def key_line(path: str | Path, key: str) -> int:
    """The line of *path* that sets *key* in the front matter (or field list), else 1."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()[:200]
    except (OSError, UnicodeDecodeError):
        return 1
    pattern = re.compile(rf"^\s*(:{re.escape(key)}:|{re.escape(key)}\s*:)")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 1)


def _value(meta: dict[str, Any], key: str) -> str | None:
    """A value as one line of text; '' when present but empty (YAML null is 'null')."""
    if key not in meta:
        return None
    value = " ".join(str(meta[key]).split())
    return "" if value in ("null", "None", '""', "''") else value


class FrontMatterReader:
    """Checks the front matter of the page being read."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app, self.env, self.docname = app, app.env, docname
        self.source = app.env.doc2path(docname)

    def warn(self, key: str, message: str, subtype: str) -> None:
        warn(f"front matter: {message}", subtype=subtype,
             location=(self.docname, key_line(self.source, key)))

    def text(self, meta: dict[str, Any], key: str) -> str | None:
        value = _value(meta, key)
        if value == "":
            self.warn(key, f"{key!r} is empty and ignored. Fix: write a text after "
                      f"'{key}:' or remove the line", "front_matter")
            return None
        if value is not None and hidden_characters(value, allow_space=True):
            self.warn(key, f"{key!r} contains invisible or control characters and is "
                      "ignored. Fix: retype it as plain text", "front_matter")
            return None
        return value

    def image(self, uri: str) -> dict[str, str] | None:
        """``{"url": ...}`` for an allowed URL, ``{"src": ...}`` for a local file."""
        fix = "Fix: give a PNG, JPEG, GIF or WebP file inside the source folder or an https:// URL"
        if looks_like_url(uri):
            problem = url_problem(uri, IMAGE_SCHEMES)
            if problem:
                self.warn("image", f"image {uri!r} is refused: {problem}. {fix}", "image")
                return None
            return {"url": uri}
        rel, abspath = self.env.relfn2path(uri, self.docname)
        problem = local_file_problem(uri, self.env.srcdir, abspath)
        if not problem and not is_local_file(abspath):
            problem = "the file does not exist"
        if not problem and Path(rel).suffix.lower() not in RASTER:
            problem = "link previews show PNG, JPEG, GIF and WebP images only"
        if problem:
            self.warn("image", f"image {uri!r} is refused: {problem}. {fix}", "image")
            return None
        self.env.note_dependency(rel)
        self.env.images.add_file(self.docname, rel)  # a unique name in _images/
        return {"src": rel}

    def read(self) -> dict[str, Any]:
        meta = self.env.metadata.get(self.docname, {})
        found: dict[str, Any] = {}
        for key in TEXT_KEYS:
            value = self.text(meta, key)
            if value:
                found[key] = value
        uri = self.text(meta, "image")
        image = self.image(uri) if uri else None
        if image:
            found["image"] = image
        if "image-alt" in found and not image:
            self.warn("image-alt", "'image-alt' is given without a usable 'image' and is "
                      "ignored. Fix: add 'image:' or remove 'image-alt:'", "image")
            del found["image-alt"]
        return found


def insert_subtitle(doctree: nodes.document, text: str) -> None:
    """The subtitle as a lead paragraph right under the first heading."""
    para = nodes.paragraph(text, text, classes=["innersource-subtitle__text"])
    box = page_subtitle("", para, classes=["innersource-subtitle"])
    section = doctree.next_node(nodes.section)
    if section is not None and len(section) and isinstance(section[0], nodes.title):
        box.source, box.line = section[0].source, section[0].line
        section.insert(1, box)
    else:
        doctree.insert(0, box)


class FrontMatterCollector(EnvironmentCollector):
    """Keeps the checked front matter of each page in ``env.innersource_front_matter``."""

    def enable(self, app: Sphinx) -> None:
        super().enable(app)
        # After Sphinx's MetadataCollector (priority 500), which fills
        # env.metadata from an rST page's field list.
        app.disconnect(self.listener_ids["doctree-read"])
        self.listener_ids["doctree-read"] = app.connect("doctree-read", self.process_doc,
                                                        priority=600)

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        getattr(env, ATTR, {}).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        data = env.__dict__.setdefault(ATTR, {})
        theirs = getattr(other, ATTR, {})
        for docname in docnames:
            if docname in theirs:
                data[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        docname = app.env.docname
        found = FrontMatterReader(app, docname).read()
        if "subtitle" in found:
            insert_subtitle(doctree, found["subtitle"])
        if found:
            app.env.__dict__.setdefault(ATTR, {})[docname] = found


def copy_front_matter_image(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Have an HTML builder copy the page's front-matter image.

    ``doctree-resolved`` runs in the main process, also when pages are
    written in parallel, so the builder's list of images is complete.
    """
    images = getattr(app.builder, "images", None)
    src = front_matter(app.env, docname).get("image", {}).get("src")
    if app.builder.format == "html" and images is not None and src in app.env.images:
        images[src] = app.env.images[src][1]


def setup(app: Sphinx) -> None:
    app.add_node(page_subtitle)
    app.add_env_collector(FrontMatterCollector)
    app.connect("doctree-resolved", copy_front_matter_image)
