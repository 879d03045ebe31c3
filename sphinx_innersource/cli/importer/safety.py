"""What the importer reads, links and names: the checks it applies to its input.

* **Files stay inside SRC.**  Every file the importer reads or copies
  (pattern pages, translations, the mind map, ``LICENSE``, images) is
  resolved first, symbolic links included; a file that leads outside the
  source folder is not read, and the report says so (:func:`resolve_inside`).
* **URLs follow the extension's policy** (:mod:`.urlpolicy`): a link of a
  page that the policy refuses is kept as text, not as a link; a refused
  ``--upstream-url`` or ``--repo-url`` stops the import.
* **File names work on every system** (:mod:`.filenames`): a pattern whose
  page name is too long is skipped; names that are one file on macOS or
  Windows are reported.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...core.filenames import clashes, fold_key, name_problem
from ...core.urls import LINK, looks_like_url, url_problem


class ImportFailed(Exception):
    """The import cannot run at all (bad source or destination)."""


OUTSIDE = ("is, or is inside, a symbolic link that leads outside the source folder; it is "
           "not read")


def resolve_inside(root: Path, path: Path) -> Path | None:
    """*path* resolved (symbolic links followed), if it stays inside *root*; else None."""
    try:
        base = root.resolve()
        target = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a name the system
        return None  # refuses (too long, a NUL byte)
    return target if target == base or base in target.parents else None


def exists(path: Path) -> bool:
    """Whether *path* exists; False (not an exception) for a name the system refuses."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def files_inside(root: Path, paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(*paths* that stay inside *root*, those that leave it)."""
    kept, refused = [], []
    for path in paths:
        (kept if resolve_inside(root, path) is not None else refused).append(path)
    return kept, refused


# -- URLs ------------------------------------------------------------------------------

def link_problem(url: str) -> str | None:
    """Why the policy refuses the absolute link *url* of a page; None for a
    relative link (the importer maps those) or an allowed one."""
    if url.startswith("#") or not looks_like_url(url):
        return None
    return url_problem(url, LINK)


def base_url_problem(option: str, url: str) -> str | None:
    """The message for a refused ``--upstream-url``/``--repo-url`` (``''`` is allowed)."""
    if not url:
        return None
    problem = url_problem(url)
    if problem is None:
        return None
    return f"{option} {url!r} is refused: {problem}. Fix: give an https:// URL (or '')"


def as_code(text: str) -> str:
    """*text* as a Markdown code span (shown as it is, never a link)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def refused_link_text(label: str, url: str) -> str:
    """What replaces a refused Markdown link: its text and the URL as code."""
    return f"{label} ({as_code(url)})" if label.strip() else as_code(url)


def inert_html_attribute(match_text: str, attribute: str) -> str:
    """``href="..."`` -> ``data-refused-href="..."``: the value stays, no browser follows it."""
    return re.sub(rf"\b{attribute}(\s*=)", rf"data-refused-{attribute}\1", match_text, count=1,
                  flags=re.IGNORECASE)


# -- file names ---------------------------------------------------------------------------

def page_name_problem(pattern_id: str) -> str | None:
    """Why ``patterns/<id>.md`` cannot be written on every system."""
    return name_problem(pattern_id, ".md")


def clash_messages(names: list[str], what: str) -> list[tuple[str, str]]:
    """(name, message) for each name that is one file with another on macOS or Windows."""
    out = []
    for group in clashes(names):
        for name in group[1:]:
            out.append((name, f"{what} {name!r} and {group[0]!r} are the same file on file "
                        "systems that ignore case, such as those of macOS and Windows; one "
                        "replaces the other there. Fix: rename one of them"))
    return out


def check_page_names(chosen: dict[str, Any], add: Callable[..., None]) -> None:
    """Skip patterns whose page name is too long; report names that clash on macOS.

    *chosen* maps pattern ids to their source files (with a ``relpath``);
    *add* is the report's ``add(file, line, message, level)``.
    """
    for pattern_id in sorted(chosen):
        problem = page_name_problem(pattern_id)
        if problem:
            add(chosen.pop(pattern_id).relpath, 1, f"{problem}; the pattern is skipped. Fix: "
                "shorten the file name", "error")
    for pattern_id, message in clash_messages(list(chosen), "the pattern id"):
        add(chosen[pattern_id].relpath, 1, message)


def licence_file(root: Path, add: Callable[..., None]) -> Path | None:
    """The licence file to copy, if there is one inside *root* (a link out is reported)."""
    for path in sorted(root.glob("LICENSE*")):
        if not path.is_file():
            continue
        if resolve_inside(root, path) is None:
            add(path.name, 0, f"the file {OUTSIDE} or copied", "error")
            continue
        return path
    return None


def check_languages(folders: dict[str, list[str]], languages: list[str],
                    all_languages: bool) -> None:
    """Refuse translation folders that would replace each other (or the English book).

    *folders* maps each language to the translation folders that are that language.
    """
    for code in languages:
        names = folders.get(code, [])
        if len(names) > 1:
            raise ImportFailed(f"the translation folders {', '.join(names)} are all the "
                               f"language {code!r}; one would replace the other. Fix: merge "
                               "them into one folder")
        if all_languages and fold_key(code) == fold_key("en"):
            raise ImportFailed(f"{', '.join(names)} would replace the English book (DEST/en, "
                               "made from patterns/). Fix: import it alone with --language "
                               f"{code}, or remove the folder")
