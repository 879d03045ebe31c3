"""Sharing metadata (Open Graph, ``<meta name="description">``), built on sphinxext-opengraph.

sphinxext-opengraph writes ``og:title``, ``og:type``, ``og:url``,
``og:site_name``, ``og:description``, ``og:image`` and ``og:image:alt`` in
its ``html-page-context`` handler (priority 500).  It takes per-page values
from ``context["meta"]`` (the page's ``env.metadata``): any ``og:*`` key
replaces the tag it would compute.  This module's handler runs before it
(priority 400, whatever the order of ``extensions``) and

* hands it a *copy* of that dict (it pops ``og:image`` from it) holding the
  page's values: the front matter (:mod:`.frontmatter`), else for a pattern
  page its patlet, its first image or ``innersource_default_image``, and
  ``og:type`` ``article``.  Every value is HTML-escaped here, because
  sphinxext-opengraph escapes only ``"`` in the values it is given;
* adds to ``context["metatags"]`` what per-page values cannot give it:
  ``<meta name="description">`` (it then leaves out its own),
  ``article:tag`` for each category of a pattern and ``twitter:card``
  ``summary_large_image`` when there is an image.

Nothing that depends on ``html_baseurl`` is stored at read time: it is an
``html`` configuration value, so changing it rewrites pages without reading
them again.  The canonical link comes from Sphinx's templates.
"""

from __future__ import annotations

import contextlib
import html
import io
import posixpath
import re
import shutil
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from docutils import nodes

from ..collectors import may_hold
from ..config import conf_location
from ..core.paths import is_local_file, local_file_problem
from ..core.urls import looks_like_url, url_problem
from ..domain import get_domain
from ..logs import warn
from .frontmatter import RASTER, front_matter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Where ``innersource_default_image`` is copied (a fixed name: pages
#: written in parallel processes compute it without shared state).
DEFAULT_IMAGE_DIR = "_images"
_DESCRIPTION_META = re.compile(r"""<meta\s[^>]*name\s*=\s*["']description["']""", re.I)
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}")


