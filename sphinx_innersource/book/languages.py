"""A book in several languages: each language's build knows the others.

``innersource_languages`` (language code -> folder, ``""`` for the source
language; :mod:`sphinx_innersource.core.translations`) names every language
of the book.  Each language is a Sphinx build of its own, from its folder to
the same folder of the site, so its search index, short URLs and
``patterns.json`` are its own.  In each build this module

* leaves the folders of the other languages out of the book
  (``exclude_patterns``) and, when ``html_baseurl`` is the site's address,
  makes it this language's folder of the site (``<base>/<lang>/``);
* finds, when the builder starts, the documents of the other languages
  (their source folders, by docname, as Sphinx would find them);
* adds to every HTML page a language switcher (at the top of the page's
  body, so that every theme shows it): the same page in each other language
  when it exists there, else that language's front page; and
  ``<link rel="alternate" hreflang="...">`` for each language that has the
  page, with ``x-default`` for the source language;
* writes every page again when the pages of another language changed
  (``env-get-updated``), since every page shows the switcher.
"""

from __future__ import annotations

import html
import posixpath
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from sphinx.project import Project
from sphinx.util.osutil import relative_uri

from ..config import conf_location
from ..core.fingerprint import changed
from ..core.translations import Language, parse_languages
from ..i18n import _
from ..logs import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

CONFIG = "innersource_languages"
#: Environment attribute: builder name -> fingerprint of the other languages' pages.
ENV_ATTRIBUTE = "innersource_languages_shown"
#: Builders whose pages get the switcher (one file per page).
BUILDERS = frozenset({"html", "dirhtml"})


@dataclass
class SiteLanguages:
    """The languages of the book, as one build sees them."""

    own: Language
    languages: list[Language]
    #: the source folder of the site's root.
    root: Path
    #: the exclude patterns the book set itself (before ours).
    exclude: list[str]
    #: language code -> its documents (the own language: this build's).
    docs: dict[str, set[str]] = field(default_factory=dict)

    def others(self) -> list[Language]:
        return [lang for lang in self.languages if lang != self.own]

    def folder_of(self, language: Language) -> Path:
        return self.root / language.folder if language.folder else self.root


#: The languages of each build, by its configuration (which directives see too).
SITES: weakref.WeakKeyDictionary[Any, SiteLanguages] = weakref.WeakKeyDictionary()


def site_of(config: Config) -> SiteLanguages | None:
    return SITES.get(config)


def language_name(code: str) -> str:
    """The name of a language in that language (``日本語``, ``Español``), from Babel."""
    try:
        name = Locale.parse(code.split("@")[0]).get_display_name() or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


# -- configuration ------------------------------------------------------------------

def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: read the languages; keep this build to its own folder."""
    value = config[CONFIG]
    if not value:
        return
    where = conf_location(app.confdir, CONFIG)
    languages, _problems = parse_languages(value)  # config.py warned about them
    code = config.language or "en"
    own = next((lang for lang in languages if lang.code == code), None)
    if own is None:
        if languages:
            warn(f"{CONFIG} has no entry for the language of this book ({code!r}); the "
                 "pages get no language switcher. Fix: add it, or set language to one of "
                 f"{', '.join(lang.code for lang in languages)}", subtype="config",
                 location=where)
        return
    root = Path(app.srcdir)
    for _part in range(own.depth()):
        root = root.parent
    site = SiteLanguages(own, languages, root, list(config.exclude_patterns))
    SITES[config] = site
    nested = own.nested(languages)
    config.exclude_patterns = [*config.exclude_patterns,
                               *[p for p in nested if p not in config.exclude_patterns]]
    base = (config.html_baseurl or "").rstrip("/")
    if own.folder and base and not base.endswith("/" + own.folder):
        config.html_baseurl = f"{base}/{own.folder}/"


def site_base_url(app: Sphinx, site: SiteLanguages) -> str:
    """The address of the site's root ('' when ``html_baseurl`` is not set)."""
    base = (app.config.html_baseurl or "").rstrip("/")
    if base and site.own.folder and base.endswith("/" + site.own.folder):
        base = base[: -len(site.own.folder) - 1]
    return base + "/" if base else ""


