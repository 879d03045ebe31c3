"""Environment collectors shared by parts of the extension.

:class:`PagesReadEachBuild` keeps a set of pages whose output depends on
something outside their source (a calendar file, the pages of the other
languages of a site), purges and merges it like any environment data, and has
Sphinx read those pages again at every build.

:class:`NodeKinds` notes which kinds of node each page holds once it is read,
so that the post-transforms and page events that look for one of our nodes
skip, in a per-page HTML build, the pages that hold none (:func:`may_hold`)
instead of walking every page's tree to find nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class PagesReadEachBuild(EnvironmentCollector):
    """The pages in ``env.<attr>`` (a set the directives add to while they run)."""

    attr: ClassVar[str]

    @classmethod
    def pages(cls, env: BuildEnvironment) -> set[str]:
        return vars(env).setdefault(cls.attr, set())

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.pages(env).discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        self.pages(env).update(self.pages(other) & set(docnames))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        pass  # the directive notes its page while it runs

    def get_outdated_docs(self, app: Sphinx, env: BuildEnvironment, added: set[str],
                          changed: set[str], removed: set[str]) -> list[str]:
        return sorted(d for d in self.pages(env) if d in env.found_docs and d not in removed)


class NodeKinds(EnvironmentCollector):
    """``env.innersource_node_kinds``: for each page, the names of the classes
    (bases included) of the elements its doctree holds after it is read."""

    attr = "innersource_node_kinds"

    @classmethod
    def kinds(cls, env: BuildEnvironment) -> dict[str, frozenset[str]]:
        return vars(env).setdefault(cls.attr, {})

    def enable(self, app: Sphinx) -> None:
        super().enable(app)
        # After the other doctree-read handlers (500), which may add nodes.
        assert self.listener_ids is not None
        app.disconnect(self.listener_ids["doctree-read"])
        self.listener_ids["doctree-read"] = app.connect("doctree-read", self.process_doc,
                                                        priority=900)

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.kinds(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        theirs = self.kinds(other)
        self.kinds(env).update((d, theirs[d]) for d in docnames if d in theirs)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        types = {type(node) for node in doctree.findall(nodes.Element)}
        self.kinds(app.env)[app.env.docname] = frozenset(
            cls.__name__ for kind in types for cls in kind.__mro__)


#: The builders that resolve and write each page's own doctree.  Others
#: (``singlehtml``, ``latex``, ...) assemble several pages into one tree,
#: for which the kinds of the page named are not the tree's.
PAGE_BUILDERS = frozenset({"html", "dirhtml"})


def may_hold(builder: Builder, docname: str, *classes: type[nodes.Node]) -> bool:
    """False when *docname*'s doctree, written by *builder*, is known to hold
    no node of *classes* (nor of a subclass), so that looking for them can be
    skipped; True when it may (or when that is not known)."""
    if builder.name not in PAGE_BUILDERS:
        return True
    kinds = NodeKinds.kinds(builder.env).get(docname)
    return kinds is None or any(cls.__name__ in kinds for cls in classes)


def setup(app: Sphinx) -> None:
    app.add_env_collector(NodeKinds)
