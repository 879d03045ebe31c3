"""The source files of the adopter pages: written, deleted and read.

See :mod:`sphinx_innersource.book.adopters` for how and why.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...core.organisations import page_name
from ...core.paths import write_if_changed
from ...domain import get_domain
from ...i18n import _
from ...logs import warn
from ..toctree import read_again

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ...domain import InnerSourceDomain

CONFIG = "innersource_organisation_pages"
MARKER = ("sphinx-innersource: adopter page generated from the known instances "
          f"({CONFIG}); it is rewritten when they change. Delete this line to keep the file "
          "as your own.")
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


def _change(path: Path, text: str | None = None) -> bool:
    """Write *text* to *path* if it differs, or delete *path* (*text* None); whether
    the file changed. A file system that refuses is reported, not raised."""
    try:
        if text is None:
            path.unlink()
            return True
        return write_if_changed(path, text)
    except OSError as exc:
        warn(f"the adopter page {path.name} cannot be {'removed' if text is None else 'written'}"
             f" ({exc.strerror or exc}); the book goes on without the change. Fix: make "
             f"{path.parent} writable", subtype="adopter_page")
        return False


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
        if (srcdir / rel).is_file() and _is_ours(srcdir / rel) and _change(srcdir / rel):
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
        if _change(srcdir / rel, text):
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
        _change(Path(app.srcdir, folder, "index" + (".md" if markdown else ".rst")),
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
