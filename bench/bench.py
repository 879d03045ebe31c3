#!/usr/bin/env python3
"""Benchmark: a synthetic pattern book built with and without sphinx-innersource.

Generates N pattern pages with K known instances each, twice:

* ``ext``: the pages use the ``pattern`` and ``known-instance`` directives, the
  index uses two ``patterns-toctree`` (the published levels, then the initial
  ones) and a catalogue page uses ``pattern-list``;
* ``plain``: the same text as plain MyST (a paragraph for the patlet, a field
  list for the metadata, admonitions for the known instances, a glob toctree
  and a hand-written list in place of the catalogue), without our extension.

and reports, for each N:

* the full build time of both (fresh environment, serial; median of ``--runs``
  runs, the two variants interleaved so that machine noise hits both) and their
  ratio;
* for ``ext``: the incremental rebuild after editing one pattern's text and
  after changing one pattern's maturity, with how many pages each re-read and
  rewrote;
* the peak memory (max RSS) of a full build.

Every build runs in a fresh subprocess.  Usage::

    python bench/bench.py --sizes 200 1000 --instances 3 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONF = """\
project = "Bench"
extensions = {extensions!r}
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
"""

WORDS = [
    "team", "platform", "contribution", "review", "host", "guest", "maintainer", "backlog",
    "release", "portal", "service", "library", "standard", "mentor", "budget", "forum",
]


def words(seed: int, n: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n))


def maturity_of(i: int) -> str:
    return ("initial", "structured", "validated")[i % 3]


def pattern_page(i: int, k: int, ext: bool, maturity: str | None = None) -> str:
    title = f"Pattern {i:05d} {WORDS[i % len(WORDS)].title()}"
    maturity = maturity or maturity_of(i)
    patlet = f"{words(i, 12).capitalize()}. {words(i + 1, 10).capitalize()}."
    related = f"p{(i + 3) % 100000:05d}"
    body = "\n\n".join(
        f"## {name}\n\n{words(i + j, 40).capitalize()}." for j, name in enumerate(
            ["Problem", "Context", "Forces", "Solutions", "Resulting Context"]))
    out = [f"# {title}\n"]
    if ext:
        out.append(f":::{{pattern}}\n:id: p{i:05d}\n:maturity: {maturity}\n:patlet: {patlet}\n"
                   f":authors: Author {i % 17}\n:categories: cat{i % 5}\n:::\n")
    else:
        out.append(f"{patlet}\n\nMaturity\n: {maturity}\n\nAuthors\n: Author {i % 17}\n\n"
                   f"Categories\n: cat{i % 5}\n")
    out.append(body)
    out.append("\n## Known Instances\n")
    for j in range(k):
        org = f"Org {(i * 31 + j * 7) % 997:03d}"
        story = words(i * 3 + j, 30).capitalize() + "."
        if ext:
            out.append(f":::{{known-instance}} {org}\n{story}\n:::\n")
        else:
            out.append(f":::{{admonition}} Known instance: {org}\n{story}\n:::\n")
    out.append(f"\nSee also {related}.\n")
    return "\n".join(out)


def make_book(root: Path, n: int, k: int, ext: bool) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "patterns").mkdir(parents=True)
    extensions = ["myst_parser", "sphinx_innersource"] if ext else ["myst_parser"]
    conf = CONF.format(extensions=extensions)
    if ext:
        conf += "innersource_required_sections = []\n"
        conf += "suppress_warnings = ['innersource.maturity', 'innersource.related']\n"
    (root / "conf.py").write_text(conf)
    for i in range(n):
        (root / "patterns" / f"p{i:05d}.md").write_text(pattern_page(i, k, ext))
    if ext:
        index = ("# Book\n\n```{patterns-toctree}\n:caption: Patterns\n:maxdepth: 1\n```\n\n"
                 "```{patterns-toctree}\n:caption: Ideas\n:maturity: initial,\n:maxdepth: 1\n"
                 "```\n\n")
        catalogue = "# Catalogue\n\n```{pattern-list}\n:maturity: all\n```\n"
    else:
        index = ("# Book\n\n```{toctree}\n:caption: Patterns\n:maxdepth: 1\n:glob:\n\n"
                 "patterns/*\n```\n\n")
        items = "\n".join(f"- [Pattern {i:05d}](patterns/p{i:05d}.md) {words(i, 12)}"
                          for i in range(n))
        catalogue = f"# Catalogue\n\n{items}\n"
    index += "```{toctree}\n:hidden:\n\ncatalogue\n```\n"
    (root / "index.md").write_text(index)
    (root / "catalogue.md").write_text(catalogue)


CHILD = r"""
import json, resource, sys, time
from sphinx.application import Sphinx
src, out, fresh = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
reads, writes = [], []
app = Sphinx(src, src, out + "/html", out + "/doctrees", "html", freshenv=fresh,
             status=None, warning=sys.stderr)
