"""Random edit sequences: an incremental build must equal a clean build.

A model of a small pattern book (five static pages plus 3-7 pattern pages)
gets one random edit per step -- add, delete or rename a page, move it to
another maturity folder, change its maturity, id, title, patlet, categories,
aliases, related patterns or citations, add, remove, rename or move (with
``:pattern:``) a known instance, put a ``patterns-toctree`` on a pattern page
(pattern pages listing each other make cycles, which are left out) -- and
after every step the same sources are
built twice:

* incrementally, in the same source and output folders as every previous
  step (serially, or with ``parallel=2``; the first parallel build is checked
  to have really read pages in several processes);
* from scratch, in a copy of the sources without ``_build``.

Compared: the environment's pattern index and the rest of the domain's data,
the literature records, Sphinx's toctree tables, the generated toctrees,
every page's navigation, sidebar, body (so also the drawings of the maps
page and of each pattern page) and sharing metadata, the rendered
catalogues, the book's bibliography, ``patterns.json`` and the generated
adopter pages (the clean build writes them anew: they are not copied).  Output
files of removed or renamed pages are left out: Sphinx never deletes an output file.

Each sequence is drawn by ``random.Random(seed)`` from a fixed seed, so a
run is reproducible and a failure names its seed and its edits in order.
(Hypothesis' stateful testing was tried first: with the few examples two
Sphinx builds per step allow, it spent them on empty and repeated
sequences.)  By default the run is small enough for CI;
``HYPOTHESIS_PROFILE=large`` (``tox -e incremental``) runs many more and
longer sequences.
"""

from __future__ import annotations

import difflib
import json
import os
import random
import shutil
from dataclasses import dataclass, field, replace
from functools import partial
from io import StringIO
from pathlib import Path

import pytest
from booktools import body_toctree, build, navigation, page
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from sphinx_innersource.domain import get_domain

#: (sequences, edits per sequence) for each of the serial and parallel runs.
PROFILES = {
    # About a minute and a half for both variants on two shared cores.
    "ci": (3, 4),
    # The tox environments at the edges of the supported versions.
    "edge": (1, 4),
    "large": (15, 12),
}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
SEQUENCES, STEPS = PROFILES.get(PROFILE, PROFILES["ci"])

FOLDERS = ("1-initial", "2-structured", "3-validated")
MATURITIES = (None, "initial", "structured", "validated")
TITLES = ("Apple Cart", "Banana Split", "Cherry Pie", "Donut One", "Elder Flower",
          "Fig Tree", "Grape Vine", "Honey Pot", "Mid Point", "Zebra Crossing")
STEMS = ("apple-cart", "banana-split", "cherry-pie", "donut-one", "elder-flower",
         "fig-tree", "grape-vine", "honey-pot", "mid-point", "crossing")
#: Explicit ``:id:`` values; some equal the file names of other pages (duplicate ids).
IDS = ("alpha", "beta", "apple-cart", "crossing")
#: "Contoso Ltd." is an alias of "Contoso" in the registry of CONF.
ORGS = ("Contoso", "Northwind", "Fabrikam", "Tailspin", "Wide World", "Contoso Ltd.")
CATEGORIES = ("adopt", "begin", "scale", "adopt / culture")
#: ``:aliases:`` values; links.md links to "Shared Code", and some equal titles.
ALIASES = ("Shared Code", "Fig Tree", "Open Door")
#: ``:patlet:`` values ("" gives the default "Problem of <title>.").
PATLETS = ("Share it.", "Open it up.", "")
#: Keys of refs.bib; "nowhere2000" is not in it (an unknown key is reported, not listed).
CITES = ("capraro2016", "stol2015", "cooper2018", "nowhere2000")

CONF = """\
project = "Random book"
extensions = ["myst_parser", "sphinx_design", "sphinx_innersource", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
innersource_required_sections = []
innersource_min_instances = {}
innersource_pattern_graph = True
innersource_organisations = {"Contoso": ["Contoso Ltd."]}
innersource_organisation_pages = "adopters"
exclude_patterns = ["_build"]
"""

