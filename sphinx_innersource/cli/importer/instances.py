"""Recognising known instances (organisation and story) in a Known Instances section."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...core.organisations import clean_name, sure_key
from ...core.upstream import (
    FENCE,
    FOOTNOTE_DEFINITION,
    HEADING,
    LIST_ITEM,
    REF_DEFINITION,
    UpstreamFile,
    fence_state,
    strip_markup,
)

# -- known instances ----------------------------------------------------------------

@dataclass
class Block:
    kind: str  # "item" or "text"
    lines: list[tuple[int, str]]


def split_blocks(body: list[tuple[int, str]]) -> list[Block]:
    """Top-level list items and the other paragraphs of a section body."""
    blocks: list[Block] = []
    current: Block | None = None
    pending_blank: list[tuple[int, str]] = []
    fence = None
    base_indent: int | None = None
    for lineno, text in body:
        if fence is not None:
            current.lines.append((lineno, text))  # type: ignore[union-attr]
            match = FENCE.match(text.strip())
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if not text.strip():
            pending_blank.append((lineno, text))
            continue
        item = LIST_ITEM.match(text)
        if item and base_indent is None:
            base_indent = len(item.group(1))
        if item and current is not None and current.kind == "item" and \
                len(item.group(1)) > (base_indent or 0):
            item = None  # a nested list belongs to the current item
        indented = text.startswith(("  ", "\t"))
        if item:
            current = Block("item", [(lineno, text)])
            blocks.append(current)
        elif current is not None and current.kind == "item" and (indented or not pending_blank):
            current.lines.extend(pending_blank)
            current.lines.append((lineno, text))
        elif current is not None and current.kind == "text" and not pending_blank:
            current.lines.append((lineno, text))
        else:
            current = Block("text", [(lineno, text)])
            blocks.append(current)
        pending_blank = []
        match = FENCE.match(text.strip())
        if match:
            fence = match.group(1)
    return blocks


LEAD_BOLD = re.compile(r"^(\*\*|__)(.+?)\1[\s:,.;\-\u2013\u2014]*(.*)$", re.DOTALL)
LEAD_LINK = re.compile(r"^\[([^\]]+)\]\((https?://[^)\s]+)\)[\s:,.;\-\u2013\u2014]*(.*)$",
                       re.DOTALL)
#: A bold or linked name anywhere in a lead ("Project X at **Acme GmbH** (2009)").
INNER_NAME = re.compile(r"(\*\*|__)(?P<bold>[^*_]+?)\1|\[(?P<text>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)")
#: The longest lead (in words) in which a bold or linked name is taken for the organisation.
SHORT_LEAD = 12


@dataclass
class Instance:
    organisation: str
    url: str
    story: list[str]
    line: int


def item_instance(block: Block, known_orgs: list[str]) -> Instance | None:
    """The organisation and story of one list item, or None."""
    lineno, first = block.lines[0]
    marker = LIST_ITEM.match(first)
    width = marker.end() if marker and marker.group(3) else len(first)
    head = first[width:].strip()
    rest = [t[width:] if t[:width].strip() == "" else t.lstrip() for _, t in block.lines[1:]]
    while rest and not rest[-1].strip():
        rest.pop()
    match = LEAD_BOLD.match(head)
    if match:
        organisation = clean_name(strip_markup(match.group(2)))
        # "**Acme**'s strategy": the possessive belongs to the name.
        tail = re.sub(r"^['\u2019]s?\b\s*", "", match.group(3)).strip()
        if organisation:
            return Instance(organisation, "", ([tail] if tail else []) + rest, lineno)
    match = LEAD_LINK.match(head)
    if match and len(strip_markup(match.group(1)).split()) <= 6:
        tail = match.group(3).strip()
        return Instance(clean_name(strip_markup(match.group(1))), match.group(2),
                        ([tail] if tail else []) + rest, lineno)
    inner = lead_name(head)
    if inner is not None:
        return Instance(inner[0], inner[1], [head, *rest], lineno)
    plain = strip_markup(head)
    if (not rest and plain and len(plain) <= 60 and len(plain.split()) <= 6
            and not re.search(r"[.:;!?\u3002\uff1a]$", plain)):
        return Instance(plain, "", [], lineno)
    organisation = named_organisation(strip_markup(" ".join([head, *rest])), known_orgs)
    if organisation is not None:
        return Instance(organisation, "", [head, *rest], lineno)
    return None


def lead_name(head: str) -> tuple[str, str] | None:
    """(organisation, url) of the first bold or linked name inside a short lead."""
    if len(strip_markup(head).split()) > SHORT_LEAD:
        return None
    match = INNER_NAME.search(head)
    if match is None:
        return None
    name = clean_name(strip_markup(match.group("bold") or match.group("text")))
    if not name or len(name.split()) > 6:
        return None
    return name, match.group("url") or ""


#: Letters and digits of the Latin script: a Latin organisation name set in
#: Japanese or Chinese text ("Nikeは") has no space or punctuation around it.
_LATIN = r"0-9A-Za-z\u00C0-\u024F"


def named_organisation(text: str, organisations: Iterable[str]) -> str | None:
    """The longest of *organisations* that *text* names as a whole word."""
    for organisation in sorted(organisations, key=len, reverse=True):
        if not organisation:
            continue
        latin = re.fullmatch(rf"[{_LATIN}].*[{_LATIN}]|[{_LATIN}]", organisation, re.DOTALL)
        edge = rf"[{_LATIN}]" if latin else r"\w"
        if re.search(rf"(?<!{edge}){re.escape(organisation)}(?!{edge})", text):
            return organisation
    return None


def prose_instance(block: Block, original_orgs: list[str]) -> Instance | None:
    """A paragraph of a translation that names an organisation of its English original.

    Translators often turn the English list of known instances into prose;
    the organisation names usually stay in Latin script.
    """
    if block.kind != "text" or not original_orgs:
        return None
    organisation = named_organisation(strip_markup(" ".join(t for _, t in block.lines)),
                                      original_orgs)
    if organisation is None:
        return None
    return Instance(organisation, "", [t for _, t in block.lines], block.lines[0][0])


def instances_of(upstream: UpstreamFile, known_orgs: list[str],
                 translated: bool = False) -> list[Instance]:
    """The known instances of a file's Known Instances section, one per organisation;
    in a translation (*translated*), a paragraph naming an organisation of the
    English original (*known_orgs*) is one too."""
    section = upstream.first("instances")
    if section is None:
        return []
    lead, stories = split_headings(section.body)
    found = [item_instance(b, known_orgs) if b.kind == "item" else
             prose_instance(b, known_orgs) if translated else None
             for b in split_blocks(lead)]
    found += [heading_instance(story)[0] for story in stories]
    return merge_instances([i for i in found if i is not None])


def organisations_of(upstream: UpstreamFile) -> list[str]:
    """The organisations the Known Instances section of a file names."""
    return [i.organisation for i in instances_of(upstream, [])]


# -- instances written as headings ------------------------------------------------------

@dataclass
class Story:
    """An organisation heading in a Known Instances section and what follows it."""

    line: int
    title: str
    body: list[tuple[int, str]]


def split_headings(body: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[Story]]:
    """The lines before the first heading, and one :class:`Story` per organisation
    heading: a heading of the level of the first one (or higher) starts a story,
    deeper headings belong to the story they are in."""
    lead: list[tuple[int, str]] = []
    stories: list[Story] = []
    level: int | None = None
    for lineno, text, inside in fence_state(body):
        heading = None if inside else HEADING.match(text)
        if heading and (level is None or len(heading.group(1)) <= level):
            level = level or len(heading.group(1))
            stories.append(Story(lineno, heading.group(2).strip(), []))
            continue
        (stories[-1].body if stories else lead).append((lineno, text))
    return lead, stories


def heading_instance(story: Story) -> tuple[Instance | None, list[str]]:
    """The instance a heading tells, and the link and footnote definitions of its
    text (they stay outside the block, where the page defines them)."""
    match = re.fullmatch(r"\[([^\]]+)\]\((https?://[^)\s]+)\)\s*(.*)", story.title)
    name = clean_name(strip_markup(match.group(1) if match else story.title))
    definitions = [t for _, t in story.body
                   if REF_DEFINITION.match(t) or FOOTNOTE_DEFINITION.match(t)]
    lines: list[str] = []
    for _, text, inside in fence_state(story.body):
        heading = None if inside else HEADING.match(text)
        if heading:  # a heading inside a block would not build: a rubric
            lines += [f"```{{rubric}} {heading.group(2).strip()}", "```"]
        elif inside or text not in definitions:
            lines.append(text)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not name:
        return None, definitions
    return Instance(name, match.group(2) if match else "", lines, story.line), definitions


def merge_instances(found: list[Instance]) -> list[Instance]:
    """One instance per organisation: the later ones (same name without case,
    punctuation, legal suffix) join the first, their text after its text."""
    first: dict[str, Instance] = {}
    result = []
    for instance in found:
        key = sure_key(instance.organisation) or instance.organisation
        if key not in first:
            first[key] = instance
            result.append(instance)
            continue
        kept = first[key]
        if instance.story:
            kept.story = [*kept.story, *([""] if kept.story else []), *instance.story]
        kept.url = kept.url or instance.url
    return result


def render_instance(instance: Instance) -> list[str]:
    story = instance.story
    colons = max([len(m.group(0)) for line in story for m in [re.match(r"^\s*(:{3,})", line)]
                  if m] + [2]) + 1
    fence = ":" * max(colons, 3)
    out = [f"{fence}{{known-instance}} {instance.organisation}"]
    if instance.url:
        out.append(f":url: {instance.url}")
    if story:
        out.append("")
        out.extend(story)
    out.append(fence)
    return out


def is_prose(lines: list[tuple[int, str]]) -> bool:
    """True when a text block says something (not only an image or a definition)."""
    text = "\n".join(t for _, t in lines)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = "\n".join(t for t in text.split("\n")
                     if not REF_DEFINITION.match(t) and not FOOTNOTE_DEFINITION.match(t))
    return bool(strip_markup(text))
