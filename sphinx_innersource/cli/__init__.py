"""The ``sphinx-innersource`` command: ``import``, ``new``, ``lint``, ``site`` and ``status``.

Exit codes: 0 success (warnings included), 1 problems found (``lint``) or
files that could not be read (``import``), 2 the command could not run
(bad arguments, missing or unusable source, non-empty destination).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sphinx-innersource",
        description="Tools for InnerSource pattern books built with Sphinx.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = sub.add_parser(
        "import", help="convert an upstream pattern repository into a Sphinx project",
        description="Read a repository in the layout of the InnerSource Commons patterns "
        "(patterns/1-initial, 2-structured, 3-validated; translation/<lang>/patterns) and "
        "write a Sphinx project that uses sphinx-innersource.")
    imp.add_argument("src", type=Path, help="root of the pattern repository")
    imp.add_argument("dest", type=Path, help="folder of the new Sphinx project")
    group = imp.add_mutually_exclusive_group()
    group.add_argument("--language", "-l", help="import the translation in "
                       "translation/LANGUAGE (untranslated patterns stay in English); 'all': "
                       "one book in every language, English in DEST and each translation "
                       "in DEST/<lang>, built together with 'sphinx-innersource site'")
    group.add_argument("--all-languages", action="store_true",
                       help="one project per language: DEST/en, DEST/<lang>...")
    imp.add_argument("--force", action="store_true",
                     help="write into a DEST that is not empty (files you wrote or changed "
                     "are kept as NAME.orig)")
    imp.add_argument("--project", default="InnerSource Patterns", help="title of the book")
    imp.add_argument("--upstream-url", default=None,
                     help="base URL for links to patterns missing from the source "
                     "('' to keep such links as they are)")
    imp.add_argument("--repo-url", default=None,
                     help="base URL for links to other files of the repository "
                     "('' to keep them as they are)")
    imp.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show a progress bar on stderr (default: when stderr is a terminal)")

    new = sub.add_parser("new", help="write a starter pattern book",
                         description="Write a small pattern book to start from: conf.py, a "
                         "landing page, two example patterns and a pattern template.")
    new.add_argument("dest", type=Path, help="folder of the new book")
    new.add_argument("--force", action="store_true",
                     help="write into a DEST that is not empty (files you wrote or changed "
                     "are kept as NAME.orig)")
    new.add_argument("--project", default="Our InnerSource Patterns", help="title of the book")
    new.add_argument("--author", default="The pattern book editors",
                     help="author of the book, named in conf.py and in the copyright line")

    lint = sub.add_parser(
        "lint", help="check upstream pattern files without building",
        description="Run the template and maturity checks of sphinx-innersource on pattern "
        "files in the upstream Markdown format. Prints file:line: message; exit code 1 when "
        "a problem is found.")
    lint.add_argument("paths", type=Path, nargs="+", metavar="PATH",
                      help="Markdown files or folders (searched for *.md)")
    lint.add_argument("--conf", type=Path, metavar="CONF",
                      help="the book's conf.py (or its folder): count known instances per "
                      "organisation with its registry (innersource_organisations), as the "
                      "build does")
    _languages_parsers(sub)
    return parser


def _languages_parsers(sub) -> None:
    """``site`` and ``status``: the commands of a book in several languages."""
    site = sub.add_parser(
        "site", help="build every language of a book into one site",
        description="Build the book in BOOK and each of its translations (innersource_languages "
        "in BOOK/conf.py) with sphinx-build: the source language into OUT, each translation "
        "into OUT/<lang>. Prints a summary of pages and warnings per language.")
    site.add_argument("book", type=Path, help="folder of the book (its source language)")
    site.add_argument("out", type=Path, help="folder of the site")
    site.add_argument("-b", "--builder", choices=["html", "dirhtml"], default="html",
                      help="the Sphinx builder (default: html)")
    site.add_argument("-W", dest="strict", action="store_true",
                      help="turn warnings into errors: exit code 1 when a language warns")
    site.add_argument("-j", "--jobs", default=None, help="parallel jobs of each build (N or auto)")
    site.add_argument("-E", "--fresh-env", dest="fresh", action="store_true",
                      help="read every page again (do not use the saved environments)")

    status = sub.add_parser(
        "status", help="report which patterns each translation has, lacks or may have outdated",
        description="Compare the pattern pages of each translation of a book (innersource_"
        "languages in BOOK/conf.py) with those of its source language: translated, missing, "
        "possibly outdated (the English page changed since the translation was made).")
    status.add_argument("book", type=Path, help="folder of the book (its source language)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "import":
            from .importer import DEFAULT_REPO_URL, DEFAULT_UPSTREAM_URL, run_import

            return run_import(
                args.src, args.dest, language=args.language,
                all_languages=args.all_languages, force=args.force, project=args.project,
                upstream_url=DEFAULT_UPSTREAM_URL if args.upstream_url is None
                else args.upstream_url,
                repo_url=DEFAULT_REPO_URL if args.repo_url is None else args.repo_url,
                progress=args.progress)
        if args.command == "new":
            from .starter import write_starter

            return write_starter(args.dest, project=args.project, author=args.author,
                                 force=args.force)
        if args.command == "site":
            from .site import run_site

            return run_site(args.book, args.out, builder=args.builder, strict=args.strict,
                            jobs=args.jobs, fresh=args.fresh)
        if args.command == "status":
            from .status import run_status

            return run_status(args.book)
        from .lint import run_lint

        return run_lint(args.paths, conf=args.conf)
    except Exception as exc:
        from .importer import ImportFailed
        from .site import SiteFailed

        if isinstance(exc, (ImportFailed, SiteFailed)):
            print(f"sphinx-innersource {args.command}: error: {exc}", file=sys.stderr)
            return 2
        if isinstance(exc, OSError):
            print(f"sphinx-innersource {args.command}: error: {exc.strerror or exc}: "
                  f"{exc.filename or ''}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