STATIC = {
    "index.md": "# Random book\n\n```{patterns-toctree}\n:caption: Patterns\n```\n\n"
                "```{toctree}\n:caption: More\ncatalogue\ndonuts\nlinks\nbibliography\nmaps\n"
                "adopters/index\n```\n",
    "donuts.md": "# Donuts\n\n```{patterns-toctree}\n:maturity: initial\n"
                 ":glob: patterns/1-initial/*\n:sort: id\n```\n",
    "catalogue.md": "# Catalogue\n\n## By maturity\n\n```{pattern-list}\n:maturity: all\n"
                    ":group: maturity\n```\n\n## By category\n\n```{pattern-list}\n"
                    ":style: table\n:group: category\n```\n\n## Cards\n\n```{pattern-list}\n"
                    ":style: cards\n:categories: adopt\n:maturity: all\n```\n\n"
                    "## Organisations\n\n```{known-instances}\n:maturity: all\n```\n\n"
                    "## Patterns and their organisations\n\n```{known-instances}\n"
                    ":by: pattern\n```\n",
    "links.md": "# Links\n\nRead {pattern}`apple-cart`, {pattern}`alpha`, {pattern}`Fig Tree` "
                "{pattern}`crossing` and {pattern}`Shared Code`.\n",
    "bibliography.md": "# Bibliography\n\n```{pattern-bibliography}\n```\n",
    "maps.md": "# Maps\n\n```{pattern-graph}\n:maturity: all\n```\n\n```{pattern-graph}\n"
               ":around: apple-cart\n:depth: 2\n```\n\n```{pattern-map}\n:maturity: all\n```\n\n"
               "```{pattern-map}\n:categories: adopt\n```\n",
    "refs.bib": (Path(__file__).parent / "roots" / "test-literature" / "refs.bib").read_text(
        encoding="utf-8"),
}


@dataclass
class Instance:
    organisation: str
    pattern: str | None = None  # the ``:pattern:`` option
    cite: str | None = None


@dataclass
class Pat:
    folder: str
    stem: str
    title: str
    maturity: str | None = "structured"
    id: str | None = None
    patlet: str = ""
    categories: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    instances: list[Instance] = field(default_factory=list)
    #: A ``patterns-toctree`` on the pattern's own page (cycles are left out).
    toctree: str | None = None

    @property
    def path(self) -> str:
        return f"patterns/{self.folder}/{self.stem}.md"

    @property
    def pattern_id(self) -> str:
        return self.id or self.stem

    def render(self) -> str:
        lines = [f"# {self.title}", "", ":::{pattern}"]
        if self.id:
            lines.append(f":id: {self.id}")
        if self.maturity:
            lines.append(f":maturity: {self.maturity}")
        lines.append(f":patlet: {self.patlet or 'Problem of ' + self.title + '.'}")
        if self.categories:
            lines.append(f":categories: {'; '.join(self.categories)}")
        if self.aliases:
            lines.append(f":aliases: {'; '.join(self.aliases)}")
        if self.related:
            lines.append(f":related: {', '.join(self.related)}")
        lines += [":::", "", f"Body text of {self.title}."]
        if self.toctree is not None:
            lines += ["", "```{patterns-toctree}", *([f":maturity: {self.toctree}"]
                                                     if self.toctree else []), "```"]
        for key in self.cites:
            lines += ["", f"See {{cite:p}}`{key}`."]
        for instance in self.instances:
            lines += ["", f":::{{known-instance}} {instance.organisation}"]
            if instance.pattern:
                lines.append(f":pattern: {instance.pattern}")
            story = f"Story of {instance.organisation}."
            if instance.cite:
                story += f" As in {{cite:t}}`{instance.cite}`."
            lines += [story, ":::"]
        return "\n".join(lines) + "\n"


