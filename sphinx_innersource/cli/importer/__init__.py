"""``sphinx-innersource import``: an upstream pattern repository -> a Sphinx book.

The importer reads the layout of the InnerSource Commons pattern repository
(``patterns/<n>-<maturity>/*.md``, ``translation/<lang>/patterns/*.md``,
``pattern-categorization/*.md``) and writes a project that builds with
``sphinx-build -W``: one MyST page per pattern using the ``pattern`` and
``known-instance`` directives, a ``conf.py`` and an index page.

Nothing is dropped silently: what cannot be mapped stays in the page as
ordinary text and is listed in the report (``file:line: message``), which is
printed and written to ``import-report.txt`` in the project.  Problems the
extension would warn about during the build (a missing section, too few
known instances for the maturity) are reported with the extension's own
words, and ``conf.py`` silences exactly those kinds of warnings with
``suppress_warnings`` (with a comment naming the pages), so the imported
book builds with ``-W`` until someone fixes the content.

Nothing here imports Sphinx: the module runs without a build.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ...core.checks import (
    default_config,
    maturity_message,
    missing_sections,
    needed_instances,
    patlet_message,
    sections_apply,
    sections_message,
)
from ...core.filenames import fold_key
from ...core.model import Maturity, Pattern, slugify
from ...core.paths import is_local_file
from ...core.upstream import (
    FENCE,
    FOOTNOTE_DEFINITION,
    HEADING,
    LIST_ITEM,
    REF_DEFINITION,
    Section,
    UnreadableFile,
    UpstreamFile,
    fence_state,
    list_items,
    maturity_of,
    pattern_id_of,
    pattern_record,
    read_text,
    required_sections_for,
    sphinx_language,
    split_file,
    strip_markup,
)
from .dest import apply, check_destination, check_places, moved_lines, plan_writing
from .safety import (
    OUTSIDE,
    ImportFailed,
    as_code,
    base_url_problem,
    check_languages,
    check_page_names,
    clash_messages,
    exists,
    files_inside,
    inert_html_attribute,
    licence_file,
    link_problem,
    refused_link_text,
    resolve_inside,
)

DEFAULT_UPSTREAM_URL = "https://patterns.innersourcecommons.org/p/"
DEFAULT_REPO_URL = "https://github.com/InnerSourceCommons/InnerSourcePatterns/blob/main/"
REPORT_FILE = "import-report.txt"
PAGES_DIR = "patterns"


# -- the report ---------------------------------------------------------------

@dataclass(order=True)
class Problem:
    file: str
    line: int
    message: str
    level: str = "warning"

    def render(self) -> str:
        return f"{self.file}:{self.line}: {self.level}: {self.message}"


@dataclass
class Report:
    language: str = "en"
    maturity: Counter = field(default_factory=Counter)
    instances: int = 0
    links_to_patterns: int = 0
    links_upstream: int = 0
    links_repo: int = 0
    images: int = 0
    fallbacks: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: warning kinds of the extension conf.py silences, with the pages.
    suppressed: dict[str, list[str]] = field(default_factory=dict)
    #: files of DEST moved aside rather than overwritten ("name -> name.orig (why)").
    kept_aside: list[str] = field(default_factory=list)

    def add(self, file: str, line: int, message: str, level: str = "warning") -> None:
        self.problems.append(Problem(file, line, message, level))

    @property
    def n_patterns(self) -> int:
        return sum(self.maturity.values())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def render(self) -> str:
        levels = ", ".join(f"{level.key} {self.maturity.get(level.key, 0)}" for level in Maturity)
        unknown = self.maturity.get("none", 0)
        lines = [
            f"Imported {self.n_patterns} pattern(s) (language: {self.language}): {levels}"
            + (f", without maturity {unknown}" if unknown else ""),
            f"Known instances: {self.instances}",
            f"Links rewritten: {self.links_to_patterns} to {{pattern}} references, "
            f"{self.links_upstream} to the upstream book (pattern not in the source), "
            f"{self.links_repo} to the upstream repository",
            f"Images copied: {self.images}",
        ]
        if self.fallbacks:
            lines.append(f"Not translated, imported in English: {', '.join(self.fallbacks)}")
        if self.kept_aside:
            lines.append(f"Kept aside, not overwritten or deleted ({len(self.kept_aside)}):")
            lines.extend("  " + line for line in self.kept_aside)
        for kind, pages in sorted(self.suppressed.items()):
            lines.append(f"conf.py suppresses {kind} warnings for now (pages: "
                         f"{', '.join(sorted(set(pages)))}); fix them and remove the entry")
        if self.problems:
            lines.append(f"Could not map ({len(self.problems)}; the content stays in the page):")
            lines.extend("  " + p.render() for p in sorted(self.problems))
        else:
            lines.append("Everything was mapped.")
        return "\n".join(lines) + "\n"


# -- the source repository ------------------------------------------------------

@dataclass
class SourceFile:
    path: Path
    relpath: str
    pattern_id: str
    maturity: Maturity | None
    language: str | None


@dataclass
class Repository:
    root: Path
    english: list[SourceFile]
    translations: dict[str, list[SourceFile]]
    #: Mind maps by language (``None``: English); a book takes the mind maps
    #: of its own language, English ones when its language has none.
    mind_maps: dict[str | None, list[Path]]
    #: Files under SRC that lead outside it (symbolic links), relative to SRC.
    refused: list[str] = field(default_factory=list)
    #: language -> the translation folders that map to it (more than one: a conflict).
    language_folders: dict[str, list[str]] = field(default_factory=dict)

    def mind_maps_for(self, language: str | None) -> list[Path]:
        return self.mind_maps.get(language) or self.mind_maps.get(None, [])

    def languages(self) -> list[str]:
        return sorted(self.translations)


def _md_files(folder: Path, root: Path, refused: list[str]) -> list[Path]:
    """The Markdown files under *folder* that stay inside *root* (others go to *refused*)."""
    found = sorted(p for p in folder.rglob("*.md") if p.is_file())
    kept, outside = files_inside(root, found)
    refused.extend(p.relative_to(root).as_posix() for p in outside)
    return kept


def scan(src: Path) -> Repository:
    """Find the pattern files of the upstream layout under *src*."""
    if not src.exists():
        raise ImportFailed(f"{src}: no such directory")
    if not src.is_dir():
        raise ImportFailed(f"{src}: not a directory (give the root of the pattern repository)")
    patterns = src / "patterns"
    if not patterns.is_dir():
        raise ImportFailed(f"{src}: no 'patterns' folder; expected the layout of the "
                           "InnerSource Commons pattern repository (patterns/1-initial, "
                           "patterns/2-structured, patterns/3-validated)")

    def source(path: Path, language: str | None) -> SourceFile:
        rel = path.relative_to(src).as_posix()
        return SourceFile(path, rel, pattern_id_of(rel), maturity_of(rel), language)

    refused: list[str] = []
    english = [source(p, None) for p in _md_files(patterns, src, refused)]
    if not english:
        raise ImportFailed(f"{patterns}: no pattern files (*.md) found" + (
            f" inside the source folder ({len(refused)} lead outside it through symbolic "
            "links and are not read)" if refused else ""))
    translations: dict[str, list[SourceFile]] = {}
    tdir = src / "translation"
    folders: dict[str, list[str]] = {}
    codes: dict[str, str] = {}
    if tdir.is_dir():
        for lang_dir in sorted(p for p in tdir.iterdir() if p.is_dir()):
            files = (_md_files(lang_dir / "patterns", src, refused)
                     if (lang_dir / "patterns").is_dir() else [])
            if files:
                # folders whose codes differ only by case or spelling are one language
                language = codes.setdefault(fold_key(sphinx_language(lang_dir.name)),
                                            sphinx_language(lang_dir.name))
                folders.setdefault(language, []).append(f"translation/{lang_dir.name}")
                translations.setdefault(language, []).extend(
                    source(p, language) for p in files)
    mind_maps = _mind_maps(src, refused, lambda name: codes.get(
        fold_key(sphinx_language(name)), sphinx_language(name)))
    return Repository(src, english, translations, mind_maps, refused, folders)


def _mind_maps(src: Path, refused: list[str],
               language_of: Callable[[str], str]) -> dict[str | None, list[Path]]:
    """The mind maps of each language (files leading outside *src* go to *refused*).

    English ones are the files of ``pattern-categorization/``; a translation's
    are in a folder named for its language, ``pattern-categorization/<lang>/``
    (or ``translation/<lang>/pattern-categorization/``).
    """
    result: dict[str | None, list[Path]] = {}
    folder = src / "pattern-categorization"
    if folder.is_dir():
        english, outside = files_inside(src, sorted(p for p in folder.glob("*.md") if p.is_file()))
        refused.extend(p.relative_to(src).as_posix() for p in outside)
        if english:
            result[None] = english
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            if files := _md_files(sub, src, refused):
                result.setdefault(language_of(sub.name), []).extend(files)
    tdir = src / "translation"
    if tdir.is_dir():
        for lang_dir in sorted(p for p in tdir.iterdir() if p.is_dir()):
            sub = lang_dir / "pattern-categorization"
            if sub.is_dir() and (files := _md_files(sub, src, refused)):
                result.setdefault(language_of(lang_dir.name), []).extend(files)
    return result


# -- categories from the mind map -------------------------------------------------

MIND_MAP_LINK = re.compile(r"\]\([^)]*?/p/([A-Za-z0-9_.-]+?)/?\)")


def read_categories(paths: Iterable[Path], report: Report, root: Path) -> dict[str, list[str]]:
    """Pattern slug -> category paths, from the headings of the mind map.

    A heading that links to ``.../p/<slug>`` names a pattern; its category is
    the path of the headings above it, without the document title (level 1)
    and, when there are three or more, without the closest one (in the
    upstream mind map that heading states the problem the pattern solves).
    """
    result: dict[str, list[str]] = {}
    for path in paths:
        rel = path.relative_to(root).as_posix()
        try:
            text = read_text(path)
        except UnreadableFile as exc:
            report.add(rel, exc.line, f"mind map not read: {exc}", "error")
            continue
        stack: list[tuple[int, str]] = []
        for lineno, title in _headings(text):
            level, heading = title
            while stack and stack[-1][0] >= level:
                stack.pop()
            match = MIND_MAP_LINK.search(heading)
            if match:
                ancestors = [strip_markup(t) for lvl, t in stack if lvl > 1]
                if len(ancestors) >= 3:
                    ancestors = ancestors[:-1]
                if not ancestors:
                    report.add(rel, lineno, f"pattern {match.group(1)!r} has no category "
                               "heading above it", "note")
                    continue
                path_text = " / ".join(ancestors)
                items = result.setdefault(slugify(match.group(1)), [])
                if path_text not in items:
                    items.append(path_text)
            else:
                stack.append((level, heading))
    return result


def _headings(text: str):
    lines = list(enumerate(text.split("\n"), start=1))
    fence = None
    for lineno, line in lines:
        match = FENCE.match(line)
        if match:
            fence = None if fence else match.group(1)
            continue
        if fence is None:
            heading = HEADING.match(line)
            if heading:
                yield lineno, (len(heading.group(1)), heading.group(2).strip())


# -- rewriting Markdown -----------------------------------------------------------

LINK = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)((?:\s+(?:\"[^\"]*\"|'[^']*'))?)\s*\)"
)
REF_USE = re.compile(r"(?<![\]!\\])\[((?:[^\[\]\\]|\\.)+)\](?:\[([^\[\]]*)\])?(?![(:\[])")
HTML_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"']+)\2""", re.IGNORECASE)
HTML_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(["'])([^"']+)\1""", re.IGNORECASE)
CODE_SPAN = re.compile(r"(`+)(?:.|\n)+?\1")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#")


@dataclass
class Context:
    """What the conversion of one project needs to know."""

    src: Path
    report: Report
    #: ids of the patterns of this project.
    project_ids: set[str]
    upstream_url: str
    repo_url: str
    #: relpath under SRC -> relpath under DEST of files to copy.
    copies: dict[str, str] = field(default_factory=dict)
    extra_copies: dict[str, str] = field(default_factory=dict)


class PageRewriter:
    """Rewrites the links, images and HTML of one source file."""

    def __init__(self, ctx: Context, source: SourceFile, lines: list[tuple[int, str]]):
        self.ctx = ctx
        self.source = source
        self.base = source.path.parent
        #: reference label (casefolded) -> pattern id, for ``[text][label]``.
        self.ref_patterns: dict[str, str] = {}
        self.lines = lines
        self._seen: dict[tuple[str, int], tuple[str, str]] = {}

    # helpers
    def _problem(self, line: int, message: str, level: str = "warning") -> None:
        self.ctx.report.add(self.source.relpath, line, message, level)

    def _inside_src(self, target: str) -> Path | None:
        return resolve_inside(self.ctx.src, self.base / target)

    def _classify(self, url: str, line: int) -> tuple[str, str]:
        """("pattern", id) | ("url", new url) | ("keep", url); once per place."""
        key = (url, line)
        if key not in self._seen:
            self._seen[key] = self._classify_once(url, line)
        return self._seen[key]

    def _classify_once(self, url: str, line: int) -> tuple[str, str]:
        problem = link_problem(url)
        if problem:
            self._problem(line, f"link to {url!r} is refused by the URL policy ({problem}); "
                          "its text is kept, with the URL as code")
            return "refused", url
        if SCHEME.match(url) or not url:
            return "keep", url
        target, _, anchor = url.partition("#")
        target = unquote(target)
        path = self._inside_src(target)
        if path is None:
            self._problem(line, f"link to {url!r} {_nowhere(target)}; kept as it is")
            return "keep", url
        rel = path.relative_to(self.ctx.src.resolve()).as_posix()
        if target.endswith(".md"):
            pattern_id = pattern_id_of(target)
            if pattern_id in self.ctx.project_ids:
                if anchor:
                    self._problem(line, f"link to {url!r}: the anchor '#{anchor}' is dropped "
                                  "(a {pattern} reference links to the page)", "note")
                return "pattern", pattern_id
            if (not exists(path) and "patterns" in PurePosixPath(rel).parts
                    and self.ctx.upstream_url):
                self.ctx.report.links_upstream += 1
                self._problem(line, f"link to {url!r}: pattern {pattern_id!r} is not in "
                              "the source; linked to the upstream book", "note")
                return "url", self.ctx.upstream_url + pattern_id
        if self.ctx.repo_url:
            self.ctx.report.links_repo += 1
            if exists(path):
                self._problem(line, f"link to {url!r}: not part of the book; linked to the "
                              "upstream repository", "note")
            else:
                self._problem(line, f"link to {url!r}: the target does not exist in the "
                              "source; linked to the upstream repository")
            return "url", self.ctx.repo_url + rel + (f"#{anchor}" if anchor else "")
        self._problem(line, f"link to {url!r} could not be mapped; kept as it is")
        return "keep", url

    def _image(self, url: str, line: int, extra: bool = False) -> str | None:
        """New path of an image relative to the page, or None when missing."""
        if SCHEME.match(url):
            problem = link_problem(url)
            if problem:
                self._problem(line, f"image {url!r} is refused by the URL policy ({problem}); "
                              "its alt text is kept in its place")
                return None
            return url
        target = unquote(url.split("#")[0].split("?")[0])
        path = self._inside_src(target)
        if path is None:
            self._problem(line, f"image {url!r} {_nowhere(target, 'is outside the source folder')}")
            return None
        if not is_local_file(path):
            self._problem(line, f"image {url!r} does not exist in the source; its alt text is "
                          "kept in its place")
            return None
        rel = path.relative_to(self.ctx.src.resolve()).as_posix()
        if extra:
            self.ctx.extra_copies[rel] = "_extra/" + rel
        else:
            self.ctx.copies[rel] = rel
        return "../" + rel

    # passes
    def collect_definitions(self) -> None:
        for lineno, text in _outside_fences(self.lines):
            match = REF_DEFINITION.match(text)
            if match:
                kind, value = self._classify(match.group(2).strip("<>"), lineno)
                if kind == "pattern":
                    self.ref_patterns[match.group(1).strip().casefold()] = value

    def rewrite(self) -> list[tuple[int, str]]:
        """The lines with links, images and HTML rewritten (same line numbers)."""
        self.collect_definitions()
        out: list[tuple[int, str]] = []
        block: list[tuple[int, str]] = []

        def flush() -> None:
            if block:
                out.extend(self._rewrite_block(block))
                block.clear()

        for lineno, text, inside in fence_state(self.lines):
            if inside or not text.strip():
                flush()
                out.append((lineno, text))
            elif REF_DEFINITION.match(text):
                flush()
                out.append((lineno, self._definition(REF_DEFINITION.match(text), lineno)))
            else:
                block.append((lineno, text))
        flush()
        return out

    def _rewrite_block(self, block: list[tuple[int, str]]) -> list[tuple[int, str]]:
        first = block[0][0]
        text = "\n".join(t for _, t in block)

        codes: list[str] = []

        def hide(match: re.Match) -> str:
            codes.append(match.group(0))
            return f"\x00{len(codes) - 1}\x00"

        hidden = CODE_SPAN.sub(hide, text)

        def line_at(pos: int) -> int:
            return first + hidden.count("\n", 0, pos)

        def link(match: re.Match) -> str:
            bang, label, url, title = match.groups()
            line = line_at(match.start())
            raw_url = url[1:-1] if url.startswith("<") else url
            if bang:
                new = self._image(raw_url, line)
                if new is None:
                    return f"*{label or 'image'}*"
                return f"![{label}]({new}{title})"
            inner = LINK.sub(link, label)
            kind, value = self._classify(raw_url, line)
            if kind == "pattern":
                self.ctx.report.links_to_patterns += 1
                return _role(inner, value)
            if kind == "url":
                return f"[{inner}]({value}{title})"
            if kind == "refused":
                return refused_link_text(inner, raw_url)
            return f"[{inner}]({url}{title})"

        def ref_use(match: re.Match) -> str:
            label, ref = match.groups()
            key = (ref if ref else label).strip().casefold()
            if key in self.ref_patterns:
                self.ctx.report.links_to_patterns += 1
                return _role(label, self.ref_patterns[key])
            return match.group(0)

        def html_img(match: re.Match) -> str:
            new = self._image(match.group(3), line_at(match.start()), extra=True)
            if new is None and link_problem(match.group(3)):
                return inert_html_attribute(match.group(0), "src")
            if new is None or new == match.group(3):
                return match.group(0)
            return f"{match.group(1)}{match.group(2)}{new}{match.group(2)}"

        def html_href(match: re.Match) -> str:
            url, line = match.group(2), line_at(match.start())
            problem = link_problem(url)
            if problem:
                self._problem(line, f"link {url!r} in an HTML fragment is refused by the URL "
                              f"policy ({problem}); it is no longer a link")
                return inert_html_attribute(match.group(0), "href")
            if not SCHEME.match(url):
                self._problem(line, f"relative link {url!r} in an HTML fragment is not "
                              "rewritten; check it in the built page")
            return match.group(0)

        hidden = LINK.sub(link, hidden)
        hidden = REF_USE.sub(ref_use, hidden)
        hidden = HTML_SRC.sub(html_img, hidden)
        hidden = HTML_HREF.sub(html_href, hidden)
        restored = re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], hidden)
        new_lines = restored.split("\n")
        assert len(new_lines) == len(block)
        return [(n, t) for (n, _), t in zip(block, new_lines, strict=True)]

    def _definition(self, match: re.Match, line: int) -> str:
        url = match.group(2)
        raw = url.strip("<>")
        if raw.endswith((".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")):
            new = self._image(raw, line)
            return match.group(0) if new is None else match.group(0).replace(url, new, 1)
        kind, value = self._classify(raw, line)
        if kind == "pattern":
            # Uses are rewritten to {pattern} references; the definition still
            # points at the imported page, in case a use was not recognised.
            return match.group(0).replace(url, f"{value}.md", 1)
        if kind == "url":
            return match.group(0).replace(url, value, 1)
        if kind == "refused":
            # no longer a definition: the label and the URL stay as text
            return f"\\[{match.group(1)}\\]: {as_code(raw)}"
        return match.group(0)


