"""Read pattern files in the upstream InnerSource Commons layout.

An upstream pattern is plain Markdown: every part of the template is a
second-level section (``## Title``, ``## Patlet``, ``## Problem``, ...), the
maturity is the folder (``patterns/1-initial`` ...) and translations live in
``translation/<lang>/patterns/``.  This module splits such a file into its
sections and fills a :class:`~sphinx_innersource.core.model.Pattern` record, so
that the ``lint`` command can run the checks of :mod:`.checks` without a
build and the importer can convert the file.  It imports nothing of Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .checks import norm_heading
from .defaults import DEFAULT_REQUIRED_SECTIONS
from .model import Maturity, Pattern, slugify

#: Headings with a meaning for the importer, in English and in the
#: languages the upstream repository is translated into.  Compared after
#: :func:`~sphinx_innersource.core.checks.norm_heading`.
ROLE_HEADINGS: dict[str, set[str]] = {
    "title": {"title", "título", "titulo", "タイトル", "标题", "題名"},
    "patlet": {"patlet", "パトレット", "概要"},
    "instances": {
        "known instances", "known instance", "事例", "既知の事例", "instancias conocidas",
        "instancias coñecidas", "instâncias conhecidas", "casos conhecidos", "已知实例",
        "已知案例",
    },
    "authors": {
        "authors", "author", "author(s)", "著者", "作者", "autores", "autor", "autor(es)",
        "autoría",
    },
    "acknowledgments": {
        "acknowledgments", "acknowledgements", "acknowledgment", "acknowledgement", "謝辞",
        "agradecimientos", "agradecementos", "agradecimentos", "致谢", "鸣谢",
    },
    "alias": {"alias", "aliases", "別名", "别名", "alias (opcional)", "también conocido como"},
    "status": {"status", "ステータス", "estado", "状态"},
}

#: Translated spellings of the required headings of the template, by the
#: language codes of Sphinx.  Used for the ``innersource_required_sections``
#: of a translated book and by ``lint`` on files under ``translation/``.
TRANSLATED_SECTIONS: dict[str, dict[str, list[str]]] = {
    "Problem": {"es": ["Problema"], "gl": ["Problema"], "ja": ["問題"],
                "pt_BR": ["Problema"], "zh_CN": ["问题"]},
    "Context": {"es": ["Contexto"], "gl": ["Contexto"], "ja": ["状況", "背景"],
                "pt_BR": ["Contexto"], "zh_CN": ["背景", "上下文", "情境"]},
    "Forces": {"es": ["Resistencias", "Fuerzas"], "gl": ["Forzas"],
               "ja": ["組織に働く力学", "フォース"], "pt_BR": ["Forças"],
               "zh_CN": ["影响因素", "作用力"]},
    "Solutions": {"es": ["Solución", "Soluciones"], "gl": ["Solución", "Solucións"],
                  "ja": ["ソリューション", "解決策"], "pt_BR": ["Solução", "Soluções"],
                  "zh_CN": ["解决方案"]},
    "Resulting Context": {"es": ["Contexto Resultante"], "gl": ["Contexto resultante"],
                          "ja": ["結果の状況", "結果として生じる状況"],
                          "pt_BR": ["Contexto Resultante"], "zh_CN": ["结果上下文", "最终情境"]},
    "Known Instances": {"es": ["Instancias Conocidas"], "gl": ["Instancias coñecidas"],
                        "ja": ["事例", "既知の事例"],
                        "pt_BR": ["Instâncias Conhecidas", "Casos Conhecidos"],
                        "zh_CN": ["已知实例", "已知案例"]},
    "Status": {"es": ["Estado"], "gl": ["Estado"], "ja": ["ステータス"],
               "pt_BR": ["Estado"], "zh_CN": ["状态"]},
    "Authors": {"es": ["Autores", "Autor", "Autor(es)"], "gl": ["Autores", "Autoría"],
                "ja": ["著者"], "pt_BR": ["Autores", "Autor(es)"], "zh_CN": ["作者"]},
}

#: Upstream translation folder names -> Sphinx language codes.
LANGUAGE_CODES = {"pt-br": "pt_BR", "pt_br": "pt_BR", "zh": "zh_CN", "zh-cn": "zh_CN",
                  "zh_cn": "zh_CN", "zh-hans": "zh_CN"}

MATURITY_FOLDERS = {"1-initial": Maturity.INITIAL, "2-structured": Maturity.STRUCTURED,
                    "3-validated": Maturity.VALIDATED}

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
LIST_ITEM = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)")


def sphinx_language(code: str) -> str:
    """``pt-br`` -> ``pt_BR``; other codes are kept (``ja``, ``es``)."""
    return LANGUAGE_CODES.get(code.lower(), code)


def required_sections_for(language: str | None) -> list[str | tuple[str, ...]]:
    """The default required headings, with their spellings in *language*."""
    if not language or language == "en":
        return list(DEFAULT_REQUIRED_SECTIONS)
    result: list[str | tuple[str, ...]] = []
    for entry in DEFAULT_REQUIRED_SECTIONS:
        spellings = (entry,) if isinstance(entry, str) else tuple(entry)
        extra = TRANSLATED_SECTIONS.get(spellings[0], {}).get(language, [])
        result.append(tuple(dict.fromkeys([*spellings, *extra])))
    return result


def heading_role(title: str) -> str | None:
    """``title``, ``patlet``, ``instances``... for a heading with a meaning."""
    key = norm_heading(title)
    for role, names in ROLE_HEADINGS.items():
        if key in names:
            return role
    for per_language in TRANSLATED_SECTIONS["Known Instances"].values():
        if key in {norm_heading(n) for n in per_language}:
            return "instances"
    return None


class UnreadableFile(Exception):
    """A file that cannot be decoded or read; the message says why."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


