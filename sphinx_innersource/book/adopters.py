"""Adopter pages: one generated page per organisation (``innersource_organisation_pages``).

With ``innersource_organisation_pages = "organisations"`` every organisation
named by a known instance (by its canonical name, see
:mod:`~sphinx_innersource.core.organisations`) gets a page
``organisations/<key>``: its name, URL, description and logo (from
``innersource_organisations``) and every pattern it applies with the story
its known instance tells. ``organisations/index`` ("Adopters") lists them in a
toctree: a book whose toctree lists it gets an "Adopters" chapter in its PDF.

**How the pages are made.** They must be real pages (in the search index,
the LaTeX document, the navigation), and Sphinx builds only documents that
have a source file (``html-collect-pages`` makes HTML only). So the
extension writes small source files into the source folder and Sphinx
reads them like any other page:

* The organisations are known once every page is read. At ``env-updated``
  (after the generated toctrees are settled, :mod:`.toctree`) the wanted
  files are compared with the folder: a file whose text differs is written,
  a file of ours no longer wanted is deleted, Sphinx's list of documents is
  refreshed (``BuildEnvironment.find_files``) and the written pages are read
  with ``Builder.read_doc``, as :mod:`.toctree` reads its stale pages. An
  unchanged book writes nothing, so the next build has nothing to read.
  The index page is written at ``builder-inited`` when it is missing, so that
  a toctree naming it finds it in a first build.
* A generated file has a marker line (:data:`MARKER`). A file without it is
  the user's: it is never overwritten or deleted, and reported (subtype
  ``adopter_page``). The domain's data remembers the files written, so a
  folder renamed in ``conf.py`` is cleaned up too.
* A file holds the title and an ``adopter-page`` directive only, so it
  changes only with the organisation's name. The directive renders the
  registry's data and leaves a placeholder, filled when the page is written
  (a post-transform, before references are resolved) with a copy of each
  story's nodes from its pattern page. The directive records itself like a
  catalogue, so that ``env-get-updated`` (:mod:`.catalogues`) rewrites the
  page when what it shows changed (an instance, its pattern's title, the
  pattern links of its story), and only then.

All of it runs in the main process (``env-updated``), so parallel builds
equal serial ones, and an incremental build ends with the files and pages a
clean one makes. The files are reStructuredText when the book reads ``.rst``
files, else MyST; each is ``orphan`` (no warning when no toctree lists them).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ..compat import env_builder
from ..config import conf_location
from ..core.model import KnownInstance, Listing, slugify
from ..core.organisations import adopter_anchor, page_name
from ..core.paths import is_local_file, local_file_problem, write_if_changed
from ..core.query import Query
from ..domain import get_domain
from ..domain.referrers import signatures
from ..i18n import _
from ..logs import warn
from ..nodes import adopter_placeholder, known_instance
from .toctree import read_again

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..domain import InnerSourceDomain

CONFIG = "innersource_organisation_pages"
MARKER = ("sphinx-innersource: adopter page generated from the known instances "
          f"({CONFIG}); it is rewritten when they change. Delete this line to keep the file "
          "as your own.")
#: The kind of the listing an ``adopter-page`` directive records.
KIND = "adopter-page"
#: Domain data: relative path -> docname of the files written by the last build.
FILES = "adopter_files"


def folder_of(config: Any) -> str:
    return (getattr(config, CONFIG, "") or "").strip().strip("/")


# -- the source files -----------------------------------------------------------------

def _escaped(text: str) -> str:  # literal text in reStructuredText and Markdown alike
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _source(title: str, body: list[str], markdown: bool) -> str:
    heading = _escaped(title)
    if markdown:
        return "\n".join(["---", "orphan: true", "---", f"% {MARKER}", "", f"# {heading}", "",
                          *body]) + "\n"
    return "\n".join([":orphan:", "", f".. {MARKER}", "", heading, "=" * (2 * len(heading) + 2),
                      "", *body]) + "\n"


def _directive(name: str, argument: str, options: list[str], content: list[str],
               markdown: bool) -> list[str]:
    if markdown:
        return [f"```{{{name}}} {argument}".rstrip(), *options,
                *(["", *content] if content else []), "```"]
    return [f".. {name}:: {argument}".rstrip(), *[f"   {o}" for o in options],
            *([""] + [f"   {c}" for c in content] if content else [])]


def wanted_files(domain: InnerSourceDomain, folder: str, markdown: bool) -> dict[str, str]:
    """Relative path -> text of every generated file the book needs now."""
    suffix = ".md" if markdown else ".rst"
    pages: list[tuple[str, str]] = []
    for name, instances in domain.index.instances_by_organisation().items():
        if not any(domain.find_pattern(i.pattern_id or "") for i in instances):
            continue
        if instances[0].org_key:
            pages.append((page_name(instances[0].org_key), name))
    pages.sort(key=lambda p: (p[1].casefold(), p[1]))
    files = {f"{folder}/{page}{suffix}": _source(
        name, _directive("adopter-page", name, [], [], markdown), markdown)
        for page, name in pages}
    files[f"{folder}/index{suffix}"] = _index_source([page for page, _n in pages], markdown)
    return files


def _index_source(pages: list[str], markdown: bool) -> str:
    return _source(_("Adopters"), _directive("toctree", "", [":maxdepth: 1"], pages, markdown),
                   markdown)


def _is_ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = [handle.readline() for _n in range(6)]
    except OSError:
        return False
    return any(MARKER in line for line in head)


def _markdown(app: Sphinx) -> bool:
    suffixes = dict(app.config.source_suffix)
    return not any(kind == "restructuredtext" for kind in suffixes.values())


def sync_files(app: Sphinx, env: BuildEnvironment) -> tuple[list[str], list[str]]:
    """Write and delete the generated files; (docnames written, docnames deleted)."""
    domain = get_domain(env)
    srcdir = Path(app.srcdir)
    folder = folder_of(app.config)
    wanted = wanted_files(domain, folder, _markdown(app)) if folder else {}
    before: dict[str, str] = domain.data.setdefault(FILES, {})
    suffixes = list(dict(app.config.source_suffix))
    candidates = set(before)
    if folder and (srcdir / folder).is_dir():
        candidates |= {p.relative_to(srcdir).as_posix() for p in (srcdir / folder).iterdir()
                       if p.suffix in suffixes and p.is_file()}
    written, deleted, kept = [], [], {}
    for rel in sorted(candidates - set(wanted)):
        if (srcdir / rel).is_file() and _is_ours(srcdir / rel):
            (srcdir / rel).unlink()
            deleted.append(rel.rsplit(".", 1)[0])
    for rel, text in wanted.items():
        docname = rel.rsplit(".", 1)[0]
        users = [srcdir / f"{docname}{s}" for s in suffixes
                 if (srcdir / f"{docname}{s}").is_file()
                 and not _is_ours(srcdir / f"{docname}{s}")]
        if users:
            warn(f"the adopter page {docname!r} is not generated: {users[0].name} in the "
                 "source folder is not a generated page (it has no marker line), so it is "
                 f"left alone. Fix: rename your file, or set {CONFIG} to another folder",
                 subtype="adopter_page", location=(docname, None))
            continue
        kept[rel] = docname
        if write_if_changed(srcdir / rel, text):
            written.append(docname)
    domain.data[FILES] = kept
    return written, [d for d in deleted if d not in kept.values()]


def on_builder_inited(app: Sphinx) -> None:
    """Write the adopters' index page if it is missing, before Sphinx looks for the
    pages: a toctree listing it is read before the instances are known."""
    folder = folder_of(app.config)
    if not folder:
        return
    markdown = _markdown(app)
    if not any(Path(app.srcdir, folder, "index" + s).is_file()
               for s in dict(app.config.source_suffix)):
        write_if_changed(Path(app.srcdir, folder, "index" + (".md" if markdown else ".rst")),
                         _index_source([], markdown))


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    written, deleted = sync_files(app, env)
    if not written and not deleted:
        return []
    env.find_files(app.config, app.builder)
    for docname in deleted:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        get_domain(env).unlist_read(docname)
    read_again(app, env, written, set())
    return written


# -- the page -----------------------------------------------------------------------------

class AdopterPageDirective(SphinxDirective):
    """``adopter-page`` ORGANISATION: the registry's data and the organisation's instances."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        name = " ".join(self.arguments[0].split())
        domain = get_domain(self.env)
        entry = domain.registry().entry(name)
        key = slugify(domain.registry().canonical(name)) or name
        out: list[nodes.Node] = []
        if entry is not None and entry.logo and (image := self._logo(entry.name, entry.logo)):
            out.append(image)
        if entry is not None and entry.description:
            out.append(nodes.paragraph(entry.description, entry.description,
                                       classes=["innersource-adopter-description"]))
        if entry is not None and entry.url:
            para = nodes.paragraph(classes=["innersource-adopter-url"])
            para += nodes.Text(_("Website") + ": ")
            para += nodes.reference(entry.url, entry.url, refuri=entry.url)
            out.append(para)
        # Recorded like a catalogue: the page is written again when what it shows
        # changed (book/catalogues.py asks :func:`shown_data`).
        domain.note_listing(self.env.docname, Listing(
            kind=KIND, query=Query(), lineno=self.lineno, options={"organisation": key}))
        node = adopter_placeholder(organisation=key, ids=[adopter_anchor(key)])
        self.set_source_info(node)
        out.append(node)
        return out

    def _logo(self, name: str, logo: str) -> nodes.image | None:
        abspath = Path(self.env.srcdir, logo.lstrip("/"))
        problem = local_file_problem(logo, self.env.srcdir, abspath) or (
            None if is_local_file(abspath) else "the file does not exist")
        if problem:
            warn(f"innersource_organisations[{name!r}]['logo'] = {logo!r} is refused: "
                 f"{problem}; the adopter page shows no logo. Fix: give an image file "
                 "inside the source folder, relative to it", subtype="config",
                 location=conf_location(self.env.srcdir, "innersource_organisations",
                                        mentioning=logo))
            return None
        return nodes.image(uri="/" + logo.lstrip("/"), alt=f"{name} logo",
                           classes=["innersource-adopter-logo"])


