"""Stable short URLs: ``<folder>/<id>.html`` redirects to each pattern page.

With ``innersource_short_urls = "p"`` the ``html`` and ``dirhtml`` builders
write, for every pattern id and every alias (slugified), two small HTML
pages that send the reader on to the pattern page:

* ``p/<id>.html``, which any static server can serve, and
* ``p/<id>/index.html``, for servers that map ``/p/<id>/`` to a folder.

Single-page HTML and EPUB get none: there the pattern pages are not files
of their own, so a redirect would have nowhere sensible to point.

The files are written when the build finishes.  The list of files written is
kept in the output folder (:data:`MANIFEST`), so that the next build, even an
incremental one, removes the redirects of patterns and aliases that have
gone, and of a folder that is no longer configured.  A file is only ever
removed or overwritten when it carries this module's marker.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from ..config import conf_location
from ..core.filenames import fold_key, name_problem
from ..core.model import Pattern, PatternIndex, slugify
from ..domain import get_domain
from ..i18n import _
from ..logs import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: Builders that get short URLs (and, see export.py, ``patterns.json``).
BUILDERS = frozenset({"html", "dirhtml"})

#: Names the files written by the previous build, relative to the output folder.
MANIFEST = ".innersource-short-urls.json"

#: Present in every redirect page; only files carrying it are replaced or removed.
MARKER = '<meta name="generator" content="sphinx-innersource short URL">'

_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_folder(value: object) -> str:
    """The configured folder, normalised; ``""`` when short URLs are off.

    Raises :class:`ValueError` (with the reason) for anything that is not a
    plain relative folder inside the output: absolute paths, ``..``, empty
    segments, characters other than ASCII letters, digits, ``.``, ``_`` and
    ``-``, and a first segment starting with ``_`` (Sphinx's own folders,
    such as ``_static``, start with one).
    """
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise ValueError("it is not a string")
    text = value.strip()
    if not text:
        return ""
    if text.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", text):
        raise ValueError("it is an absolute path")
    if "\\" in text:
        raise ValueError("it contains a backslash; separate folders with '/'")
    segments = text.rstrip("/").split("/")
    for segment in segments:
        if segment in ("", ".", ".."):
            raise ValueError("it contains an empty, '.' or '..' segment")
        if not _SEGMENT.fullmatch(segment):
            raise ValueError(f"the folder name {segment!r} contains characters other than "
                             "letters, digits, '.', '_' and '-'")
    if segments[0].startswith("_"):
        raise ValueError("it starts with '_', like the folders Sphinx writes itself")
    return "/".join(segments)


@dataclass(frozen=True)
class ShortURL:
    """One short name of a pattern: its id or the slug of one of its aliases."""

    slug: str
    pattern: Pattern
    #: The alias as written, ``None`` for the pattern id.
    alias: str | None = None

    @property
    def what(self) -> str:
        return f"its alias {self.alias!r}" if self.alias else f"its id {self.slug!r}"

    def paths(self, folder: str) -> tuple[str, str]:
        """The two files of this short URL, relative to the output folder."""
        return (f"{folder}/{self.slug}.html", f"{folder}/{self.slug}/index.html")


def plan(
    index: PatternIndex, folder: str, taken: set[str] | frozenset[str] = frozenset()
) -> tuple[list[ShortURL], list[tuple[str, Pattern]]]:
    """Decide which short URLs to write.

    *taken* holds output files (relative, ``/``-separated) that belong to
    real pages and must not be replaced.  Returns the short URLs, sorted by
    slug, and the problems as ``(message, pattern)`` pairs.  Pure: it warns
    about nothing itself.
    """
    patterns = index.patterns_by_id()
    claims: dict[str, dict[str, str]] = {}  # alias slug -> pattern id -> alias text
    for pattern_id in sorted(patterns):
        for alias in patterns[pattern_id].aliases:
            slug = slugify(alias)
            if slug and slug != pattern_id:
                claims.setdefault(slug, {}).setdefault(pattern_id, alias)

    problems: list[tuple[str, Pattern]] = []
    candidates = [ShortURL(pattern_id, patterns[pattern_id])
                  for pattern_id in sorted(patterns) if pattern_id]
    for slug in sorted(claims):
        owners = claims[slug]
        for pattern_id, alias in owners.items():
            pattern = patterns[pattern_id]
            if slug in patterns:
                problems.append((
                    f"alias {alias!r} of pattern {pattern_id!r} gets no short URL: "
                    f"{folder}/{slug} is the short URL of the pattern {slug!r}. Fix: "
                    "remove or reword the alias", pattern))
            elif len(owners) > 1:
                others = ", ".join(repr(o) for o in owners if o != pattern_id)
                problems.append((
                    f"alias {alias!r} of pattern {pattern_id!r} gets no short URL: "
                    f"pattern(s) {others} use the same alias. Fix: keep the alias on "
                    "one pattern only", pattern))
            else:
                candidates.append(ShortURL(slug, pattern, alias))

    result = []
    for entry in _portable(candidates, folder, problems):
        clash = [p for p in entry.paths(folder) if p in taken]
        if clash:
            name = repr(entry.alias) if entry.alias else "id"
            problems.append((
                f"pattern {entry.pattern.id!r}: the short URL of its {name} would replace "
                f"the page {clash[0]!r}, so it is not written. Fix: choose another "
                "innersource_short_urls folder", entry.pattern))
            continue
        result.append(entry)
    return result, problems


def _portable(candidates: list[ShortURL], folder: str,
              problems: list[tuple[str, Pattern]]) -> list[ShortURL]:
    """The candidates whose files every file system can hold, sorted by slug.

    A slug too long for a file name is left out; of slugs that are one file
    on a case-insensitive system (macOS, Windows), the id comes first, then
    the alias of the smallest slug, and the others are left out.
    """
    kept = []
    for entry in candidates:
        problem = name_problem(entry.slug, ".html")
        if problem:
            problems.append((f"pattern {entry.pattern.id!r}: {entry.what} gets no short URL: "
                             f"{problem}. Fix: use a shorter "
                             f"{'alias' if entry.alias else 'id'}", entry.pattern))
        else:
            kept.append(entry)
    first: dict[str, ShortURL] = {}
    for entry in sorted(kept, key=lambda e: (e.alias is not None, e.slug)):
        owner = first.setdefault(fold_key(entry.slug), entry)
        if owner is not entry:
            problems.append((
                f"pattern {entry.pattern.id!r}: {entry.what} gets no short URL: "
                f"{folder}/{entry.slug}.html is the same file as {folder}/{owner.slug}.html "
                f"(of pattern {owner.pattern.id!r}) on file systems that ignore case, such "
                f"as those of macOS and Windows. Fix: make the names differ by more than "
                "case", entry.pattern))
    return sorted(first.values(), key=lambda e: e.slug)


def page_files(builder: Builder) -> set[str]:
    """Output files of the book's pages, relative to the output folder."""
    env = builder.env
    if isinstance(builder, StandaloneHTMLBuilder):
        outdir = Path(builder.outdir)
        return {Path(builder.get_outfilename(d)).relative_to(outdir).as_posix()
                for d in env.found_docs}
    suffix = builder.config.html_file_suffix or ".html"
    return {f"{docname}{suffix}" for docname in env.found_docs}


