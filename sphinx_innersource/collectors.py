"""An environment collector shared by parts of the extension.

:class:`PagesReadEachBuild` keeps a set of pages whose output depends on
something outside their source (a calendar file, the pages of the other
languages of a site), purges and merges it like any environment data, and has
Sphinx read those pages again at every build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from sphinx.environment.collectors import EnvironmentCollector

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
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
