"""External inputs are safe (issue 6, part 5).

* Files named by options (hero ``image``, calendar ``ics``) outside the
  source folder are refused with a located warning, whatever the path says
  (``..``, absolute paths, symbolic links to files or folders outside).
* Very large inputs stay cheap: a 50 MB ``.ics`` file, pathological
  recurrence rules, a 1 MB patlet, 10,000 aliases, 10,000 known instances on
  one page.  Memory is measured with :mod:`tracemalloc` (peak of what Python
  allocated during the work) and bounded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fuzzing import built, check_build, profile
from helpers import subprocess_env
from hypothesis import given
from hypothesis import strategies as st

from sphinx_innersource.core import ics

NOW = datetime(2026, 1, 1, tzinfo=UTC)
MB = 1_000_000


class Peak:
    """Peak memory (bytes, as traced by tracemalloc) and CPU time of a ``with``
    block (this process's CPU seconds: the same on a busy machine as on an idle one)."""

    def __enter__(self):
        tracemalloc.start()
        self.started = time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.process_time() - self.started
        self.bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


# -- files outside the source folder -------------------------------------------------

def _layout(srcdir):
    outside = srcdir.parent / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (outside / "secret.ics").write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260105T100000Z\r\nSUMMARY:Secret\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    (srcdir / "sub").mkdir()
    (srcdir / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (srcdir / "ok.ics").write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260105T100000Z\r\nSUMMARY:Inside\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    (srcdir / "link-file.png").symlink_to(outside / "secret.png")
    (srcdir / "link-file.ics").symlink_to(outside / "secret.ics")
    (srcdir / "link-dir").symlink_to(outside, target_is_directory=True)
    (srcdir / "link-in.png").symlink_to(srcdir / "ok.png")
    (srcdir / "link-in.ics").symlink_to(srcdir / "ok.ics")


def _outside_paths(srcdir) -> list[str]:
    secret = srcdir.parent / "outside" / "secret"
    return ["../outside/secret.{ext}", "sub/../../outside/secret.{ext}",
            "./../outside/secret.{ext}", "/../outside/secret.{ext}",
            "//../outside/secret.{ext}", f"{secret}.{{ext}}", "link-file.{ext}",
            "link-dir/secret.{ext}", "sub/../link-dir/secret.{ext}",
            "link-dir/../src/../outside/secret.{ext}"]


@pytest.mark.parametrize("kind", ["image", "ics"])
def test_files_outside_the_source_folder_are_refused(kind):
    ext = "png" if kind == "image" else "ics"

    def prepare(srcdir):
        _layout(srcdir)
        blocks = ["# Landing", ""]
        for path in [*_outside_paths(srcdir), "ok.{ext}", "link-in.{ext}"]:
            value = path.format(ext=ext)
            if kind == "image":
                blocks += [f"```{{hero-section}} Hero\n:image: {value}\n:image-alt: x\n```", ""]
            else:
                blocks += [f"```{{calendar-embed}} a@b.c\n:ics: {value}\n```", ""]
        (srcdir / "index.md").write_text("\n".join(blocks), encoding="utf-8")

    with built({}, "html", prepare=prepare) as result:
        check_build(result)
        refused = [r for r in result.records if "is refused" in r and "index.md:" in r]
        assert len(refused) == len(_outside_paths(result.srcdir)), result.records
        # An absolute file-system path is read from the source folder (as Sphinx
        # does for images), where it does not exist; every other one is outside.
        outside = [r for r in refused if "outside the source folder" in r]
        assert len(outside) >= len(refused) - 2, refused
        html = (result.outdir / "index.html").read_text(encoding="utf-8")
        if kind == "image":
            assert "secret" not in html
            assert len(list((result.outdir / "_images").glob("*.png"))) == 1  # ok.png, once
        else:
            assert "Secret" not in html
            assert html.count("Inside") == 2  # ok.ics and the link inside the folder


# -- large inputs --------------------------------------------------------------------

def _calendar(events: list[list[str]]) -> str:
    lines = ["BEGIN:VCALENDAR"]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


PATHOLOGICAL = [
    ["DTSTART:19000101T100000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=1000000000"],
    ["DTSTART:19000101T100000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU"],
    ["DTSTART:00010101T000000Z", "RRULE:FREQ=DAILY"],
    ["DTSTART:19000101T100000Z", "RRULE:FREQ=SECONDLY;COUNT=1000000000"],
    ["DTSTART:19000101T100000Z", "RRULE:FREQ=DAILY;INTERVAL=999999999999"],
    ["DTSTART:99991231T100000Z", "RRULE:FREQ=DAILY;INTERVAL=1000"],
    ["DTSTART:99991231T100000Z", "RRULE:FREQ=MONTHLY"],
    ["DTSTART:19000101T100000Z", "DURATION:P999999999W"],
    ["DTSTART:99991231T100000Z", "DURATION:P999W"],
    ["DTSTART:19000131T100000Z", "RRULE:FREQ=MONTHLY;COUNT=1000000000"],
    ["DTSTART:00010115T100000Z", "RRULE:FREQ=MONTHLY;COUNT=1000000000"],
    ["DTSTART:00010115T100000Z", "RRULE:FREQ=YEARLY"],
]


def test_pathological_recurrence_rules_are_cheap():
    """600 rules from long ago with COUNT=10^9: ten such rules took 10 s, a hundred
    more than five minutes; now they are cheap."""
    text = _calendar([[f"UID:e{i}", f"SUMMARY:E{i}", *PATHOLOGICAL[i % len(PATHOLOGICAL)]]
                      for i in range(600)])
    with Peak() as peak:
        events, problems = ics.parse(text)
        found = ics.upcoming(events, NOW, 5, problems)
    assert peak.bytes < 20 * MB, peak.bytes
    assert peak.seconds < 30, peak.seconds
    # the daily rule from 1900 still gives the right next occurrences, COUNT included
    assert [o.start for o in found] == [NOW + timedelta(hours=10)] * 5
    assert any("FREQ=SECONDLY" in p for p in problems), problems


def test_overflowing_dates_are_problems_not_crashes():
    text = _calendar([["DTSTART:99991231T100000Z", "DURATION:P999W"],
                      ["DTSTART:20260105T100000Z", "DURATION:P999999999W"],
                      ["DTSTART:99991230T100000Z", "RRULE:FREQ=DAILY;INTERVAL=999999999999"],
                      ["DTSTART:99991230T100000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO,SU"]])
    events, problems = ics.parse(text)
    found = ics.upcoming(events, NOW, 5, problems)
    assert any("9999" in p for p in problems), problems
    assert any("DURATION" in p for p in problems), problems
    # the event whose duration overflowed keeps its start; the daily rule ends in
    # 9999; the weekly one has no Monday or Sunday before the end of 9999
    assert [o.start.year for o in found] == [2026, 9999], found


def _reference_upcoming(events, now, number):
    """The straightforward algorithm: walk every rule from DTSTART, sort all."""
    problems: list[str] = []
    overridden = {(e.uid, e.recurrence_id) for e in events if e.recurrence_id and e.uid}
    horizon = now + timedelta(days=3 * 366)
    found = []
    for event in events:
        length = event.end - event.start
        for start in ics.expand(event, horizon, problems):
            if start in event.exdates:
                continue
            if event.recurrence_id is None and (event.uid, start) in overridden:
                continue
            if start + length > now:
                found.append(ics.Occurrence(start, start + length, event))
    found.sort(key=lambda o: (o.start, o.event.summary))
    return found[:number]


RULE = st.builds(
    lambda freq, interval, count, byday: ";".join(
        p for p in [f"FREQ={freq}", interval and f"INTERVAL={interval}",
                    count and f"COUNT={count}", byday and f"BYDAY={byday}"] if p),
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    st.sampled_from([None, 1, 2, 3, 7, 400]),
    st.sampled_from([None, 1, 2, 5, 40, 500, 20000]),
    st.sampled_from([None, "MO", "TU,TH", "SU,MO,SA"]))
EVENT = st.tuples(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2028, 1, 1)),
    st.sampled_from(["Z", ";TZID=Europe/Berlin", ";TZID=America/New_York", ""]),
    st.sampled_from([None, "PT1H", "P2D", "PT0S", "P400D"]),
    st.one_of(st.none(), RULE),
    st.sampled_from(["A", "B", "C"]),
)