def shorten(text: str, limit: int) -> str:
    """*text* on one line, cut at a word boundary to at most *limit* characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    short = textwrap.shorten(text, width=limit, placeholder="\u2026")
    if short == "\u2026":  # one word longer than the limit
        short = text[: limit - 1] + "\u2026"
    return short


def plain(text: str) -> str:
    """A patlet without its inline markup (``**x**``, ``*x*``, ```x```, ``[t](u)``)."""
    return _MARKUP.sub(lambda m: m.group(1) or "", text)


# -- configuration -------------------------------------------------------------------

def configure_opengraph(app: Sphinx, config: Config) -> None:
    """Defaults of sphinxext-opengraph that fit a pattern book (the user's settings win)."""
    # og:url is joined to ogp_site_url (not html_baseurl) with urljoin(),
    # which drops the last folder of a URL without a trailing slash.
    if not config.ogp_site_url and config.html_baseurl:
        config.ogp_site_url = config.html_baseurl.rstrip("/") + "/"
    # Social cards need matplotlib and draw a picture of every page: off
    # unless the book asks for them.
    if config.ogp_social_cards is None:
        config.ogp_social_cards = {"enable": False}


def default_image(app: Sphinx) -> tuple[str, str] | None:
    """(source path or URL, URL relative to the site root or https URL), or None."""
    value = (app.config.innersource_default_image or "").strip()
    if not value:
        return None
    if looks_like_url(value):
        return value, value
    return value, f"{DEFAULT_IMAGE_DIR}/innersource-default-{posixpath.basename(value)}"


def check_default_image(app: Sphinx, config: Config) -> None:
    """Warn about an unusable ``innersource_default_image`` and forget it."""
    value = (config.innersource_default_image or "").strip()
    if not value:
        return
    if looks_like_url(value):
        problem = url_problem(value, ("https",))
    else:
        abspath = Path(app.srcdir, value.lstrip("/"))
        problem = local_file_problem(value, app.srcdir, abspath)
        if not problem and not is_local_file(abspath):
            problem = "the file does not exist"
        if not problem and abspath.suffix.lower() not in RASTER:
            problem = "link previews show PNG, JPEG, GIF and WebP images only"
    if problem:
        warn(f"innersource_default_image = {value!r} is refused: {problem}; pattern pages "
             "without an image get none. Fix: give a PNG, JPEG, GIF or WebP file inside the "
             "source folder (relative to it) or an https:// URL", subtype="config",
             location=conf_location(app.confdir, "innersource_default_image"))
        config.innersource_default_image = ""


def copy_default_image(app: Sphinx, exception: Exception | None) -> None:
    found = default_image(app)
    if exception is not None or app.builder.format != "html" or not found \
            or looks_like_url(found[0]):
        return
    target = Path(app.outdir, found[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(app.srcdir, found[0].lstrip("/")), target)


# -- the page's values -------------------------------------------------------------

def first_image(target_uri: str, doctree: nodes.document) -> tuple[str, str] | None:
    """The page's first raster image: (URL relative to the site root or https URL, alt).

    At ``html-page-context`` the translator has already rewritten each
    image's ``uri`` relative to the page (``../_images/x.png``).
    """
    for node in doctree.findall(nodes.image):
        uri = node.get("uri", "")
        if Path(urlsplit(uri).path).suffix.lower() not in RASTER or uri.startswith("data:"):
            continue
        if looks_like_url(uri):
            if url_problem(uri, ("https",)) is None:
                return uri, node.get("alt", "")
            continue
        return urljoin(target_uri, uri), node.get("alt", "")
    return None


def page_values(app: Sphinx, pagename: str, doctree: nodes.document) -> dict[str, Any]:
    """The unescaped values of the page: title, description, type, image, alt, tags."""
    env, config = app.env, app.config
    fm = front_matter(env, pagename)
    record = get_domain(env).doc_record(pagename)
    pattern = record.patterns[0] if record is not None and record.patterns else None
    title = fm.get("title") or (env.titles[pagename].astext() if pagename in env.titles
                                else "")
    description = fm.get("description") or fm.get("subtitle") or (
        plain(pattern.patlet) if pattern is not None and pattern.patlet else None)
    image = alt = None
    if "image" in fm:
        src = fm["image"].get("src")
        image = fm["image"].get("url") or (
            f"{DEFAULT_IMAGE_DIR}/{env.images[src][1]}" if src in env.images else None)
        alt = fm.get("image-alt")
    elif pattern is not None:
        found = first_image(app.builder.get_target_uri(pagename), doctree) \
            if may_hold(app.builder, pagename, nodes.image) else None
        if found is None and (default := default_image(app)) is not None:
            found = (default[1], "")
        if found is not None:
            image, alt = found
    if image and config.ogp_site_url and not looks_like_url(image):
        image = urljoin(config.ogp_site_url, image)
    return {
        "og:title": title,
        "og:description": shorten(description, config.ogp_description_length)
        if description else None,
        "og:type": "article" if pattern is not None else None,
        "og:image": image,
        "og:image:alt": (alt or title) if image else None,
        "tags": list(pattern.categories) if pattern is not None else [],
    }


def _tag(kind: str, name: str, content: str) -> str:
    return f'<meta {kind}="{name}" content="{html.escape(content, quote=True)}" />\n'


def add_sharing_metadata(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: nodes.document | None) -> None:
    """Feed sphinxext-opengraph the page's values; add the tags it cannot write."""
    # sphinxext-opengraph (0.9.1 to 0.13) reads context["pagename"], which the
    # json and pickle builders do not set: without it their build fails.
    context.setdefault("pagename", pagename)
    if doctree is None or app.builder.name == "epub" or "metatags" not in context:
        return
    meta = dict(context.get("meta") or {})  # a copy: sphinxext-opengraph pops from it
    if "ogp_disable" in meta:
        return
    values = page_values(app, pagename, doctree)
    # The page's own og:* keys win; like ours, they are escaped here.
    for key in [k for k in meta if k.startswith("og:")]:
        meta[key] = html.escape(" ".join(str(meta[key]).split()), quote=True)
    for key, value in values.items():
        if key.startswith("og:") and value and key not in meta:
            meta[key] = html.escape(value, quote=True)
    site_name = app.config.ogp_site_name
    site_name = app.config.project if site_name is None else site_name
    if site_name and "og:site_name" not in meta:
        meta["og:site_name"] = html.escape(str(site_name), quote=True)
    context["meta"] = meta

    extra = []
    description = values["og:description"] or (
        html.unescape(meta["og:description"]) if "og:description" in meta else None)
    if description and not _DESCRIPTION_META.search(context["metatags"]):
        extra.append(_tag("name", "description", description))
    extra += [_tag("property", "article:tag", tag) for tag in values["tags"]]
    if "og:image" in meta:
        extra.append(_tag("name", "twitter:card", "summary_large_image"))
    if extra:
        context["metatags"] += "\n" + "".join(extra)


def setup(app: Sphinx) -> None:
    # sphinxext-opengraph prints "matplotlib is not installed, social cards
    # will not be generated" when it is imported; we turn social cards off
    # (configure_opengraph), so the line would only puzzle the reader.
    with contextlib.redirect_stdout(io.StringIO()):
        import sphinxext.opengraph  # noqa: F401
    app.setup_extension("sphinxext.opengraph")  # nothing happens when the book lists it
    app.connect("config-inited", configure_opengraph)
    # after config.check_config (400), which checks the type
    app.connect("config-inited", check_default_image, priority=450)
    app.connect("html-page-context", add_sharing_metadata, priority=400)
    app.connect("build-finished", copy_default_image)
