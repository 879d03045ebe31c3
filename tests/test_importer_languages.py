"""Each language of an imported book keeps to itself: categories and known instances.

Small repositories of our own in the upstream layout: an English mind map
and a Spanish one, and a Japanese translation whose known instances are
prose instead of the English bullet list.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from importing import build, html, run
from test_importer_inputs import ALPHA, make_repo

from sphinx_innersource.core.translations import page_digest, translation_of

MAP_EN = """\
# [Program](https://patterns.innersourcecommons.org/toc)

## Adopt

### Cultural Challenges

#### Teams do not share

##### [Alpha Practice](https://patterns.innersourcecommons.org/p/alpha)

## Scale

### Review

#### Reviews are slow

##### [Beta Practice](https://patterns.innersourcecommons.org/p/beta)
"""

MAP_ES = """\
# [Programa](https://patterns.innersourcecommons.org/toc)

## Adoptar

### Retos culturales

#### Los equipos no comparten

##### [Práctica Alfa](https://patterns.innersourcecommons.org/p/alpha)
"""

ALPHA_ES = ALPHA.replace("Alpha Practice", "Práctica Alfa", 1)

# The known instances as prose, the organisation names kept in Latin script,
# once with a space after the name and once without.
_ALPHA_HEAD = ALPHA.replace("Alpha Practice", "アルファの実践", 1).split("## Known Instances")[0]
ALPHA_JA = _ALPHA_HEAD + """\
## 事例

Acme Exampleは、ビルドの補助ツールを共有しました。

Widget Works も二つのチームで同じことをしました。

## ステータス

Structured

## 著者

- Ann Example

[b]: ./beta.md
[^why]: 他のツールを誰も知りませんでした。
"""


def _repo(tmp_path, **extra):
    return make_repo(tmp_path / "src", {
        "pattern-categorization/innersource-program-mind-map.md": MAP_EN,
        "pattern-categorization/es/innersource-program-mind-map.md": MAP_ES,
        "translation/es/patterns/alpha.md": ALPHA_ES,
        "translation/ja/patterns/alpha.md": ALPHA_JA,
        **extra,
    })


def _categories(dest, stem="alpha"):
    code, warnings, outdir = build(dest)
    assert code == 0, warnings
    page = html(outdir / "patterns" / f"{stem}.html")
    return [c.get_text() for c in page.select(".innersource-category")]


def test_each_book_takes_the_mind_map_of_its_language(tmp_path):
    src = _repo(tmp_path)
    assert run("import", src, tmp_path / "en")[0] == 0
    assert _categories(tmp_path / "en") == ["Adopt / Cultural Challenges"]
    assert run("import", src, tmp_path / "es", "--language", "es")[0] == 0
    assert _categories(tmp_path / "es") == ["Adoptar / Retos culturales"]
    # The Spanish mind map does not place beta: no category rather than an English one.
    assert _categories(tmp_path / "es", "beta") == []
    # Japanese has no mind map of its own: the English one.
    assert run("import", src, tmp_path / "ja", "--language", "ja")[0] == 0
    assert _categories(tmp_path / "ja") == ["Adopt / Cultural Challenges"]


def test_translated_prose_names_the_organisations_of_the_original(tmp_path):
    src = _repo(tmp_path)
    code, out, err = run("import", src, tmp_path / "ja", "--language", "ja")
    assert code == 0, err
    page = (tmp_path / "ja" / "patterns" / "alpha.md").read_text(encoding="utf-8")
    assert ":::{known-instance} Acme Example\n\nAcme Exampleは、" in page
    assert ":::{known-instance} Widget Works\n\nWidget Works も" in page
    assert "names no organisation" not in out

    code, out, _ = run("lint", src / "translation" / "ja")
    assert code == 0, out
    assert "0 problem(s)" in out


def test_prose_naming_no_original_organisation_is_not_an_instance(tmp_path):
    other = ALPHA_JA.replace("Acme Example", "Someone").replace("Widget Works", "Nobody")
    src = _repo(tmp_path, **{"translation/ja/patterns/alpha.md": other})
    code, out, _ = run("lint", src / "translation" / "ja")
    assert code == 1
    assert "structured pattern 'alpha' has 0 known instance(s)" in out
    # In an English page, prose is never taken for an instance.
    english = ALPHA.split("## Known Instances")[0] + (
        "## Known Instances\n\nAcme Example did it too.\n\n## Status\n\nStructured\n\n"
        "## Authors\n\n- Ann Example\n")
    src2 = make_repo(tmp_path / "src2", {"patterns/2-structured/alpha.md": english})
    code, out, _ = run("lint", src2 / "patterns" / "2-structured" / "alpha.md")
    assert "has 0 known instance(s)" in out


def _git(repo, *args, when: int):
    date = f"@{when} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _digests(dest):
    """(digest the Japanese alpha records, digest of the English alpha page now)."""
    recorded = translation_of((dest / "ja" / "patterns" / "alpha.md").read_text(encoding="utf-8"))
    assert recorded is not None and recorded[0] == "patterns/alpha"
    return recorded[1], page_digest((dest / "patterns" / "alpha.md").read_text(encoding="utf-8"))


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_history_marks_translations_of_changed_originals(tmp_path):
    """The English page changed after the translation's last commit: possibly outdated."""
    src = _repo(tmp_path)
    _git(src, "init", "-q", when=1_700_000_000)
    _git(src, "add", "-A", when=1_700_000_000)
    _git(src, "commit", "-q", "-m", "all", when=1_700_000_000)
    # without a later change, the translation is up to date
    assert run("import", src, tmp_path / "now", "--language", "all")[0] == 0
    recorded, current = _digests(tmp_path / "now")
    assert recorded == current
    english = src / "patterns" / "2-structured" / "alpha.md"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "One helper, many users.", "One helper, many users, fewer bugs."), encoding="utf-8")
    _git(src, "commit", "-q", "-am", "English changed", when=1_700_100_000)
    code, out, _err = run("import", src, tmp_path / "later", "--language", "all")
    assert code == 0
    assert "changed after this translation (git history)" in out
    recorded, current = _digests(tmp_path / "later")
    assert recorded and recorded != current
    # the recorded digest is that of the English page as it was: the first import's
    assert recorded == page_digest((tmp_path / "now" / "patterns" / "alpha.md").read_text(
        encoding="utf-8"))
    code, report, _ = run("status", tmp_path / "later")
    assert "possibly outdated: patterns/alpha" in report
    code, report, _ = run("status", tmp_path / "now")
    assert "possibly outdated" not in report.replace("0 possibly outdated", "")


def test_language_all_refuses_a_folder_that_is_no_language(tmp_path):
    src = _repo(tmp_path, **{"translation/patterns/patterns/alpha.md": ALPHA_ES})
    code, _out, err = run("import", src, tmp_path / "book", "--language", "all")
    assert code == 2 and "not named by a language code" in err
    assert not (tmp_path / "book").exists()
