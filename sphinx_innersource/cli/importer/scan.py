"""Finding the pattern files, translations, mind maps and categories of the upstream layout."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ...core.filenames import fold_key
from ...core.model import Maturity, slugify
from ...core.upstream import (
    FENCE,
    HEADING,
    UnreadableFile,
    maturity_of,
    pattern_id_of,
    read_text,
    sphinx_language,
    strip_markup,
)
from .report import Report
from .safety import ImportFailed, files_inside

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
