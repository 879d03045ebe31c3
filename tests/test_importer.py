"""``sphinx-innersource import`` on the sample of the upstream repository."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from importing import bold_leads, build, first_text, html, run, source_sections, squash

PATTERNS = {
    # file in the corpus -> maturity folder
    "patterns/2-structured/trusted-committer.md": "structured",
    "patterns/2-structured/30-day-warranty.md": "structured",
    "patterns/2-structured/innersource-portal.md": "structured",
    "patterns/2-structured/core-team.md": "structured",
    "patterns/1-initial/good-first-project.md": "initial",
    "patterns/1-initial/modular-code.md": "initial",
}


@pytest.fixture(scope="module")
def imported(corpus, tmp_path_factory):
    dest = tmp_path_factory.mktemp("imported") / "book"
    code, out, err = run("import", corpus, dest)
    return dest, code, out, err


@pytest.fixture(scope="module")
def built(imported):
    dest = imported[0]
    code, warnings, outdir = build(dest)
    return code, warnings, outdir


def test_import_reports_and_exits_zero(imported):
    dest, code, out, err = imported
    assert code == 0, err
    assert "Traceback" not in out + err
    assert "initial 2, structured 4, validated 0" in out
    assert re.search(r"Known instances: 22\b", out)
    assert "Links rewritten: 2 to {pattern} references" in out
    # Pieces that could not be mapped are reported with file:line.
    assert ("patterns/2-structured/project-setup/README.md:1: warning: no '## Title' section"
            in out)
    assert "patterns/2-structured/templates/README-template.md:1:" in out
    assert "patterns/1-initial/good-first-project.md:71:" in out and "'TBD'" in out
    assert ("patterns/2-structured/innersource-portal.md:105: warning: image "
            "'../../assets/img/santander_portal.png' does not exist") in out
    # The report is also kept with the project.
    assert (dest / "import-report.txt").read_text(encoding="utf-8") == out


def test_imported_project_builds_with_W(built):
    code, warnings, outdir = built
    assert code == 0, warnings
    assert warnings.strip() == ""
    for name in ("index.html", "innersource-patterns.html", "innersource-organisations.html"):
        assert (outdir / name).is_file()


@pytest.mark.parametrize("relpath", sorted(PATTERNS))
def test_pages_match_their_source(corpus, built, relpath):
    code, _, outdir = built
    assert code == 0
    sections = source_sections(corpus / relpath)
    stem = Path(relpath).stem
    page = html(outdir / "patterns" / f"{stem}.html")

    assert page.h1.get_text().rstrip("¶") == first_text(sections["Title"])
    summary = page.select_one("aside.innersource-pattern-summary")
    badge = summary.select_one(".innersource-badge")
    assert f"innersource-maturity-{PATTERNS[relpath]}" in badge["class"]
    patlet = squash(summary.select_one(".innersource-patlet").get_text())
    assert patlet.startswith(first_text(sections["Patlet"])[:60])

    expected = bold_leads(sections["Known Instances"])
    found = [o.get_text() for o in page.select(".innersource-organisation")]
    assert found == expected


def test_links_between_patterns_are_rewritten(corpus, built):
    _, _, outdir = built
    source = (corpus / "patterns/2-structured/30-day-warranty.md").read_text(encoding="utf-8")
    assert "[Trusted Committers](./trusted-committer.md)" in source
    page = html(outdir / "patterns" / "30-day-warranty.html")
    internal = [a for a in page.select_one("div.body").select("a.reference.internal")
                if a.get("href", "").startswith("trusted-committer.html")]
    assert [a.get_text() for a in internal] == ["Trusted Committers"]
    # A pattern that is not in the source links to the upstream book.
    assert page.select_one('a[href="https://patterns.innersourcecommons.org/p/'
                           'base-documentation"]').get_text() == "contribution guidelines"
    # Reference-style links keep working (the definition moved to the page end).
    tc = html(outdir / "patterns" / "trusted-committer.html")
    praise = [a for a in tc.select("a.reference.external")
              if a["href"].endswith("/p/praise-participants")]
    assert len(praise) == 2


def test_images_are_copied(corpus, built):
    _, _, outdir = built
    page = html(outdir / "patterns" / "trusted-committer.html")
    images = page.select("img")
    assert images
    for image in images:
        target = (outdir / "patterns" / image["src"]).resolve()
        assert target.is_file(), image["src"]
    source = corpus / "assets/img/mercadolibre-trusted-committers.png"
    copied = [p for p in outdir.rglob("mercadolibre-trusted-committers.png")]
    assert copied and copied[0].read_bytes() == source.read_bytes()
    # The missing image's alt text stays in the page.
    portal = html(outdir / "patterns" / "innersource-portal.html")
    assert "Santander InnerSource Portal" in portal.get_text()


def test_categories_come_from_the_mind_map(built):
    _, _, outdir = built
    page = html(outdir / "patterns" / "trusted-committer.html")
    categories = [c.get_text() for c in page.select(".innersource-category")]
    assert categories == ["Adopt / Cultural Challenges", "Adopt / Organizational Challenges"]


def test_index_lists_patterns_by_title(built):
    _, _, outdir = built
    index = html(outdir / "index.html")
    titles = [a.get_text() for a in index.select(".toctree-wrapper li.toctree-l1 > a")]
    # The generated toctrees: the published book (structured and validated,
    # by title), then the initial patterns, then the catalogue pages.
    assert titles == ["30 Day Warranty", "Core Team", "InnerSource Portal", "Trusted Committer",
                      "Good First Project", "Modular Code", "Catalogue", "Organisations"]
    catalogue = html(outdir / "catalogue.html")
    listed = [a.get_text() for a in catalogue.select("table.innersource-pattern-table a")]
    assert listed == ["30 Day Warranty", "Core Team", "InnerSource Portal",
                      "Trusted Committer", "Good First Project", "Modular Code"]
    organisations = html(outdir / "organisations.html")
    orgs = [row.select_one("td").get_text() for row in
            organisations.select("table.innersource-known-instances-table tbody tr")]
    assert "PayPal" in orgs and "SAP" in orgs
    hrefs = [a["href"] for a in index.select("a") if a.get("href", "").startswith("innersource-")]
    assert "innersource-patterns.html" in hrefs and "innersource-organisations.html" in hrefs


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "_build" not in p.parts}


def test_import_is_repeatable_and_needs_force(corpus, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run("import", corpus, first)[0] == 0
    assert run("import", corpus, second)[0] == 0
    assert _tree(first) == _tree(second)

    code, _out, err = run("import", corpus, first)
    assert code == 2
    assert "not empty" in err and "--force" in err
    (first / "patterns" / "stale-page.md").write_text("old", encoding="utf-8")
    before = _tree(first)
    code, _, _ = run("import", corpus, first, "--force")
    assert code == 0
    after = _tree(first)
    assert after == {**before}  # unrelated files are kept, ours are rewritten identically
    assert "patterns/stale-page.md" in after


def test_force_removes_files_of_the_previous_import(corpus, tmp_path):
    dest = tmp_path / "book"
    assert run("import", corpus, dest)[0] == 0
    (dest / "patterns" / "trusted-committer.md").unlink()
    (dest / "patterns" / "modular-code.md").write_text("edited", encoding="utf-8")
    assert run("import", corpus, dest, "--force")[0] == 0
    assert "Modular Code" in (dest / "patterns" / "modular-code.md").read_text("utf-8")
    assert (dest / "patterns" / "trusted-committer.md").is_file()


def test_progress_bar_only_when_asked(corpus, tmp_path):
    code, _, err = run("import", corpus, tmp_path / "a", "--progress")
    assert code == 0 and "importing [" in err and "6/6" in err
    code, _, err = run("import", corpus, tmp_path / "b")
    assert code == 0 and err == ""


def test_module_entry_point(corpus, tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "sphinx_innersource", "import", str(corpus),
         str(tmp_path / "book")], capture_output=True, text=True, check=False,
        env={**__import__("os").environ,
             "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported 6 pattern(s)")


def test_imported_project_builds_with_adopter_pages_with_W(imported, tmp_path):
    """The imported corpus with adopter pages on (the commented line of conf.py)."""
    dest = tmp_path / "book"
    shutil.copytree(imported[0], dest, ignore=shutil.ignore_patterns("_build"))
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert '\n# innersource_organisation_pages = "organisations"\n' in conf
    (dest / "conf.py").write_text(conf.replace("# innersource_organisation_pages",
                                               "innersource_organisation_pages"), "utf-8")
    index = (dest / "index.md").read_text(encoding="utf-8")
    (dest / "index.md").write_text(index.replace("organisations\n```",
                                                 "organisations\norganisations/index\n```"),
                                   "utf-8")
    code, warnings, outdir = build(dest)
    assert code == 0, warnings
    assert warnings.strip() == ""
    page = html(outdir / "organisations" / "mercado-libre.html")
    stories = page.select(".innersource-adopter-instance")
    assert [s.select_one(".rubric a").get_text() for s in stories] == [
        "InnerSource Portal", "Trusted Committer"]
    assert "CONTRIBUTING.md" in stories[1].get_text()
    adopters = html(outdir / "organisations" / "index.html")
    names = [a.get_text() for a in adopters.select("div.body li.toctree-l1 > a")]
    assert {"PayPal", "SAP", "Mercado Libre", "Robert Bosch GmbH"} <= set(names)


def test_imported_project_builds_latex_with_W(imported):
    dest = imported[0]
    code, warnings, outdir = build(dest, builder="latex")
    assert code == 0, warnings
    tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Trusted Committer" in tex and "Mercado Libre" in tex