def page_uri(builder: Builder, docname: str) -> str:
    """URL of a page relative to the output root, percent-encoded once."""
    return quote(builder.get_target_uri(docname), safe="/%#")


def absolute_url(base_url: str, uri: str) -> str:
    """Join like Sphinx does for ``html_baseurl`` (canonical links, sitemaps)."""
    return posixpath.join(base_url, uri)


def short_urls_of(app: Sphinx) -> dict[str, str]:
    """Pattern id -> its short URL (relative to the output root), no warnings.

    Empty when the option is unset or not valid.  Used by the JSON export.
    """
    try:
        folder = check_folder(app.config.innersource_short_urls)
    except ValueError:
        return {}
    if not folder:
        return {}
    entries, _problems = plan(get_domain(app.env).index, folder, page_files(app.builder))
    return {e.pattern.id: e.paths(folder)[0] for e in entries if e.alias is None}


def redirect_page(href: str, canonical: str, title: str, language: str) -> str:
    """A small HTML5 page that sends the reader to *href* at once."""
    e = html.escape
    # (outside the f-string: Babel's extractor finds no call inside one before Python 3.12)
    moved = _("This page has moved to")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"{MARKER}\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={e(href)}">\n'
        f'<link rel="canonical" href="{e(canonical)}">\n'
        f"<title>{e(title)}</title>\n"
        "</head>\n"
        "<body>\n"
        f'<p>{e(moved)} <a href="{e(href)}">{e(title)}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def _is_ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return MARKER in handle.read(2000)
    except OSError:
        return False