def find_documents(app: Sphinx) -> None:
    """``builder-inited``: the documents of every other language, by docname."""
    site = site_of(app.config)
    if site is None:
        return
    site.docs = {}
    for language in site.others():
        folder = site.folder_of(language)
        if not folder.is_dir():
            warn(f"{CONFIG}: the folder {language.folder or '.'!r} of {language.code!r} does "
                 f"not exist ({folder}); the switcher leaves it out. Fix: correct the folder "
                 "or build the book from the folder of its source language",
                 subtype="config", location=conf_location(app.confdir, CONFIG))
            continue
        project = Project(folder, app.config.source_suffix)
        site.docs[language.code] = set(project.discover(
            [*site.exclude, *language.nested(site.languages)]))


def rewrite_when_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page, when the other languages' pages changed."""
    site = site_of(app.config)
    if site is None or app.builder.name not in BUILDERS:
        return []
    store = vars(env).setdefault(ENV_ATTRIBUTE, {})
    shown = sorted((code, sorted(docs)) for code, docs in site.docs.items())
    if changed(store, app.builder.name, shown):
        return sorted(env.found_docs)
    return []


# -- the page -------------------------------------------------------------------------

@dataclass
class Alternate:
    language: Language
    #: the page in that language, relative to the site's root, and to this page.
    path: str
    href: str
    #: the page exists in that language (else the link leads to its front page).
    exists: bool


def alternates(app: Sphinx, site: SiteLanguages, pagename: str) -> list[Alternate]:
    """The page in every language that is built: the source language first."""
    builder = app.builder
    generated = pagename not in app.env.found_docs  # genindex, search: every build has them
    here = posixpath.join(site.own.folder, builder.get_target_uri(pagename))
    result = []
    for language in site.languages:
        docs = site.docs.get(language.code)
        if language != site.own and docs is None:
            continue
        exists = language == site.own or generated or pagename in docs
        target = pagename if exists else app.config.root_doc
        there = posixpath.join(language.folder, builder.get_target_uri(target))
        result.append(Alternate(language, there, relative_uri(here, there), exists))
    return result


def switcher_html(site: SiteLanguages, found: list[Alternate]) -> str:
    items = []
    for alt in found:
        code, name = alt.language.hreflang, html.escape(language_name(alt.language.code))
        if alt.language == site.own:
            items.append(f'<li class="innersource-language-current"><span lang="{code}" '
                         f'aria-current="page">{name}</span></li>')
            continue
        title = "" if alt.exists else html.escape(
            _("This page is not translated; the link leads to the front page"))
        extra = "" if alt.exists else f' class="innersource-language-missing" title="{title}"'
        items.append(f'<li><a href="{html.escape(alt.href or "#")}" hreflang="{code}" '
                     f'lang="{code}"{extra}>{name}</a></li>')
    label = html.escape(_("Languages"))
    return (f'<nav class="innersource-languages" aria-label="{label}">'
            f'<ul>{"".join(items)}</ul></nav>\n')


def hreflang_links(app: Sphinx, site: SiteLanguages, found: list[Alternate]) -> str:
    """``<link rel="alternate" hreflang>`` for the languages that have the page (absolute
    with ``html_baseurl``), and ``x-default``: the source language's page."""
    existing = [alt for alt in found if alt.exists]
    if len(existing) < 2:
        return ""
    base = site_base_url(app, site)
    here = next(alt for alt in existing if alt.language == site.own)

    def url(alt: Alternate) -> str:
        return base + alt.path if base else (relative_uri(here.path, alt.path)
                                              or posixpath.basename(alt.path) or "./")

    links = [(alt.language.hreflang, url(alt)) for alt in existing]
    source = next((alt for alt in existing if not alt.language.folder), None)
    if source is not None:
        links.append(("x-default", url(source)))
    return "".join(f'<link rel="alternate" hreflang="{html.escape(lang)}" '
                   f'href="{html.escape(href)}" />\n' for lang, href in links)


def add_to_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    """``html-page-context``: the switcher and the alternate links of one page."""
    site = site_of(app.config)
    if site is None or app.builder.name not in BUILDERS or not site.docs:
        return
    found = alternates(app, site, pagename)
    if "body" in context:
        context["body"] = switcher_html(site, found) + context["body"]
    if "metatags" in context:
        context["metatags"] += "\n" + hreflang_links(app, site, found)


def setup(app: Sphinx) -> None:
    # after the check of innersource_* values (400), before sharing's use of
    # html_baseurl (500)
    app.connect("config-inited", configure, priority=450)
    app.connect("builder-inited", find_documents)
    app.connect("env-get-updated", rewrite_when_changed)
    app.connect("html-page-context", add_to_page)
