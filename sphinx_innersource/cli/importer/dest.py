"""Writing a project into DEST without losing anything a user wrote.

``sphinx-innersource import`` and ``new`` write their files with
:func:`write_files`.  DEST must be empty unless ``--force`` is given; even
then nothing a user wrote is lost:

* a file the project writes replaces the file in DEST only when the
  previous import (or ``new``) wrote it and nobody changed it since (the
  manifest :data:`MANIFEST` records a SHA-256 of every file written);
  a file of the user's, or one changed since, is moved aside to
  ``<name>.orig`` (``.orig.2``... when that is taken) and the report says so;
* a file of the previous import that the new one does not write (a pattern
  renamed upstream) is removed when unchanged and moved aside when edited;
* other files are left alone;
* DEST may not be SRC or lie inside it, and no file is written through a
  symbolic link to a place outside DEST.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .safety import ImportFailed, resolve_inside

#: The record of the files an import (or ``new``) wrote, in DEST: their names
#: and checksums, as JSON.
MANIFEST = ".sphinx-innersource-files.json"
#: Its name before 0.1.0 (read, and replaced by MANIFEST on the next run).
OLD_MANIFEST = ".sphinx-innersource-import"


def digest(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def read_manifest(dest: Path) -> dict[str, str | None]:
    """Name -> SHA-256 of each file the previous run wrote (``None`` when the
    manifest is of the first format, which kept the names only)."""
    for name in (MANIFEST, OLD_MANIFEST):
        try:
            text = (dest / name).read_text(encoding="utf-8")
            break
        except (OSError, UnicodeDecodeError):
            continue
    else:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {line: None for line in text.splitlines() if line.strip()}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {name: value if isinstance(value, str) else None for name, value in files.items()
            if isinstance(name, str)}


@dataclass
class Plan:
    """What writing the project does to DEST."""

    #: name -> the name its current content is moved to, and why.
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: files of the previous run, unchanged, that the project no longer has.
    removed: list[str] = field(default_factory=list)


def check_places(src: Path | None, dest: Path) -> None:
    """Refuse a DEST that is SRC or inside it."""
    if src is None:
        return
    if resolve_inside(src, dest) is not None:
        raise ImportFailed(f"{dest}: the destination is the source folder {src} or inside "
                           "it; the import would write into the repository it reads. Fix: "
                           "choose a folder outside the source")


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def _aside_name(dest: Path, name: str, taken: set[str]) -> str:
    candidate, number = f"{name}.orig", 1
    while candidate in taken or (dest / candidate).exists() or (dest / candidate).is_symlink():
        number += 1
        candidate = f"{name}.orig.{number}"
    taken.add(candidate)
    return candidate


def _ours(name: str, current: bytes | None, previous: dict[str, str | None]) -> bool:
    """Whether the file *name* holds exactly what the previous run wrote."""
    recorded = previous.get(name)
    return current is not None and recorded is not None and digest(current) == recorded


def plan_writing(dest: Path, files: dict[str, str | bytes], src: Path | None = None) -> Plan:
    """Decide which files of DEST to move aside or remove (nothing is changed yet)."""
    previous = read_manifest(dest)
    plan = Plan()
    taken = set(files)
    root = dest.resolve() if dest.exists() else None
    for name in sorted(files):
        path = dest / PurePosixPath(name)
        _check_target(dest, root, src, name)
        for parent in reversed(PurePosixPath(name).parents[:-1]):
            parent_path = dest / parent
            if parent_path.is_file() or parent_path.is_symlink():
                plan.moved.setdefault(str(parent), (_aside_name(dest, str(parent), taken),
                                                    "a file stands where a folder is needed"))
        if not (path.exists() or path.is_symlink()):
            continue
        current = _current(path)
        new = digest(files[name])
        if current is not None and digest(current) == new:
            continue
        if _ours(name, current, previous):
            continue
        why = ("you changed it after the previous import" if name in previous
               else "the previous import did not write it")
        plan.moved[name] = (_aside_name(dest, name, taken), why)
    for name in sorted(set(previous) - set(files)):
        path = dest / PurePosixPath(name)
        if resolve_inside(dest, path) is None or not path.is_file():
            continue
        if _ours(name, _current(path), previous):
            plan.removed.append(name)
        else:
            plan.moved[name] = (_aside_name(dest, name, taken),
                                "the import no longer writes it, and you changed it")
    return plan


def _check_target(dest: Path, root: Path | None, src: Path | None, name: str) -> None:
    """Refuse to write *name* through a link leading out of DEST, or into SRC."""
    path = dest / PurePosixPath(name)
    # the folders it is written through (a link in its own place is moved aside)
    if root is not None and resolve_inside(root, path.parent) is None:
        raise ImportFailed(f"{path}: a symbolic link in the destination leads outside it; "
                           "nothing is written. Fix: remove the link")
    if src is not None and resolve_inside(src, path) is not None:
        raise ImportFailed(f"{path}: is inside the source folder {src}; nothing is written. "
                           "Fix: choose a destination outside the source")


def check_destination(dest: Path, force: bool) -> None:
    if dest.is_symlink() and not dest.exists():
        raise ImportFailed(f"{dest}: a symbolic link to nothing")
    if dest.exists() and not dest.is_dir():
        raise ImportFailed(f"{dest}: exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise ImportFailed(f"{dest}: the directory is not empty. Fix: choose an empty or "
                           "new directory, or pass --force (files you wrote or changed are "
                           "kept as <name>.orig)")


def apply(dest: Path, plan: Plan, files: dict[str, str | bytes]) -> None:
    """Move aside, remove, then write *files* and the manifest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name, (aside, _why) in sorted(plan.moved.items(), key=lambda kv: -len(kv[0])):
        (dest / PurePosixPath(name)).rename(dest / PurePosixPath(aside))
    for name in plan.removed:
        (dest / PurePosixPath(name)).unlink()
    for name in sorted(files):
        target = dest / PurePosixPath(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        content = files[name]
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8", newline="\n")
        else:
            target.write_bytes(content)
    manifest = {"version": 2, "files": {name: digest(files[name]) for name in sorted(files)}}
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    old = dest / OLD_MANIFEST
    if old.is_file() and not old.is_symlink():
        old.unlink()


def moved_lines(plan: Plan) -> list[str]:
    """The report lines of the files moved aside."""
    return [f"{name} -> {aside} ({why})" for name, (aside, why) in sorted(plan.moved.items())]
