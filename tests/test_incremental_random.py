"""Random edit sequences: an incremental build must equal a clean build.

A Hypothesis state machine keeps a model of a small pattern book (static
pages plus 3-7 pattern pages), applies one random edit per step -- add,
delete or rename a page, move it to another maturity folder, change its
maturity, id, title, patlet, categories, related patterns, citations, add,
remove, rename or move (with ``:pattern:``) a known instance -- and after
every step builds the same sources twice:

* incrementally, in the same source and output folders as every previous
  step (serially, or with ``parallel=2``);
* from scratch, in a copy of the sources without ``_build``.

It then compares the environment's pattern index, the generated toctrees,
every page's navigation (sidebar, previous/next, body toctrees), the rendered
catalogues, the book's bibliography, the body of every page, and
``patterns.json``.

The run is reproducible (``derandomize=True``, no example database).  By
default it is small enough for CI; ``HYPOTHESIS_PROFILE=large`` (``tox -e
incremental``) runs many more and longer sequences.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from io import StringIO
from pathlib import Path

import pytest
from booktools import body_toctree, build, navigation, page
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from sphinx_innersource.domain import get_domain

PROFILES = {
    # About a minute for both variants on two shared cores.
    "ci": {"max_examples": 4, "stateful_step_count": 5},
    "large": {"max_examples": 25, "stateful_step_count": 12},
}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
SETTINGS = settings(
    **PROFILES.get(PROFILE, PROFILES["ci"]),
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=list(HealthCheck),
)

FOLDERS = ("1-initial", "2-structured", "3-validated")
MATURITIES = (None, "initial", "structured", "validated")
TITLES = ("Apple Cart", "Banana Split", "Cherry Pie", "Donut One", "Elder Flower",
          "Fig Tree", "Grape Vine", "Honey Pot", "Mid Point", "Zebra Crossing")
STEMS = ("apple-cart", "banana-split", "cherry-pie", "donut-one", "elder-flower",
         "fig-tree", "grape-vine", "honey-pot", "mid-point", "crossing")
#: Explicit ``:id:`` values; some equal the file names of other pages (duplicate ids).
IDS = ("alpha", "beta", "apple-cart", "crossing")
ORGS = ("Contoso", "Northwind", "Fabrikam", "Tailspin", "Wide World")
CATEGORIES = ("adopt", "begin", "scale")
#: Keys of refs.bib; "nowhere2000" is not in it (an unknown key is reported, not listed).
CITES = ("capraro2016", "stol2015", "cooper2018", "nowhere2000")

CONF = """\
project = "Random book"
extensions = ["myst_parser", "sphinx_design", "sphinx_innersource", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["refs.bib"]
innersource_required_sections = []
innersource_min_instances = {}
exclude_patterns = ["_build"]
"""

STATIC = {
    "index.md": "# Random book\n\n```{patterns-toctree}\n:caption: Patterns\n```\n\n"
                "```{toctree}\n:caption: More\ncatalogue\ndonuts\nlinks\nbibliography\n```\n",
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
                "and {pattern}`crossing`.\n",
    "bibliography.md": "# Bibliography\n\n```{pattern-bibliography}\n```\n",
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
    related: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    instances: list[Instance] = field(default_factory=list)

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
        if self.related:
            lines.append(f":related: {', '.join(self.related)}")
        lines += [":::", "", f"Body text of {self.title}."]
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
            categories=["adopt", "begin"],
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
    bodies = {}
    for docname in sorted(docs):
        soup = page(out, docname + ".html")
        body = soup.select_one("div.body")
        bodies[docname] = str(body)
    catalogue = page(out, "catalogue.html")
    return {
        "index": get_domain(app.env).index,
        "toctrees": {name: body_toctree(out, name) for name in ("index.html", "donuts.html")},
        "navigation": nav,
        "catalogues": _html(catalogue, "div.innersource-pattern-list")
        + _html(catalogue, "div.innersource-known-instances"),
        "bibliography": _html(page(out, "bibliography.html"), "div.body"),
        "bodies": bodies,
        "patterns.json": json.loads((out / "patterns.json").read_text(encoding="utf-8")),
    }


def first_difference(inc: dict, clean: dict) -> str:
    for key in clean:
        if inc[key] == clean[key]:
            continue
        if isinstance(clean[key], dict):
            for sub in sorted(set(inc[key]) | set(clean[key]), key=str):
                if inc[key].get(sub) != clean[key].get(sub):
                    return (f"{key}[{sub!r}] differs:\n  incremental: {inc[key].get(sub)!r}\n"
                            f"  clean:       {clean[key].get(sub)!r}")
        return f"{key} differs:\n  incremental: {inc[key]!r}\n  clean:       {clean[key]!r}"
    return ""


class Stats:
    sequences = 0
    steps = 0


class IncrementalBook(RuleBasedStateMachine):
    parallel = 0

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="incr-"))
        self.src = self.tmp / "inc"
        self.pats: list[Pat] = []
        self.log: list[str] = []
        self.written: dict[str, str] = {}
        self.readers = self.tmp / "readers"
        Stats.sequences += 1

    def teardown(self) -> None:
        if os.environ.get("INCREMENTAL_VERBOSE"):
            print(f"\nsequence of {len(self.log)} edits:", *self.log, sep="\n  ")
        shutil.rmtree(self.tmp, ignore_errors=True)

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

    def compare(self) -> None:
        self.sync()
        app_inc = build(self.recording_app, self.src, parallel=self.parallel)
        clean = self.tmp / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(self.src, clean, ignore=shutil.ignore_patterns("_build"))
        app_clean = build(make_app, clean, freshenv=True)
        assert sorted(app_inc.env.found_docs) == sorted(app_clean.env.found_docs)
        difference = first_difference(snapshot(app_inc), snapshot(app_clean))
        steps = "\n".join(f"  {n}. {line}" for n, line in enumerate(self.log, 1))
        assert not difference, f"after the edits\n{steps}\n{difference}"

    # -- the model --------------------------------------------------------
    def pick(self, n: int) -> Pat:
        return self.pats[n % len(self.pats)]

    def edit(self, description: str) -> None:
        self.log.append(description)
        Stats.steps += 1

    @initialize()
    def first_build(self) -> None:
        self.pats = initial_book()
        self.compare()
        # The first build really read in several processes (the pages
        # holding generated toctrees are then read again by this one).
        readers = set(self.readers.read_text(encoding="utf-8").split())
        if self.parallel:
            assert len(readers - {str(os.getpid())}) >= 2, readers
        else:
            assert readers == {str(os.getpid())}

    def recording_app(self, *args, **kwargs) -> SphinxTestApp:
        """An app that notes the id of each process that reads a page."""
        app = make_app(*args, **kwargs)
        self.readers.unlink(missing_ok=True)

        def note_reader(app, docname, source):
            with self.readers.open("a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")

        app.connect("source-read", note_reader)
        return app

    def free_stems(self) -> list[str]:
        used = {p.stem for p in self.pats}
        return [s for s in STEMS if s not in used]

    @precondition(lambda self: len(self.pats) < 7)
    @rule(data=st.data())
    def add_page(self, data) -> None:
        stem = data.draw(st.sampled_from(self.free_stems()), label="stem")
        pat = Pat(data.draw(st.sampled_from(FOLDERS), label="folder"), stem,
                  TITLES[STEMS.index(stem)],
                  data.draw(st.sampled_from(MATURITIES), label="maturity"),
                  categories=data.draw(st.lists(st.sampled_from(CATEGORIES), max_size=2,
                                                unique=True), label="categories"),
                  instances=[Instance(o) for o in data.draw(
                      st.lists(st.sampled_from(ORGS), max_size=2, unique=True),
                      label="organisations")])
        self.pats.append(pat)
        self.edit(f"add {pat}")

    @precondition(lambda self: len(self.pats) > 3)
    @rule(n=st.integers(0, 20))
    def delete_page(self, n) -> None:
        pat = self.pick(n)
        self.pats.remove(pat)
        self.edit(f"delete {pat.path}")

    @rule(n=st.integers(0, 20), data=st.data())
    def rename_page(self, n, data) -> None:
        pat = self.pick(n)
        stem = data.draw(st.sampled_from(self.free_stems()), label="new stem")
        self.edit(f"rename {pat.path} to {stem}.md")
        pat.stem = stem

    @rule(n=st.integers(0, 20), data=st.data())
    def move_to_folder(self, n, data) -> None:
        pat = self.pick(n)
        folder = data.draw(st.sampled_from([f for f in FOLDERS if f != pat.folder]),
                           label="folder")
        self.edit(f"move {pat.path} to {folder}/")
        pat.folder = folder

    @rule(n=st.integers(0, 20), data=st.data())
    def set_maturity(self, n, data) -> None:
        pat = self.pick(n)
        pat.maturity = data.draw(st.sampled_from([m for m in MATURITIES if m != pat.maturity]),
                                 label="maturity")
        self.edit(f"{pat.path}: maturity {pat.maturity}")

    @rule(n=st.integers(0, 20), data=st.data())
    def set_id(self, n, data) -> None:
        pat = self.pick(n)
        pat.id = data.draw(st.sampled_from([i for i in (None, *IDS) if i != pat.id]),
                           label="id")
        self.edit(f"{pat.path}: id {pat.id}")

    @rule(n=st.integers(0, 20), data=st.data())
    def set_title(self, n, data) -> None:
        pat = self.pick(n)
        pat.title = data.draw(st.sampled_from([t for t in TITLES if t != pat.title]),
                              label="title")
        self.edit(f"{pat.path}: title {pat.title}")

    @rule(n=st.integers(0, 20), text=st.sampled_from(["Share it.", "Open it up.", ""]))
    def set_patlet(self, n, text) -> None:
        pat = self.pick(n)
        pat.patlet = text
        self.edit(f"{pat.path}: patlet {text!r}")

    @rule(n=st.integers(0, 20),
          categories=st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True))
    def set_categories(self, n, categories) -> None:
        pat = self.pick(n)
        pat.categories = categories
        self.edit(f"{pat.path}: categories {categories}")

    @rule(n=st.integers(0, 20), data=st.data())
    def set_related(self, n, data) -> None:
        pat = self.pick(n)
        ids = sorted({p.pattern_id for p in self.pats} | {"no-such-pattern"})
        pat.related = data.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True),
                                label="related")
        self.edit(f"{pat.path}: related {pat.related}")

    @rule(n=st.integers(0, 20), data=st.data())
    def set_citations(self, n, data) -> None:
        pat = self.pick(n)
        pat.cites = data.draw(st.lists(st.sampled_from(CITES), max_size=2, unique=True),
                              label="cites")
        self.edit(f"{pat.path}: cites {pat.cites}")

    @rule(n=st.integers(0, 20), organisation=st.sampled_from(ORGS),
          cite=st.sampled_from([None, *CITES]))
    def add_instance(self, n, organisation, cite) -> None:
        pat = self.pick(n)
        pat.instances.append(Instance(organisation, cite=cite))
        self.edit(f"{pat.path}: add instance {organisation} (cite {cite})")

    def with_instances(self) -> list[Pat]:
        return [p for p in self.pats if p.instances]

    @precondition(lambda self: self.with_instances())
    @rule(data=st.data())
    def remove_instance(self, data) -> None:
        pat = data.draw(st.sampled_from(self.with_instances()), label="page")
        instance = pat.instances.pop(data.draw(st.integers(0, len(pat.instances) - 1)))
        self.edit(f"{pat.path}: remove instance {instance}")

    @precondition(lambda self: self.with_instances())
    @rule(data=st.data(), organisation=st.sampled_from(ORGS))
    def rename_organisation(self, data, organisation) -> None:
        pat = data.draw(st.sampled_from(self.with_instances()), label="page")
        i = data.draw(st.integers(0, len(pat.instances) - 1))
        self.edit(f"{pat.path}: rename instance {pat.instances[i]} to {organisation}")
        pat.instances[i] = replace(pat.instances[i], organisation=organisation)

    @precondition(lambda self: self.with_instances())
    @rule(data=st.data(), n=st.integers(0, 20))
    def move_instance(self, data, n) -> None:
        """Move a known instance to another page, keeping its pattern with ``:pattern:``."""
        source = data.draw(st.sampled_from(self.with_instances()), label="page")
        target = self.pick(n)
        instance = source.instances.pop(data.draw(st.integers(0, len(source.instances) - 1)))
        moved = replace(instance, pattern=instance.pattern or source.pattern_id)
        target.instances.append(moved)
        self.edit(f"move instance {instance} from {source.path} to {target.path} as {moved}")

    @invariant()
    def incremental_equals_clean(self) -> None:
        if self.log:
            self.compare()


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "parallel"])
def test_incremental_equals_clean_random(parallel):
    if parallel and not parallel_available:
        pytest.skip("parallel builds need fork")
    machine = type(f"IncrementalBook{parallel}", (IncrementalBook,), {"parallel": parallel})
    before = Stats.sequences, Stats.steps
    machine.TestCase.settings = SETTINGS
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(machine, settings=SETTINGS)
    print(f"\n{PROFILE}: {Stats.sequences - before[0]} sequences, "
          f"{Stats.steps - before[1]} edits, each followed by an incremental and a clean build")
    assert Stats.steps > before[1]