def instances_of(domain: InnerSourceDomain, key: str) -> list[tuple[KnownInstance, Any]]:
    """(instance, pattern) of the organisation *key*, by pattern title."""
    rows = []
    for instance in domain.index.iter_instances():
        pattern = domain.find_pattern(instance.pattern_id or "")
        if pattern is not None and (instance.org_key or instance.organisation) == key:
            rows.append((instance, pattern))
    rows.sort(key=lambda r: (r[1].title.casefold(), r[1].id, r[0].docname, r[0].anchor))
    return rows


def shown_data(domain: InnerSourceDomain, key: str) -> list[tuple]:
    """Everything an adopter page shows from other pages; equal data renders equal output."""
    rows = []
    for instance, pattern in instances_of(domain, key):
        links = signatures(domain, domain.references.get(instance.docname, ()))
        rows.append((instance.organisation, instance.organisation_as_written, instance.docname,
                     instance.anchor, instance.year, instance.url, instance.story_digest,
                     pattern.id, pattern.docname, pattern.title, sorted(links.items())))
    return rows


# -- rendering ----------------------------------------------------------------------------

def link_or_text(builder: Builder, fromdoc: str, todoc: str, anchor: str, inner: nodes.Node,
                 title: str | None = None) -> nodes.Node:
    """A reference, or *inner* alone where the target is not part of the output (a
    LaTeX document that does not include that page)."""
    try:
        return make_refnode(builder, fromdoc, todoc, anchor, inner, title)
    except NoUri:
        return inner