def _nowhere(target: str, outside: str = "points outside the source") -> str:
    """Why a relative link or image path leads to no file of the source."""
    return "names no possible file (it contains a NUL byte)" if "\x00" in target else outside


def _role(text: str, pattern_id: str) -> str:
    label = text.replace("`", "").strip()
    label = re.sub(r"[<>]", "", label)
    if not label:
        return f"{{pattern}}`{pattern_id}`"
    return f"{{pattern}}`{label} <{pattern_id}>`"


def _outside_fences(lines: list[tuple[int, str]]):
    for lineno, text, inside in fence_state(lines):
        if not inside:
            yield lineno, text


# -- known instances ----------------------------------------------------------------

@dataclass
class Block:
    kind: str  # "item" or "text"
    lines: list[tuple[int, str]]


def split_blocks(body: list[tuple[int, str]]) -> list[Block]:
    """Top-level list items and the other paragraphs of a section body."""
    blocks: list[Block] = []
    current: Block | None = None
    pending_blank: list[tuple[int, str]] = []
    fence = None
    base_indent: int | None = None
    for lineno, text in body:
        if fence is not None:
            current.lines.append((lineno, text))  # type: ignore[union-attr]
            match = FENCE.match(text.strip())
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if not text.strip():
            pending_blank.append((lineno, text))
            continue
        item = LIST_ITEM.match(text)
        if item and base_indent is None:
            base_indent = len(item.group(1))
        if item and current is not None and current.kind == "item" and \
                len(item.group(1)) > (base_indent or 0):
            item = None  # a nested list belongs to the current item
        indented = text.startswith(("  ", "\t"))
        if item:
            current = Block("item", [(lineno, text)])
            blocks.append(current)
        elif current is not None and current.kind == "item" and (indented or not pending_blank):
            current.lines.extend(pending_blank)
            current.lines.append((lineno, text))
        elif current is not None and current.kind == "text" and not pending_blank:
            current.lines.append((lineno, text))
        else:
            current = Block("text", [(lineno, text)])
            blocks.append(current)
        pending_blank = []
        match = FENCE.match(text.strip())
        if match:
            fence = match.group(1)
    return blocks


