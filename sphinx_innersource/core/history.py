"""The git history of a source repository: when each file last changed, and an older text.

Used by the importer to tell whether a translation was made before the last
change of its English original.  Without git, or outside a git work tree,
every answer is None and the caller falls back to what it has.  Nothing here
imports Sphinx.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

_TIMEOUT = 120


def _git(root: Path, *args: str) -> str | None:
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


class History:
    """The commit times of the files of a repository (read once, with one ``git log``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.times: dict[str, int] = {}
        top = _git(root, "rev-parse", "--show-prefix")
        self.available = top is not None
        self.prefix = (top or "").strip()
        if not self.available:
            return
        log = _git(root, "log", "--format=%x00%ct", "--name-only", "--no-renames", "--",
                   ".") or ""
        when = 0
        for line in log.split("\n"):
            if line.startswith("\x00"):
                when = int(line[1:] or 0)
            elif line.strip():
                name = line.strip()
                if name.startswith(self.prefix):
                    # newest first: the first time seen is the last change
                    self.times.setdefault(name[len(self.prefix):], when)

    def last_change(self, relpath: str) -> int | None:
        """Commit time of the last change of *relpath* (relative to the root), or None."""
        return self.times.get(relpath)

    def text_at(self, relpath: str, when: int) -> str | None:
        """The text of *relpath* in the last commit not after *when*, or None."""
        if not self.available:
            return None
        commit = (_git(self.root, "log", "-1", f"--until=@{when}", "--format=%H", "--",
                       relpath) or "").strip()
        if not commit:
            return None
        return _git(self.root, "show", f"{commit}:./{relpath}")
