"""Helpers of the importer tests: run the command, build a project, read sources.

The source readers here are deliberately simple and independent of the
importer's own code, so that the tests compare the produced pages with what
the upstream files say, not with what the importer thinks they say.
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from bs4 import BeautifulSoup
from helpers import strip_ansi
from sphinx import locale
from sphinx.cmd.build import build_main

from sphinx_innersource.cli import main


def run(*args: str | Path) -> tuple[int, str, str]:
    """Run ``sphinx-innersource ARGS``; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def build(project: Path, *, strict: bool = True, builder: str = "html") -> tuple[int, str, Path]:
    """Build a project with ``sphinx-build [-W]``; (exit code, warnings, outdir)."""
    outdir = project / "_build" / builder
    warnings = project / "_build" / "warnings.txt"
    warnings.parent.mkdir(parents=True, exist_ok=True)
    args = ["-q", "-E", "-b", builder, "-w", str(warnings)]
    if strict:
        args += ["-W", "--keep-going"]
    # One build per process is what sphinx-build does; several in one test
    # process must not share the translators of the previous language.
    locale.translators.clear()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        code = build_main([*args, str(project), str(outdir)])
    text = strip_ansi(warnings.read_text(encoding="utf-8"))
    return code, text, outdir


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def source_sections(path: Path) -> dict[str, list[tuple[int, str]]]:
    """``## Heading`` -> its (line, text) lines (code fences respected)."""
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
            continue
        if current is not None:
            current.append((number, line))
    return sections


def first_text(lines: list[tuple[int, str]]) -> str:
    return " ".join(t.strip() for _, t in lines if t.strip())


def bold_leads(lines: list[tuple[int, str]]) -> list[str]:
    """Organisations of a Known Instances section: ``- **Org** ...`` or ``- Org``."""
    names = []
    for _, text in lines:
        match = re.match(r"^[-*] \*\*(.+?)\*\*", text)
        if match:
            names.append(match.group(1))
        elif re.match(r"^- [A-Z][\w .&-]{0,40}$", text):
            names.append(text[2:].strip())
    return names


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
