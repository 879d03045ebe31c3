"""Machine-readable export of the book: ``patterns.json``.

The ``html`` and ``dirhtml`` builders write ``patterns.json`` (and the JSON
Schema it follows, ``patterns.schema.json``) into the output root; the
``patterns-json`` builder reads the sources and writes only those two files.

The conversion is a plain function, :func:`index_to_json`, that reads the
model and is told how to make URLs, so other code (another builder, a
script) can reuse it without Sphinx.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sphinx.builders import Builder

from ..core.model import KnownInstance, Pattern, PatternIndex
from ..core.organisations import Registry
from ..core.paths import write_if_changed
from ..domain import get_domain
from ..i18n import __
from ..logs import warn
from . import shorturls

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: Version of the format (``version`` in the file); see the schema.
FORMAT_VERSION = 1
JSON_NAME = "patterns.json"
SCHEMA_NAME = "patterns.schema.json"
SCHEMA_FILE = Path(__file__).parents[1] / SCHEMA_NAME

#: Builders whose output gets ``patterns.json`` beside the pages.
HTML_BUILDERS = shorturls.BUILDERS

#: ``url_for(docname, anchor)``: URL of a page (and anchor) relative to the output root.
UrlFor = Callable[[str, str], str]


def _absolute(base_url: str, url: str) -> str | None:
    return shorturls.absolute_url(base_url, url) if base_url else None


def _resolver(index: PatternIndex) -> Callable[[str | None], str | None]:
    """Pattern id (or alias) named by an instance -> the owning pattern's id."""
    by_id = index.patterns_by_id()
    aliases = index.alias_map()

    def resolve(name: str | None) -> str | None:
        if not name:
            return None
        if name in by_id:
            return name
        owner = aliases.get(name)
        return owner if owner in by_id else None

    return resolve


def pattern_to_json(
    pattern: Pattern,
    url_for: UrlFor,
    *,
    base_url: str = "",
    short_url: str | None = None,
    references: Iterable[str] | None = None,
) -> dict[str, Any]:
    page_url = url_for(pattern.docname, "")
    people = [{"name": name, "url": pattern.person_urls.get(name) or None, "role": role}
              for role, names in (("author", pattern.authors),
                                  ("acknowledged", pattern.acknowledgments))
              for name in names]
    data: dict[str, Any] = {
        "id": pattern.id,
        "title": pattern.title or pattern.id,
        "patlet": pattern.patlet,
        "maturity": pattern.maturity.key if pattern.maturity is not None else None,
        "aliases": list(pattern.aliases),
        "authors": list(pattern.authors),
        "acknowledgments": list(pattern.acknowledgments),
        "people": people,
        "categories": list(pattern.categories),
        "related": list(pattern.related),
        "tags": list(pattern.tags),
        "docname": pattern.docname,
        "page_url": page_url,
        "page_url_absolute": _absolute(base_url, page_url),
        "short_url": short_url,
    }
    if references is not None:
        data["references"] = list(references)
    return data


def instance_to_json(
    instance: KnownInstance, pattern_id: str | None, url_for: UrlFor, *, base_url: str = ""
) -> dict[str, Any]:
    page_url = url_for(instance.docname, instance.anchor)
    return {
        "organisation": instance.organisation,
        "organisation_as_written": instance.organisation_as_written or instance.organisation,
        "pattern": pattern_id,
        "url": instance.url or None,
        "year": instance.year or None,
        "story": instance.story,
        "docname": instance.docname,
        "anchor": instance.anchor,
        "page_url": page_url,
        "page_url_absolute": _absolute(base_url, page_url),
    }


def organisations_to_json(
    index: PatternIndex,
    resolve: Callable[[str | None], str | None],
    registry: Registry,
    url_for: UrlFor,
    page_of: Callable[[str], str | None],
    base_url: str = "",
) -> list[dict[str, Any]]:
    """Every organisation of the book (canonical name), sorted by name; *page_of*
    gives the docname of an organisation's adopter page (by key), or None."""
    result = []
    for name, instances in index.instances_by_organisation().items():
        entry = registry.entry(name)
        key = instances[0].org_key
        written = {i.organisation_as_written or i.organisation for i in instances}
        aliases = sorted((written | set(entry.aliases if entry else ())) - {name},
                         key=lambda a: (a.casefold(), a))
        page = page_of(key) if key else None
        page_url = url_for(page, "") if page else None
        result.append({
            "name": name,
            "key": key,
            "aliases": aliases,
            "url": (entry.url if entry else "") or None,
            "description": (entry.description if entry else "") or None,
            "patterns": sorted({p for i in instances if (p := resolve(i.pattern_id))}),
            "page_url": page_url,
            "page_url_absolute": _absolute(base_url, page_url) if page_url else None,
        })
    result.sort(key=lambda o: (o["name"].casefold(), o["name"]))
    return result


