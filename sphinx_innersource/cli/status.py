"""``sphinx-innersource status BOOK``: the state of each translation, without a build.

For each translation of the book (``innersource_languages`` in
``BOOK/conf.py``), the pattern pages of the source language that it
translates, those it lacks, and those possibly outdated: the English page's
file no longer has the digest the translation records
(:mod:`sphinx_innersource.core.translations`).  The ``translation-status``
directive shows the same on a page of the book.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.translations import Status, site_status
from .site import SiteFailed, site_languages


def render(statuses: list[Status]) -> str:
    lines = []
    for status in statuses:
        total = len(status.translated) + len(status.missing)
        lines.append(f"== {status.language}: {len(status.translated)} of {total} pattern(s) "
                     f"translated, {len(status.outdated)} possibly outdated, "
                     f"{len(status.missing)} missing")
        for label, docnames in (("possibly outdated", status.outdated),
                                ("missing", status.missing),
                                ("without an English original", status.without_original)):
            if docnames:
                lines.append(f"  {label}: {', '.join(docnames)}")
    return "\n".join(lines) + "\n"


def run_status(book: Path, out=None) -> int:
    out = out or sys.stdout
    languages = site_languages(book)
    if len(languages) < 2:
        raise SiteFailed(f"{book / 'conf.py'}: innersource_languages names no translation")
    out.write(render(site_status(book, languages)))
    return 0
