"""Regression tests for the bugs the fuzz tests (``test_fuzz.py``) found.

Each test builds the concrete input that failed.
"""

from __future__ import annotations

import pytest
from fuzzing import built, check_build

BOOK = "# Book\n\n```{toctree}\np0-a\n```\n"


@pytest.mark.parametrize("builder", ["html", "text", "latex", "pseudoxml"])
def test_surrogate_escapes_in_yaml_options(builder):
    """A YAML option block turns ``"\\ud800"`` into a lone surrogate, which no
    output file can hold: every builder crashed with UnicodeEncodeError."""
    page = ('# T\n\n:::{pattern}\n---\nid: "p0-a"\ntitle: "\\ud800x"\n'
            'patlet: "\\ud83d\\ude00 \\udc00"\n---\n:::\n\n'
            ':::{known-instance} Org\n---\nyear: "2020"\nurl: "https://e.com/\\ud800"\n---\n'
            ':::\n\n:::{hero-section} H\n---\nbuttons: "a\\ud800 <https://x.com>"\n---\n:::\n')
    with built({"index.md": BOOK, "p0-a.md": page}, builder) as result:
        check_build(result)
        pattern = result.index.patterns_by_id()["p0-a"]
        # a pair is one character, a lone surrogate U+FFFD
        assert pattern.patlet == "\U0001f600 \ufffd"
        assert pattern.title == "\ufffdx"
        lone = [r for r in result.records if "lone UTF-16 surrogate" in r]
        assert len(lone) == 4, lone  # :title:, :patlet:, :url:, :buttons:
        if builder == "html":
            assert result.export()["patterns"][0]["patlet"] == "\U0001f600 \ufffd"


@pytest.mark.parametrize("role", ["{cite:p}`!capraro2016`", "{cite:t}`0 0`",
                                  "{cite:p}`a b`", "{cite:ps}` `", "{cite:p}`a,,b`",
                                  "{cite}`!capraro2016`", "{cite}`a b`"])
def test_malformed_citation_targets(role):
    """sphinxcontrib-bibtex raised ValueError (a target with spaces) or KeyError
    (a ``!`` target) from inside its role: the whole build ended in a traceback."""
    bib = "@book{capraro2016,\n  author = {Capraro, M.},\n  title = {T},\n  year = {2016},\n}\n"
    page = (f"# P0 A\n\n:::{{pattern}}\n:patlet: x\n:::\n\n"
            f"Text {role} and {{cite:p}}`capraro2016`.\n")
    with built({"index.md": BOOK, "p0-a.md": page, "refs.bib": bib}, "html",
               extensions=("myst_parser", "sphinx_innersource", "sphinxcontrib.bibtex"),
               conf_extra="bibtex_bibfiles = ['refs.bib']\n") as result:
        check_build(result)
        problems = [r for r in result.records if "cannot be read" in r]
        assert len(problems) == 1 and "p0-a.md:7" in problems[0], result.records
        assert "p0-a" in result.index.patterns_by_id()
        assert result.export()["patterns"][0]["references"] == ["capraro2016"]


def test_pattern_nested_in_a_pattern_is_not_indexed():
    """The content of a pattern is parsed before it was recorded, so a pattern
    directive nested in it was indexed too (two patterns for one page, no
    warning, and the page's own pattern without a title)."""
    # (the blank line ends the option block in every MyST-Parser we support)
    page = "# P\n\n::::{pattern}\n:id: outer\n\n:::{pattern}\n:id: inner\n:patlet: x\n:::\n::::\n"
    with built({"index.md": BOOK, "p0-a.md": page}, "html") as result:
        check_build(result)
        assert [(p.id, p.title) for p in result.index.docs["p0-a"].patterns] == [("outer", "P")]
        assert [p["id"] for p in result.export()["patterns"]] == ["outer"]
        second = [r for r in result.records if "second pattern directive" in r]
        assert len(second) == 1 and "p0-a.md:6" in second[0]


@pytest.mark.parametrize("option", ["image", "ics"])
def test_file_name_longer_than_the_file_system_allows(option):
    """A 10,000-character file name made ``Path.is_file()`` raise OSError
    (ENAMETOOLONG): a traceback instead of a warning."""
    name = "\u00c9R\u00d3x" * 2500 + (".ics" if option == "ics" else "")
    directive = (f"```{{hero-section}} Hero\n:image: {name}\n:image-alt: x\n```\n"
                 if option == "image" else f"```{{calendar-embed}} a@b.c\n:ics: {name}\n```\n")
    with built({"index.md": "# Landing\n\n" + directive}, "html") as result:
        check_build(result)
        assert any("does not exist" in r and "index.md:3" in r for r in result.records), \
            result.records


@pytest.mark.parametrize("style", ["..", ".alpha", "."])
def test_bibliography_style_starting_with_a_dot(style):
    """pybtex takes a style name that starts with a dot for a file suffix and
    raises ValueError instead of "not found": the build ended in a traceback
    (found by the ``large`` fuzz profile)."""
    bib = "@book{capraro2016,\n  author = {Capraro, M.},\n  title = {T},\n  year = {2016},\n}\n"
    page = "# P0 A\n\n:::{pattern}\n:patlet: x\n:::\n\nText {cite:p}`capraro2016`.\n"
    bibliography = f"# Bibliography\n\n```{{pattern-bibliography}}\n:style: {style}\n```\n"
    book = "# Book\n\n```{toctree}\np0-a\nbib\n```\n"
    with built({"index.md": book, "p0-a.md": page, "bib.md": bibliography, "refs.bib": bib},
               "html", extensions=("myst_parser", "sphinx_innersource", "sphinxcontrib.bibtex"),
               conf_extra="bibtex_bibfiles = ['refs.bib']\n") as result:
        check_build(result)
        unknown = [r for r in result.records if "unknown bibliography style" in r]
        assert len(unknown) == 1 and "bib.md:3" in unknown[0], result.records
        assert result.export()["patterns"][0]["references"] == ["capraro2016"]