app.connect("doctree-read", lambda app, doctree: reads.append(app.env.docname))
app.connect("html-page-context", lambda app, name, *a: writes.append(name))
start = time.perf_counter()
app.build()
elapsed = time.perf_counter() - start
found = app.env.found_docs
print(json.dumps({"time": elapsed, "reads": len(reads),
                  "writes": len([w for w in writes if w in found]),
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_build(src: Path, out: Path, fresh: bool) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(src), str(out), "1" if fresh else "0"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"build of {src} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_size(tmp: Path, n: int, k: int, runs: int) -> dict:
    ext_src, plain_src = tmp / f"ext{n}", tmp / f"plain{n}"
    make_book(ext_src, n, k, ext=True)
    make_book(plain_src, n, k, ext=False)
    ext_runs, plain_runs = [], []
    for _ in range(runs):
        for src, store in ((ext_src, ext_runs), (plain_src, plain_runs)):
            out = tmp / f"out-{src.name}"
            shutil.rmtree(out, ignore_errors=True)
            store.append(run_build(src, out, fresh=True))
    ext_full = statistics.median(r["time"] for r in ext_runs)
    plain_full = statistics.median(r["time"] for r in plain_runs)

    out = tmp / f"out-{ext_src.name}"  # holds the last full ext build
    target = ext_src / "patterns" / f"p{n // 2:05d}.md"
    text_edits, maturity_edits = [], []
    for r in range(runs):
        original = target.read_text()
        target.write_text(original.replace("## Problem\n\n", f"## Problem\n\nEdit {r}. ", 1))
        text_edits.append(run_build(ext_src, out, fresh=False))
        current = target.read_text()
        # Move the pattern into or out of the published book.
        new = "structured" if ":maturity: initial" in current else "initial"
        lines = [f":maturity: {new}" if line.startswith(":maturity:") else line
                 for line in current.splitlines()]
        target.write_text("\n".join(lines) + "\n")
        maturity_edits.append(run_build(ext_src, out, fresh=False))

    def med(items, key):
        return statistics.median(i[key] for i in items)

    return {
        "n": n, "k": k, "runs": runs,
        "ext_full_s": ext_full, "plain_full_s": plain_full, "ratio": ext_full / plain_full,
        "ext_maxrss_mb": max(r["maxrss_mb"] for r in ext_runs),
        "plain_maxrss_mb": max(r["maxrss_mb"] for r in plain_runs),
        "edit_text_s": med(text_edits, "time"),
        "edit_text_reads": med(text_edits, "reads"), "edit_text_writes": med(text_edits, "writes"),
        "edit_maturity_s": med(maturity_edits, "time"),
        "edit_maturity_reads": med(maturity_edits, "reads"),
        "edit_maturity_writes": med(maturity_edits, "writes"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep the trees")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="innersource-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    results = []
    print(f"{'N':>6} {'ext s':>8} {'plain s':>8} {'ratio':>6} {'RSS MB':>7} | "
          f"{'text s':>7} {'read':>4} {'wrote':>5} | {'matur. s':>8} {'read':>4} {'wrote':>5}")
    for n in args.sizes:
        started = time.perf_counter()
        r = bench_size(tmp, n, args.instances, args.runs)
        results.append(r)
        print(f"{n:>6} {r['ext_full_s']:>8.2f} {r['plain_full_s']:>8.2f} {r['ratio']:>6.3f} "
              f"{r['ext_maxrss_mb']:>7.0f} | {r['edit_text_s']:>7.2f} "
              f"{r['edit_text_reads']:>4.0f} {r['edit_text_writes']:>5.0f} | "
              f"{r['edit_maturity_s']:>8.2f} {r['edit_maturity_reads']:>4.0f} "
              f"{r['edit_maturity_writes']:>5.0f}   ({time.perf_counter() - started:.0f} s)",
              flush=True)
    if len(results) > 1:
        a, b = results[0], results[-1]
        growth = (b["ext_full_s"] / a["ext_full_s"]) / (b["n"] / a["n"])
        print(f"time per page grows x{growth:.2f} from N={a['n']} to N={b['n']} "
              "(1.00 = linear)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    os.sys.stdout.flush()


if __name__ == "__main__":
    main()
