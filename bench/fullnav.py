"""``bench.py --full-nav``: the whole table of contents in the sidebar of every page.

Builds the synthetic book of ``bench.py`` in turn as

* ``ext``: sphinx-innersource with the theme's default sidebar (the whole
  navigation on every page) and the navigation cache (the default);
* ``ext-small``: sphinx-innersource without the global navigation (the
  ``--small-nav`` remedy for alabaster; for furo, which computes its
  navigation tree whatever the sidebars, the ``toctree`` function is taken
  out of the page context);
* ``plain``: plain MyST with the theme's default sidebar, that is Sphinx's own
  N x N navigation (only up to ``--plain-max`` pages, as it grows
  quadratically);
* ``ext-off`` (with ``--with-off``): sphinx-innersource with
  ``innersource_fast_navigation = False``.

and reports the median full build time of each, the ratios ext/ext-small
(the goal: at most 1.3) and ext/plain, and the size of the HTML output
(total, and the navigation's bytes per page: the difference with
``ext-small``).
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

from bench import log, make_book, run_build

#: furo shows its navigation tree whatever ``html_sidebars`` says: without
#: the ``toctree`` function in the page context the tree is empty.
NO_TOCTREE = '''

def _no_toctree(app, page, template, context, doctree):
    context.pop("toctree", None)  # (a returned value would name the template)


def setup(app):
    app.connect("html-page-context", _no_toctree, priority=400)
'''


def make(root: Path, n: int, k: int, config: str, theme: str) -> None:
    variant = "plain" if config == "plain" else "ext"
    small = config == "ext-small"
    make_book(root, n, k, variant, small_nav=small and theme == "alabaster")
    conf = root / "conf.py"
    text = conf.read_text().replace('html_theme = "alabaster"', f'html_theme = "{theme}"')
    if small and theme != "alabaster":
        text += NO_TOCTREE
    if config == "ext-off":
        text += "innersource_fast_navigation = False\n"
    conf.write_text(text)


def html_bytes(outdir: Path) -> int:
    return sum(path.stat().st_size for path in outdir.rglob("*.html"))


def bench_full_nav(tmp: Path, n: int, k: int, runs: int, theme: str, plain_max: int,
                   with_off: bool) -> dict:
    configs = ["ext", "ext-small"]
    if with_off:
        configs.append("ext-off")
    if n <= plain_max:
        configs.append("plain")
    srcs = {c: tmp / f"{c}-{theme}-{n}" for c in configs}
    for config, src in srcs.items():
        make(src, n, k, config, theme)
    results: dict[str, list[dict]] = {c: [] for c in configs}
    for _ in range(max(runs, 1)):
        for config in configs:
            out = tmp / f"out-{srcs[config].name}"
            shutil.rmtree(out, ignore_errors=True)
            build = run_build(srcs[config], out, fresh=True)
            build["html_bytes"] = html_bytes(out / "html")
            results[config].append(build)
            log(f"N={n} {theme} {config} full build {build['time']:.2f} s "
                f"(CPU {build['cpu']:.2f} s), HTML {build['html_bytes'] / 1e6:.1f} MB, "
                f"RSS {build['maxrss_mb']:.0f} MB")
    summary: dict = {"n": n, "k": k, "runs": runs, "theme": theme, "full_nav": True}
    for config in configs:
        summary[f"{config}_full_s"] = statistics.median(r["time"] for r in results[config])
        summary[f"{config}_full_cpu_s"] = statistics.median(r["cpu"] for r in results[config])
        summary[f"{config}_html_mb"] = results[config][-1]["html_bytes"] / 1e6
        summary[f"{config}_maxrss_mb"] = max(r["maxrss_mb"] for r in results[config])
    for other in configs[1:]:
        summary[f"ratio_{other}"] = summary["ext_full_s"] / summary[f"{other}_full_s"]
        summary[f"ratio_{other}_cpu"] = (summary["ext_full_cpu_s"]
                                         / summary[f"{other}_full_cpu_s"])
        summary[f"ratio_{other}_runs"] = [round(e["time"] / o["time"], 3) for e, o in
                                          zip(results["ext"], results[other], strict=True)]
    pages = n + 6  # the patterns, index, catalogue, genindex, search and the two indices
    summary["nav_bytes_per_page"] = ((results["ext"][-1]["html_bytes"]
                                      - results["ext-small"][-1]["html_bytes"]) / pages)
    return summary


def print_full_nav(r: dict) -> None:
    configs = [c for c in ("ext", "ext-small", "ext-off", "plain") if f"{c}_full_s" in r]
    print(f"\nN={r['n']} theme={r['theme']} (full navigation in the sidebar)")
    print(f"  {'build':<10} {'full s':>8} {'CPU s':>8} {'HTML MB':>8} {'RSS MB':>7}")
    for c in configs:
        print(f"  {c:<10} {r[f'{c}_full_s']:>8.2f} {r[f'{c}_full_cpu_s']:>8.2f} "
              f"{r[f'{c}_html_mb']:>8.1f} {r[f'{c}_maxrss_mb']:>7.0f}")
    for c in configs[1:]:
        print(f"  ext/{c}: {r[f'ratio_{c}']:.3f} (ratio of the medians); per round "
              f"{r[f'ratio_{c}_runs']}; CPU time {r[f'ratio_{c}_cpu']:.3f}")
    print(f"  navigation: {r['nav_bytes_per_page'] / 1e3:.1f} kB per page "
          f"({100 * (1 - r['ext-small_html_mb'] / r['ext_html_mb']):.0f} % of the HTML)")
