"""The ``sphinx-innersource`` command: ``import``, ``new`` and ``lint``.

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
                       "translation/LANGUAGE (untranslated patterns stay in English)")
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
    return parser


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
        from .lint import run_lint

        return run_lint(args.paths)
    except Exception as exc:
        from .importer import ImportFailed

        if isinstance(exc, ImportFailed):
            print(f"sphinx-innersource {args.command}: error: {exc}", file=sys.stderr)
            return 2
        if isinstance(exc, OSError):
            print(f"sphinx-innersource {args.command}: error: {exc.strerror or exc}: "
                  f"{exc.filename or ''}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
