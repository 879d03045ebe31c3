"""``sphinx-innersource new`` and ``sphinx-innersource lint``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from importing import build, html, run

from sphinx_innersource.core.checks import patlet_message, sections_message


def test_new_book_builds_without_warnings(tmp_path):
    dest = tmp_path / "book"
    code, out, err = run("new", dest)
    assert code == 0, err
    assert "sphinx-build -W" in out
    code, warnings, outdir = build(dest)
    assert code == 0, warnings
    assert warnings.strip() == ""
    page = html(outdir / "patterns" / "office-hours.html")
    assert page.select_one(".innersource-patlet").get_text().startswith("People from other")
    assert page.select_one(".innersource-organisation").get_text() == \
        "Example Logistics (fictional)"
    index = html(outdir / "index.html")
    assert {a["href"] for a in index.select(".toctree-wrapper a")} >= {
        "patterns/office-hours.html", "patterns/starter-issues.html", "pattern-template.html"}
    # The landing page: a hero section with the cover and a calendar.
    hero = index.select_one("section.innersource-hero")
    assert hero is not None and hero.select_one("img")["alt"].startswith("Cover of")
    assert (outdir / hero.select_one("img")["src"]).is_file()
    # HTML shows the SVG of ``_static/cover.*``; the PNG beside it is for the PDF.
    assert hero.select_one("img")["src"].endswith("cover.svg")
    assert (dest / "_static" / "cover.png").read_bytes().startswith(b"\x89PNG\r\n")
    assert [a["href"] for a in hero.select("a.innersource-button, .innersource-buttons a")][:2] \
        == ["patterns/office-hours.html", "pattern-template.html"]
    # The office hours: the next sessions, read from the book's own .ics file
    # (no calendar id that exists nowhere).
    assert index.select_one("iframe") is None
    sessions = index.select("ul.innersource-calendar__events > li")
    assert len(sessions) == 3 and all("Pattern office hours" in li.get_text()
                                      for li in sessions)
    # A second run refuses to overwrite, --force allows it.
    assert run("new", dest)[0] == 2
    assert run("new", dest, "--force")[0] == 0


def test_new_book_is_clean(tmp_path):
    """What a new user sees first: the footer, the source files, the hidden files."""
    dest = tmp_path / "book"
    assert run("new", dest, "--author", "Ana Example")[0] == 0
    code, warnings, outdir = build(dest)
    assert code == 0, warnings
    footer = html(outdir / "index.html").select_one("div.footer, footer").get_text(" ")
    assert re.search(r"©\s*20\d\d, Ana Example\.", footer), footer
    sources = {p.relative_to(dest).as_posix(): p.read_text(encoding="utf-8")
               for p in dest.rglob("*.md") if "_build" not in p.parts}
    assert not [name for name, text in sources.items() if re.search(r":maturity:.*,\s*$", text,
                                                                   re.M)]
    assert ":maturity: only initial" in sources["index.md"]
    assert not [name for name, text in sources.items()
                if re.search(r"add (the|your|new) pages? to the\s+table\s+of\s+contents", text)]
    # The one hidden file is named for what it holds.
    assert sorted(p.name for p in dest.iterdir() if p.name.startswith(".")) == \
        [".sphinx-innersource-files.json"]
    # Run without --author, the copyright names the default author, never nobody.
    assert run("new", tmp_path / "b2")[0] == 0
    assert 'author = "The pattern book editors"' in (tmp_path / "b2" / "conf.py").read_text() \
        or "author = 'The pattern book editors'" in (tmp_path / "b2" / "conf.py").read_text()


def _broken_copy(corpus: Path, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """trusted-committer.md without its Patlet and Forces sections."""
    folder = tmp_path / "repo" / "patterns" / "2-structured"
    folder.mkdir(parents=True)
    lines = (corpus / "patterns/2-structured/trusted-committer.md").read_text(
        encoding="utf-8").split("\n")
    out, skip = [], False
    for line in lines:
        if line.startswith("## "):
            skip = line in ("## Patlet", "## Forces")
        if not skip:
            out.append(line)
    target = folder / "trusted-committer.md"
    target.write_text("\n".join(out), encoding="utf-8")
    title_line = out.index("## Title") + 1
    return target, {"title": title_line}


def test_lint_finds_missing_section_and_patlet(corpus, tmp_path):
    target, lines = _broken_copy(corpus, tmp_path)
    code, out, _ = run("lint", target)
    assert code == 1
    assert f"{target}:{lines['title']}: {patlet_message('trusted-committer')}" in out
    assert (f"{target}:{lines['title']}: "
            f"{sections_message('trusted-committer', ['Forces'])}") in out
    assert "1 file(s) checked, 2 problem(s)" in out


def test_lint_messages_are_those_of_the_build(corpus, tmp_path):
    """The same broken file, imported and built: the warnings say the same."""
    target, _ = _broken_copy(corpus, tmp_path)
    _, lint_out, _ = run("lint", target)
    dest = tmp_path / "book"
    assert run("import", tmp_path / "repo", dest)[0] == 0
    conf = dest / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert "'innersource.patlet'" in text and "'innersource.sections'" in text
    conf.write_text(text.split("suppress_warnings")[0], encoding="utf-8")
    code, warnings, _ = build(dest, strict=False)
    assert code == 0
    built = re.findall(r"WARNING: (.*?) \[innersource\.(?:patlet|sections)\]", warnings)
    linted = [line.split(": ", 1)[1] for line in lint_out.splitlines() if line.startswith(
        str(target))]
    assert sorted(built) == sorted(linted)
    assert len(built) == 2


def test_lint_clean_corpus_passes(corpus):
    code, out, _ = run("lint", corpus / "patterns", corpus / "translation")
    assert code == 0, out
    assert "0 problem(s)" in out
    assert "project-setup/README.md:1: note: no '## Title' section" in out


def test_lint_validated_with_enough_instances(corpus, tmp_path):
    """Four bold-led known instances satisfy the three a validated pattern needs."""
    folder = tmp_path / "patterns" / "3-validated"
    folder.mkdir(parents=True)
    shutil.copy(corpus / "patterns/2-structured/30-day-warranty.md", folder)
    code, out, _ = run("lint", folder)
    assert code == 0, out
    assert "1 file(s) checked, 0 problem(s)" in out


def test_lint_validated_with_too_few_instances(corpus, tmp_path):
    folder = tmp_path / "patterns" / "3-validated"
    folder.mkdir(parents=True)
    shutil.copy(corpus / "patterns/1-initial/modular-code.md", folder)
    code, out, _ = run("lint", folder / "modular-code.md")
    assert code == 1
    assert ("validated pattern 'modular-code' has 1 known instance(s); its maturity needs at "
            "least 3") in out
    assert re.search(r"modular-code\.md:\d+: validated pattern", out)


def test_lint_missing_path(tmp_path):
    code, out, err = run("lint", tmp_path / "nope.md")
    assert code == 1
    assert "nope.md:1: no such file or directory" in out
    assert "Traceback" not in out + err


def test_documented_commands_parse():
    """Every ``$ sphinx-innersource ...`` line of docs/migrating.md and docs/languages.md
    is a valid command."""
    import shlex

    from sphinx_innersource.cli import _parser

    docs = Path(__file__).resolve().parents[1] / "docs"
    commands = [line[2:] for doc in ("migrating.md", "languages.md")
                for line in (docs / doc).read_text(encoding="utf-8").splitlines()
                if line.startswith("$ sphinx-innersource ")]
    assert len(commands) >= 6
    seen = set()
    for command in commands:
        args = _parser().parse_args(shlex.split(command)[1:])
        seen.add(args.command)
    assert seen == {"import", "lint", "new", "site", "status"}



# A validated pattern in the upstream style with three known instances, two of
# which are one organisation under names that no spelling rule joins.
ROTA = """\
## Title

