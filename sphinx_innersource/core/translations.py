"""The languages of a pattern book: folders, translated pages and their status.

A book in several languages is one source tree: the source language (English)
at the root and each translation in a folder of its own, ``<lang>/``, built by
a Sphinx run of its own.  ``innersource_languages`` names them all: language
code -> folder, relative to the root (``""`` for the source language); the
output of the site has the same layout.

A translated page names its original in its front matter::

    ---
    translation-of: patterns/trusted-committer
    translation-digest: sha256:...
    ---

The digest is that of the original page's file as it was when the
translation was made (:func:`page_digest`); when the original's file has
another digest now, the translation is possibly outdated.

Nothing here imports Sphinx: the ``status`` command uses it without a build.
"""

from __future__ import annotations

import ast
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

#: Front matter keys of a translated page.
TRANSLATION_OF = "translation-of"
TRANSLATION_DIGEST = "translation-digest"

#: A language code as Sphinx spells it (``ja``, ``pt_BR``, ``zh_CN``, ``sr@latin``).
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*(?:@[a-z]+)?")
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")
_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_PATTERN_DIRECTIVE = re.compile(r"^\s*(?::{3,}|`{3,})\{pattern\}", re.MULTILINE)


def normalise(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def page_digest(text: str) -> str:
    """``sha256:<hex>`` of a page's text (line ends and a byte order mark do not count)."""
    return "sha256:" + hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return page_digest(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def front_matter_lines(original: str, digest: str) -> list[str]:
    """The front matter of a translated page (*original*: the docname of its original)."""
    return ["---", f"{TRANSLATION_OF}: {original}", f"{TRANSLATION_DIGEST}: {digest}", "---", ""]


def translation_of(text: str) -> tuple[str, str] | None:
    """(original docname, digest) from a page's front matter, or None."""
    match = _FRONT.match(normalise(text))
    if match is None:
        return None
    values: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            values[key.strip()] = value.strip().strip("'\"")
    original = values.get(TRANSLATION_OF)
    return (original, values.get(TRANSLATION_DIGEST, "")) if original else None


def is_pattern_page(text: str) -> bool:
    """Whether a MyST page holds a ``pattern`` directive (without a build)."""
    return bool(_PATTERN_DIRECTIVE.search(text))


# -- innersource_languages ---------------------------------------------------------

def folder_problem(folder: str) -> str | None:
    """Why *folder* cannot hold a language (``""`` is the root: fine)."""
    if folder == "":
        return None
    if folder.startswith(("/", "\\")) or "\\" in folder:
        return "it is not a relative folder written with '/'"
    for segment in folder.strip("/").split("/"):
        if not _FOLDER.fullmatch(segment) or segment in (".", ".."):
            return (f"the segment {segment!r} is not a plain folder name (letters, digits, "
                    "'.', '_', '@', '-'; no '..')")
    return None


@dataclass(frozen=True)
class Language:
    code: str
    #: folder relative to the root of the site (``""`` for the source language).
    folder: str

    @property
    def hreflang(self) -> str:
        """The BCP 47 tag for ``hreflang`` and ``lang`` (``pt_BR`` -> ``pt-BR``)."""
        return self.code.split("@")[0].replace("_", "-")

    def depth(self) -> int:
        return len(PurePosixPath(self.folder).parts) if self.folder else 0

    def nested(self, languages: list[Language]) -> list[str]:
        """The folders of the other *languages* that lie inside this one's, relative to it
        (they are not part of this language's book)."""
        prefix = self.folder + "/" if self.folder else ""
        return [lang.folder[len(prefix):] for lang in languages
                if lang != self and lang.folder and lang.folder.startswith(prefix)]


def parse_languages(value: object) -> tuple[list[Language], list[str]]:
    """The languages of ``innersource_languages`` and the problems of the value.

    Each problem is the rest of a sentence that starts with the value's name.
    """
    if not isinstance(value, dict):
        return [], [" is not a dict of language code -> folder"]
    languages: list[Language] = []
    problems: list[str] = []
    seen_folders: dict[str, str] = {}
    for code, folder in value.items():
        if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
            problems.append(f" has the key {code!r}, which is not a language code such as "
                            "'ja' or 'pt_BR'; it is ignored")
            continue
        if not isinstance(folder, str) or (problem := folder_problem(folder)):
            why = "it is not text" if not isinstance(folder, str) else problem
            problems.append(f"[{code!r}] = {folder!r} is refused: {why}; the language is "
                            "ignored")
            continue
        folder = folder.strip("/")
        key = folder.lower()
        if key in seen_folders:
            problems.append(f"[{code!r}] has the folder {folder!r} of {seen_folders[key]!r} "
                            "too; it is ignored")
            continue
        seen_folders[key] = code
        languages.append(Language(code, folder))
    roots = [lang for lang in languages if not lang.folder]
    if languages and len(roots) != 1:
        problems.append(" has no language at the root folder ''; the source language must "
                        "have it")
        return [], problems
    # the source language first, then in the order given
    return sorted(languages, key=lambda lang: bool(lang.folder)), problems


def read_conf_languages(conf_py: Path) -> object:
    """The literal value of ``innersource_languages`` in a ``conf.py`` (without running it)."""
    try:
        tree = ast.parse(conf_py.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "innersource_languages"
                for t in node.targets):
            try:
                return ast.literal_eval(node.value)
            except ValueError:
                return None
    return None


# -- the status of a translation ------------------------------------------------------

@dataclass
class Status:
    """The pattern pages of one translation compared with the source language's."""

    language: str
    translated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: translated, but the original changed since (or its digest is unknown).
    outdated: list[str] = field(default_factory=list)
    #: pattern pages with no original in the source language.
    without_original: list[str] = field(default_factory=list)


def compare(language: str, originals: dict[str, str | None],
            translations: dict[str, tuple[str, str] | None]) -> Status:
    """*originals*: docname -> current digest of each pattern page of the source language;
    *translations*: docname -> its ``translation-of`` (or None) of each pattern page of
    the translation."""
    status = Status(language)
    for docname in sorted(originals):
        if docname not in translations:
            status.missing.append(docname)
            continue
        status.translated.append(docname)
        recorded = translations[docname]
        of = recorded[0] if recorded else docname
        current = originals.get(of, originals[docname])
        if recorded is None or not recorded[1] or recorded[1] != current:
            status.outdated.append(docname)
    status.without_original = sorted(set(translations) - set(originals))
    return status


def pattern_pages(folder: Path, skip: list[str]) -> dict[str, Path]:
    """docname -> file of every MyST pattern page under *folder* (the folders in *skip*,
    relative to it, and those starting with ``_`` or ``.`` left out)."""
    found: dict[str, Path] = {}
    skipped = {PurePosixPath(s) for s in skip}
    for path in sorted(folder.rglob("*.md")):
        rel = PurePosixPath(path.relative_to(folder).as_posix())
        if any(part.startswith(("_", ".")) for part in rel.parts[:-1]) or any(
                s == rel.parents[i] for s in skipped for i in range(len(rel.parts) - 1)):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if is_pattern_page(text):
            found[str(rel.with_suffix(""))] = path
    return found


def site_status(root: Path, languages: list[Language]) -> list[Status]:
    """The status of every translation of the book whose source language is at *root*.

    *languages*: as :func:`parse_languages` gives them (the source language first).
    """
    source = languages[0]
    originals = {docname: file_digest(path) for docname, path in
                 pattern_pages(root / source.folder, source.nested(languages)).items()}
    result = []
    for language in languages[1:]:
        pages = pattern_pages(root / language.folder, language.nested(languages))
        translations = {}
        for docname, path in pages.items():
            try:
                translations[docname] = translation_of(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                translations[docname] = None
        result.append(compare(language.code, originals, translations))
    return result