LEAD_BOLD = re.compile(r"^(\*\*|__)(.+?)\1[\s:,.;\-\u2013\u2014]*(.*)$", re.DOTALL)
LEAD_LINK = re.compile(r"^\[([^\]]+)\]\((https?://[^)\s]+)\)[\s:,.;\-\u2013\u2014]*(.*)$",
                       re.DOTALL)


@dataclass
class Instance:
    organisation: str
    url: str
    story: list[str]
    line: int


def item_instance(block: Block, known_orgs: list[str]) -> Instance | None:
    """The organisation and story of one list item, or None."""
    lineno, first = block.lines[0]
    marker = LIST_ITEM.match(first)
    width = marker.end() if marker and marker.group(3) else len(first)
    head = first[width:].strip()
    rest = [t[width:] if t[:width].strip() == "" else t.lstrip() for _, t in block.lines[1:]]
    while rest and not rest[-1].strip():
        rest.pop()
    match = LEAD_BOLD.match(head)
    if match:
        organisation = strip_markup(match.group(2)).rstrip(":.,;")
        tail = match.group(3).strip()
        if organisation:
            return Instance(organisation, "", ([tail] if tail else []) + rest, lineno)
    match = LEAD_LINK.match(head)
    if match and len(strip_markup(match.group(1)).split()) <= 6:
        tail = match.group(3).strip()
        return Instance(strip_markup(match.group(1)), match.group(2),
                        ([tail] if tail else []) + rest, lineno)
    plain = strip_markup(head)
    if (not rest and plain and len(plain) <= 60 and len(plain.split()) <= 6
            and not re.search(r"[.:;!?\u3002\uff1a]$", plain)):
        return Instance(plain, "", [], lineno)
    organisation = named_organisation(strip_markup(" ".join([head, *rest])), known_orgs)
    if organisation is not None:
        return Instance(organisation, "", [head, *rest], lineno)
    return None