@profile(ci=40)
@given(events=st.lists(EVENT, min_size=1, max_size=6), number=st.integers(1, 12),
       now=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)))
def test_fast_upcoming_equals_the_straightforward_one(events, number, now):
    """Jumping near "now" and keeping only the best few changes no result."""
    lines = []
    for start, zone, duration, rule, summary in events:
        stamp = start.strftime("%Y%m%dT%H%M%S")
        head = f"DTSTART{zone}:{stamp}" if zone != "Z" else f"DTSTART:{stamp}Z"
        lines.append([head, f"SUMMARY:{summary}",
                      *([f"DURATION:{duration}"] if duration else []),
                      *([f"RRULE:{rule}"] if rule else [])])
    parsed, _problems = ics.parse(_calendar(lines))
    now = now.replace(tzinfo=UTC)
    fast = ics.upcoming(parsed, now, number)
    slow = _reference_upcoming(parsed, now, number)
    assert [(o.start, o.end, o.event.summary) for o in fast] == \
        [(o.start, o.end, o.event.summary) for o in slow]


def test_a_50_mb_ics_file_is_not_read():
    event = ["DTSTART:20260105T100000Z", "RRULE:FREQ=DAILY", "SUMMARY:" + "x" * 60]
    data = _calendar([[f"UID:{i}", *event] for i in range(500_000)]).encode()
    assert len(data) > 50 * MB

    def prepare(srcdir):
        (srcdir / "big.ics").write_bytes(data)

    page = "# Calendar\n\n```{calendar-embed} a@b.c\n:ics: big.ics\n```\n"
    with Peak() as peak, built({"index.md": page}, "html", prepare=prepare) as result:
        check_build(result)
        assert any("big.ics" in r and "MB" in r and "not listed" in r for r in result.records)
    assert peak.bytes < 40 * MB, peak.bytes


