"""User strings that become file names (issue 20, point 3).

The short-URL writer crashed with ``File name too long`` on an alias of 84
CJK characters (257 bytes with ``.html``) on the second build, and ids or
aliases that differ only by case or Unicode case folding (``id``, ``ID``,
``\\u0131d``) would be one file on macOS and Windows.

Class test: every place where the extension turns a user string into a file
name it writes or reads (short URLs of ids and aliases, hero images and
``.ics`` files named by options, the importer's pages, images and links)
gets a name too long for any file system: the build or import ends with a
located warning (or a report line), never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fuzzing import built, check_build
from helpers import project
from importing import run
from test_importer_inputs import ALPHA

from sphinx_innersource.book.shorturls import MANIFEST
from sphinx_innersource.core.filenames import MAX_NAME_BYTES, clashes, fold_key, too_long

CJK_84 = "\u6f22" * 84  # 252 bytes: a valid name, but not with ".html" after it
LONG = "n" * 300
CONF = 'myst_enable_extensions = ["colon_fence"]\ninnersource_short_urls = "p"\n'


def _pattern(pattern_id: str, aliases: str = "", title: str = "P") -> str:
    lines = [f"# {title}", "", ":::{pattern}", f":id: {pattern_id}", ":patlet: x"]
    if aliases:
        lines.append(f":aliases: {aliases}")
    return "\n".join([*lines, ":::", ""])


def _index(*names: str) -> str:
    return "# Book\n\n```{toctree}\n" + "\n".join(names) + "\n```\n"


def _book(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A MyST book with short URLs in ``tmp_path/src``: an index listing *pages*
    (name -> text), and the pages."""
    files = {"index.md": _index(*pages), **{f"{name}.md": text for name, text in pages.items()}}
    return project(tmp_path, files, conf=CONF, extensions=("myst_parser", "sphinx_innersource"))


# -- helpers ---------------------------------------------------------------------------

def test_fold_key_joins_what_case_insensitive_systems_join():
    assert fold_key("id") == fold_key("ID") == fold_key("\u0131d")
    assert fold_key("caf\u00e9") == fold_key("cafe\u0301")
    assert fold_key("\u017fx") == fold_key("sx")
    assert fold_key("a") != fold_key("b")
    assert clashes(["id", "ID", "x", "\u0131d"]) == [["ID", "id", "\u0131d"]]


def test_too_long_counts_bytes():
    assert not too_long("a" * MAX_NAME_BYTES)
    assert too_long("a" * MAX_NAME_BYTES, ".")
    assert too_long(CJK_84, ".html") and not too_long(CJK_84)


# -- short URLs: the regressions ------------------------------------------------------------

@pytest.mark.parametrize("where", ["alias", "id"])
def test_long_short_url_warns_on_every_build_and_never_crashes(make_app, tmp_path, where):
    page = _pattern("ok", aliases=CJK_84) if where == "alias" else _pattern(CJK_84)
    src = _book(tmp_path, {"long": page})
    for _build in range(2):  # the second build crashed: exists() was outside the try
        app = make_app("html", srcdir=src)
        app.build()
        text = app.warning.getvalue()
        assert "Traceback" not in text
        assert "long.md:3: WARNING" in text and "257 bytes long" in text, text
        assert "[innersource.short_url]" in text
    written = json.loads((Path(app.outdir) / MANIFEST).read_text())["files"] \
        if where == "alias" else []
    assert all(not too_long(Path(name).name) for name in written)


def test_manifest_with_a_name_too_long_is_harmless(make_app, tmp_path):
    src = _book(tmp_path, {"a": _pattern("a")})
    app = make_app("html", srcdir=src)
    out = Path(app.outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).write_text(json.dumps({"files": [f"p/{LONG}.html", "../../x"]}))
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    assert (out / "p" / "a.html").is_file()


