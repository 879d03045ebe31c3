"""Plain unit tests of the data model (no Sphinx)."""

from __future__ import annotations

import copy
import pickle

import pytest

from sphinx_innersource.core.model import (
    DocRecord,
    KnownInstance,
    Maturity,
    Pattern,
    PatternIndex,
    slugify,
    sort_key_title,
    split_list,
)

# -- Maturity -----------------------------------------------------------------


#: The spellings of each maturity level that Maturity.parse accepts.
SPELLINGS = {
    Maturity.INITIAL: ["initial", "1", "1-initial", 1],
    Maturity.STRUCTURED: ["structured", "Structured", "2", "2-structured", "2_structured",
                          "2 structured", Maturity.STRUCTURED],
    Maturity.VALIDATED: ["validated", "  VALIDATED ", "3", "3-validated", 3],
}


@pytest.mark.parametrize(("value", "expected"), [
    (value, level) for level, values in SPELLINGS.items() for value in values])
def test_maturity_parse_accepts(value, expected):
    assert Maturity.parse(value) is expected


@pytest.mark.parametrize(
    "value",
    ["", "ripe", "4", "0", "2-validated", "1-structured", "struct", 0, 4, True, None, 2.0,
     "structured-2", "12"],
)
def test_maturity_parse_refuses(value):
    assert Maturity.parse(value) is None


def test_maturity_order_key_and_choices():
    assert Maturity.INITIAL < Maturity.STRUCTURED < Maturity.VALIDATED
    assert [m.key for m in Maturity] == ["initial", "structured", "validated"]
    choices = Maturity.choices()
    for spelling in ("initial", "structured", "validated", "1-initial", "3-validated"):
        assert spelling in choices


# -- slugify and split_list ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Trusted Committer", "trusted-committer"),
        ("30 Day Warranty", "30-day-warranty"),
        ("  --Odd__name!!  ", "odd-name"),
        ("Crème Brûlée", "creme-brulee"),
        ("Straße", "straße"),
        ("内部 开源", "内部-开源"),
        ("Author(s)", "author-s"),
        ("!!!", ""),
        ("", ""),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_is_idempotent():
    for text in ("Trusted Committer", "Crème Brûlée", "a--b"):
        assert slugify(slugify(text)) == slugify(text)


@pytest.mark.parametrize(
    ("value", "items"),
    [
        (None, []),
        ("", []),
        ("a, b ,c", ["a", "b", "c"]),
        ("Smith, J.; Doe, A.", ["Smith, J.", "Doe, A."]),
        ("- one\n- two, with comma\n\n* three", ["one", "two, with comma", "three"]),
        ("a, a, b", ["a", "b"]),
        ("a,,b,", ["a", "b"]),
        ("B, a", ["B", "a"]),
    ],
)
def test_split_list(value, items):
    assert split_list(value) == items


# -- records -------------------------------------------------------------------------


def test_pattern_level_and_key():
    assert Pattern("a", "a").level == 0
    assert Pattern("a", "a").maturity_key == ""
    pattern = Pattern("a", "a", maturity=Maturity.VALIDATED)
    assert (pattern.level, pattern.maturity_key) == (3, "validated")


def test_known_instance_org_key():
    assert KnownInstance("Banco Ejemplo S.A.", "d", "x").org_key == "banco-ejemplo-s-a"


def test_records_compare_by_value_and_pickle():
    pattern = Pattern("p", "doc", maturity=Maturity.STRUCTURED, aliases=["x"])
    assert pattern == Pattern("p", "doc", maturity=Maturity.STRUCTURED, aliases=["x"])
    assert pattern != Pattern("p", "doc", maturity=Maturity.VALIDATED, aliases=["x"])
    index = PatternIndex()
    index.add_pattern(pattern)
    index.add_instance(KnownInstance("Org", "doc", "known-instance-org", "p"))
    assert pickle.loads(pickle.dumps(index)) == index
    assert copy.deepcopy(index) == index


