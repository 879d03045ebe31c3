"""Checks shared by every directive option that takes text or a file name.

A value is refused (and the element left out) rather than cleaned up.  URLs
have a module of their own, :mod:`sphinx_innersource.core.urls`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

#: Categories of characters that a reader cannot see or that browsers drop
#: while parsing a URL: controls, format characters (zero-width space,
#: bidi overrides), separators, private use and unassigned code points.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}


def hidden_characters(text: str, allow_space: bool = False) -> list[str]:
    """The invisible or control characters in *text*, as ``U+XXXX`` names.

    The ordinary space counts unless *allow_space* (file names, text).
    """
    return [f"U+{ord(c):04X}" for c in text
            if unicodedata.category(c) in _HIDDEN_CATEGORIES and not (allow_space and c == " ")]


def text_problem(text: str) -> str | None:
    """Why a plain-text option (a title, an alt text) looks wrong, or None.

    Such text is always escaped; the warning tells an author who typed HTML
    (or pasted invisible characters) that it will not do what they meant.
    """
    if re.search(r"<[A-Za-z/!?]", text):
        return "it contains HTML markup, which is not interpreted but shown as text"
    hidden = hidden_characters(text, allow_space=True)
    if hidden:
        return f"it contains invisible or control characters ({', '.join(hidden)})"
    return None


def is_local_file(abspath: str | Path) -> bool:
    """Whether *abspath* is a file; False (not an exception) for a name the
    file system refuses, such as one longer than it allows."""
    try:
        return Path(abspath).is_file()
    except (OSError, ValueError):
        return False


def local_file_problem(relpath: str, srcdir: str | Path, abspath: str | Path) -> str | None:
    """Why the local file *relpath* (resolved to *abspath*) is refused."""
    hidden = hidden_characters(relpath, allow_space=True)
    if hidden:
        return f"the path contains invisible or control characters ({', '.join(hidden)})"
    if set(relpath) & set("\"'<>`"):
        return "the path contains quotes or angle brackets"
    root = Path(srcdir).resolve()
    target = Path(abspath).resolve()
    if target != root and root not in target.parents:
        return "the file is outside the source folder"
    return None


def write_if_changed(path: Path, text: str) -> bool:
    """Write *text* (UTF-8, ``\\n`` line ends) to *path* unless it holds it already;
    whether it wrote (an unchanged file keeps its modification time)."""
    if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(text: str) -> tuple[str, bool]:
    """*text* with UTF-16 surrogates combined or replaced, and whether some were lone.

    A YAML option block decodes a JSON-style escape such as ``"\\ud83d\\ude00"``
    into two surrogates rather than one character; no output file can hold
    them (UTF-8 refuses them).  A pair becomes its character, a lone
    surrogate U+FFFD.
    """
    if not _SURROGATE.search(text):
        return text, False
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fixed, fixed.count("\ufffd") > text.count("\ufffd")
