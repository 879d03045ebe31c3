"""The message catalogues cover every label of the package, and the .mo files are current."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "sphinx_innersource" / "locale"
LANGUAGES = ["es", "gl", "ja", "pt_BR", "zh_CN"]


def test_every_label_is_translated():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n_catalogs.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_po(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "sphinx_innersource.po").open("rb") as handle:
        catalog = read_po(handle)
    compiled = gettext.translation("sphinx_innersource", str(LOCALE), [language])
    messages = [m for m in catalog if m.id]
    assert len(messages) >= 20
    for message in messages:
        assert message.string, message.id
        assert compiled.gettext(message.id) == message.string
    assert compiled.gettext("Maturity") != "Maturity"


def test_extraction_finds_every_message_of_the_catalogues():
    """Updating the catalogues loses no message: each one is still extracted from the code."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import i18n_catalogs
    finally:
        sys.path.pop(0)
    extracted = {m.id for m in i18n_catalogs.extract() if m.id}
    for language in LANGUAGES:
        with (LOCALE / language / "LC_MESSAGES" / "sphinx_innersource.po").open("rb") as handle:
            kept = {m.id for m in read_po(handle) if m.id}
        assert kept <= extracted, sorted(kept - extracted)