def read_text(path: Path) -> str:
    """The text of *path*; a clear :class:`UnreadableFile` instead of a traceback."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableFile(
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}). Fix: save it as UTF-8", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Section:
    """A second-level section (or the text before the first one)."""

    title: str
    #: 1-based line of the heading (of the first line for the preamble).
    line: int
    #: (line number, text) of the body, sub-headings included.
    body: list[tuple[int, str]] = field(default_factory=list)
    role: str | None = None

    def text(self) -> str:
        return "\n".join(text for _, text in self.body).strip()

    def subheadings(self) -> list[str]:
        return [title for _, title in iter_headings(self.body, min_level=3)]


def fence_state(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, bool]]:
    """(line, text, inside) for each line; ``inside`` is true for the lines of
    a fenced code block, its opening and closing fences included."""
    fence = None
    for lineno, text in lines:
        match = FENCE.match(text)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            yield lineno, text, True
            continue
        yield lineno, text, fence is not None


def iter_headings(lines: list[tuple[int, str]], min_level: int = 1):
    """(line, title) of every ATX heading outside code fences."""
    for lineno, text, inside in fence_state(lines):
        if not inside:
            heading = HEADING.match(text)
            if heading and len(heading.group(1)) >= min_level:
                yield lineno, heading.group(2).strip()


@dataclass
class UpstreamFile:
    """One Markdown file of the upstream layout, split into sections."""

    path: Path
    #: Path relative to the repository root, for messages.
    relpath: str
    preamble: Section
    sections: list[Section]
    n_lines: int

    def first(self, role: str) -> Section | None:
        return next((s for s in self.sections if s.role == role), None)

    @property
    def is_pattern(self) -> bool:
        return self.first("title") is not None

    def title(self) -> str:
        names = self.title_names()
        return names[0] if names else ""

    def title_names(self) -> list[str]:
        """The names of the Title section: its first line; or, when it is a list,
        each item (the title, then aliases)."""
        section = self.first("title")
        if section is None:
            return []
        lines = [t for _, t in section.body if t.strip()]
        if lines and all(LIST_ITEM.match(t) or t.startswith((" ", "\t")) for t in lines) \
                and LIST_ITEM.match(lines[0]):
            return [name for _, item in list_items(section)
                    if (name := strip_markup(item))]
        return [re.sub(r"^#+\s*", "", lines[0].strip())] if lines else []

    def duplicates(self) -> list[tuple[Section, Section]]:
        """(repeated section, its first occurrence) pairs."""
        seen: dict[str, Section] = {}
        result = []
        for section in self.sections:
            key = section.role or norm_heading(section.title)
            if key in seen:
                result.append((section, seen[key]))
            else:
                seen[key] = section
        return result


def split_file(path: Path, relpath: str, text: str) -> UpstreamFile:
    """Split the text at the ``##`` headings that are outside code fences."""
    lines = list(enumerate(text.split("\n"), start=1))
    while lines and not lines[-1][1].strip():
        lines.pop()
    preamble = Section(title="", line=1)
    sections: list[Section] = []
    current = preamble
    for lineno, line, inside in fence_state(lines):
        if not inside:
            heading = HEADING.match(line)
            title = heading.group(2).strip() if heading else ""
            # "# Title" (level 1) opens the Title section too.
            if heading and (len(heading.group(1)) == 2 or (
                    len(heading.group(1)) == 1 and heading_role(title) == "title")):
                current = Section(title=title, line=lineno, role=heading_role(title))
                sections.append(current)
                continue
        current.body.append((lineno, line))
    return UpstreamFile(path=path, relpath=relpath, preamble=preamble, sections=sections,
                        n_lines=len(lines))


