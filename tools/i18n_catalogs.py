"""Keep the message catalogues of sphinx-innersource up to date.

    python tools/i18n_catalogs.py          # extract, update the .po files, compile .mo
    python tools/i18n_catalogs.py --check  # exit 1 when a label lacks a translation

Every ``_("...")``, ``__("...")`` and ``Translated("...")`` of the package
is extracted (Babel's Python extractor), merged into
``sphinx_innersource/locale/<lang>/LC_MESSAGES/sphinx_innersource.po`` for
each language of LANGUAGES (new labels arrive untranslated: translate them
in the .po file and run the script again), and compiled to ``.mo``.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sphinx_innersource"
LOCALE = PACKAGE / "locale"
DOMAIN = "sphinx_innersource"
LANGUAGES = ["es", "gl", "ja", "pt_BR", "zh_CN"]
HEADER = """\
# {language} translation of the labels of sphinx-innersource.
# Same license as the sphinx-innersource package.
# Update with: python tools/i18n_catalogs.py"""


def extract() -> Catalog:
    template = Catalog(project="sphinx-innersource", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")],
        keywords={"_": None, "__": None, "Translated": None},
    ):
        template.add(message, locations=[(filename, lineno)], auto_comments=comments,
                     context=context)
    return template


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(template: Catalog, language: str) -> Catalog:
    path = po_path(language)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=DOMAIN)
    else:
        catalog = Catalog(locale=language, domain=DOMAIN, project="sphinx-innersource",
                          version="0.1.0")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.header_comment = HEADER.format(language=language)
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "sphinx-innersource developers"
    catalog.language_team = f"{language}"
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    return sorted(m.id for m in catalog if m.id and (not m.string or m.fuzzy))


def main(argv: list[str]) -> int:
    template = extract()
    check = "--check" in argv
    problems = 0
    for language in LANGUAGES:
        catalog = update(template, language)
        missing = untranslated(catalog)
        for msgid in missing:
            print(f"{po_path(language).relative_to(ROOT)}: untranslated: {msgid!r}")
        problems += len(missing)
        if check:
            continue
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = BytesIO()
        write_po(buffer, catalog, omit_header=False, no_location=True, sort_output=True,
                 width=100)
        path.write_bytes(buffer.getvalue())
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
    return 1 if problems and check else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