#: Nodes of a story that make no sense on another page (targets, index
#: entries, footnote references point into the pattern page).
_DROPPED = (nodes.target, nodes.system_message, nodes.footnote_reference, nodes.footnote,
            nodes.citation, addnodes.index, addnodes.toctree)


def story_copy(instance_node: nodes.Element, fromdoc: str) -> list[nodes.Node]:
    """The story of a known-instance block, copied for the page *fromdoc*: without ids
    and names (they belong to the pattern page), without what points into it, its
    cross-references resolved from *fromdoc* (``{doc}`` targets made absolute)."""
    copies = [child.deepcopy() for child in instance_node.children
              if not isinstance(child, nodes.title)]
    for copy in copies:
        for node in list(copy.findall(nodes.Element)):
            if isinstance(node, _DROPPED) and node.parent is not None:
                node.parent.remove(node)
                continue
            for attribute in ("ids", "names", "dupnames", "backrefs"):
                node[attribute] = []
            if isinstance(node, nodes.reference) and node.get("refid") and node.parent:
                node.replace_self(nodes.inline("", "", *node.children))
            elif isinstance(node, addnodes.pending_xref):
                target, refdoc = node.get("reftarget", ""), node.get("refdoc", "")
                if node.get("reftype") == "doc" and refdoc and not target.startswith("/"):
                    node["reftarget"] = "/" + docname_join(refdoc, target)
                node["refdoc"] = fromdoc
    return [c for c in copies if not isinstance(c, _DROPPED)]