def strip_markup(text: str) -> str:
    """Plain text of a short Markdown fragment (names, titles)."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"\[([^\]^][^\]]*)\]", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])", r"\2", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", text).strip()


REF_DEFINITION = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*(\S+)(?:\s+.*)?$")
FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]]+\]:")


def list_items(section: Section) -> list[tuple[int, str]]:
    """Items of a metadata section: one per list item, else one per paragraph.

    Link reference definitions are not items.
    """
    items: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            items.append((paragraph[0][0], " ".join(t.strip() for _, t in paragraph)))
            paragraph.clear()

    for lineno, text in section.body:
        if not text.strip() or REF_DEFINITION.match(text) or FOOTNOTE_DEFINITION.match(text):
            flush()
            continue
        match = LIST_ITEM.match(text)
        if match:
            flush()
            items.append((lineno, text[match.end():].strip()))
        elif items and not paragraph and text.startswith((" ", "\t")):
            line0, previous = items[-1]
            items[-1] = (line0, previous + " " + text.strip())
        else:
            paragraph.append((lineno, text))
    flush()
    return [(line, item) for line, item in items if item]


def maturity_of(relpath: str) -> Maturity | None:
    """The maturity a file's folder gives (``patterns/2-structured/x.md``)."""
    for part in Path(relpath).parts:
        if part in MATURITY_FOLDERS:
            return MATURITY_FOLDERS[part]
    return None


def language_of(relpath: str) -> str | None:
    """``translation/ja/patterns/x.md`` -> ``ja``; ``None`` for English."""
    parts = Path(relpath).parts
    if "translation" in parts:
        index = parts.index("translation")
        if index + 1 < len(parts) - 1:
            return sphinx_language(parts[index + 1])
    return None


def pattern_id_of(relpath: str) -> str:
    path = Path(relpath)
    name = path.stem
    if name.lower() in {"readme", "index"} and path.parent.name:
        name = path.parent.name
    return slugify(name)


def pattern_record(upstream: UpstreamFile, maturity: Maturity | None) -> Pattern:
    """The :class:`Pattern` the file describes, as the extension would record it.

    The section list is every heading but the title and the patlet (they
    become metadata), in document order, sub-sections included -- the same
    list the ``pattern`` directive sees in an imported page.
    """
    title_section = upstream.first("title")
    pattern = Pattern(
        id=pattern_id_of(upstream.relpath),
        docname=upstream.relpath,
        lineno=title_section.line if title_section else 1,
        title=upstream.title(),
        maturity=maturity,
    )
    patlet = upstream.first("patlet")
    if patlet is not None:
        pattern.patlet = strip_markup(patlet.text())
    for role, attr in (("authors", "authors"), ("acknowledgments", "acknowledgments"),
                       ("alias", "aliases")):
        section = upstream.first(role)
        if section is not None:
            setattr(pattern, attr, [strip_markup(item) for _, item in list_items(section)])
    # A Title section listing several names: the title, then aliases.
    pattern.aliases = list(dict.fromkeys([*upstream.title_names()[1:], *pattern.aliases]))
    for section in upstream.sections:
        if section.role in ("title", "patlet"):
            continue
        pattern.sections.append(section.title)
        if section.role != "instances":  # its headings name organisations
            pattern.sections.extend(section.subheadings())
    return pattern