def _inside(outdir: Path, rel: str) -> Path | None:
    """``outdir / rel`` if it stays inside *outdir* (the manifest is input too)."""
    path = (outdir / rel).resolve()
    root = outdir.resolve()
    return path if path != root and root in path.parents else None


def _read_manifest(outdir: Path) -> set[str]:
    try:
        data = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    return {f for f in files if isinstance(f, str)} if isinstance(files, list) else set()


def _remove(outdir: Path, rel: str) -> None:
    try:
        path = _inside(outdir, rel)
        if path is None or not path.is_file() or not _is_ours(path):
            return
        path.unlink()
    except OSError:  # a name the file system refuses (the manifest is input too)
        return
    root = outdir.resolve()
    parent = path.parent
    while parent != root and root in parent.parents:
        try:
            parent.rmdir()  # only succeeds when empty
        except OSError:
            break
        parent = parent.parent


def wanted_files(app: Sphinx) -> dict[str, tuple[str, Pattern]]:
    """Relative path -> (content, pattern) of every redirect this build should have.

    Emits the warnings about the option and the skipped short URLs.
    """
    builder = app.builder
    raw = app.config.innersource_short_urls
    try:
        folder = check_folder(raw)
    except ValueError as exc:
        warn(f"innersource_short_urls = {raw!r} is not used: {exc}. Fix: give a relative "
             "folder name such as 'p' (or '' to write no short URLs)",
             subtype="short_url",
             location=conf_location(app.confdir, "innersource_short_urls"))
        return {}
    if not folder:
        return {}
    entries, problems = plan(get_domain(app.env).index, folder, page_files(builder))
    for message, pattern in problems:
        warn(message, subtype="short_url", location=(pattern.docname, pattern.lineno))

    base_url = app.config.html_baseurl
    language = (app.config.language or "en").replace("_", "-")
    files: dict[str, tuple[str, Pattern]] = {}
    for entry in entries:
        target = page_uri(builder, entry.pattern.docname)
        title = entry.pattern.title or entry.pattern.id
        for rel in entry.paths(folder):
            href = relative_uri(quote(rel), target) or "./"
            canonical = absolute_url(base_url, target) if base_url else href
            files[rel] = (redirect_page(href, canonical, title, language), entry.pattern)
    return files


def _write(path: Path, rel: str, content: str, pattern: Pattern) -> bool:
    """Write one redirect page; False (and a located warning) when it is not written."""
    location = (pattern.docname, pattern.lineno)
    try:
        if path.exists() and (not path.is_file() or not _is_ours(path)):
            warn(f"short URL {rel!r} of pattern {pattern.id!r} is not written: the output "
                 "already has a file of that name that this extension did not write. Fix: "
                 "choose another innersource_short_urls folder or rename that file",
                 subtype="short_url", location=location)
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8", newline="\n")
    except OSError as exc:
        warn(f"short URL {rel!r} of pattern {pattern.id!r} cannot be written "
             f"({exc.strerror or exc}). Fix: remove what is in the way in the output "
             "folder or choose another innersource_short_urls folder",
             subtype="short_url", location=location)
        return False
    return True


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in BUILDERS:
        return
    outdir = Path(app.outdir)
    previous = _read_manifest(outdir)
    files = wanted_files(app)

    for rel in sorted(previous - files.keys()):
        _remove(outdir, rel)

    written = [rel for rel, (content, pattern) in files.items()
               if _write(outdir / rel, rel, content, pattern)]

    manifest = outdir / MANIFEST
    if written:
        manifest.write_text(json.dumps({"files": sorted(written)}, indent=1) + "\n",
                            encoding="utf-8")
    elif manifest.exists():
        manifest.unlink()


def setup(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
