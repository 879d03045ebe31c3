"""Rewriting the links, images and HTML of an upstream page for the book."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ...core.paths import is_local_file
from ...core.upstream import REF_DEFINITION, fence_state, pattern_id_of
from .report import Report
from .safety import (
    as_code,
    exists,
    inert_html_attribute,
    link_problem,
    refused_link_text,
    resolve_inside,
)
from .scan import SourceFile

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
        hidden = self._markdown_links(hidden, first)
        hidden = self._html_links(hidden, first)
        restored = re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], hidden)
        new_lines = restored.split("\n")
        assert len(new_lines) == len(block)
        return [(n, t) for (n, _), t in zip(block, new_lines, strict=True)]

    def _markdown_links(self, hidden: str, first: int) -> str:
        """*hidden* (code spans hidden) with its Markdown links and images rewritten."""

        def link(match: re.Match) -> str:
            bang, label, url, title = match.groups()
            line = first + hidden.count("\n", 0, match.start())
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

        return REF_USE.sub(ref_use, LINK.sub(link, hidden))

    def _html_links(self, hidden: str, first: int) -> str:
        """*hidden* with the ``<img src>`` and ``<a href>`` of its HTML checked."""

        def html_img(match: re.Match) -> str:
            line = first + hidden.count("\n", 0, match.start())
            new = self._image(match.group(3), line, extra=True)
            if new is None and link_problem(match.group(3)):
                return inert_html_attribute(match.group(0), "src")
            if new is None or new == match.group(3):
                return match.group(0)
            return f"{match.group(1)}{match.group(2)}{new}{match.group(2)}"

        def html_href(match: re.Match) -> str:
            url, line = match.group(2), first + text.count("\n", 0, match.start())
            problem = link_problem(url)
            if problem:
                self._problem(line, f"link {url!r} in an HTML fragment is refused by the URL "
                              f"policy ({problem}); it is no longer a link")
                return inert_html_attribute(match.group(0), "href")
            if not SCHEME.match(url):
                self._problem(line, f"relative link {url!r} in an HTML fragment is not "
                              "rewritten; check it in the built page")
            return match.group(0)

        text = HTML_SRC.sub(html_img, hidden)
        return HTML_HREF.sub(html_href, text)

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