def index_to_json(
    index: PatternIndex,
    url_for: UrlFor,
    *,
    base_url: str = "",
    short_urls: Mapping[str, str] | None = None,
    references: Mapping[str, Iterable[str]] | None = None,
    project: str = "",
    schema: str = SCHEMA_NAME,
    registry: Registry | None = None,
    page_of: Callable[[str], str | None] = lambda key: None,
) -> dict[str, Any]:
    """The whole book as a JSON-ready dictionary (see ``patterns.schema.json``).

    *url_for* gives page URLs relative to the output root; *base_url*
    (``html_baseurl``) adds absolute ones.  *short_urls* maps a pattern id
    to its short URL; *references*, when given, maps a pattern id to its
    citation keys (patterns it does not name get none).  Patterns are sorted
    by id, instances by pattern, organisation, page and anchor, so the same
    index always gives the same result.
    """
    short_urls = short_urls or {}
    patterns = index.patterns_by_id()
    pattern_list = []
    for pattern_id in sorted(patterns):
        refs = references.get(pattern_id) if references is not None else None
        pattern_list.append(pattern_to_json(
            patterns[pattern_id], url_for, base_url=base_url,
            short_url=short_urls.get(pattern_id), references=refs,
        ))

    resolve = _resolver(index)
    instance_list = [
        instance_to_json(instance, resolve(instance.pattern_id), url_for, base_url=base_url)
        for instance in index.iter_instances()
    ]
    instance_list.sort(key=lambda i: (
        i["pattern"] or "", i["organisation"].casefold(), i["organisation"],
        i["docname"], i["anchor"],
    ))
    return {
        "$schema": schema,
        "version": FORMAT_VERSION,
        "project": project,
        "patterns": pattern_list,
        "instances": instance_list,
        "organisations": organisations_to_json(index, resolve, registry or Registry(),
                                               url_for, page_of, base_url),
    }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def dumps(data: Mapping[str, Any]) -> str:
    """Serialise with a fixed layout: UTF-8, one top-level key per line, one
    pattern or known instance per line (indented by two and four spaces),
    and a final newline.

    A record per line diffs well, and each record goes through the C
    encoder of :mod:`json` (an ``indent`` makes :mod:`json` fall back to its
    pure-Python encoder, about ten times slower on a big book).
    """
    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        name = _compact(key)
        if isinstance(value, list) and value:
            lines.append(f"  {name}: [")
            lines.append(",\n".join(f"    {_compact(item)}" for item in value))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {name}: {_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def builder_url_for(builder: Builder) -> UrlFor:
    """Page URLs as *builder* links them, relative to the output root."""

    pages: dict[str, str] = {}  # a page's instances share its URL: made once

    def url_for(docname: str, anchor: str = "") -> str:
        uri = pages.get(docname)
        if uri is None:
            uri = pages[docname] = shorturls.page_uri(builder, docname)
        return f"{uri}#{anchor}" if anchor else uri

    return url_for


def export_of(app: Sphinx) -> dict[str, Any]:
    """The export of the book being built by *app*."""
    from ..literature import pattern_references

    domain = get_domain(app.env)
    index = domain.index
    references = {pattern.id: pattern_references(app.env, pattern.docname)
                  for pattern in index.patterns_by_id().values()}
    return index_to_json(
        index,
        builder_url_for(app.builder),
        base_url=app.config.html_baseurl,
        short_urls=shorturls.short_urls_of(app),
        references=references,
        project=app.config.project,
        registry=domain.registry(),
        page_of=domain.adopter_docname,
    )


def write_export(app: Sphinx) -> Path:
    outdir = Path(app.outdir)
    target = outdir / JSON_NAME
    write_if_changed(target, dumps(export_of(app)))
    write_if_changed(outdir / SCHEMA_NAME, SCHEMA_FILE.read_text(encoding="utf-8"))
    return target


class PatternsJSONBuilder(Builder):
    """``sphinx-build -b patterns-json``: reads the book, writes ``patterns.json``."""

    name = "patterns-json"
    format = "json"
    epilog = __("The pattern data is in %(outdir)s/patterns.json.")
    allow_parallel = True

    def init(self) -> None:
        # Link like the html builder would, so the URLs fit an HTML build.
        out_suffix = self.config.html_file_suffix or ".html"
        link_suffix = self.config.html_link_suffix
        self.link_suffix = link_suffix if link_suffix is not None else out_suffix

    def get_outdated_docs(self) -> str:
        return __("the pattern data of all documents")

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return quote(docname) + self.link_suffix

    def write_documents(self, docnames) -> None:
        """No page is written: everything needed is in the environment."""

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        """Not called (see :meth:`write_documents`)."""

    def finish(self) -> None:
        """``patterns.json`` is written when the build has finished."""


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None:
        return
    if app.builder.name in HTML_BUILDERS or isinstance(app.builder, PatternsJSONBuilder):
        try:
            write_export(app)
        except OSError as exc:
            warn(f"{JSON_NAME} cannot be written ({exc.strerror or exc}). Fix: remove "
                 f"what is in the way in the output folder {app.outdir}",
                 subtype="export")


def setup(app: Sphinx) -> None:
    app.add_builder(PatternsJSONBuilder)
    app.connect("build-finished", on_build_finished)