#: Letters and digits of the Latin script: a Latin organisation name set in
#: Japanese or Chinese text ("Nikeは") has no space or punctuation around it.
_LATIN = r"0-9A-Za-z\u00C0-\u024F"


def named_organisation(text: str, organisations: Iterable[str]) -> str | None:
    """The longest of *organisations* that *text* names as a whole word."""
    for organisation in sorted(organisations, key=len, reverse=True):
        if not organisation:
            continue
        latin = re.fullmatch(rf"[{_LATIN}].*[{_LATIN}]|[{_LATIN}]", organisation, re.DOTALL)
        edge = rf"[{_LATIN}]" if latin else r"\w"
        if re.search(rf"(?<!{edge}){re.escape(organisation)}(?!{edge})", text):
            return organisation
    return None


def prose_instance(block: Block, original_orgs: list[str]) -> Instance | None:
    """A paragraph of a translation that names an organisation of its English original.

    Translators often turn the English list of known instances into prose;
    the organisation names usually stay in Latin script.
    """
    if block.kind != "text" or not original_orgs:
        return None
    organisation = named_organisation(strip_markup(" ".join(t for _, t in block.lines)),
                                      original_orgs)
    if organisation is None:
        return None
    return Instance(organisation, "", [t for _, t in block.lines], block.lines[0][0])


