"""``sphinx-innersource import``: an upstream pattern repository -> a Sphinx book.

The importer reads the layout of the InnerSource Commons pattern repository
(``patterns/<n>-<maturity>/*.md``, ``translation/<lang>/patterns/*.md``,
``pattern-categorization/*.md``) and writes a project that builds with
``sphinx-build -W``: one MyST page per pattern using the ``pattern`` and
``known-instance`` directives, a ``conf.py`` and an index page.

Nothing is dropped silently: what cannot be mapped stays in the page as
ordinary text and is listed in the report (``file:line: message``), which is
printed and written to ``import-report.txt`` in the project.  Problems the
extension would warn about during the build (a missing section, too few
known instances for the maturity) are reported with the extension's own
words, and ``conf.py`` silences exactly those kinds of warnings with
``suppress_warnings`` (with a comment naming the pages), so the imported
book builds with ``-W`` until someone fixes the content.

The stages live in modules of their own: :mod:`.scan` (the upstream layout),
:mod:`.convert` (one page, with :mod:`.links` and :mod:`.instances`), :mod:`.write`
(a project), :mod:`.report`; :mod:`.dest` and :mod:`.safety` keep DEST and SRC safe.
Nothing here imports Sphinx: the package runs without a build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ...core.history import History
from ...core.upstream import sphinx_language
from .dest import apply, check_destination, check_places, moved_lines, plan_writing
from .report import DEFAULT_REPO_URL, DEFAULT_UPSTREAM_URL
from .safety import ImportFailed, base_url_problem, check_languages
from .scan import scan
from .site import Site, check_site_languages
from .write import build_project, collect_files, note_kept_aside, progress_bar

__all__ = ["DEFAULT_REPO_URL", "DEFAULT_UPSTREAM_URL", "ImportFailed", "run_import"]


def run_import(src: Path, dest: Path, *, language: str | None = None,
               all_languages: bool = False, force: bool = False,
               project: str = "InnerSource Patterns", upstream_url: str = DEFAULT_UPSTREAM_URL,
               repo_url: str = DEFAULT_REPO_URL, progress: bool | None = None,
               out=None) -> int:
    """Import *src* into *dest*; print the report. Returns the exit code.

    With *all_languages*, one project per language: ``DEST/en``, ``DEST/ja``...
    With ``language="all"``, one book in every language (:mod:`.site`): English
    in DEST, each translation in ``DEST/<lang>``.
    Nothing in DEST that a user wrote is lost (see :mod:`.dest`).
    """
    out = out or sys.stdout
    for option, url in (("--upstream-url", upstream_url), ("--repo-url", repo_url)):
        problem = base_url_problem(option, url)
        if problem:
            raise ImportFailed(problem)
    repo = scan(src)
    check_places(src, dest)
    check_destination(dest, force)
    if progress is None:
        progress = sys.stderr.isatty()
    bar = progress_bar(progress)
    site = None
    if language == "all":
        site = Site(repo.languages(), History(src))
        targets = [(None, ""), *[(lang, lang) for lang in site.languages]]
    elif all_languages:
        targets = [(None, "en"), *[(lang, lang) for lang in repo.languages()]]
    else:
        targets = [(sphinx_language(language) if language else None, "")]
    check_languages(repo.language_folders, [lang for lang, _prefix in targets if lang],
                    all_languages or site is not None)
    if site is not None:
        check_site_languages(site.languages)
    results = [(prefix, build_project(repo, lang, project=project, upstream_url=upstream_url,
                                      repo_url=repo_url, progress=bar, site=site))
               for lang, prefix in targets]
    files = collect_files(results)
    plan = plan_writing(dest, files, src)
    note_kept_aside(results, moved_lines(plan), files)
    code = 0
    for prefix, result in results:
        if prefix or site is not None:
            out.write(f"== {prefix or 'en'}\n")
        out.write(result.report.render())
        if result.report.errors:
            code = 1
    apply(dest, plan, files)
    return code
