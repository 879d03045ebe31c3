"""The importer on small hand-written repositories: Markdown features and bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import write_files
from importing import build, html, run

ROOT = Path(__file__).resolve().parents[1]

# Our own placeholder texts, in the upstream template.
ALPHA = """\
## Title

Alpha Practice

## Patlet

Teams keep rebuilding the same tool. They share one copy instead.

## Problem

Every team writes its own helper[^why], see also [the beta page][b].

## Context

Several teams, one need.

## Forces

Time is short.

## Solutions

Share the helper and link to [Beta Practice](./beta.md#solutions).

<p align="center"><img src="../../assets/img/pic.png" alt="A picture" width="50"></p>

![Inline picture](../../assets/img/pic.png)

## Resulting Context

One helper, many users.

## Known Instances

1. [Acme Example](https://acme.example/story) - shared their build helper.
2. **Widget Works**: did the same
   with two teams.

## Status

Structured

## Authors

- Ann Example
- [Bo Sample](https://example.org/bo)

## Alias

- Shared Helper

[b]: ./beta.md
[^why]: Nobody knew the other helpers existed.
"""

BETA = """\
## Title

Beta Practice

## Patlet

Reviews wait for days. Agree on a review rota.

## Problem

Text.

## Context

Text.

## Forces

Text.

## Solutions

Text.

## Resulting Context

Text.

## Known Instances

- **Widget Works** - uses a rota.

## Status

Structured

## Authors

- Cy Writer
"""

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def make_repo(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "patterns/2-structured/alpha.md": ALPHA,
        "patterns/2-structured/beta.md": BETA,
        "assets/img/pic.png": PNG,
        **(extra or {}),
    }
    write_files(root, files)
    return root


def test_markdown_features_keep_working(tmp_path):
    repo = make_repo(tmp_path / "repo")
    dest = tmp_path / "book"
    code, out, err = run("import", repo, dest)
    assert code == 0, err
    assert "Links rewritten: 2 to {pattern} references" in out
    assert "the anchor '#solutions' is dropped" in out
    code, warnings, outdir = build(dest)
    assert code == 0, warnings

    page = html(outdir / "patterns" / "alpha.html")
    body = page.select_one("div.body")
    internal = {a.get_text(): a["href"] for a in body.select("a.reference.internal")
                if a["href"].startswith("beta.html")}
    assert internal == {"the beta page": "beta.html", "Beta Practice": "beta.html"}
    assert "[b]: beta.md" in (dest / "patterns" / "alpha.md").read_text(encoding="utf-8")
    # Footnote
    assert body.select_one("a.footnote-reference") is not None
    assert "Nobody knew the other helpers existed." in body.get_text()
    # Images, in Markdown and in an HTML fragment, resolve to copied files.
    sources = [img["src"] for img in body.select("img")]
    assert len(sources) == 2
    for src in sources:
        assert (outdir / "patterns" / src).resolve().read_bytes() == PNG
    # Known instances from a numbered list: a linked lead, a bold lead.
    organisations = [o.get_text() for o in body.select(".innersource-organisation")]
    assert organisations == ["Acme Example", "Widget Works"]
    link = body.select_one("div.innersource-known-instance a.reference.external")
    assert link["href"] == "https://acme.example/story"
    assert "with two teams" in body.select("div.innersource-known-instance")[1].get_text()
    # Metadata
    assert [a.get_text() for a in body.select(".innersource-author")] == ["Ann Example",
                                                                         "Bo Sample"]
    assert [a.get_text() for a in body.select(".innersource-alias")] == ["Shared Helper"]
    # The author's link is kept (issue 14: it was dropped with a note before).
    bo = body.select_one(".innersource-field-authors a")
    assert (bo.get_text(), bo["href"]) == ("Bo Sample", "https://example.org/bo")
    assert "not kept in the metadata" not in out


def _import(tmp_path: Path, extra: dict[str, str | bytes]) -> tuple[int, str, str, Path]:
    repo = make_repo(tmp_path / "repo", extra)
    dest = tmp_path / "book"
    code, out, err = run("import", repo, dest)
    assert "Traceback" not in out + err
    return code, out, err, dest


def test_empty_file(tmp_path):
    code, out, _, _ = _import(tmp_path, {"patterns/1-initial/empty.md": ""})
    assert code == 0
    assert "patterns/1-initial/empty.md:1: warning: empty file; skipped" in out
    code, out, _ = run("lint", tmp_path / "repo/patterns/1-initial/empty.md")
    assert code == 1 and "empty.md:1: empty file" in out


def test_file_without_title(tmp_path):
    code, out, _, dest = _import(tmp_path, {
        "patterns/1-initial/notes.md": "# Some notes\n\n## Problem\n\nText.\n"})
    assert code == 0
    assert ("patterns/1-initial/notes.md:1: warning: no '## Title' section, so not a pattern "
            "in the upstream template (starts with '# Some notes'); skipped") in out
    assert not (dest / "patterns" / "notes.md").exists()


def test_duplicated_sections(tmp_path):
    text = BETA.replace("## Context\n\nText.\n",
                        "## Context\n\nText.\n\n## Context\n\nMore context.\n")
    text = text.replace("## Patlet\n", "## Patlet\n\nA first patlet. Its solution.\n\n## Patlet\n")
    code, out, _, dest = _import(tmp_path, {"patterns/2-structured/gamma.md": text})
    assert code == 0
    lines = text.split("\n")
    second_context = [i for i, t in enumerate(lines, 1) if t == "## Context"][1]
    first_context = lines.index("## Context") + 1
    assert (f"gamma.md:{second_context}: warning: section 'Context' repeats the one at line "
            f"{first_context}; both are kept") in out
    assert "section 'Patlet' repeats" in out and "kept as a section" in out
    page = (dest / "patterns" / "gamma.md").read_text(encoding="utf-8")
    assert "More context." in page and "Reviews wait for days." in page
    code, warnings, _ = build(dest)
    assert code == 0, warnings
    code, lint_out, _ = run("lint", tmp_path / "repo/patterns/2-structured/gamma.md")
    assert code == 1 and f"gamma.md:{second_context}: section 'Context' repeats" in lint_out


def test_non_utf8_file(tmp_path):
    bad = b"## Title\n\nCaf\xe9 Pattern\n"
    code, out, _, dest = _import(tmp_path, {"patterns/2-structured/bad.md": bad})
    assert code == 1  # unreadable input
    assert ("patterns/2-structured/bad.md:3: error: the file is not UTF-8 (byte 0xe9 "
            "at offset 13). Fix: save it as UTF-8; file skipped") in out
    assert (dest / "patterns" / "alpha.md").is_file()  # the rest is imported
    code, lint_out, _ = run("lint", tmp_path / "repo/patterns/2-structured/bad.md")
    assert code == 1 and "bad.md:3: the file is not UTF-8" in lint_out
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_innersource", "import", str(tmp_path / "repo"),
         str(tmp_path / "book2")], capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_pattern_folder_without_patterns(tmp_path):
    repo = tmp_path / "repo"
    (repo / "patterns" / "2-structured").mkdir(parents=True)
    code, out, err = run("import", repo, tmp_path / "book")
    assert code == 2
    assert "no pattern files (*.md) found" in err
    assert "Traceback" not in out + err
    assert not (tmp_path / "book").exists()


def test_only_non_patterns(tmp_path):
    repo = tmp_path / "repo"
    (repo / "patterns" / "2-structured").mkdir(parents=True)
    (repo / "patterns" / "2-structured" / "README.md").write_text("# Files moved\n", "utf-8")
    code, _, err = run("import", repo, tmp_path / "book")
    assert code == 2
    assert "no pattern could be imported" in err
    assert "README.md:1: warning: no '## Title' section" in err


def test_bad_source_paths(tmp_path):
    code, _, err = run("import", tmp_path / "missing", tmp_path / "book")
    assert code == 2 and "no such directory" in err
    (tmp_path / "file.md").write_text("x", encoding="utf-8")
    code, _, err = run("import", tmp_path / "file.md", tmp_path / "book")
    assert code == 2 and "not a directory" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run("import", tmp_path / "empty", tmp_path / "book")
    assert code == 2 and "no 'patterns' folder" in err


def test_reported_problems_are_silenced_in_conf(tmp_path):
    """A structured pattern without known instances: reported, then suppressed."""
    text = BETA.replace("- **Widget Works** - uses a rota.", "We believe it works.")
    code, out, _, dest = _import(tmp_path, {"patterns/2-structured/beta.md": text})
    assert code == 0
    assert "structured pattern 'beta' has 0 known instance(s)" in out
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "'innersource.maturity',  # beta" in conf
    assert build(dest)[0] == 0
    (dest / "conf.py").write_text(conf.split("suppress_warnings")[0], encoding="utf-8")
    code, warnings, _ = build(dest)
    assert code != 0 and "[innersource.maturity]" in warnings


def test_heading_jump_html_link_and_empty_folder(tmp_path):
    text = BETA.replace("## Forces\n\nText.\n", "## Forces\n\n#### Deep heading\n\nText.\n\n"
                        '<a href="../other/file.md">other</a>\n')
    code, out, _, dest = _import(tmp_path, {"patterns/2-structured/beta.md": text,
                                            "patterns/3-validated/.keep": ""})
    assert code == 0
    line = text.split("\n").index("#### Deep heading") + 1
    assert f"beta.md:{line}: warning: heading 'Deep heading' skips from level 2 to 4" in out
    assert "relative link '../other/file.md' in an HTML fragment" in out
    assert "patterns/3-validated:0: note: folder has no pattern files" in out
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "'myst.header',  # beta" in conf
    code, warnings, _ = build(dest)
    assert code == 0, warnings
    (dest / "conf.py").write_text(conf.split("suppress_warnings")[0], encoding="utf-8")
    code, warnings, _ = build(dest)
    assert code != 0 and "[myst.header]" in warnings