def organisations_of(upstream: UpstreamFile) -> list[str]:
    """The organisations the Known Instances section of a file names."""
    section = upstream.first("instances")
    if section is None:
        return []
    found = (item_instance(b, []) for b in split_blocks(section.body) if b.kind == "item")
    return [i.organisation for i in found if i is not None]


def render_instance(instance: Instance) -> list[str]:
    story = instance.story
    colons = max([len(m.group(0)) for line in story for m in [re.match(r"^\s*(:{3,})", line)]
                  if m] + [2]) + 1
    fence = ":" * max(colons, 3)
    out = [f"{fence}{{known-instance}} {instance.organisation}"]
    if instance.url:
        out.append(f":url: {instance.url}")
    if story:
        out.append("")
        out.extend(story)
    out.append(fence)
    return out


def is_prose(lines: list[tuple[int, str]]) -> bool:
    """True when a text block says something (not only an image or a definition)."""
    text = "\n".join(t for _, t in lines)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = "\n".join(t for t in text.split("\n")
                     if not REF_DEFINITION.match(t) and not FOOTNOTE_DEFINITION.match(t))
    return bool(strip_markup(text))


# -- one page -------------------------------------------------------------------------

@dataclass
class Converted:
    pattern: Pattern
    page: str
    organisations: list[str]


METADATA_ROLES = ("title", "patlet", "authors", "acknowledgments", "alias")


