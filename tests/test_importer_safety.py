"""The importer reads nothing outside SRC, and names files that work everywhere
(issue 20, points 1 and 3).

Class test: a source repository with a symbolic link leading outside it for
every kind of file the importer reads or copies (pattern page, non-pattern
page, translation page and folder, mind map, licence, image used by Markdown
and by HTML).  None of their content may reach DEST (pages, report,
``patterns.json``, ``_sources``), and each is named in the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from importing import build, run
from test_importer_inputs import ALPHA, BETA, PNG

SECRET = "SECRET-OUTSIDE-SRC"

PATTERN = """\
## Title

Leaked {secret}

## Patlet

{secret} patlet.

## Problem

{secret}

## Known Instances

- **{secret} Corp** did it.

## Status

Structured
"""


def _outside(root: Path) -> Path:
    outside = root / "outside"
    (outside / "es" / "patterns").mkdir(parents=True)
    (outside / "pattern.md").write_text(PATTERN.format(secret=SECRET), encoding="utf-8")
    (outside / "notes.md").write_text(f"{SECRET} first line\n", encoding="utf-8")
    (outside / "ja.md").write_text(ALPHA.replace("Alpha Practice", SECRET), encoding="utf-8")
    (outside / "es" / "patterns" / "alpha.md").write_text(
        ALPHA.replace("Alpha Practice", SECRET), encoding="utf-8")
    (outside / "map.md").write_text(
        f"# Map\n\n## {SECRET}\n\n### Why\n\n#### [Alpha](https://x.example/p/alpha)\n",
        encoding="utf-8")
    (outside / "LICENSE").write_text(f"{SECRET} licence\n", encoding="utf-8")
    (outside / "pic.png").write_bytes(PNG + SECRET.encode())
    return outside


def _repo(root: Path) -> Path:
    src = root / "src"
    outside = _outside(root)
    structured = src / "patterns" / "2-structured"
    structured.mkdir(parents=True)
    (structured / "alpha.md").write_text(
        ALPHA + '\n<img src="../../assets/img/pic.png" alt="p">\n', encoding="utf-8")
    (structured / "beta.md").write_text(BETA, encoding="utf-8")
    links = {
        structured / "leaked.md": outside / "pattern.md",
        structured / "notes.md": outside / "notes.md",
        src / "translation" / "ja" / "patterns" / "alpha.md": outside / "ja.md",
        src / "translation" / "es": outside / "es",
        src / "pattern-categorization" / "map.md": outside / "map.md",
        src / "pattern-categorization" / "ja" / "map.md": outside / "map.md",
        src / "translation" / "ja" / "pattern-categorization" / "map.md": outside / "map.md",
        src / "LICENSE": outside / "LICENSE",
        src / "assets" / "img" / "pic.png": outside / "pic.png",
    }
    for link, target in links.items():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target, target_is_directory=target.is_dir())
    return src


def _everything(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*")
                     if p.is_file())


def test_no_file_read_through_a_symlink_leaving_src(tmp_path):
    src = _repo(tmp_path)
    dest = tmp_path / "books"
    code, out, err = run("import", "--all-languages", src, dest)
    assert code == 1, out + err  # files that could not be read
    assert SECRET not in out
    for rel in ("patterns/2-structured/leaked.md", "patterns/2-structured/notes.md",
                "translation/ja/patterns/alpha.md", "translation/es/patterns/alpha.md",
                "pattern-categorization/map.md", "pattern-categorization/ja/map.md",
                "translation/ja/pattern-categorization/map.md", "LICENSE"):
        assert f"{rel}:0: error: the file is, or is inside, a symbolic link" in out, rel
    assert "image '../../assets/img/pic.png' is outside the source folder" in out
    assert SECRET not in _everything(dest)
    assert not (dest / "en" / "LICENSE").exists()
    assert not list(dest.rglob("pic.png"))
    assert (dest / "en" / "patterns" / "alpha.md").is_file()
    assert not (dest / "en" / "patterns" / "leaked.md").exists()

    code, warnings, outdir = build(dest / "en", strict=False, builder="html")
    assert code == 0, warnings
    assert SECRET not in _everything(outdir)


def test_links_inside_src_are_followed(tmp_path):
    src = tmp_path / "src"
    structured = src / "patterns" / "2-structured"
    structured.mkdir(parents=True)
    (src / "shared").mkdir()
    (src / "shared" / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (structured / "alpha.md").symlink_to(src / "shared" / "alpha.md")
    (src / "LICENSE.md").write_text("Licence text\n", encoding="utf-8")
    (src / "LICENSE").symlink_to(src / "LICENSE.md")
    code, out, _err = run("import", src, tmp_path / "book")
    assert code == 0, out
    assert "symbolic link" not in out
    assert "Alpha Practice" in (tmp_path / "book" / "patterns" / "alpha.md").read_text()
    assert (tmp_path / "book" / "LICENSE").read_text() == "Licence text\n"


def test_patterns_folder_that_leads_outside_is_refused(tmp_path):
    outside = tmp_path / "elsewhere" / "2-structured"
    outside.mkdir(parents=True)
    (outside / "alpha.md").write_text(ALPHA, encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "patterns").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    code, _out, err = run("import", src, tmp_path / "book")
    assert code == 2
    assert "lead outside it through symbolic links" in err
    assert not (tmp_path / "book").exists()


def test_link_loop_is_refused_not_a_crash(tmp_path):
    src = tmp_path / "src"
    structured = src / "patterns" / "2-structured"
    structured.mkdir(parents=True)
    (structured / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (structured / "loop.md").symlink_to(structured / "loop.md")
    code, out, _err = run("import", src, tmp_path / "book")
    assert code in (0, 1), out
    assert (tmp_path / "book" / "patterns" / "alpha.md").is_file()


# -- file names (point 3) ----------------------------------------------------------------

def test_pattern_whose_page_name_is_too_long_is_skipped(tmp_path):
    src = tmp_path / "src"
    structured = src / "patterns" / "2-structured"
    structured.mkdir(parents=True)
    (structured / "alpha.md").write_text(ALPHA, encoding="utf-8")
    # a folder of 85 CJK characters (255 bytes, a valid name) with a README.md:
    # the pattern's id is the folder name, and its page needs 255 + 3 bytes
    folder = structured / ("\u6f22" * 85)
    folder.mkdir()
    (folder / "README.md").write_text(BETA, encoding="utf-8")
    code, out, _err = run("import", src, tmp_path / "book")
    assert code == 1, out
    assert "bytes long, more than the 255 file systems allow; the pattern is skipped" in out
    assert (tmp_path / "book" / "patterns" / "alpha.md").is_file()


@pytest.mark.parametrize("names", [("id", "\u0131d"), ("tema", "TEMA-")])
def test_page_names_that_clash_on_macos_are_reported(tmp_path, names):
    src = tmp_path / "src"
    structured = src / "patterns" / "2-structured"
    structured.mkdir(parents=True)
    for name in names:
        (structured / f"{name}.md").write_text(ALPHA, encoding="utf-8")
    code, out, _err = run("import", src, tmp_path / "book")
    if names[1] == "TEMA-":  # slugified to the same id: a duplicate, not a clash
        assert "is also used by" in out
        return
    assert "are the same file on file systems that ignore case" in out, out
    assert code == 0
