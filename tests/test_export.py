"""``patterns.json``: written by html/dirhtml and by ``-b patterns-json``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from booktools import build_root
from bs4 import BeautifulSoup
from helpers import warnings_of

from sphinx_innersource.book.export import SCHEMA_FILE, dumps, index_to_json
from sphinx_innersource.core.model import KnownInstance, Maturity, Pattern, PatternIndex

ROOT = Path(__file__).parent / "roots" / "test-export"


def build(make_app, srcdir: Path, buildername: str = "html", **kwargs):
    return build_root(make_app, "export", srcdir, buildername, **kwargs)


def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.Draft202012Validator(schema()).validate(data)


def load(app) -> dict:
    return json.loads((Path(app.outdir) / "patterns.json").read_text(encoding="utf-8"))


def check_content(data: dict, outdir: Path, dirhtml: bool = False) -> None:
    assert data["version"] == 1
    assert data["$schema"] == "patterns.schema.json"
    assert data["project"] == "Export book"
    patterns = {p["id"]: p for p in data["patterns"]}
    assert [p["id"] for p in data["patterns"]] == ["alpha", "beta", "gamma"]
    assert patterns["alpha"]["maturity"] == "structured"
    assert patterns["beta"]["maturity"] is None
    assert patterns["gamma"]["maturity"] == "initial"
    alpha = patterns["alpha"]
    assert alpha["title"] == "Alpha Pattern"
    assert alpha["patlet"] == "Teams cannot find reusable code. Publish it in one place."
    assert alpha["aliases"] == ["First Alias", "Shared Name"]
    assert alpha["authors"] == ["Ann Example", "Bo Sample"]
    assert alpha["acknowledgments"] == ["Cy Helper"]
    assert alpha["categories"] == ["discovery"]
    assert alpha["related"] == ["gamma"]
    assert alpha["tags"] == ["portal"]
    assert patterns["gamma"]["docname"] == "gamma/index"

    instances = [(i["pattern"], i["organisation"]) for i in data["instances"]]
    # by pattern, then organisation (case-insensitively); an alias is resolved
    assert instances == [("alpha", "acme"), ("alpha", "Example Org"),
                         ("alpha", "Zeta Corp"), ("gamma", "Beta Co")]
    zeta = data["instances"][2]
    assert zeta["url"] == "https://example.com/zeta"
    assert zeta["year"] == "2019"
    assert zeta["story"] == "Zeta tried this in one team first."
    assert data["instances"][0]["url"] is None and data["instances"][0]["year"] is None
    assert data["instances"][1]["story"] == "Example Org uses alpha across teams."

    for entry in [*data["patterns"], *data["instances"]]:
        url, _, anchor = entry["page_url"].partition("#")
        path = outdir / unquote(url)
        if dirhtml:
            assert url == "" or url.endswith("/"), url
            path = path / "index.html"
        assert path.is_file(), entry["page_url"]
        if anchor:
            page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            assert page.find(id=anchor) is not None, entry["page_url"]


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_html_output_has_valid_patterns_json(make_app, tmp_path, buildername):
    app = build(make_app, tmp_path / "src", buildername)
    outdir = Path(app.outdir)
    data = load(app)
    validate(data)
    check_content(data, outdir, dirhtml=buildername == "dirhtml")
    assert all(p["short_url"] is None for p in data["patterns"])
    assert all(p["page_url_absolute"] is None for p in data["patterns"])
    # The schema is published beside the data, as "$schema" says.
    assert (outdir / "patterns.schema.json").read_text(encoding="utf-8") == \
        SCHEMA_FILE.read_text(encoding="utf-8")


def test_short_and_absolute_urls(make_app, tmp_path):
    app = build(make_app, tmp_path / "src", confoverrides={
        "innersource_short_urls": "p", "html_baseurl": "https://book.example/"})
    outdir = Path(app.outdir)
    data = load(app)
    validate(data)
    for pattern in data["patterns"]:
        assert pattern["short_url"] == f"p/{pattern['id']}.html"
        assert (outdir / pattern["short_url"]).is_file()
        assert pattern["page_url_absolute"] == "https://book.example/" + pattern["page_url"]
    zeta = next(i for i in data["instances"] if i["organisation"] == "Zeta Corp")
    assert zeta["page_url_absolute"] == \
        "https://book.example/patterns/alpha.html#known-instance-zeta-corp"


def test_patterns_json_builder_writes_only_the_export(make_app, tmp_path):
    srcdir = tmp_path / "src"
    html = build(make_app, srcdir, "html", confoverrides={"innersource_short_urls": "p"})
    app = build(make_app, srcdir, "patterns-json", confoverrides={"innersource_short_urls": "p"})
    outdir = Path(app.outdir)
    assert outdir != Path(html.outdir)
    assert sorted(p.name for p in outdir.iterdir()) == ["patterns.json", "patterns.schema.json"]
    data = load(app)
    validate(data)
    # Same URLs as the html builder gives, so they point into an html build.
    check_content(data, Path(html.outdir))
    assert (Path(app.outdir) / "patterns.json").read_bytes() == \
        (Path(html.outdir) / "patterns.json").read_bytes()
    assert "patterns.json" in app.status.getvalue()


def test_patterns_json_builder_from_scratch(make_app, tmp_path):
    app = build(make_app, tmp_path / "src", "patterns-json")
    data = load(app)
    validate(data)
    assert [p["page_url"] for p in data["patterns"]] == [
        "patterns/alpha.html", "patterns/beta.html", "gamma/index.html"]
    assert [w for w in warnings_of(app) if "innersource" not in w] == []


def test_export_is_byte_identical_between_builds(make_app, tmp_path):
    first = build(make_app, tmp_path / "one")
    second = build(make_app, tmp_path / "two", parallel=2)
    again = build(make_app, tmp_path / "one", freshenv=True)
    data = (Path(first.outdir) / "patterns.json").read_bytes()
    assert data == (Path(second.outdir) / "patterns.json").read_bytes()
    assert data == (Path(again.outdir) / "patterns.json").read_bytes()


def _index(order: list[str]) -> PatternIndex:
    records = {
        "b": Pattern(id="b-pattern", docname="b", title="B", maturity=Maturity.VALIDATED,
                     aliases=["Bee"]),
        "a": Pattern(id="a-pattern", docname="a", title="A", patlet="P."),
    }
    index = PatternIndex()
    for docname in order:
        index.add_pattern(records[docname])
        index.add_instance(KnownInstance(organisation="Org", docname=docname,
                                         anchor=f"ki-{docname}",
                                         pattern_id="bee" if docname == "a" else None))
    return index


def test_index_to_json_is_a_plain_function_independent_of_order():
    def url_for(docname, anchor=""):
        return f"{docname}.html" + (f"#{anchor}" if anchor else "")

    one = index_to_json(_index(["a", "b"]), url_for, references={"a-pattern": ["smith2020"]})
    two = index_to_json(_index(["b", "a"]), url_for, references={"a-pattern": ["smith2020"]})
    assert dumps(one) == dumps(two)
    validate(one)
    assert [p["id"] for p in one["patterns"]] == ["a-pattern", "b-pattern"]
    assert one["patterns"][0]["references"] == ["smith2020"]
    assert "references" not in one["patterns"][1]
    assert one["patterns"][1]["maturity"] == "validated"
    # The instance on page a names the alias "bee": it belongs to b-pattern.
    assert [(i["pattern"], i["page_url"]) for i in one["instances"]] == [
        (None, "b.html#ki-b"), ("b-pattern", "a.html#ki-a")]


def test_layout_is_one_record_per_line_and_round_trips():
    def url_for(docname, anchor=""):
        return f"{docname}.html" + (f"#{anchor}" if anchor else "")

    data = index_to_json(_index(["a", "b"]), url_for, project="Caf\u00e9 \"book\"")
    text = dumps(data)
    assert json.loads(text) == data
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "Caf\u00e9" in text  # UTF-8, not \\u escapes
    lines = text.splitlines()
    records = [line for line in lines if line.startswith("    ")]
    assert len(records) == (len(data["patterns"]) + len(data["instances"])
                            + len(data["organisations"]))
    assert [json.loads(line.strip().rstrip(",")) for line in records] == \
        [*data["patterns"], *data["instances"], *data["organisations"]]
    empty = dumps({"patterns": [], "instances": []})
    assert json.loads(empty) == {"patterns": [], "instances": []}


def test_schema_rejects_what_it_should():
    good = index_to_json(_index(["a"]), lambda d, a="": d)
    validate(good)
    bad_maturity = json.loads(dumps(good))
    bad_maturity["patterns"][0]["maturity"] = "mature"
    bad_refs = json.loads(dumps(good))
    bad_refs["patterns"][0]["references"] = [1]
    missing = json.loads(dumps(good))
    del missing["instances"][0]["pattern"]
    for data in (bad_maturity, bad_refs, missing):
        with pytest.raises(jsonschema.ValidationError):
            validate(data)


def test_documented_example_follows_the_schema():
    doc = Path(__file__).resolve().parents[1] / "docs" / "reference" / "export.md"
    text = doc.read_text(encoding="utf-8")
    block = text.split("```json\n", 1)[1].split("\n```", 1)[0]
    example = json.loads(block)
    validate(example)
    # Every field of the schema is documented in a table row of the page.
    defs = schema()["$defs"]
    for name in [*schema()["properties"], *defs["pattern"]["properties"],
                 *defs["instance"]["properties"], *defs["organisation"]["properties"]]:
        assert f"| `{name}`" in text, name


def test_something_in_the_way_warns_instead_of_failing(make_app, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "extra" / "patterns.json").mkdir(parents=True)
    (srcdir / "extra" / "patterns.json" / "keep.txt").write_text("x", encoding="utf-8")
    app = build(make_app, srcdir, confoverrides={"html_extra_path": ["extra"]})
    assert (Path(app.outdir) / "patterns.json" / "keep.txt").is_file()
    assert any("innersource.export" in w for w in warnings_of(app)), warnings_of(app)
