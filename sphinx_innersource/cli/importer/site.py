"""``import --language all``: the English book and every translation in one source tree.

The English book is DEST itself; each translation is ``DEST/<lang>/`` (Sphinx's
language code), a Sphinx project of its own whose ``conf.py`` runs the shared
``DEST/conf.py`` first and then sets what differs (``language``, the
translated headings, its own silenced warnings).  ``innersource_languages``
in the shared ``conf.py`` names every language and its folder; the extension
keeps each build to its own folder and links the languages together.

A translation folder holds the translated patterns only (a search in it
finds no English page); a translated page records the English page it
translates and that page's digest in its front matter
(:mod:`sphinx_innersource.core.translations`).  When the source repository
is a git work tree and the English file changed after the translation's
last commit, the digest recorded is that of the English page as it was
then, so the translation shows as possibly outdated.

Nothing here imports Sphinx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...core.history import History
from ...core.translations import LANGUAGE_CODE, front_matter_lines, normalise, page_digest
from .report import PAGES_DIR, Report
from .safety import ImportFailed
from .scan import SourceFile

#: The page of the English book that shows the status of every translation.
STATUS_PAGE = "translations"

LANGUAGE_FOLDER_NAMES = {"patterns", "_build", "_extra", "_static", "_templates", "assets"}


@dataclass
class Site:
    """What the projects of one site share while they are made."""

    languages: list[str]
    history: History
    #: pattern id -> the English page (text) and its source file.
    english_pages: dict[str, str] = field(default_factory=dict)
    english_sources: dict[str, SourceFile] = field(default_factory=dict)
    #: (pattern id, an older text of its English file) -> that English page.
    reconvert: Callable[[str, str], str] | None = None


def check_site_languages(languages: list[str]) -> None:
    """Refuse a translation whose folder would take the place of a part of the English book."""
    for code in languages:
        if code.lower() in LANGUAGE_FOLDER_NAMES or not LANGUAGE_CODE.fullmatch(code):
            raise ImportFailed(f"the translation folder for {code!r} is not named by a "
                               "language code (such as 'ja' or 'pt-br'), so it cannot be a "
                               "folder of the book beside the English pages. Fix: rename it "
                               "after its language")


def root_conf_lines(languages: list[str]) -> list[str]:
    """The lines the shared ``conf.py`` adds for a book in several languages."""
    folders = {"en": "", **{code: code for code in languages}}
    return [
        "",
        "# Every language of the book: code -> its folder, for the sources and in the",
        "# built site. English is this folder; each translation builds from its own",
        "# folder with its conf.py, which runs this file first. Build them all with",
        "# `sphinx-innersource site . _build/site`.",
        f"innersource_languages = {folders!r}",
        'innersource_short_urls = "p"  # /p/<id> and /<lang>/p/<id>',
    ]


def translation_conf(language: str, source_name: str, body: list[str]) -> str:
    """The ``conf.py`` of a translation: the shared one, then *body* (what differs)."""
    lines = [
        f"# Sphinx configuration of the {language!r} translation, written by "
        f"`sphinx-innersource import` from {source_name}.",
        "# It runs the configuration every language shares (../conf.py), then sets what",
        "# is this language's own. Edit freely; a new import with --force keeps your",
        "# version as conf.py.orig.",
        "from pathlib import Path",
        "",
        '_shared = Path(__file__).resolve().parent.parent / "conf.py"',
        'exec(compile(_shared.read_text(encoding="utf-8"), _shared, "exec"))',
        "",
        "# the English book's own values, which are not this book's",
        "html_extra_path = []",
        "suppress_warnings = []",
        *body,
    ]
    return "\n".join(lines) + "\n"


def status_page() -> dict[str, str]:
    text = "\n".join([
        "# Translations", "",
        "Which patterns each translation has, which are missing, and which may be "
        "outdated because the English page changed after the translation was made.", "",
        "```{translation-status}", "```", "",
    ])
    return {f"{STATUS_PAGE}.md": text}


def mark_translations(site: Site, files: dict[str, str | bytes],
                      chosen: dict[str, SourceFile], report: Report) -> None:
    """Give each translated page the front matter naming its English page and digest."""
    for pattern_id, source in chosen.items():
        name = f"{PAGES_DIR}/{pattern_id}.md"
        english = site.english_pages.get(pattern_id)
        if source.language is None or english is None or name not in files:
            continue
        digest = page_digest(english)
        original = site.english_sources[pattern_id]
        translated_at = site.history.last_change(source.relpath)
        changed_at = site.history.last_change(original.relpath)
        if translated_at is not None and changed_at is not None and changed_at > translated_at:
            older = site.history.text_at(original.relpath, translated_at)
            digest = page_digest(site.reconvert(pattern_id, normalise(older))) \
                if older is not None and site.reconvert else ""
            report.add(source.relpath, 1, f"{original.relpath} changed after this "
                       "translation (git history); marked as possibly outdated", "note")
        page = files[name]
        assert isinstance(page, str)
        files[name] = "\n".join(front_matter_lines(f"{PAGES_DIR}/{pattern_id}", digest)) + page
