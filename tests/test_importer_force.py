"""``import --force`` (and ``new --force``) never lose what a user wrote (issue 20, point 5).

A file of DEST is replaced only when the previous import wrote it and nobody
changed it since (the manifest records a SHA-256 of each file); anything
else is moved aside to ``<name>.orig`` and the report says so.  DEST may not
be SRC or inside it; translation folders that are one language are refused.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from importing import build, run
from test_importer_inputs import ALPHA, BETA

from sphinx_innersource.cli.importer.dest import MANIFEST, OLD_MANIFEST


def _repo(root: Path, files: dict[str, str] | None = None) -> Path:
    src = root / "src"
    for name, text in (files or {"patterns/2-structured/alpha.md": ALPHA,
                                 "patterns/2-structured/beta.md": BETA}).items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_folder_never_imported_into_keeps_the_users_files(tmp_path):
    src = _repo(tmp_path)
    dest = tmp_path / "book"
    (dest / "patterns").mkdir(parents=True)
    mine = {"conf.py": "project = 'Mine'\n", "index.md": "# My own book\n",
            "patterns/alpha.md": "# My alpha notes\n", "notes.md": "# Notes\n"}
    for name, text in mine.items():
        (dest / name).write_text(text, encoding="utf-8")
    code, out, err = run("import", src, dest, "--force")
    assert code == 0, out + err
    for name in ("conf.py", "index.md", "patterns/alpha.md"):
        assert (dest / f"{name}.orig").read_text(encoding="utf-8") == mine[name]
        assert f"{name} -> {name}.orig (the previous import did not write it)" in out
    assert (dest / "notes.md").read_text(encoding="utf-8") == mine["notes.md"]
    assert "Alpha Practice" in (dest / "patterns" / "alpha.md").read_text(encoding="utf-8")
    assert "Kept aside" in (dest / "import-report.txt").read_text(encoding="utf-8")
    # the book still builds: .orig files are not pages
    code, warnings, _outdir = build(dest, strict=False)
    assert code == 0 and "Traceback" not in warnings


def test_edited_page_of_a_renamed_pattern_is_moved_aside(tmp_path):
    src = _repo(tmp_path)
    dest = tmp_path / "book"
    assert run("import", src, dest)[0] == 0
    page = dest / "patterns" / "alpha.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMy local addition.\n",
                    encoding="utf-8")
    # upstream renames both patterns; beta's page was not edited
    (src / "patterns" / "2-structured" / "alpha.md").rename(
        src / "patterns" / "2-structured" / "alpha-renamed.md")
    (src / "patterns" / "2-structured" / "beta.md").rename(
        src / "patterns" / "2-structured" / "beta-renamed.md")
    code, out, _err = run("import", src, dest, "--force")
    assert code == 0, out
    assert "My local addition." in (dest / "patterns" / "alpha.md.orig").read_text()
    assert not page.exists()
    assert ("patterns/alpha.md -> patterns/alpha.md.orig (the import no longer writes it, "
            "and you changed it)") in out
    assert not (dest / "patterns" / "beta.md").exists()  # unchanged: removed
    assert not (dest / "patterns" / "beta.md.orig").exists()
    assert (dest / "patterns" / "alpha-renamed.md").is_file()


def test_edited_page_is_kept_and_unchanged_pages_are_replaced(tmp_path):
    src = _repo(tmp_path)
    dest = tmp_path / "book"
    assert run("import", src, dest)[0] == 0
    (dest / "conf.py").write_text("# my settings\n", encoding="utf-8")
    (src / "patterns" / "2-structured" / "beta.md").write_text(
        BETA.replace("uses a rota", "uses a weekly rota"), encoding="utf-8")
    code, out, _err = run("import", src, dest, "--force")
    assert code == 0
    assert (dest / "conf.py.orig").read_text() == "# my settings\n"
    assert "conf.py -> conf.py.orig (you changed it after the previous import)" in out
    assert "weekly rota" in (dest / "patterns" / "beta.md").read_text()
    assert not (dest / "patterns" / "beta.md.orig").exists()


def test_force_twice_gives_the_same_tree_and_keeps_earlier_backups(tmp_path):
    src = _repo(tmp_path)
    dest = tmp_path / "book"
    assert run("import", src, dest)[0] == 0
    before = _tree(dest)
    code, out, _err = run("import", src, dest, "--force")
    assert code == 0 and "Kept aside" not in out
    assert _tree(dest) == before
    (dest / "index.md").write_text("one\n")
    run("import", src, dest, "--force")
    (dest / "index.md").write_text("two\n")
    code, out, _err = run("import", src, dest, "--force")
    assert (dest / "index.md.orig").read_text() == "one\n"
    assert (dest / "index.md.orig.2").read_text() == "two\n"
    assert "index.md -> index.md.orig.2" in out


def test_manifest_of_the_first_format_loses_nothing(tmp_path):
    """A manifest that lists names only cannot tell edited files: they are kept aside."""
    src = _repo(tmp_path)
    dest = tmp_path / "book"
    assert run("import", src, dest)[0] == 0
    names = json.loads((dest / MANIFEST).read_text())["files"]
    (dest / MANIFEST).write_text("\n".join(names) + "\n")
    (dest / "patterns" / "alpha.md").write_text("edited\n")
    code, _out, _err = run("import", src, dest, "--force")
    assert code == 0
    assert (dest / "patterns" / "alpha.md.orig").read_text() == "edited\n"
    assert not (dest / "patterns" / "beta.md.orig").exists()  # same content: nothing to keep


def test_manifest_of_an_earlier_version_is_read_and_renamed(tmp_path):
    """A destination written before the manifest had its present name keeps working."""
    src = _repo(tmp_path)
    dest = tmp_path / "book"
    assert run("import", src, dest)[0] == 0
    assert MANIFEST == ".sphinx-innersource-files.json"
    (dest / MANIFEST).rename(dest / OLD_MANIFEST)
    (dest / "patterns" / "alpha.md").write_text("edited\n")
    code, _out, _err = run("import", src, dest, "--force")
    assert code == 0
    assert (dest / "patterns" / "alpha.md.orig").read_text() == "edited\n"
    assert not (dest / "patterns" / "beta.md.orig").exists()  # unchanged: replaced
    assert (dest / MANIFEST).is_file() and not (dest / OLD_MANIFEST).exists()


def test_file_where_a_folder_is_needed_is_moved_aside(tmp_path):
    src = _repo(tmp_path)
    dest = tmp_path / "book"
    dest.mkdir()
    (dest / "patterns").write_text("a file, not a folder\n")
    code, out, _err = run("import", src, dest, "--force")
    assert code == 0, out
    assert (dest / "patterns.orig").read_text() == "a file, not a folder\n"
    assert (dest / "patterns" / "alpha.md").is_file()


@pytest.mark.parametrize("where", ["same", "inside", "deep"])
def test_destination_in_the_source_is_refused(tmp_path, where):
    src = _repo(tmp_path)
    dest = {"same": src, "inside": src / "book", "deep": src / "patterns" / "out"}[where]
    before = _tree(src)
    code, _out, err = run("import", src, dest, "--force")
    assert code == 2
    assert "inside" in err and "source" in err
    assert _tree(src) == before


def test_symlink_in_the_destination_leading_outside_is_refused(tmp_path):
    src = _repo(tmp_path)
    dest = tmp_path / "book"
    dest.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (dest / "patterns").symlink_to(elsewhere, target_is_directory=True)
    code, _out, err = run("import", src, dest, "--force")
    assert code == 2 and "symbolic link" in err
    assert list(elsewhere.iterdir()) == []


TRANSLATED = ALPHA.replace("Alpha Practice", "Prática Alfa")


@pytest.mark.parametrize("args", [("--all-languages",), ("--language", "pt-BR"),
                                  ("--language", "pt_BR")])
def test_translation_folders_of_one_language_are_refused(tmp_path, args):
    src = _repo(tmp_path, {"patterns/2-structured/alpha.md": ALPHA,
                           "translation/pt-BR/patterns/alpha.md": TRANSLATED,
                           "translation/pt_BR/patterns/alpha.md": TRANSLATED + "\nOther.\n"})
    code, _out, err = run("import", src, tmp_path / "book", *args)
    assert code == 2
    assert "translation/pt-BR, translation/pt_BR" in err and "'pt_BR'" in err
    assert not (tmp_path / "book").exists()
    # the English book alone does not read them
    assert run("import", src, tmp_path / "english")[0] == 0


def test_translation_en_does_not_replace_the_english_book(tmp_path):
    src = _repo(tmp_path, {"patterns/2-structured/alpha.md": ALPHA,
                           "translation/en/patterns/alpha.md": ALPHA.replace("Alpha", "Other")})
    code, _out, err = run("import", src, tmp_path / "books", "--all-languages")
    assert code == 2 and "would replace the English book" in err
    code, _out, _err = run("import", src, tmp_path / "one", "--language", "en")
    assert code == 0
    assert "Other Practice" in (tmp_path / "one" / "patterns" / "alpha.md").read_text()


def test_new_force_keeps_the_users_files(tmp_path):
    dest = tmp_path / "book"
    dest.mkdir()
    (dest / "conf.py").write_text("project = 'Mine'\n")
    code, out, _err = run("new", dest, "--force")
    assert code == 0
    assert (dest / "conf.py.orig").read_text() == "project = 'Mine'\n"
    assert "conf.py -> conf.py.orig" in out