def test_list_fields_are_not_shared():
    first, second = Pattern("a", "a"), Pattern("b", "b")
    first.aliases.append("x")
    assert second.aliases == []
    assert DocRecord().patterns is not DocRecord().patterns


# -- PatternIndex ------------------------------------------------------------------------


def _index() -> PatternIndex:
    index = PatternIndex()
    index.add_pattern(Pattern("beta", "z/beta", title="Beta", aliases=["Second Name"]))
    index.add_pattern(Pattern("alpha", "a/alpha", title="alpha"))
    index.add_pattern(Pattern("alpha", "m/copy", title="Alpha Copy"))
    index.add_instance(KnownInstance("Acme", "z/beta", "known-instance-acme", "beta"))
    index.add_instance(KnownInstance("ACME", "a/alpha", "known-instance-acme", "alpha"))
    index.add_instance(KnownInstance("Other", "a/alpha", "known-instance-other", None))
    return index


def test_iteration_is_ordered_by_document_name():
    index = _index()
    assert [p.docname for p in index.iter_patterns()] == ["a/alpha", "m/copy", "z/beta"]
    assert [i.docname for i in index.iter_instances()] == ["a/alpha", "a/alpha", "z/beta"]


def test_first_declaration_by_document_owns_an_id():
    index = _index()
    owners = index.patterns_by_id()
    assert owners["alpha"].docname == "a/alpha"
    assert [(dup.docname, owner.docname) for dup, owner in index.duplicates()] == [
        ("m/copy", "a/alpha")]


def test_alias_map_uses_slugs_of_aliases_and_titles():
    aliases = _index().alias_map()
    assert aliases["second-name"] == "beta"
    assert aliases["beta"] == "beta"
    assert aliases["alpha-copy"] == "alpha"


def test_instances_by_pattern_and_organisation():
    index = _index()
    by_pattern = index.instances_by_pattern()
    assert {k: [i.organisation for i in v] for k, v in by_pattern.items()} == {
        "alpha": ["ACME"], "beta": ["Acme"]}
    # Organisations are grouped by slug; the first spelling (by document) is shown.
    by_org = index.instances_by_organisation()
    assert {k: [i.docname for i in v] for k, v in by_org.items()} == {
        "ACME": ["a/alpha", "z/beta"], "Other": ["a/alpha"]}


def test_clear_doc_and_merge():
    index = _index()
    index.clear_doc("z/beta")
    assert "beta" not in index.patterns_by_id()
    assert all(i.docname != "z/beta" for i in index.iter_instances())
    index.clear_doc("never-there")  # no error

    other = PatternIndex()
    other.add_pattern(Pattern("gamma", "g", title="Gamma"))
    index.merge(other, ["g", "m/copy"])
    assert index.patterns_by_id()["gamma"].docname == "g"
    # A document the other reader read and found empty is dropped.
    assert "m/copy" not in index.docs
    assert index.duplicates() == []


def test_merge_is_order_independent():
    parts = []
    for name in ("a", "b", "c"):
        part = PatternIndex()
        part.add_pattern(Pattern(name, name, title=name.upper()))
        parts.append(part)
    forward, backward = PatternIndex(), PatternIndex()
    for part in parts:
        forward.merge(part, part.docs)
    for part in reversed(parts):
        backward.merge(part, part.docs)
    assert [p.id for p in forward.iter_patterns()] == [p.id for p in backward.iter_patterns()]
    assert forward.patterns_by_id() == backward.patterns_by_id()


def test_sort_key_title_is_case_insensitive_with_id_fallback():
    patterns = [Pattern("z", "z", title="beta"), Pattern("y", "y", title="Alpha"),
                Pattern("b-id", "x"), Pattern("a-id", "w")]
    # Keys: "beta", "alpha", "b-id", "a-id" (ids stand in for missing titles).
    assert [p.id for p in sorted(patterns, key=sort_key_title)] == ["a-id", "y", "b-id", "z"]
