"""``sphinx-innersource site BOOK OUT``: every language of a book into one site.

The languages are those of ``innersource_languages`` in ``BOOK/conf.py``
(read without running it: write the value as a literal there, as the
importer does); a book without it is one language.  Each language is built
by ``python -m sphinx``, in a process of its own, exactly as these commands
would (the documentation lists them for builds in your own CI)::

    python -m sphinx -b html -d OUT/.doctrees/en BOOK OUT
    python -m sphinx -b html -d OUT/.doctrees/ja BOOK/ja OUT/ja

so the source language is at the root of the site and each translation in
its folder, with its own search index, short URLs and ``patterns.json``.
The command shows which language it builds, the warnings as they come, and
a summary: pages (the documents of the language's search index) and
warnings per language.  With ``-W`` a warning makes the exit code 1 (all
languages are built all the same).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.translations import Language, parse_languages, read_conf_languages

WARNING_LINE = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b")


class SiteFailed(Exception):
    """The site cannot be built at all (no book, bad languages)."""


@dataclass
class Built:
    language: Language
    code: int
    pages: int | None
    warnings: int
    seconds: float


def site_languages(book: Path) -> list[Language]:
    conf = book / "conf.py"
    if not conf.is_file():
        raise SiteFailed(f"{book}: no conf.py; give the folder of the book's source "
                         "language (the one whose conf.py sets innersource_languages)")
    value = read_conf_languages(conf)
    if value is None:
        return [Language("", "")]
    languages, problems = parse_languages(value)
    if problems or not languages:
        raise SiteFailed(f"{conf}: innersource_languages{problems[0] if problems else ' is empty'}"
                         ". Fix: give language code -> folder, such as {'en': '', 'ja': 'ja'}")
    return languages


def command(book: Path, out: Path, language: Language, *, builder: str, strict: bool,
            jobs: str | None, fresh: bool) -> list[str]:
    """The ``python -m sphinx`` command that builds one language."""
    code = language.code or "book"
    args = [sys.executable, "-m", "sphinx", "-b", builder,
            "-d", str(out / ".doctrees" / code)]
    if strict:
        args.append("-W")
    if jobs:
        args += ["-j", jobs]
    if fresh:
        args.append("-E")
    folder = language.folder
    return [*args, str(book / folder if folder else book), str(out / folder if folder else out)]


def count_pages(outdir: Path) -> int | None:
    """The documents of the search index of one language's output."""
    try:
        text = (outdir / "searchindex.js").read_text(encoding="utf-8")
        data = json.loads(text[text.index("(") + 1: text.rindex(")")])
    except (OSError, ValueError):
        return None
    docnames = data.get("docnames") if isinstance(data, dict) else None
    return len(docnames) if isinstance(docnames, list) else None


def build_one(book: Path, out: Path, language: Language, number: int, total: int,
              stream, **options) -> Built:
    folder = language.folder or "."
    name = language.code or "the book"
    stream.write(f"[{number}/{total}] {name}: {book / folder} -> {out / folder}\n")
    stream.flush()
    warnings = out / ".doctrees" / f"warnings-{language.code or 'book'}.txt"
    warnings.parent.mkdir(parents=True, exist_ok=True)
    args = command(book, out, language, **options)
    args[-2:-2] = ["-q", "-w", str(warnings)]
    start = time.monotonic()
    done = subprocess.run(args, check=False)
    seconds = time.monotonic() - start
    try:
        text = warnings.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    count = sum(1 for line in text.splitlines() if WARNING_LINE.search(line))
    folder_out = out / language.folder if language.folder else out
    return Built(language, done.returncode, count_pages(folder_out), count, seconds)


def summary(results: list[Built], out: Path) -> str:
    lines = ["", f"{'language':<10} {'folder':<10} {'pages':>6} {'warnings':>9} {'time':>7}"]
    for r in results:
        pages = "?" if r.pages is None else str(r.pages)
        failed = "  (failed)" if r.code else ""
        lines.append(f"{r.language.code or '-':<10} {r.language.folder or '.':<10} "
                     f"{pages:>6} {r.warnings:>9} {r.seconds:>6.1f}s{failed}")
    lines.append(f"The site is in {out}; open {out / 'index.html'}.")
    return "\n".join(lines) + "\n"


def run_site(book: Path, out: Path, *, builder: str = "html", strict: bool = False,
             jobs: str | None = None, fresh: bool = False, stream=None) -> int:
    stream = stream or sys.stdout
    if not book.is_dir():
        raise SiteFailed(f"{book}: no such directory")
    languages = site_languages(book)
    for language in languages:
        folder = book / language.folder if language.folder else book
        if not (folder / "conf.py").is_file():
            raise SiteFailed(f"{folder}: no conf.py for the language {language.code!r}. Fix: "
                             "import the book again with --language all, or write one that "
                             "runs ../conf.py")
    options = {"builder": builder, "strict": strict, "jobs": jobs, "fresh": fresh}
    results = [build_one(book, out, language, number, len(languages), stream, **options)
               for number, language in enumerate(languages, start=1)]
    stream.write(summary(results, out))
    return 1 if any(r.code for r in results) else 0