def _story(env: BuildEnvironment, fromdoc: str, instance: KnownInstance) -> list[nodes.Node]:
    doctree = env.get_doctree(instance.docname)
    for node in doctree.findall(known_instance):
        if instance.anchor in node["ids"]:
            return story_copy(node, fromdoc)
    return []


def render_instance(env: BuildEnvironment, builder: Builder, fromdoc: str,
                    instance: KnownInstance, pattern: Any) -> nodes.Element:
    box = nodes.container(classes=["innersource-adopter-instance"])
    heading = nodes.rubric(classes=["innersource-adopter-pattern"])
    title = pattern.title or pattern.id
    heading += link_or_text(builder, fromdoc, instance.docname, instance.anchor,
                     nodes.inline(title, title, classes=["innersource-pattern-ref"]))
    if instance.year:
        heading += nodes.inline("", f" ({instance.year})", classes=["innersource-year"])
    box += heading
    if instance.organisation_as_written not in ("", instance.organisation):
        label = _("Written as")  # (no call inside an f-string: Babel would not see it)
        box += nodes.paragraph("", f"{label}: {instance.organisation_as_written}",
                               classes=["innersource-adopter-written-as"])
    box.extend(_story(env, fromdoc, instance))
    if instance.url:
        para = nodes.paragraph(classes=["innersource-adopter-source"])
        para += nodes.Text(_("Source") + ": ")
        para += nodes.reference(instance.url, instance.url, refuri=instance.url)
        box += para
    return box


class RenderAdopterPages(SphinxPostTransform):
    """Fill each adopter page with its organisation's instances and stories.

    Before the references are resolved (priority 10) and before the
    literature transform (4), so that the links and citations of the copied
    stories are resolved for this page like any other.
    """

    default_priority = 3

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(adopter_placeholder))
        if not placeholders:
            return
        domain = get_domain(self.env)
        builder = env_builder(self.env)
        for node in placeholders:
            rows = instances_of(domain, node["organisation"])
            wrapper = nodes.container(classes=["innersource-adopter"], ids=node["ids"])
            wrapper.source, wrapper.line = node.source, node.line
            for instance, pattern in rows:
                wrapper += render_instance(self.env, builder, self.env.docname, instance,
                                           pattern)
            if not rows:
                wrapper += nodes.paragraph("", _("No known instance matches this listing."),
                                           classes=["innersource-empty"])
            node.replace_self(wrapper)


def organisation_link(env: BuildEnvironment, builder: Builder, fromdoc: str, key: str,
                      inner: nodes.Node) -> nodes.Node | None:
    """*inner* linked to the adopter page of *key*, or None when the book has none."""
    docname = get_domain(env).adopter_docname(key)
    if docname is None:
        return None
    return link_or_text(builder, fromdoc, docname, adopter_anchor(key), inner)


def setup(app: Sphinx) -> None:
    app.add_node(adopter_placeholder)
    app.add_directive("adopter-page", AdopterPageDirective)
    app.add_post_transform(RenderAdopterPages)
    # After the generated toctrees are settled (book/toctree.py, priority 200).
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-updated", on_env_updated, priority=300)