def initial_book() -> list[Pat]:
    return [
        Pat("2-structured", "apple-cart", "Apple Cart", categories=["begin"],
            instances=[Instance("Contoso")], cites=["capraro2016"]),
        Pat("2-structured", "crossing", "Zebra Crossing", categories=["adopt"],
            related=["apple-cart"], instances=[Instance("Northwind")]),
        Pat("3-validated", "mid-point", "Mid Point", "validated",
            categories=["adopt", "begin"], toctree="all",
            instances=[Instance("Northwind"), Instance("Contoso", cite="stol2015")]),
        Pat("1-initial", "donut-one", "Donut One", "initial", categories=["begin"]),
        Pat("1-initial", "fig-tree", "Fig Tree", "initial", id="alpha"),
    ]


# -- building and comparing -------------------------------------------------------

def make_app(*args, **kwargs) -> SphinxTestApp:
    """Like the ``make_app`` fixture, without keeping every app until the test ends."""
    kwargs.setdefault("status", StringIO())
    kwargs.setdefault("warning", StringIO())
    return SphinxTestApp(*args, **kwargs)


def _html(soup, selector: str) -> list[str]:
    return [str(node) for node in soup.select(selector)]


def snapshot(app) -> dict:
    """What an incremental build must have exactly like a clean build."""
    out = Path(app.outdir)
    docs = app.env.found_docs
    # Sphinx never deletes the output of a removed (or renamed) page: a
    # stale file is not part of the book and is left out.
    nav = {name: value for name, value in navigation(out).items()
           if name.removesuffix(".html") in docs}
    bodies, sidebars, sharing = {}, {}, {}
    for docname in sorted(docs):
        soup = page(out, docname + ".html")
        bodies[docname] = str(soup.select_one("div.body"))
        # The sharing metadata (description, og:*, article:tag) of the <head>.
        sharing[docname] = [str(meta) for meta in soup.select("head meta[property], "
                                                               "head meta[name=description]")]
        # Titles and links of the navigation, relations (previous/next) included.
        sidebars[docname] = str(soup.select_one("div.sphinxsidebar"))
    catalogue = page(out, "catalogue.html")
    domain = get_domain(app.env)
    return {
        "index": domain.index,
        # What the rewrite decisions of the next build start from: the
        # generated navigation, the fingerprints of the catalogues, the
        # pattern links of each page.
        "domain data": {k: v for k, v in domain.data.items() if k not in ("version", "index")},
        "literature": getattr(app.env, "innersource_literature", None),
        # The drawings of each page and the fingerprint of what they showed.
        "maps": getattr(app.env, "innersource_maps", None),
        "toctree_includes": dict(app.env.toctree_includes),
        "toctrees": {name: body_toctree(out, name) for name in ("index.html", "donuts.html")},
        "navigation": nav,
        "catalogues": _html(catalogue, "div.innersource-pattern-list")
        + _html(catalogue, "div.innersource-known-instances"),
        "bibliography": _html(page(out, "bibliography.html"), "div.body"),
        "bodies": bodies,
        "sidebars": sidebars,
        "sharing": sharing,
        "patterns.json": json.loads((out / "patterns.json").read_text(encoding="utf-8")),
        # The generated adopter pages (their bodies are among the bodies above).
        "adopter files": {p.name: p.read_text(encoding="utf-8")
                          for p in sorted(Path(app.srcdir, "adopters").iterdir())},
    }


def _show(inc, clean) -> str:
    if isinstance(inc, str) and isinstance(clean, str):
        diff = difflib.unified_diff(clean.splitlines(), inc.splitlines(), "clean",
                                    "incremental", lineterm="", n=1)
        return "\n".join(diff)
    return f"  incremental: {inc!r}\n  clean:       {clean!r}"


def first_difference(inc: dict, clean: dict) -> str:
    for key in clean:
        if inc[key] == clean[key]:
            continue
        if isinstance(clean[key], dict):
            for sub in sorted(set(inc[key]) | set(clean[key]), key=str):
                if inc[key].get(sub) != clean[key].get(sub):
                    return f"{key}[{sub!r}] differs:\n" + _show(inc[key].get(sub),
                                                               clean[key].get(sub))
        return f"{key} differs:\n" + _show(inc[key], clean[key])
    return ""


