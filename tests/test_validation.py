"""Validation warnings: message, location, subtype, suppression and ``-W``.

The ``warnings`` root has one page per problem; every other page is clean.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import subprocess_env, warnings_of

WARNING_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<type>[\w.]+)\]$"
)

#: (subtype, file, line of the directive, part of the message)
EXPECTED = [
    ("option", "bad-maturity.md", 3, "unknown maturity 'ripe' for pattern 'bad-maturity'"),
    ("duplicate_id", "dup-b.md", 3, "duplicate pattern id 'twin': 'dup-a' declares it already"),
    ("patlet", "no-patlet.md", 5, "pattern 'no-patlet' has no patlet"),
    ("multiple_patterns", "two-patterns.md", 7,
     "second pattern directive on this page (the first, line 3, declares 'two-patterns'); "
     "'second-one' is shown but not indexed"),
    ("sections", "no-sections.md", 3, "pattern 'no-sections' lacks the section(s) Problem "),
    ("related", "bad-related.md", 3,
     "pattern 'bad-related' relates to the unknown pattern 'nowhere-pattern'"),
    ("instance", "stray-instances.md", 5,
     "known instance 'Lonely Org' has no pattern to attach to"),
    ("instance", "stray-instances.md", 9,
     "known instance 'Ghost Org' names the unknown pattern 'ghost-pattern'"),
    ("maturity", "needs-instances.md", 3,
     "structured pattern 'needs-instances' has 0 known instance(s); "
     "its maturity needs at least 1"),
    ("maturity", "validated-two.md", 3,
     "validated pattern 'validated-two' has 2 known instance(s); "
     "its maturity needs at least 3"),
    ("related_maturity", "low-related.md", 3,
     "structured pattern 'low-related' relates to 'initial-one', which is only initial"),
    ("url", "bad-instance-options.md", 10,
     "known instance 'Scheme Org': URL 'javascript:alert(1)' is refused and not linked"),
    ("option", "bad-instance-options.md", 15,
     "known instance 'Year Org': year 'someday' is not a year"),
    ("option", "bad-id.md", 3,
     "pattern id '!!!' has no letters or digits; using the file name instead"),
    ("option", "patlet-twice.md", 3,
     "pattern 'patlet-twice' has both a ':patlet:' option and content"),
]
SUBTYPES = sorted({e[0] for e in EXPECTED})


def parsed(app) -> list[tuple[str, str, int, str]]:
    """(subtype, file name, line, message) of every warning; fails on others."""
    result = []
    for line in warnings_of(app):
        match = WARNING_RE.match(line)
        assert match, f"warning without location or type: {line}"
        path = Path(match["path"])
        assert path.parent == Path(app.srcdir), line
        kind = match["type"]
        assert kind.startswith("innersource."), line
        result.append((kind.removeprefix("innersource."), path.name, int(match["line"]),
                       match["message"]))
    return result


def located(warnings) -> list[tuple[str, str, int]]:
    return sorted(w[:3] for w in warnings)


def expected_located(subtypes=SUBTYPES):
    return sorted(e[:3] for e in EXPECTED if e[0] in subtypes)


@pytest.fixture
def build(app_params, make_app):
    """Build the warnings root afresh with extra settings."""

    def run(warningiserror=False, parallel=0, **confoverrides):
        args, kwargs = app_params
        kwargs = {**kwargs, "confoverrides": confoverrides, "freshenv": True,
                  "warningiserror": warningiserror, "parallel": parallel}
        app = make_app(*args, **kwargs)
        app.build()
        return app

    return run


WARNINGS = pytest.mark.sphinx("html", testroot="warnings")


@WARNINGS
def test_each_warning_message_location_and_subtype(build):
    warnings = parsed(build())
    assert located(warnings) == expected_located()
    for subtype, name, line, fragment in EXPECTED:
        messages = [w[3] for w in warnings if w[:3] == (subtype, name, line)]
        assert len(messages) == 1, (subtype, name, line)
        assert fragment in messages[0], messages[0]
        assert "Fix:" in messages[0]


@WARNINGS
def test_parallel_reading_reports_the_same_warnings(build):
    warnings = parsed(build(parallel=2))
    assert located(warnings) == expected_located()
    for subtype, name, line, fragment in EXPECTED:
        assert any(w[:3] == (subtype, name, line) and fragment in w[3] for w in warnings)


@WARNINGS
def test_bad_values_are_not_used(build):
    app = build()
    index = app.env.get_domain("innersource").index
    patterns = index.patterns_by_id()
    assert patterns["bad-maturity"].maturity is None
    assert patterns["bad-id"].docname == "bad-id"
    # The second pattern of a page is shown but not indexed.
    assert "second-one" not in patterns
    assert patterns["twin"].docname == "dup-a"
    # A patlet option wins over directive content (which is reported).
    assert patterns["patlet-twice"].patlet == "An option value continued on the next line"
    scheme = next(i for i in index.iter_instances() if i.organisation == "Scheme Org")
    assert scheme.url == ""


@WARNINGS
@pytest.mark.parametrize("subtype", SUBTYPES)
def test_suppress_each_subtype_and_fail_with_W(build, subtype):
    """Suppress every subtype but one: only that one is left, and -W fails."""
    others = [f"innersource.{s}" for s in SUBTYPES if s != subtype]
    app = build(warningiserror=True, suppress_warnings=others)
    assert located(parsed(app)) == expected_located({subtype})
    assert app.statuscode == 1


@WARNINGS
@pytest.mark.parametrize("subtype", ["option", "maturity"])
def test_suppress_one_subtype_keeps_the_others(build, subtype):
    app = build(suppress_warnings=[f"innersource.{subtype}"])
    rest = [s for s in SUBTYPES if s != subtype]
    assert located(parsed(app)) == expected_located(rest)
    assert app.statuscode == 0


@WARNINGS
def test_bare_type_suppresses_everything(build):
    app = build(warningiserror=True, suppress_warnings=["innersource"])
    assert warnings_of(app) == []
    assert app.statuscode == 0


@pytest.mark.sphinx("html", testroot="warnings")
def test_command_line_W_fails(app_params, tmp_path):
    _args, kwargs = app_params
    srcdir = Path(kwargs["srcdir"])
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(srcdir),
         str(tmp_path / "out")],
        capture_output=True, text=True, check=False, timeout=300, env=subprocess_env(),
    )
    assert proc.returncode != 0
    assert "[innersource.duplicate_id]" in proc.stderr
    assert "dup-b.md:3" in proc.stderr


# -- configuration of the cross-page checks ---------------------------------------

@WARNINGS
def test_min_instances_thresholds_are_configurable(build):
    app = build(innersource_min_instances={"structured": 2, "validated": 2})
    maturity = sorted((w[1], w[3]) for w in parsed(app) if w[0] == "maturity")
    assert [name for name, _ in maturity] == ["low-related.md", "needs-instances.md"]
    assert all("needs at least 2" in message for _, message in maturity)


@WARNINGS
def test_min_instances_zero_silences_the_rule(build):
    app = build(innersource_min_instances={})
    assert not [w for w in parsed(app) if w[0] == "maturity"]


@WARNINGS
def test_related_maturity_check_can_be_turned_off(build):
    app = build(innersource_check_related_maturity=False)
    kinds = {w[0] for w in parsed(app)}
    assert "related_maturity" not in kinds
    assert "related" in kinds  # unknown targets are still reported


# -- sections -----------------------------------------------------------------------

def _sections(app) -> dict[str, str]:
    return {w[1]: w[3] for w in parsed(app) if w[0] == "sections"}


@pytest.fixture
def build_sections(build):
    """The sections root, built afresh with extra settings (the same builder as ``build``)."""
    return build


SECTIONS = pytest.mark.sphinx("html", testroot="sections")


@SECTIONS
def test_default_template_sections(build_sections):
    app = build_sections()
    assert [w[0] for w in parsed(app)] == ["sections"] * 3
    found = _sections(app)
    # Solution and Solutions are both accepted; Status and Authors are satisfied
    # by the maturity and authors options (complete.md) or by headings (plural.md);
    # Known Instances by known-instance blocks without a heading (no-meta.md).
    assert set(found) == {"missing.md", "no-meta.md", "structured-missing.md"}
    assert "lacks the section(s) Forces, Solutions / Solution, Resulting Context, " \
        "Known Instances / Known Instance required" in found["missing.md"]
    assert "lacks the section(s) Status, Authors / Author / Author(s) required" \
        in found["no-meta.md"]
    assert "lacks the section(s) Forces required" in found["structured-missing.md"]
    locations = {(w[1], w[2]) for w in parsed(app)}
    assert locations == {("missing.md", 3), ("no-meta.md", 3), ("structured-missing.md", 3)}


@SECTIONS
def test_custom_required_sections(build_sections):
    app = build_sections(innersource_required_sections=["Problem", ["Motivation", "Why"]])
    found = _sections(app)
    assert set(found) == {"plural.md", "missing.md", "no-meta.md", "structured-missing.md"}
    for message in found.values():
        assert "lacks the section(s) Motivation / Why required" in message


@SECTIONS
def test_sections_min_maturity(build_sections):
    app = build_sections(innersource_sections_min_maturity="structured")
    assert set(_sections(app)) == {"structured-missing.md"}


@SECTIONS
def test_sections_warning_is_suppressible(build_sections):
    app = build_sections(suppress_warnings=["innersource.sections"])
    assert warnings_of(app) == []
