"""One upstream page as a MyST page with the ``pattern`` and ``known-instance`` directives."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ...core.checks import (
    default_config,
    maturity_message,
    missing_sections,
    needed_instances,
    patlet_message,
    sections_apply,
    sections_message,
)
from ...core.model import Maturity, Pattern
from ...core.upstream import (
    FOOTNOTE_DEFINITION,
    REF_DEFINITION,
    Section,
    UnreadableFile,
    UpstreamFile,
    list_items,
    pattern_record,
    read_text,
    required_sections_for,
    strip_markup,
)
from ...core.urls import LINK, url_problem
from .instances import (
    Instance,
    heading_instance,
    is_prose,
    item_instance,
    merge_instances,
    prose_instance,
    render_instance,
    split_blocks,
    split_headings,
)
from .links import Context
from .scan import SourceFile, _headings

# -- one page -------------------------------------------------------------------------

@dataclass
class Converted:
    pattern: Pattern
    page: str
    #: The known instances of the page, one per organisation.
    instances: list[Instance]

    @property
    def organisations(self) -> list[str]:
        return [i.organisation for i in self.instances]


METADATA_ROLES = ("title", "patlet", "authors", "acknowledgments", "alias")


Problem = Callable[..., None]


def convert(ctx: Context, source: SourceFile, upstream: UpstreamFile, maturity: Maturity | None,
            categories: list[str], known_orgs: list[str], language: str | None,
            original_orgs: list[str] | None = None) -> Converted:
    """One upstream page as a MyST page; *original_orgs* are the organisations
    of the English original of a translated page."""
    report = ctx.report
    rel = source.relpath

    def problem(line: int, message: str, level: str = "warning") -> None:
        report.add(rel, line, message, level)

    record = pattern_record(upstream, maturity)
    names = upstream.title_names()
    record.id = source.pattern_id
    record.categories = list(categories)
    used = _metadata_sections(upstream, problem)
    title = record.title or record.id
    title_section = used.get("title")
    if title_section is not None and len(names) > 1:
        problem(title_section.line, f"the Title section lists {len(names)} names: the first "
                f"is the title, the others become aliases: {names[1:]!r}", "note")
    elif title_section is not None:
        lines = [(n, t) for n, t in title_section.body if t.strip()]
        for n, t in lines[1:]:
            problem(n, f"extra text in the Title section kept under the title: {t.strip()!r}")
    patlet_section = used.get("patlet")
    patlet_lines = _trim(patlet_section.body) if patlet_section else []
    definitions = {m.group(1).strip().casefold(): m.group(2).strip("<>")
                   for section in upstream.sections for _, text in section.body
                   if (m := REF_DEFINITION.match(text))}
    record.authors, record.acknowledgments, aliases = (
        _names(used, role, problem, definitions)
        for role in ("authors", "acknowledgments", "alias"))
    record.aliases = list(dict.fromkeys([*names[1:], *aliases]))

    out = [f"# {title}", "", *_directive(record, maturity, categories, patlet_lines)]
    preamble = _trim(upstream.preamble.body)
    if preamble:
        problem(preamble[0][0], "text before the first section kept at the top of the page")
        out.extend(t for _, t in preamble)
        out.append("")
    found: list[Instance] = []
    out += _sections(upstream, used, known_orgs, original_orgs or [], found, problem)
    if not any(section.role == "instances" for section in upstream.sections):
        problem(record.lineno or 1, "no Known Instances section", "note")
    _check_status(upstream, maturity, problem)

    _check_heading_levels(ctx, out, source, record.id)
    page = "\n".join(out).rstrip("\n") + "\n"
    page = re.sub(r"\n{3,}", "\n\n", page)
    converted = Converted(record, page, found)
    _check(ctx, converted, source, language)
    return converted


def _metadata_sections(upstream: UpstreamFile, problem: Problem) -> dict[str, Section]:
    """Sections used as metadata: the first of each kind; repeats stay as text."""
    used: dict[str, Section] = {}
    for section, first in upstream.duplicates():
        problem(section.line, f"section {section.title!r} repeats the one at line {first.line}"
                + ("; the first is used as metadata, this one is kept as a section"
                   if section.role in METADATA_ROLES else "; both are kept"))
    for section in upstream.sections:
        if section.role in METADATA_ROLES and section.role not in used:
            used[section.role] = section
    return used


_INLINE_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
_REF_LINK = re.compile(r"\[([^\]^][^\]]*)\](?:\[([^\]]*)\])?")


def _link_of(item: str, definitions: dict[str, str]) -> str | None:
    """The URL of the first link of a list item (inline, or by reference), or None."""
    match = _INLINE_LINK.search(item)
    if match:
        return match.group(2)
    match = _REF_LINK.search(item)
    if match:
        return definitions.get((match.group(2) or match.group(1)).strip().casefold())
    return None


def _names(used: dict[str, Section], role: str, problem: Problem,
           definitions: dict[str, str]) -> list[str]:
    """The names listed in the metadata section *role* (authors, aliases...); the
    people keep their link as ``Name <URL>`` when the URL policy allows it."""
    section = used.get(role)
    if section is None:
        return []
    result = []
    for line, item in list_items(section):
        if role != "alias":  # a link the rewriting refused left its URL as code
            item = re.sub(r"\s*\(`+[^`]*`+\)\s*$", "", item)
        name = strip_markup(item).replace(";", ",")
        url = _link_of(item, definitions) if role != "alias" else None
        refused = url_problem(url, LINK) if url else None
        if url and not refused and name:
            name = f"{name} <{url}>"
        elif re.search(r"\]\(|\]\[|\[[^\]^][^\]]*\](?![(\[:])", item):
            why = f"its URL is refused ({refused})" if refused else "it is not a web link"
            problem(line, f"link in {section.title!r} not kept in the metadata ({why}; the "
                    f"name is): {item!r}", "note")
        if name:
            result.append(name)
    return result


def _directive(record: Pattern, maturity: Maturity | None, categories: list[str],
               patlet_lines: list[tuple[int, str]]) -> list[str]:
    """The lines of the ``pattern`` directive (options, patlet) of a page."""
    fence = ":" * max([3, *[len(m.group(1)) + 1 for _, t in patlet_lines
                            for m in [re.match(r"^\s*(:{3,})", t)] if m]])
    out = [fence + "{pattern}", f":id: {record.id}"]
    if maturity is not None:
        out.append(f":maturity: {maturity.key}")
    for key, values in (("aliases", record.aliases), ("authors", record.authors),
                        ("acknowledgments", record.acknowledgments),
                        ("categories", categories)):
        if values:
            out.append(f":{key}: {'; '.join(values)}")
    if patlet_lines:
        out.append("")
        out.extend(t for _, t in patlet_lines)
    return [*out, fence, ""]


def _sections(upstream: UpstreamFile, used: dict[str, Section], known_orgs: list[str],
              original_orgs: list[str], found: list[Instance],
              problem: Problem) -> list[str]:
    """The lines of the sections that are not metadata (known instances converted)."""
    out: list[str] = []
    moved: list[str] = []
    for section in upstream.sections:
        if used.get(section.role or "") is section:
            # Keep link and footnote definitions of a metadata section.
            for _, text in section.body:
                if REF_DEFINITION.match(text) or FOOTNOTE_DEFINITION.match(text):
                    moved.append(text)
            continue
        out.append(f"## {section.title}")
        out.append("")
        body = _trim(section.body)
        if section.role == "instances":
            out.extend(_instances(section, body, known_orgs, original_orgs, found, problem))
        else:
            out.extend(t for _, t in body)
        out.append("")
    if moved:
        out.extend(moved)
        out.append("")
    return out


def _check_status(upstream: UpstreamFile, maturity: Maturity | None, problem: Problem) -> None:
    """A note when the Status section disagrees with the maturity folder."""
    status = upstream.first("status")
    if status is not None and maturity is not None:
        stated = [Maturity.parse(strip_markup(item)) for _, item in list_items(status)]
        stated = [s for s in stated if s is not None]
        if stated and stated[0] != maturity:
            problem(status.line, f"the Status section says {stated[0].key!r} but the folder "
                    f"says {maturity.key!r}; the folder is used", "note")


def _check_heading_levels(ctx: Context, out: list[str], source: SourceFile,
                          pattern_id: str) -> None:
    """Report a heading that skips a level (MyST warns about it when building)."""
    previous = 1
    for _, (level, title) in _headings("\n".join(out)):
        if level > previous + 1:
            ctx.report.add(source.relpath, _line_of(source, title),
                           f"heading {title!r} skips from level {previous} to {level}")
            ctx.report.suppressed.setdefault("myst.header", []).append(pattern_id)
        previous = level


def _line_of(source: SourceFile, title: str) -> int:
    try:
        lines = read_text(source.path).split("\n")
    except UnreadableFile:
        return 1
    return next((n for n, t in enumerate(lines, 1) if t.strip("# ").strip() == title), 1)


def _trim(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    lines = list(lines)
    while lines and not lines[0][1].strip():
        lines.pop(0)
    while lines and not lines[-1][1].strip():
        lines.pop()
    return lines


def _instances(section: Section, body: list[tuple[int, str]], known_orgs: list[str],
               original_orgs: list[str], found: list[Instance],
               problem: Callable[..., None]) -> list[str]:
    """The Known Instances section: list items, paragraphs of a translation and
    headings that name an organisation become blocks, one per organisation."""
    lead, stories = split_headings(body)
    parts: list[Instance | list[str]] = []
    for block in split_blocks(lead):
        instance = (item_instance(block, known_orgs) if block.kind == "item"
                    else prose_instance(block, original_orgs))
        parts.append(instance if instance is not None else [t for _, t in block.lines])
        if instance is not None:
            continue
        if block.kind == "item":
            problem(block.lines[0][0], "known instance names no organisation that could be "
                    "recognised (no bold or linked lead text); kept as text: "
                    f"{_excerpt(block.lines)!r}")
        elif is_prose(block.lines):
            problem(block.lines[0][0], "text in Known Instances that names no organisation; "
                    f"kept as text: {_excerpt(block.lines)!r}")
    definitions: list[str] = []
    for story in stories:
        instance, defs = heading_instance(story)
        definitions += defs
        if instance is None:
            problem(story.line, f"heading {story.title!r} in Known Instances names no "
                    "organisation; kept as text")
            instance_text = [f"**{story.title}**", "", *(t for _, t in story.body)]
            parts.append([t for t in instance_text if t not in defs])
        else:
            parts.append(instance)
    kept = {id(i) for i in merge_instances([p for p in parts if isinstance(p, Instance)])}
    out: list[str] = []
    for part in parts:
        if isinstance(part, list):
            out.extend([*part, ""])
        elif id(part) in kept:
            found.append(part)
            out.extend([*render_instance(part), ""])
    return out + definitions


def _excerpt(lines: list[tuple[int, str]]) -> str:
    text = strip_markup(" ".join(t for _, t in lines))
    return text if len(text) <= 70 else text[:67] + "..."


def project_config(language: str | None):
    return default_config(innersource_required_sections=required_sections_for(language))


def _check(ctx: Context, converted: Converted, source: SourceFile, language: str | None) -> None:
    """Run the extension's template and maturity checks on the imported page."""
    config = project_config(language)
    pattern = converted.pattern
    n = len(converted.organisations)
    line = pattern.lineno or 1
    found: list[tuple[str, str]] = []
    if not pattern.patlet:
        found.append(("patlet", patlet_message(pattern.id)))
    if sections_apply(pattern, config):
        missing = missing_sections(pattern, n, config)
        if missing:
            found.append(("sections", sections_message(pattern.id, missing)))
    needed = needed_instances(pattern, config)
    if n < needed:
        found.append(("maturity", maturity_message(pattern, n, needed)))
    for kind, message in found:
        ctx.report.add(source.relpath, line, message)
        ctx.report.suppressed.setdefault(f"innersource.{kind}", []).append(pattern.id)
