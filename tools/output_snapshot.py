"""Build the docs and every test root, to compare the output of two revisions.

A restructuring must not change what the extension produces.  This script
builds ``docs/`` and each ``tests/roots/test-*`` with the ``html`` builder
(which also writes ``patterns.json``) and the ``latex`` builder, into one
folder per revision, then compares two such folders file by file::

    python tools/output_snapshot.py build /tmp/before            # this checkout
    python tools/output_snapshot.py build /tmp/after --tree ../wt  # another checkout
    python tools/output_snapshot.py compare /tmp/before /tmp/after

Each build runs in a fresh ``python -m sphinx`` process that imports the
package of the given tree, with ``SOURCE_DATE_EPOCH`` fixed, so that dates
and the "next events" of calendars are the same in both snapshots.  The
doctrees and ``.buildinfo`` are left out of the comparison (pickles differ
when a class moves to another module, which is the point of a restructuring).
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
BUILDERS = ("html", "latex")
SKIPPED_PARTS = {".doctrees"}
SKIPPED_NAMES = {".buildinfo", ".buildinfo.bak"}
EPOCH = "1767225600"  # 2026-01-01


def projects(tree: Path) -> list[tuple[str, Path]]:
    roots = sorted(p for p in (tree / "tests" / "roots").iterdir() if (p / "conf.py").is_file())
    return [("docs", tree / "docs"), *((p.name, p) for p in roots)]


def build(tree: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(tree), "SOURCE_DATE_EPOCH": EPOCH}
    failures = 0
    for name, source in projects(tree):
        # Build a copy: some roots keep state (short-URL manifests) in the output only,
        # but nothing may be written into the checkout either.
        work = out / "_src" / name
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(source, work, ignore=shutil.ignore_patterns("_build"))
        for builder in BUILDERS:
            dest = out / name / builder
            shutil.rmtree(dest, ignore_errors=True)
            result = subprocess.run(
                [sys.executable, "-m", "sphinx", "-q", "-E", "-b", builder,
                 "-d", str(out / "_doctrees" / name / builder), str(work), str(dest)],
                # cwd: ``python -m`` puts the working folder first on sys.path,
                # before PYTHONPATH; the package must come from *tree*.
                env=env, capture_output=True, text=True, check=False, cwd=tree)
            # The warnings too, with the copy's folder named the same in every snapshot.
            log = result.stderr.replace(str(work), f"<{name}>")
            (out / name).mkdir(parents=True, exist_ok=True)  # also when the build failed early
            (out / name / f"{builder}.log").write_text(log, encoding="utf-8")
            status = "ok" if result.returncode == 0 else f"exit {result.returncode}"
            print(f"{name} [{builder}]: {status}", flush=True)
            failures += result.returncode != 0
    shutil.rmtree(out / "_src", ignore_errors=True)
    shutil.rmtree(out / "_doctrees", ignore_errors=True)
    return failures


def files(root: Path) -> dict[str, Path]:
    result = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if path.is_file() and not SKIPPED_PARTS & set(rel.parts) \
                and path.name not in SKIPPED_NAMES:
            result[rel.as_posix()] = path
    return result


def compare(before: Path, after: Path, context: int = 3) -> int:
    old, new = files(before), files(after)
    differences = 0
    for rel in sorted(set(old) | set(new)):
        if rel not in old or rel not in new:
            print(f"only in {'after' if rel in new else 'before'}: {rel}")
            differences += 1
            continue
        a, b = old[rel].read_bytes(), new[rel].read_bytes()
        if a == b:
            continue
        differences += 1
        print(f"differs: {rel}")
        try:
            lines = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(),
                                         "before", "after", lineterm="", n=context)
            for n, line in enumerate(lines):
                if n >= 40:
                    print("  ...")
                    break
                print("  " + line)
        except UnicodeDecodeError:
            print("  (binary)")
    print(f"{len(set(old) | set(new))} files compared, {differences} differ")
    return 1 if differences else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every project into OUT")
    b.add_argument("out", type=Path)
    b.add_argument("--tree", type=Path, default=HERE, help="the checkout to build with")
    c = sub.add_parser("compare", help="compare two snapshots")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "build":
        return 1 if build(args.tree.resolve(), args.out.resolve()) else 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