# Whole builds of large pages run in a child process: its peak resident memory
# (``ru_maxrss``) is measured without tracemalloc, which would triple the time.

def _measured(scenario: str) -> dict:
    """Run ``_scenario_<name>()`` in a fresh interpreter; its facts, peak RSS and CPU time."""
    tests = Path(__file__).parent
    code = (f"import json, resource, sys, time; sys.path.insert(0, {str(tests)!r}); "
            "import test_limits as t; start = time.process_time(); "
            f"facts = t._scenario_{scenario}(); "
            "facts['seconds'] = time.process_time() - start; "
            "facts['maxrss'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024; "
            "print(json.dumps(facts))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=subprocess_env(), timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _scenario_ics_4mb() -> dict:
    """30,000 daily events from 1990, COUNT=10^9: just under the size limit."""
    event = ["DTSTART:19900105T100000Z", "RRULE:FREQ=DAILY;COUNT=1000000000",
             "SUMMARY:Event"]
    data = _calendar([[f"UID:{i}", *event] for i in range(30_000)]).encode()
    page = "# Calendar\n\n```{calendar-embed} a@b.c\n:ics: big.ics\n:events: 3\n```\n"
    with built({"index.md": page}, "html",
               prepare=lambda srcdir: (srcdir / "big.ics").write_bytes(data)) as result:
        check_build(result)
        html = (result.outdir / "index.html").read_text(encoding="utf-8")
        # counted in the body: the description of the <head> quotes the list too
        body = html.split("</head>", 1)[1]
        return {"size": len(data), "listed": body.count("2026-01-01 10:00")}


def _scenario_patlet_aliases() -> dict:
    patlet = ("Teams hoard code; share it. " * 40_000)[:1_000_000]
    aliases = "; ".join(f"Alias {i}" for i in range(10_000))
    page = (f"# P0 A\n\n:::{{pattern}}\n---\npatlet: \"{patlet}\"\n"
            f"aliases: \"{aliases}\"\n---\n:::\n\nSee {{pattern}}`alias-9999`.\n")
    with built({"index.md": BOOK, "p0-a.md": page}, "html") as result:
        check_build(result)
        pattern = result.index.patterns_by_id()["p0-a"]
        exported = result.export()["patterns"][0]
        return {"patlet": len(pattern.patlet), "aliases": len(pattern.aliases),
                "exported_aliases": len(exported["aliases"])}


def _scenario_instances() -> dict:
    instances = "\n".join(f":::{{known-instance}} Org {i}\n:year: 2020\nStory {i}.\n:::\n"
                          for i in range(10_000))
    page = f"# P0 A\n\n:::{{pattern}}\n:patlet: x\n:::\n\n## Known Instances\n\n{instances}"
    with built({"index.md": BOOK, "p0-a.md": page}, "html") as result:
        check_build(result)
        return {"indexed": sum(1 for _ in result.index.iter_instances()),
                "exported": len(result.export()["instances"])}


BOOK = "# Book\n\n```{toctree}\np0-a\n```\n"


def test_a_4_mb_ics_file_is_read_within_bounds():
    facts = _measured("ics_4mb")
    assert 1 * MB < facts["size"] < 5 * MB
    assert facts["listed"] == 3
    assert facts["maxrss"] < 600 * MB, facts
    assert facts["seconds"] < 120, facts


def test_a_1_mb_patlet_and_10k_aliases():
    facts = _measured("patlet_aliases")
    assert facts["patlet"] > 900_000
    assert facts["aliases"] == facts["exported_aliases"] == 10_000
    assert facts["maxrss"] < 600 * MB, facts
    assert facts["seconds"] < 120, facts


def test_10k_known_instances_on_one_page():
    facts = _measured("instances")
    assert facts["indexed"] == facts["exported"] == 10_000
    assert facts["maxrss"] < 1200 * MB, facts
    assert facts["seconds"] < 240, facts