class RandomBook:
    """The model of the book, its source folder, and the random edits."""

    def __init__(self, tmp: Path, seed: int, parallel: int) -> None:
        self.rng = random.Random(seed)
        self.seed, self.parallel = seed, parallel
        self.tmp = tmp
        self.src = tmp / "inc"
        self.readers = tmp / "readers"
        self.pats = initial_book()
        self.log: list[str] = []
        self.written: dict[str, str] = {}

    # -- files ------------------------------------------------------------
    def sync(self) -> None:
        """Write the model to the source folder, touching only what changed."""
        wanted = {"conf.py": CONF, **STATIC}
        wanted.update({p.path: p.render() for p in self.pats})
        for rel in set(self.written) - set(wanted):
            (self.src / rel).unlink()
        for rel, text in wanted.items():
            if self.written.get(rel) != text:
                path = self.src / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        self.written = wanted

    def recording_app(self, *args, **kwargs) -> SphinxTestApp:
        """An app that notes the id of each process that reads a page."""
        app = make_app(*args, **kwargs)
        self.readers.unlink(missing_ok=True)

        def note_reader(app, docname, source):
            with self.readers.open("a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")

        app.connect("source-read", note_reader)
        return app

    def compare(self) -> None:
        """Build incrementally and from scratch; both must give the same book."""
        self.sync()
        app_inc = build(self.recording_app, self.src, parallel=self.parallel)
        clean = self.tmp / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        # Without the generated adopter pages: the clean build makes its own.
        shutil.copytree(self.src, clean, ignore=shutil.ignore_patterns("_build", "adopters"))
        app_clean = build(make_app, clean, freshenv=True)
        steps = "\n".join(f"  {n}. {line}" for n, line in enumerate(self.log, 1))
        where = f"seed {self.seed}, parallel={self.parallel}, after the edits\n{steps}"
        assert sorted(app_inc.env.found_docs) == sorted(app_clean.env.found_docs), where
        difference = first_difference(snapshot(app_inc), snapshot(app_clean))
        assert not difference, f"{where}\n{difference}"

    def first_build(self) -> None:
        self.compare()
        # The first build really read in several processes (the pages
        # holding generated toctrees are then read again by this one).
        readers = set(self.readers.read_text(encoding="utf-8").split())
        if self.parallel:
            assert len(readers - {str(os.getpid())}) >= 2, readers
        else:
            assert readers == {str(os.getpid())}

    # -- the edits ----------------------------------------------------------
    def pick(self) -> Pat:
        return self.rng.choice(self.pats)

    def some(self, pool, most: int = 2) -> list:
        return self.rng.sample(pool, self.rng.randint(0, most))

    def free_stems(self) -> list[str]:
        used = {p.stem for p in self.pats}
        return [s for s in STEMS if s not in used]

    def with_instances(self) -> list[Pat]:
        return [p for p in self.pats if p.instances]

    def add_page(self) -> str:
        stem = self.rng.choice(self.free_stems())
        pat = Pat(self.rng.choice(FOLDERS), stem, TITLES[STEMS.index(stem)],
                  self.rng.choice(MATURITIES), categories=self.some(CATEGORIES),
                  instances=[Instance(o) for o in self.some(ORGS)])
        self.pats.append(pat)
        return f"add {pat}"

    def delete_page(self) -> str:
        pat = self.pick()
        self.pats.remove(pat)
        return f"delete {pat.path}"

    def rename_page(self) -> str:
        pat = self.pick()
        old, pat.stem = pat.path, self.rng.choice(self.free_stems())
        return f"rename {old} to {pat.path}"

    def move_to_folder(self) -> str:
        pat = self.pick()
        old, pat.folder = pat.path, self.rng.choice([f for f in FOLDERS if f != pat.folder])
        return f"move {old} to {pat.path}"

    def set_value(self, name: str, values) -> str:
        """Give a random pattern another of the *values* for its field *name*."""
        pat = self.pick()
        setattr(pat, name, self.rng.choice([v for v in values if v != getattr(pat, name)]))
        return f"{pat.path}: {name} {getattr(pat, name)!r}"

    def set_list(self, name: str, pool) -> str:
        """Give a random pattern a random choice from *pool* as its list field *name*."""
        pat = self.pick()
        setattr(pat, name, self.some(pool))
        return f"{pat.path}: {name} {getattr(pat, name)}"

    def set_related(self) -> str:
        return self.set_list("related",
                             sorted({p.pattern_id for p in self.pats} | {"no-such-pattern"}))

    def set_toctree(self) -> str:
        """Put a patterns-toctree on a pattern page, change its filter or remove it:
        pattern pages that list each other would make cycles."""
        pat = self.pick()
        pat.toctree = self.rng.choice([None, "", "all", "initial", "structured"])
        return f"{pat.path}: patterns-toctree {pat.toctree!r}"

    def add_instance(self) -> str:
        pat = self.pick()
        instance = Instance(self.rng.choice(ORGS), cite=self.rng.choice([None, *CITES]))
        pat.instances.append(instance)
        return f"{pat.path}: add {instance}"

    def remove_instance(self) -> str:
        pat = self.rng.choice(self.with_instances())
        instance = pat.instances.pop(self.rng.randrange(len(pat.instances)))
        return f"{pat.path}: remove {instance}"

    def rename_organisation(self) -> str:
        pat = self.rng.choice(self.with_instances())
        i = self.rng.randrange(len(pat.instances))
        old = pat.instances[i]
        pat.instances[i] = replace(old, organisation=self.rng.choice(
            [o for o in ORGS if o != old.organisation]))
        return f"{pat.path}: rename {old} to {pat.instances[i].organisation}"

    def move_instance(self) -> str:
        """Move a known instance to another page, keeping its pattern with ``:pattern:``."""
        source = self.rng.choice(self.with_instances())
        target = self.pick()
        instance = source.instances.pop(self.rng.randrange(len(source.instances)))
        # ``:pattern:`` names the pattern by id, or by title (as a link would).
        name = self.rng.choice([source.pattern_id, source.title])
        moved = replace(instance, pattern=instance.pattern or name)
        target.instances.append(moved)
        return f"move {instance} from {source.path} to {target.path} as {moved}"

    def step(self) -> None:
        edits = [self.rename_page, self.move_to_folder,
                 partial(self.set_value, "maturity", MATURITIES),
                 partial(self.set_value, "id", (None, *IDS)),
                 partial(self.set_value, "title", TITLES),
                 partial(self.set_value, "patlet", PATLETS),
                 partial(self.set_list, "categories", CATEGORIES),
                 partial(self.set_list, "aliases", ALIASES),
                 self.set_related, partial(self.set_list, "cites", CITES),
                 self.add_instance, self.set_toctree]
        if len(self.pats) < 7:
            edits.append(self.add_page)
        if len(self.pats) > 3:
            edits.append(self.delete_page)
        if self.with_instances():
            edits += [self.remove_instance, self.rename_organisation, self.move_instance]
        self.log.append(self.rng.choice(edits)())
        self.compare()


@pytest.mark.parametrize("seed", range(SEQUENCES), ids=lambda s: f"seed{s}")
@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "parallel"])
def test_incremental_equals_clean_random(tmp_path, parallel, seed):
    if parallel and not parallel_available:
        pytest.skip("parallel builds need fork")
    # Different sequences for the serial and the parallel runs.
    book = RandomBook(tmp_path, seed + 1000 * parallel, parallel)
    book.first_build()
    for _ in range(STEPS):
        book.step()
    if os.environ.get("INCREMENTAL_VERBOSE"):
        print(f"\n{PROFILE} seed {seed} parallel={parallel}:", *book.log, sep="\n  ")