Rota Review

## Patlet

Reviews wait for days. Agree on who reviews when.

## Problem

Reviews wait.

## Context

Many teams.

## Forces

Time.

## Solutions

A rota.

## Resulting Context

Faster reviews.

## Known Instances

* **Orchard Systems** - reviewers rotate weekly.
* **OrchSys Labs** - the same rota in the platform team.
* **Quince Bank** - a rota per repository.

## Status

* Validated

## Authors

* Ann Example
"""
REGISTRY = 'innersource_organisations = {\n    "Orchard Systems": ["OrchSys Labs"],\n}\n'


def _rota(tmp_path: Path, conf: str) -> tuple[Path, Path]:
    folder = tmp_path / "patterns" / "3-validated"
    folder.mkdir(parents=True)
    (folder / "rota-review.md").write_text(ROTA, encoding="utf-8")
    book = tmp_path / "book"
    book.mkdir()
    (book / "conf.py").write_text('project = "Book"\n\n' + conf, encoding="utf-8")
    return folder, book


def test_lint_counts_the_aliases_of_the_books_registry_once(tmp_path):
    folder, book = _rota(tmp_path, REGISTRY)
    code, out, _ = run("lint", folder)  # three names, three organisations
    assert code == 0, out
    for conf in (book, book / "conf.py"):  # the book's folder or its conf.py
        code, out, _ = run("lint", "--conf", conf, folder)
        assert code == 1
        assert re.search(r"rota-review\.md:\d+: validated pattern 'rota-review' has 2 known "
                         r"instance\(s\); its maturity needs at least 3", out), out


@pytest.mark.parametrize("conf, expected", [
    ("innersource_organisations = {\n    'Acme': 42,\n}\n",
     r"conf\.py:3: innersource_organisations\['Acme'\] = 42 is neither a list of aliases "
     r"nor a dict; the entry is ignored\. Fix: "),
    ("innersource_organisations = {\n", r"conf\.py:1: cannot be read: .+\. Fix: "),
    ("import sys\nsys.exit(3)\n", r"conf\.py:1: cannot be read: .+\. Fix: "),
])
def test_lint_reports_a_bad_conf_at_its_line_and_goes_on(tmp_path, conf, expected):
    folder, book = _rota(tmp_path, conf)
    code, out, err = run("lint", "--conf", book, folder)
    assert code == 1
    assert re.search(expected, out), out
    assert "1 file(s) checked" in out and "Traceback" not in out + err


def test_lint_conf_that_is_missing(tmp_path):
    folder, book = _rota(tmp_path, "")
    code, out, _ = run("lint", "--conf", book / "nope.py", folder)
    assert code == 1
    assert re.search(r"nope\.py:1: no such file\. Fix: ", out), out
