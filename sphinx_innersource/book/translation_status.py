"""The ``translation-status`` directive: which patterns each translation has.

For every translation of the book (``innersource_languages``), the pattern
pages of the source language it translates, those it lacks, and those that
may be outdated: the original's file no longer has the digest the
translation records (:func:`sphinx_innersource.core.translations.site_status`,
which the ``sphinx-innersource status`` command shows too).

The other languages' files are not part of this build, so the pages holding
the directive are read again at every build (as the pages of a local
calendar are); their content is small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..collectors import PagesReadEachBuild
from ..compat import env_builder
from ..core.translations import Status, site_status
from ..i18n import _
from ..logs import warn
from .languages import BUILDERS, CONFIG, SiteLanguages, language_name, site_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

ATTR = "innersource_status_docs"


def status_docs(env: BuildEnvironment) -> set[str]:
    return vars(env).setdefault(ATTR, set())


class TranslationStatus(SphinxDirective):
    """``translation-status``: lists, per translation, translated, outdated and missing patterns."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        site = site_of(self.config)
        status_docs(self.env).add(self.env.docname)
        if site is None or len(site.languages) < 2:
            warn(f"translation-status: {CONFIG} names no translation of this book, so there is "
                 f"nothing to show. Fix: set {CONFIG} in conf.py (see 'A book in several "
                 "languages'), or remove the directive", subtype="config",
                 location=self.get_location())
            return []
        if site.own != site.languages[0]:
            warn("translation-status shows the translations of the source language's book; "
                 "in a translation it shows nothing. Fix: put it in a page of the "
                 f"{site.languages[0].code!r} book", subtype="config",
                 location=self.get_location())
            return []
        container = nodes.container(classes=["innersource-translation-status"])
        for status in site_status(site.root, site.languages):
            container += self.language_block(site, status)
        return [container]

    def language_block(self, site: SiteLanguages, status: Status) -> list[nodes.Node]:
        language = next(lang for lang in site.languages if lang.code == status.language)
        total = len(status.translated) + len(status.missing)
        title = f"{language_name(language.code)} ({language.code})"
        summary = _("{translated} of {total} patterns translated, {outdated} possibly "
                    "outdated, {missing} missing").format(
            translated=len(status.translated), total=total, outdated=len(status.outdated),
            missing=len(status.missing))
        out: list[nodes.Node] = [nodes.rubric(title, title),
                                 nodes.paragraph(summary, summary)]
        rows = ((_("Possibly outdated"), status.outdated, True),
                (_("Translated"), [d for d in status.translated if d not in status.outdated],
                 True),
                (_("Missing"), status.missing, False))
        for label, docnames, translated in rows:
            if not docnames:
                continue
            items = nodes.bullet_list()
            for docname in docnames:
                items += nodes.list_item("", self.entry(site, language, docname, translated))
            out += [nodes.paragraph("", "", nodes.strong(label, label)), items]
        return out

    def entry(self, site: SiteLanguages, language, docname: str,
              translated: bool) -> nodes.paragraph:
        """The English page, and for a translated one a link to the translation (HTML)."""
        para = nodes.paragraph()
        ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname,
                                    refexplicit=False, refwarn=True)
        ref += nodes.inline(docname, docname)
        para += ref
        builder = env_builder(self.env)
        if translated and builder.name in BUILDERS:
            here = builder.get_target_uri(self.env.docname)
            there = f"{language.folder}/{builder.get_target_uri(docname)}"
            para += nodes.Text(" \u2192 ")
            name = language_name(language.code)
            para += nodes.reference(name, name, refuri=relative_uri(here, there))
        return para


class StatusCollector(PagesReadEachBuild):
    """The pages with the directive: read again at every build."""

    attr = ATTR


def setup(app: Sphinx) -> None:
    app.add_directive("translation-status", TranslationStatus)
    app.add_env_collector(StatusCollector)
