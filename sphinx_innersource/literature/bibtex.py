"""The adapter to sphinxcontrib-bibtex and pybtex: the only module that imports them.

It finds the ``cite`` domain and its entries, formats works with a pybtex
style, renders citations with sphinxcontrib-bibtex's referencing style,
guards the ``cite`` roles against malformed targets and turns pybtex's
``.bib`` errors into located warnings.  Every import of sphinxcontrib-bibtex
or pybtex is deferred into a function: a book without them builds as before."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.nodes import make_id
from sphinx import addnodes

from ..compat import bib_entries as compat_bib_entries
from ..compat import capture_bib_errors, captured_bib_errors, env_builder
from ..config import conf_location
from ..directives.base import checked_url
from ..logs import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


BIBTEX_EXTENSION = "sphinxcontrib.bibtex"


def cite_domain(env: BuildEnvironment) -> Any | None:
    """sphinxcontrib-bibtex's ``cite`` domain, or None when it is not loaded."""
    try:
        return env.get_domain("cite")
    except Exception:  # (ExtensionError or a missing domain)
        return None


def bib_entries(env: BuildEnvironment) -> Any:
    domain = cite_domain(env)
    if domain is None:
        return {}
    return compat_bib_entries(domain)


def canonical_key(entries: Any, key: str) -> str | None:
    """The key as written in the ``.bib`` file (pybtex keys ignore case)."""
    entry = entries.get(key) if key else None
    return entry.key if entry is not None else None


# -- formatting with pybtex ---------------------------------------------------

@dataclass
class Formatted:
    key: str
    entry: Any
    formatted: Any
    target_id: str


def pybtex_style(name: str) -> Any:
    from pybtex.plugin import find_plugin

    return find_plugin("pybtex.style.formatting", name)()


def style_exists(name: str) -> bool:
    from pybtex.plugin import PluginNotFound

    if not name or name.startswith("."):
        # pybtex reads a leading dot as a file suffix and raises ValueError
        # while reporting the name as unknown.
        return False
    try:
        pybtex_style(name)
    except (PluginNotFound, ValueError):
        return False
    return True


def format_works(
    env: BuildEnvironment, keys: Iterable[str], style_name: str, id_prefix: str,
    location: Any = None,
) -> list[Formatted]:
    """Format *keys* (canonical, in citation order) like sphinxcontrib-bibtex.

    The style sorts the entries (``unsrt`` keeps the citation order) and
    makes the labels, exactly as a ``bibliography`` directive would.
    """
    from pybtex.richtext import Tag
    from pybtex.style import FormattedEntry
    from pybtex.style.template import FieldIsMissing

    entries = bib_entries(env)
    wanted = [entries[key] for key in dict.fromkeys(keys) if key in entries]
    if not wanted:
        return []
    style = pybtex_style(style_name)
    sorted_entries = list(style.sort(wanted))
    labels = style.format_labels(sorted_entries)
    result = []
    for label, entry in zip(labels, sorted_entries, strict=True):
        try:
            formatted = style.format_entry(label, entry)
        except FieldIsMissing as exc:
            warn(f"cannot format the work {entry.key!r}: {exc}. Fix: complete the entry "
                 "in the .bib file", subtype="citation", location=location)
            formatted = FormattedEntry(entry.key, Tag("b", str(exc)), label)
        result.append(Formatted(entry.key, entry, formatted, f"{id_prefix}{make_id(entry.key)}"))
    return result