def convert(ctx: Context, source: SourceFile, upstream: UpstreamFile, maturity: Maturity | None,
            categories: list[str], known_orgs: list[str], language: str | None,
            original_orgs: list[str] | None = None) -> Converted:
    """One upstream page as a MyST page; *original_orgs* are the organisations
    of the English original of a translated page."""
    original_orgs = original_orgs or []
    report = ctx.report
    rel = source.relpath

    def problem(line: int, message: str, level: str = "warning") -> None:
        report.add(rel, line, message, level)

    record = pattern_record(upstream, maturity)
    record.id = source.pattern_id
    record.categories = list(categories)

    # Sections used as metadata: the first of each kind; repeats stay as text.
    used: dict[str, Section] = {}
    for section, first in upstream.duplicates():
        problem(section.line, f"section {section.title!r} repeats the one at line {first.line}"
                + ("; the first is used as metadata, this one is kept as a section"
                   if section.role in METADATA_ROLES else "; both are kept"))
    for section in upstream.sections:
        if section.role in METADATA_ROLES and section.role not in used:
            used[section.role] = section

    title = record.title or record.id
    title_section = used.get("title")
    if title_section is not None:
        lines = [(n, t) for n, t in title_section.body if t.strip()]
        for n, t in lines[1:]:
            problem(n, f"extra text in the Title section kept under the title: {t.strip()!r}")

    patlet_section = used.get("patlet")
    patlet_lines = _trim(patlet_section.body) if patlet_section else []

    def names(role: str) -> list[str]:
        section = used.get(role)
        if section is None:
            return []
        result = []
        for line, item in list_items(section):
            name = strip_markup(item).replace(";", ",")
            if re.search(r"\]\(|\]\[|\[[^\]^][^\]]*\](?![(\[:])", item):
                problem(line, f"link in {section.title!r} not kept in the metadata (the "
                        f"name is): {item!r}", "note")
            if name:
                result.append(name)
        return result

    authors, acknowledgments, aliases = names("authors"), names("acknowledgments"), \
        names("alias")
    record.authors, record.acknowledgments, record.aliases = authors, acknowledgments, aliases

    fence = ":" * max([3, *[len(m.group(1)) + 1 for _, t in patlet_lines
                            for m in [re.match(r"^\s*(:{3,})", t)] if m]])
    out = [f"# {title}", "", fence + "{pattern}", f":id: {record.id}"]
    if maturity is not None:
        out.append(f":maturity: {maturity.key}")
    for key, values in (("aliases", aliases), ("authors", authors),
                        ("acknowledgments", acknowledgments), ("categories", categories)):
        if values:
            out.append(f":{key}: {'; '.join(values)}")
    if patlet_lines:
        out.append("")
        out.extend(t for _, t in patlet_lines)
    out += [fence, ""]

    preamble = _trim(upstream.preamble.body)
    if preamble:
        problem(preamble[0][0], "text before the first section kept at the top of the page")
        out.extend(t for _, t in preamble)
        out.append("")

    organisations: list[str] = []
    moved: list[str] = []
    instance_sections = 0
    for section in upstream.sections:
        if used.get(section.role or "") is section:
            # Keep link and footnote definitions of a metadata section.
            for _, text in section.body:
                if REF_DEFINITION.match(text) or FOOTNOTE_DEFINITION.match(text):
                    moved.append(text)
            continue
        out.append(f"## {section.title}")
        out.append("")
        body = _trim(section.body)
        if section.role == "instances":
            instance_sections += 1
            out.extend(_instances(section, body, known_orgs, original_orgs, organisations,
                                  problem))
        else:
            out.extend(t for _, t in body)
        out.append("")
    if moved:
        out.extend(moved)
        out.append("")
    if instance_sections == 0:
        problem(record.lineno or 1, "no Known Instances section", "note")

    status = upstream.first("status")
    if status is not None and maturity is not None:
        stated = [Maturity.parse(strip_markup(item)) for _, item in list_items(status)]
        stated = [s for s in stated if s is not None]
        if stated and stated[0] != maturity:
            problem(status.line, f"the Status section says {stated[0].key!r} but the folder "
                    f"says {maturity.key!r}; the folder is used", "note")

    _check_heading_levels(ctx, out, source, record.id)
    page = "\n".join(out).rstrip("\n") + "\n"
    page = re.sub(r"\n{3,}", "\n\n", page)
    converted = Converted(record, page, organisations)
    _check(ctx, converted, source, language)
    return converted


def _check_heading_levels(ctx: Context, out: list[str], source: SourceFile,
                          pattern_id: str) -> None:
    """Report a heading that skips a level (MyST warns about it when building)."""
    previous = 1
    for _, (level, title) in _headings("\n".join(out)):
        if level > previous + 1:
            ctx.report.add(source.relpath, _line_of(source, title),
                           f"heading {title!r} skips from level {previous} to {level}")
            ctx.report.suppressed.setdefault("myst.header", []).append(pattern_id)
        previous = level


def _line_of(source: SourceFile, title: str) -> int:
    try:
        lines = read_text(source.path).split("\n")
    except UnreadableFile:
        return 1
    return next((n for n, t in enumerate(lines, 1) if t.strip("# ").strip() == title), 1)


