"""The reference pages in ``docs/`` document everything the extension defines.

* every ``innersource_*`` configuration value has a heading in
  ``docs/reference/configuration.md``;
* every warning subtype of :data:`sphinx_innersource.logs.SUBTYPES` has a
  section (heading and ``(warning-...)=`` label) in
  ``docs/reference/warnings.md``;
* every option of every directive of the extension is defined (as a heading,
  a definition-list term or the first cell of a table row) in the part of the
  docs that documents that directive.

The names come from a Sphinx application set up with the extension, so a
new value, subtype, directive or option fails here until it is documented.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils.parsers.rst import directives as rst_directives

from sphinx_innersource.logs import SUBTYPES

DOCS = Path(__file__).resolve().parents[1] / "docs"

#: directive -> the places that document its options: (page, heading line),
#: where ``None`` stands for the whole page.  Options shared by the
#: selecting directives are documented once, under "Selecting patterns".
SELECTION = ("reference/book.md", "## Selecting patterns")
DIRECTIVE_DOCS: dict[str, list[tuple[str, str | None]]] = {
    "pattern": [("reference/pattern.md", None)],
    "known-instance": [("reference/known-instance.md", None)],
    "patterns-toctree": [("reference/book.md", "## `patterns-toctree`"), SELECTION],
    "pattern-list": [("reference/book.md", "## `pattern-list`"), SELECTION],
    "known-instances": [("reference/book.md", "## `known-instances`"), SELECTION],
    "pattern-bibliography": [("literature.md", "## The book's bibliography")],
    "pattern-graph": [("reference/maps.md", "## `pattern-graph`"), SELECTION],
    "pattern-map": [("reference/maps.md", "## `pattern-map`"), SELECTION],
    "hero-section": [("reference/landing.md", "## `hero-section`")],
    "calendar-embed": [("reference/landing.md", "## `calendar-embed`")],
    "translation-status": [("languages.md", "### `translation-status`")],
    "adopter-page": [("organisations.md", "## The `adopter-page` directive")],
}

#: A code fence, also as the first line of a definition (``: ```text``).
_FENCE = re.compile(r"^\s*(?::\s+)?(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_TERM = re.compile(r"`[^`]+`(\s*,\s*`[^`]+`)*")


def prose_lines(text: str) -> list[str]:
    """The lines of a MyST page outside code fences (fenced lines become "")."""
    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                out.append("")
                continue
            out.append(line)
        else:
            if match and match.group(1)[0] == fence[0] \
                    and len(match.group(1)) >= len(fence) and not match.group(2).strip():
                fence = None
            out.append("")
    return out


def section(page: str, heading: str | None) -> list[str]:
    """The prose lines of *page* under *heading*, up to the next heading of
    the same or a higher level (the whole page for ``None``)."""
    path = DOCS / page
    lines = prose_lines(path.read_text(encoding="utf-8"))
    if heading is None:
        return lines
    try:
        start = lines.index(heading)
    except ValueError:
        pytest.fail(f"{page} has no heading {heading!r}")
    level = len(_HEADING.match(heading).group(1))
    end = len(lines)
    for number in range(start + 1, len(lines)):
        match = _HEADING.match(lines[number])
        if match and len(match.group(1)) <= level:
            end = number
            break
    return lines[start:end]


def headings(lines: list[str]) -> set[str]:
    return {m.group(2) for m in map(_HEADING.match, lines) if m}


def defines(lines: list[str], option: str) -> bool:
    """Whether *option* is a heading, a definition term or the first cell of
    a table row (as `` `name` `` or `` `:name:` ``) in *lines*."""
    wanted = {f"`{option}`", f"`:{option}:`"}
    for line in lines:
        match = _HEADING.match(line)
        text = match.group(2) if match else line.strip()
        if text.startswith("|"):
            text = text.split("|")[1].strip()  # the first cell of a table row
        # a term is one code span, or several separated by commas
        if _TERM.fullmatch(text) and wanted & set(re.findall(r"`[^`]+`", text)):
            return True
    return False


def extension_directives() -> dict[str, type]:
    """Directives registered by the extension (docutils keeps them globally)."""
    return {name: cls for name, cls in rst_directives._directives.items()
            if getattr(cls, "__module__", "").startswith("sphinx_innersource")}


@pytest.mark.sphinx("html", testroot="basic")
def test_every_config_value_is_in_the_configuration_reference(app):
    names = sorted(getattr(v, "name", v) for v in app.config
                   if getattr(v, "name", v).startswith("innersource_"))
    assert len(names) >= 9
    documented = headings(section("reference/configuration.md", None))
    missing = [n for n in names if f"`{n}`" not in documented]
    assert not missing, f"not documented in docs/reference/configuration.md: {missing}"


def test_every_warning_subtype_is_in_the_warnings_reference():
    text = (DOCS / "reference/warnings.md").read_text(encoding="utf-8")
    lines = prose_lines(text)
    documented = headings(lines)
    missing = [s for s in SUBTYPES if f"`{s}`" not in documented]
    assert not missing, f"no section in docs/reference/warnings.md: {missing}"
    # Other pages link to the sections with {ref}`warning-<subtype>`.
    labels = [s for s in SUBTYPES
              if f"(warning-{s.replace('_', '-')})=" not in lines]
    assert not labels, f"no (warning-...)= label in docs/reference/warnings.md: {labels}"


@pytest.mark.parametrize("page", ["reference/configuration.md", "reference/warnings.md"])
def test_reference_has_no_in_progress_section(page):
    assert not [h for h in headings(prose_lines((DOCS / page).read_text(encoding="utf-8")))
                if "in progress" in h.lower()]


@pytest.mark.sphinx("html", testroot="basic")
def test_every_directive_option_is_documented(app):
    registered = extension_directives()
    assert set(registered) == set(DIRECTIVE_DOCS), (
        "a directive of the extension has no entry in DIRECTIVE_DOCS (or an entry "
        "names a directive that no longer exists)")
    missing = []
    for name, cls in sorted(registered.items()):
        places = [section(page, heading) for page, heading in DIRECTIVE_DOCS[name]]
        for option in cls.option_spec or {}:
            if not any(defines(lines, option) for lines in places):
                missing.append(f"{name} :{option}:")
    assert not missing, f"directive options without documentation: {missing}"


def test_the_option_check_sees_every_form():
    """The forms the pages use are recognised; prose mentions are not."""
    lines = ["### `:id:`", "`style`", "| `maturity`, `categories` | x |",
             "| `show-title` | `showTitle` |", "takes the `glob` option"]
    for option in ("id", "style", "maturity", "categories", "show-title"):
        assert defines(lines, option), option
    assert not defines(lines, "glob")
    assert not defines(lines, "showTitle")