def _unlink_refused(item: nodes.Element, key: str, location: Any) -> None:
    """Keep the text, not the link, of a URL of the ``.bib`` file the policy refuses
    (a ``javascript:`` URL or DOI would otherwise be a live link)."""
    for ref in list(item.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if uri and checked_url(uri, what=f"work {key!r} of the .bib file", location=location,
                               fix="correct the url or doi field of the entry") is None:
            ref.replace_self(nodes.inline("", "", *ref.children))


def entry_item(builder: Builder, docname: str, work: Formatted, classes: list[str],
                location: Any = None) -> nodes.list_item:
    """A list item: the label, then the formatted entry (with ids for links)."""
    from sphinxcontrib.bibtex.domain import BibtexDomain
    from sphinxcontrib.bibtex.transforms import node_text_transform

    item = nodes.list_item("", ids=[work.target_id], classes=classes)
    para = nodes.paragraph()
    if builder.format == "latex":
        # sphinxcontrib-bibtex links citations with \hyperlink{cite.DOC:ID}.
        para += nodes.raw("", f"\\hypertarget{{cite.{docname}:{work.target_id}}}{{}}",
                          format="latex")
    label = f"[{work.formatted.label}]"
    para += nodes.inline(label, label, classes=["innersource-ref-label"])
    para += nodes.Text(" ")
    para += work.formatted.text.render(BibtexDomain.backend)
    item += para
    _unlink_refused(item, work.key, location)
    node_text_transform(item)
    return item


def cite_xrefs(doctree: nodes.Node) -> Iterable[addnodes.pending_xref]:
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") == "cite":
            yield node


def citation_targets(node: addnodes.pending_xref) -> list[Any]:
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets

    try:
        return list(parse_citation_targets(node.get("reftarget", "")))
    except ValueError:
        return []


#: Citation roles whose text is part of the sentence (the authors' names).
TEXTUAL_ROLES = {"t", "ts", "ct", "cts", "author", "authors", "cauthor", "cauthors"}


def authors_text(entry: Any) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [re.sub(r"[{}]", "", " ".join(p.last_names)) for p in persons]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


# -- bib files: malformed entries and missing files ------------------------------------

class GuardedCiteRole:
    """A ``cite:*`` role that reports a malformed target instead of crashing.

    sphinxcontrib-bibtex raises on ``{cite:p}`a b``` (ValueError: malformed
    citation target) and on ``{cite:p}`!key``` (KeyError), which aborts the
    whole build with a traceback.  The citation is shown as literal text with
    a located warning instead.
    """

    def __init__(self, role: Any) -> None:
        self.role = role

    def __call__(self, name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                 options: dict | None = None, content: list | None = None) -> Any:
        try:
            return self.role(name, rawtext, text, lineno, inliner, options, content)
        except (ValueError, KeyError, AssertionError) as exc:
            env = inliner.document.settings.env
            warn(f"citation {rawtext!r} cannot be read ({type(exc).__name__}: "
                 f"{str(exc)[:200]}) and is shown as text. Fix: write {{cite:p}}`key` or "
                 "{cite:p}`key1,key2` (keys without spaces)", subtype="citation",
                 location=(env.docname, lineno))
            return [nodes.literal(rawtext, rawtext)], []


def _registered_role(name: str) -> Any:
    """The role function registered with docutils under *name*, or None."""
    from docutils.parsers.rst import languages, roles
    from docutils.utils import Reporter

    quiet = Reporter("", Reporter.SEVERE_LEVEL + 1, Reporter.SEVERE_LEVEL + 1)
    function, _messages = roles.role(name, languages.get_language("en"), 0, quiet)
    return function


def _domain_roles(app: Sphinx, domain_class: Any) -> dict[str, Any]:
    """The ``cite:*`` roles the domain will have.

    From 2.7 they are the class's ``roles``; sphinxcontrib-bibtex 2.6 leaves
    that empty and makes one ``CiteRole`` per role name of the configured
    referencing style when the domain is created, so the names come from the
    style here.
    """
    if domain_class.roles:
        return dict(domain_class.roles)
    from sphinxcontrib.bibtex.plugin import find_plugin
    from sphinxcontrib.bibtex.roles import CiteRole

    try:
        style = find_plugin("sphinxcontrib.bibtex.style.referencing",
                            app.config.bibtex_reference_style)()
    except ImportError:
        return {}  # sphinxcontrib-bibtex reports an unknown style itself
    return {name: CiteRole() for name in style.role_names()}


def guard_cite_roles(app: Sphinx) -> None:
    """Register a guarded twin of every citation role, through Sphinx's public API.

    The ``cite:*`` roles are the ``roles`` of sphinxcontrib-bibtex's domain
    class (a documented attribute of :class:`~sphinx.domains.Domain`);
    ``add_role_to_domain`` puts the guarded ones into the domain when the
    environment creates it, which comes after ``config-inited``.
    """
    from sphinxcontrib.bibtex.domain import BibtexDomain

    for name, role in _domain_roles(app, BibtexDomain).items():
        if not isinstance(role, GuardedCiteRole):
            app.add_role_to_domain(BibtexDomain.name, name, GuardedCiteRole(role),
                                   override=True)
    plain = _registered_role("cite")  # the plain {cite} role, registered globally
    if plain is not None and not isinstance(plain, GuardedCiteRole):
        app.add_role("cite", GuardedCiteRole(plain), override=True)


def on_config_inited(app: Sphinx, config: Any) -> None:
    """Guard the citation roles; let pybtex report .bib syntax errors to us.

    sphinxcontrib-bibtex reads the .bib files when the environment is created
    (before 2.7) or at ``builder-inited`` (2.7): both come after this event.
    """
    if BIBTEX_EXTENSION not in app.extensions:
        return
    guard_cite_roles(app)
    capture_bib_errors(app)


def on_builder_inited_late(app: Sphinx) -> None:
    """Turn the captured .bib errors into located warnings; check the files exist."""
    if BIBTEX_EXTENSION not in app.extensions:
        return
    for error in captured_bib_errors(app):
        raw = getattr(error, "filename", None)
        filename = str(raw) if raw else ""
        lineno = getattr(error, "lineno", None)
        location = f"{filename}:{lineno}" if filename and lineno else (filename or None)
        warn(f"malformed .bib data: {error}. The entry may be missing or incomplete. "
             "Fix: correct the entry in the .bib file", subtype="citation",
             location=location)
    for name in app.config.bibtex_bibfiles or []:
        path = (Path(app.confdir) / name).resolve()
        if not path.is_file():
            warn(f"bibliography file {name!r} ({path}) does not exist; its works cannot be "
                 "cited. Fix: correct bibtex_bibfiles in conf.py or add the file",
                 subtype="citation",
                 location=conf_location(app.confdir, "bibtex_bibfiles", mentioning=name))


def docname_order(env: BuildEnvironment) -> list[str]:
    """The documents in reading order, as sphinxcontrib-bibtex numbers citations."""
    from sphinxcontrib.bibtex.domain import get_docnames

    try:
        return list(get_docnames(env))
    except Exception:  # (relations not built: fall back to names)
        return sorted(env.found_docs)


def has_bibliography(doctree: nodes.Node) -> bool:
    """Whether the page has a ``bibliography`` directive of sphinxcontrib-bibtex."""
    from sphinxcontrib.bibtex.nodes import bibliography

    return any(True for _x in doctree.findall(bibliography))


def render_citation(env: BuildEnvironment, xref: addnodes.pending_xref, refdoc: str,
                    found: list[tuple[Any, str, Formatted]]) -> nodes.inline:
    """*xref* rendered like sphinxcontrib-bibtex, linking to the entries *found*
    ((target, page, entry) for each key of the citation)."""
    import pybtex.plugin
    from sphinxcontrib.bibtex.style.referencing import format_references
    from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

    domain = cite_domain(env)
    config = env.config
    tooltips = bool(config.bibtex_tooltips)
    plaintext = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")()
    tip_style = pybtex_style(config.bibtex_tooltips_style) \
        if tooltips and config.bibtex_tooltips_style else None
    references = []
    for target, todoc, work in found:
        title = None
        if tooltips:
            tip = tip_style.format_entry(work.formatted.label, work.entry) \
                if tip_style else work.formatted
            title = tip.text.render(plaintext).replace("\\url ", "")
        references.append((work.entry, work.formatted, SphinxReferenceInfo(
            builder=env_builder(env), fromdocname=refdoc, todocname=todoc,
            citation_id=work.target_id, title=title,
            pre_text=target.pre, post_text=target.post,
        )))
    result = nodes.inline(rawsource=xref.get("reftarget", ""), classes=["bibtex-citation"])
    if references:
        rendered = format_references(domain.reference_style, xref.get("reftype", "p"),
                                     references)
        result += rendered.render(domain.backend)
    return result