def _trim(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    lines = list(lines)
    while lines and not lines[0][1].strip():
        lines.pop(0)
    while lines and not lines[-1][1].strip():
        lines.pop()
    return lines


def _instances(section: Section, body: list[tuple[int, str]], known_orgs: list[str],
               original_orgs: list[str], organisations: list[str],
               problem: Callable[..., None]) -> list[str]:
    out: list[str] = []
    for block in split_blocks(body):
        instance = (item_instance(block, known_orgs) if block.kind == "item"
                    else prose_instance(block, original_orgs))
        if instance is not None:
            organisations.append(instance.organisation)
            out.extend(render_instance(instance))
            out.append("")
            continue
        out.extend(t for _, t in block.lines)
        out.append("")
        if block.kind == "item":
            problem(block.lines[0][0], "known instance names no organisation that could be "
                    "recognised (no bold or linked lead text); kept as text: "
                    f"{_excerpt(block.lines)!r}")
        elif is_prose(block.lines):
            problem(block.lines[0][0], "text in Known Instances that names no organisation; "
                    f"kept as text: {_excerpt(block.lines)!r}")
    return out


def _excerpt(lines: list[tuple[int, str]]) -> str:
    text = strip_markup(" ".join(t for _, t in lines))
    return text if len(text) <= 70 else text[:67] + "..."


def project_config(language: str | None):
    return default_config(innersource_required_sections=required_sections_for(language))


def _check(ctx: Context, converted: Converted, source: SourceFile, language: str | None) -> None:
    """Run the extension's template and maturity checks on the imported page."""
    config = project_config(language)
    pattern = converted.pattern
    n = len(converted.organisations)
    line = pattern.lineno or 1
    found: list[tuple[str, str]] = []
    if not pattern.patlet:
        found.append(("patlet", patlet_message(pattern.id)))
    if sections_apply(pattern, config):
        missing = missing_sections(pattern, n, config)
        if missing:
            found.append(("sections", sections_message(pattern.id, missing)))
    needed = needed_instances(pattern, config)
    if n < needed:
        found.append(("maturity", maturity_message(pattern, n, needed)))
    for kind, message in found:
        ctx.report.add(source.relpath, line, message)
        ctx.report.suppressed.setdefault(f"innersource.{kind}", []).append(pattern.id)


# -- the project ------------------------------------------------------------------------

def render_index(project: str, language: str | None) -> dict[str, str]:
    """The landing page of an imported book, with its catalogue pages.

    Nothing here lists a pattern by name: the toctrees and catalogues are
    generated by the extension from the pattern metadata, so a pattern added
    or promoted later needs no edit here.  Returns file name -> text.
    """
    index = "\n".join([
        f"# {project}", "",
        "```{patterns-toctree}", ":caption: Patterns", "```", "",
        "```{patterns-toctree}", ":caption: Initial patterns", ":maturity: initial,", "```", "",
        "```{toctree}", ":caption: Catalogue", "", "catalogue", "organisations", "```", "",
        "- {ref}`innersource-patterns`", "- {ref}`innersource-organisations`", "",
    ])
    catalogue = "\n".join([
        "# Catalogue", "",
        "```{pattern-list}", ":maturity: all", ":style: table", ":group: maturity", "```", "",
    ])
    organisations = "\n".join([
        "# Organisations", "",
        "```{known-instances}", ":maturity: all", "```", "",
    ])
    return {"index.md": index, "catalogue.md": catalogue, "organisations.md": organisations}


def render_conf(project: str, language: str | None, source_name: str,
                report: Report, extra: bool) -> str:
    lines = [
        f"# Sphinx configuration written by `sphinx-innersource import` from {source_name}.",
        "# Edit freely; a new import with --force keeps your version as conf.py.orig.",
        "",
        f"project = {project!r}",
        'extensions = ["myst_parser", "sphinx_design", "sphinx_innersource"]',
        'myst_enable_extensions = ["colon_fence"]',
        'exclude_patterns = ["_build"]',
    ]
    if language:
        lines.append(f"language = {language!r}")
        lines.append("")
        lines.append("# The template headings as this translation spells them.")
        lines.append(f"innersource_required_sections = {required_sections_for(language)!r}")
    if extra:
        lines.append('html_extra_path = ["_extra"]  # images used by HTML fragments')
    if report.suppressed:
        lines.append("")
        lines.append("# The import reported these problems (see import-report.txt); the")
        lines.append("# warnings are silenced so that the book builds with -W. Fix the pages")
        lines.append("# and remove the entries.")
        lines.append("suppress_warnings = [")
        for kind, pages in sorted(report.suppressed.items()):
            lines.append(f"    {kind!r},  # {', '.join(sorted(set(pages)))}")
        lines.append("]")
    return "\n".join(lines) + "\n"


@dataclass
class Project:
    files: dict[str, str | bytes]
    report: Report


def build_project(repo: Repository, language: str | None, *, project: str,
                  upstream_url: str = DEFAULT_UPSTREAM_URL, repo_url: str = DEFAULT_REPO_URL,
                  progress: Callable[[Iterable], Iterable] | None = None) -> Project:
    """Convert the repository into the files of one project (in memory)."""
    report = Report(language=language or "en")
    for rel in repo.refused:
        report.add(rel, 0, f"the file {OUTSIDE}", "error")
    if language and language not in repo.translations:
        known = ", ".join(repo.languages()) or "none"
        raise ImportFailed(f"no translation {language!r} under {repo.root / 'translation'} "
                           f"(available: {known})")
    categories = read_categories(repo.mind_maps_for(language), report, repo.root)

    # The English files define the set of patterns; a translation replaces
    # the English page of the same id, other pages stay English.
    chosen: dict[str, SourceFile] = {}
    english_by_id: dict[str, SourceFile] = {}
    for source in repo.english:
        english_by_id.setdefault(source.pattern_id, source)
    translated = {s.pattern_id: s for s in repo.translations.get(language or "", [])}

    # Read every candidate once (English too, for organisation names).
    texts: dict[str, UpstreamFile] = {}
    raw: dict[str, str] = {}
    for source in [*repo.english, *translated.values()]:
        try:
            text = read_text(source.path)
        except UnreadableFile as exc:
            report.add(source.relpath, exc.line, f"{exc}; file skipped", "error")
            continue
        if not text.strip():
            report.add(source.relpath, 1, "empty file; skipped")
            continue
        upstream = split_file(source.path, source.relpath, text)
        if not upstream.is_pattern:
            heading = next((t for _, t in upstream.preamble.body if t.strip()), "")
            report.add(source.relpath, 1, "no '## Title' section, so not a pattern in the "
                       f"upstream template (starts with {heading.strip()[:60]!r}); skipped")
            continue
        texts[source.relpath] = upstream
        raw[source.relpath] = text

    for source in repo.english:
        if source.relpath not in texts:
            continue
        if source.pattern_id in chosen:
            report.add(source.relpath, 1, f"pattern id {source.pattern_id!r} is also used by "
                       f"{chosen[source.pattern_id].relpath}; skipped", "error")
            continue
        chosen[source.pattern_id] = source
    for pattern_id, source in translated.items():
        if source.relpath in texts:
            chosen[pattern_id] = source
    check_page_names(chosen, report.add)
    for folder in sorted(p for p in (repo.root / "patterns").iterdir() if p.is_dir()):
        if not any(folder.rglob("*.md")):
            report.add(folder.relative_to(repo.root).as_posix(), 0,
                       "folder has no pattern files (*.md)", "note")
    if not chosen:
        raise ImportFailed(f"{repo.root}: no pattern could be imported (see above)"
                           + "\n" + report.render())
    if language:
        report.fallbacks = sorted(pid for pid, s in chosen.items() if s.language is None)
        for pattern_id, source in translated.items():
            if pattern_id not in english_by_id:
                report.add(source.relpath, 1, "translation with no English original; its "
                           "maturity is unknown", "note")

    ctx = Context(src=repo.root, report=report, project_ids=set(chosen),
                  upstream_url=upstream_url, repo_url=repo_url)

    # Organisation names of the English pages help to read translations.
    english_orgs: dict[str, list[str]] = {}
    all_orgs: list[str] = []
    files: dict[str, str | bytes] = {}
    pages: list[tuple[str, str]] = []
    order = sorted(chosen.items(), key=lambda kv: (kv[1].language is not None, kv[0]))
    items: Iterable = progress(order) if progress else order
    for pattern_id, source in items:
        lines = list(enumerate(raw[source.relpath].split("\n"), start=1))
        rewritten = PageRewriter(ctx, source, lines).rewrite()
        text = "\n".join(t for _, t in rewritten)
        # Re-split the rewritten text; rewriting keeps every line in its
        # place, so the line numbers stay those of the source.
        upstream2 = split_file(source.path, source.relpath, text)
        english = english_by_id.get(pattern_id)
        maturity = english.maturity if english else None
        if english is not None and english.maturity is None:
            report.add(english.relpath, 1, "not in a maturity folder (1-initial, 2-structured, "
                       "3-validated); imported without maturity", "note")
        known = english_orgs.get(pattern_id, []) + all_orgs
        original: list[str] = []
        if source.language is not None and english is not None and english.relpath in texts:
            original = organisations_of(texts[english.relpath])
            known = original + known
        converted = convert(ctx, source, upstream2, maturity, categories.get(pattern_id, []),
                            known, language, original)
        if source.language is None:
            english_orgs[pattern_id] = converted.organisations
            all_orgs.extend(o for o in converted.organisations if o not in all_orgs)
        report.maturity[maturity.key if maturity else "none"] += 1
        report.instances += len(converted.organisations)
        docname = f"{PAGES_DIR}/{pattern_id}"
        files[f"{docname}.md"] = converted.page
        pages.append((converted.pattern.title or pattern_id, docname))

    pages.sort(key=lambda p: (p[0].casefold(), p[1]))
    files.update(render_index(project, language))
    for rel, dest in [*sorted(ctx.copies.items()), *sorted(ctx.extra_copies.items())]:
        files[dest] = (repo.root / rel).read_bytes()
    report.images = len(ctx.copies) + len(ctx.extra_copies)
    files["conf.py"] = render_conf(project, language, repo.root.name, report,
                                   bool(ctx.extra_copies))
    license_file = licence_file(repo.root, report.add)
    if license_file is not None:
        files[license_file.name] = license_file.read_bytes()
    for name, message in clash_messages(list(files), "the file"):
        report.add(name, 0, message)
    files[REPORT_FILE] = report.render()
    return Project(files, report)


# -- writing ----------------------------------------------------------------------------

def progress_bar(enabled: bool, stream=None) -> Callable[[Iterable], Iterable] | None:
    """A dependency-free progress bar on stderr, or None when disabled."""
    if not enabled:
        return None
    stream = stream or sys.stderr

    def wrap(items: Iterable) -> Iterable:
        items = list(items)
        total = len(items) or 1
        width = 30
        for i, item in enumerate(items, start=1):
            done = int(width * i / total)
            stream.write(f"\rimporting [{'#' * done}{'.' * (width - done)}] {i}/{total}")
            stream.flush()
            yield item
        stream.write("\n")
        stream.flush()

    return wrap


def _collect(results: list[tuple[str, Project]]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for prefix, result in results:
        for name, content in result.files.items():
            files[f"{prefix}/{name}" if prefix else name] = content
    return files


def _note_kept_aside(results: list[tuple[str, Project]], lines: list[str],
                     files: dict[str, str | bytes]) -> None:
    """Add the files moved aside to the report of the project they belong to."""
    for line in lines:
        prefix = next((p for p, _r in results if p and line.startswith(p + "/")), "")
        project = dict(results).get(prefix, results[0][1])
        project.report.kept_aside.append(line[len(prefix) + 1:] if prefix else line)
    for prefix, result in results:
        if result.report.kept_aside:
            result.files[REPORT_FILE] = result.report.render()
            files[f"{prefix}/{REPORT_FILE}" if prefix else REPORT_FILE] = \
                result.files[REPORT_FILE]


def run_import(src: Path, dest: Path, *, language: str | None = None,
               all_languages: bool = False, force: bool = False,
               project: str = "InnerSource Patterns", upstream_url: str = DEFAULT_UPSTREAM_URL,
               repo_url: str = DEFAULT_REPO_URL, progress: bool | None = None,
               out=None) -> int:
    """Import *src* into *dest*; print the report. Returns the exit code.

    With *all_languages*, one project per language: ``DEST/en``, ``DEST/ja``...
    Nothing in DEST that a user wrote is lost (see :mod:`.importer_dest`).
    """
    out = out or sys.stdout
    for option, url in (("--upstream-url", upstream_url), ("--repo-url", repo_url)):
        problem = base_url_problem(option, url)
        if problem:
            raise ImportFailed(problem)
    repo = scan(src)
    check_places(src, dest)
    check_destination(dest, force)
    if progress is None:
        progress = sys.stderr.isatty()
    bar = progress_bar(progress)
    if all_languages:
        targets = [(None, "en"), *[(lang, lang) for lang in repo.languages()]]
    else:
        targets = [(sphinx_language(language) if language else None, "")]
    check_languages(repo.language_folders, [lang for lang, _prefix in targets if lang],
                    all_languages)
    results = [(prefix, build_project(repo, lang, project=project, upstream_url=upstream_url,
                                      repo_url=repo_url, progress=bar))
               for lang, prefix in targets]
    files = _collect(results)
    plan = plan_writing(dest, files, src)
    _note_kept_aside(results, moved_lines(plan), files)
    code = 0
    for prefix, result in results:
        if prefix:
            out.write(f"== {prefix}\n")
        out.write(result.report.render())
        if result.report.errors:
            code = 1
    apply(dest, plan, files)
    return code
