"""Importing the translations of the sample corpus (``--language``, ``--all-languages``)."""

from __future__ import annotations

import pytest
from importing import bold_leads, build, first_text, html, run, source_sections, squash


@pytest.mark.parametrize(
    ("language", "relpath", "stem", "maturity_label", "organisations"),
    [
        ("ja", "translation/ja/patterns/trusted-committer.md", "trusted-committer", "成熟度",
         ["Nike", "PayPal"]),
        ("es", "translation/es/patterns/30-day-warranty.md", "30-day-warranty", "Madurez",
         ["PayPal", "GitHub", "Microsoft", "SAP"]),
    ],
)
def test_translation_builds_with_translated_labels(corpus, tmp_path, language, relpath, stem,
                                                   maturity_label, organisations):
    dest = tmp_path / language
    code, out, err = run("import", corpus, dest, "--language", language)
    assert code == 0, err
    assert f"(language: {language})" in out
    assert "Not translated, imported in English:" in out
    assert f"language = {language!r}" in (dest / "conf.py").read_text(encoding="utf-8")

    code, warnings, outdir = build(dest)
    assert code == 0, warnings
    assert warnings.strip() == ""

    page = html(outdir / "patterns" / f"{stem}.html")
    assert page.html["lang"] == language
    sections = source_sections(corpus / relpath)
    assert page.h1.get_text().rstrip("¶") == first_text(sections["Title"])
    summary = page.select_one("aside.innersource-pattern-summary")
    assert maturity_label in summary.get_text()
    assert "Maturity" not in summary.get_text()
    assert "innersource-maturity-structured" in summary.select_one(".innersource-badge")["class"]
    patlet = squash(summary.select_one(".innersource-patlet").get_text())
    assert patlet.startswith(first_text(sections["Patlet"])[:30])
    assert [o.get_text() for o in page.select(".innersource-organisation")] == organisations

    # Untranslated patterns fall back to the English page.
    assert (outdir / "patterns" / "modular-code.html").is_file()
    english = html(outdir / "patterns" / "modular-code.html")
    assert english.h1.get_text().rstrip("¶") == "Modular Code"


def test_japanese_plain_list_and_lead_sentence(corpus, tmp_path):
    """The Japanese known instances are plain names after a lead sentence."""
    dest = tmp_path / "ja"
    code, out, _ = run("import", corpus, dest, "--language", "ja")
    assert code == 0
    sections = source_sections(corpus / "translation/ja/patterns/trusted-committer.md")
    lead_line = next(n for n, t in sections["事例"] if t.strip())
    assert f"translation/ja/patterns/trusted-committer.md:{lead_line}: warning: text in " \
           "Known Instances that names no organisation" in out
    page = (dest / "patterns" / "trusted-committer.md").read_text(encoding="utf-8")
    assert "この事例は" in page  # the sentence stays in the page
    assert bold_leads(sections["事例"]) == ["Nike", "PayPal"]


def test_all_languages(corpus, tmp_path):
    dest = tmp_path / "books"
    code, out, err = run("import", corpus, dest, "--all-languages")
    assert code == 0, err
    for language in ("en", "es", "ja"):
        conf = (dest / language / "conf.py").read_text(encoding="utf-8")
        assert (f"language = {language!r}" in conf) == (language != "en")
        assert (dest / language / "index.md").is_file()
    assert "== ja" in out and "== es" in out
    page = (dest / "ja" / "patterns" / "trusted-committer.md").read_text(encoding="utf-8")
    assert page.startswith("# トラステッドコミッター")


def test_unknown_language_is_a_clear_error(corpus, tmp_path):
    code, _out, err = run("import", corpus, tmp_path / "x", "--language", "fr")
    assert code == 2
    assert "no translation 'fr'" in err and "available: es, ja" in err
    assert not (tmp_path / "x").exists()