@pytest.mark.parametrize(("ids", "aliases"), [
    (["id", "\u0131d"], {}),  # two ids: dotless i
    (["id", "other"], {"other": "\u0131d"}),  # an alias and an id
    (["sigma", "other"], {"other": "\u03c3x, \u03c2x"}),  # two aliases: sigma, final sigma
])
def test_short_urls_that_clash_without_case_are_warned(make_app, tmp_path, ids, aliases):
    src = _book(tmp_path, {f"page{number}": _pattern(pattern_id, aliases.get(pattern_id, ""))
                           for number, pattern_id in enumerate(ids)})
    app = make_app("html", srcdir=src)
    app.build()
    text = app.warning.getvalue()
    assert "Traceback" not in text
    slugs = [*ids, *(a.strip().lower() for v in aliases.values() for a in v.split(","))]
    expected = clashes(slugs)
    warned = [line for line in text.splitlines() if "ignore case" in line]
    assert len(warned) == sum(len(group) - 1 for group in expected), text
    written = {p.stem for p in (Path(app.outdir) / "p").glob("*.html")}
    for group in expected:  # one file per group: the first id, or else the first slug
        assert len(written & set(group)) == 1, (group, written)


# -- the class: every user string that becomes a file name ----------------------------------

def _build_case(page: str, conf: str = "") -> list[str]:
    files = {"index.md": _index("case"), "case.md": page}
    with built(files, "html", conf_extra=conf) as result:
        check_build(result)
        return result.records


BUILD_SINKS = {
    "short URL of an id": (_pattern(LONG), 'innersource_short_urls = "p"\n'),
    "short URL of an alias": (_pattern("ok", aliases=LONG), 'innersource_short_urls = "p"\n'),
    "hero-section :image:": (f"# H\n\n```{{hero-section}} Hero\n:image: {LONG}.png\n"
                             ":image-alt: x\n```\n", ""),
    "calendar-embed :ics:": (f"# C\n\n```{{calendar-embed}} a@b.c\n:ics: {LONG}.ics\n```\n",
                             ""),
    "calendar-embed :ics: in a folder": (f"# C\n\n```{{calendar-embed}} a@b.c\n"
                                         f":ics: {LONG}/{LONG}.ics\n```\n", ""),
}


@pytest.mark.parametrize("sink", sorted(BUILD_SINKS))
def test_build_inputs_with_a_name_too_long(sink):
    page, conf = BUILD_SINKS[sink]
    records = _build_case(page, conf)
    mine = [r for r in records if "case.md:" in r and "[innersource." in r]
    assert mine, (sink, records)


IMPORT_SINKS = {
    "image": f"![picture](../../assets/{LONG}.png)",
    "image of an HTML fragment": f'<img src="../../assets/{LONG}.png" alt="p">',
    "link to a file": f"[notes](../../docs/{LONG}.md)",
    "link to a pattern": f"[other](./{LONG}.md)",
    "reference definition": f"[other]: ../../{LONG}/x.md",
}


@pytest.mark.parametrize("sink", sorted(IMPORT_SINKS))
def test_import_inputs_with_a_name_too_long(tmp_path, sink):
    src = tmp_path / "src"
    structured = src / "patterns" / "2-structured"
    structured.mkdir(parents=True)
    text = ALPHA.replace("Share the helper and", IMPORT_SINKS[sink] + "\n\nShare the helper and")
    (structured / "alpha.md").write_text(text, encoding="utf-8")
    code, out, err = run("import", src, tmp_path / "book")
    assert code in (0, 1), out + err
    assert "Traceback" not in out + err
    assert LONG[:20] in out, out  # the report names it
    assert (tmp_path / "book" / "patterns" / "alpha.md").is_file()


@pytest.mark.parametrize("target", ["a\x00b.md", "@https:/x\x00.example", "img\x00.png"])
def test_import_of_a_link_with_a_nul_byte(tmp_path, target):
    """Found by the fuzz test: resolving the path raised ValueError (embedded null byte)."""
    src = tmp_path / "src"
    structured = src / "patterns" / "2-structured"
    structured.mkdir(parents=True)
    link = f"![x]({target})" if target.endswith(".png") else f"[x]({target})"
    (structured / "alpha.md").write_text(ALPHA + f"\n{link}\n", encoding="utf-8")
    code, out, err = run("import", src, tmp_path / "book")
    assert code == 0, out + err
    assert "names no possible file (it contains a NUL byte)" in out
