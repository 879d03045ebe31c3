"""The next events of a local ``.ics`` file, listed under an embedded calendar.

:class:`EventList` is the part of the ``calendar-embed`` directive that reads
the ``:ics:`` and ``:events:`` options; :class:`CalendarCollector` keeps the
pages that list events, which are read again at every build (the next events
move with the clock).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from ..collectors import PagesReadEachBuild
from ..core import ics
from ..core.ics import build_now
from ..core.paths import is_local_file, local_file_problem
from ..core.urls import looks_like_url
from ..directives.base import checked_url
from ..i18n import _

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

DEFAULT_EVENTS = 5
#: Larger .ics files are not read at build time.
MAX_ICS_BYTES = 5_000_000


def zone_label(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


class EventList:
    """The ``:ics:`` option of ``calendar-embed`` (a mixin of the directive)."""

    # Given by the directive: options, env, config, get_location() and
    # _warn(message, subtype="calendar").
    options: dict[str, Any]
    env: BuildEnvironment
    config: Any
    _warn: Any
    get_location: Any

    def _ics(self, zone: tzinfo | None) -> list[nodes.Node]:
        value = self.options.get("ics", "").strip()
        if not value:
            if "events" in self.options:
                self._warn(":events: needs :ics: with a local .ics file. Fix: add :ics: FILE")
            return []
        if looks_like_url(value):
            if checked_url(value, what="calendar-embed: the :ics: option",
                           location=self.get_location(), outcome="left out",
                           fix="use an https:// URL or a .ics file inside the source folder"
                           ) is None:
                return []
            para = nodes.paragraph(classes=["innersource-calendar__subscribe"])
            para += nodes.reference("", _("Subscribe to the calendar (iCalendar)"),
                                    refuri=value, classes=["external"])
            return [para]
        abspath = self._ics_file(value)
        if abspath is None:
            return []
        number = DEFAULT_EVENTS
        if self.options.get("events", "").strip():
            raw = self.options["events"].strip()
            if re.fullmatch(r"\d{1,3}", raw) and int(raw) > 0:
                number = int(raw)
            else:
                self._warn(f":events: {raw!r} is not a positive number; using {DEFAULT_EVENTS}."
                           " Fix: give how many upcoming events to list, such as 5")
        occurrences = self._occurrences(value, abspath, zone, number)
        if occurrences is None:
            return []
        out: list[nodes.Node] = []
        heading = nodes.paragraph(classes=["innersource-calendar__events-title"])
        heading += nodes.strong("", _("Next events"))
        heading += nodes.Text(" (")
        heading += addnodes.download_reference(
            "", "", nodes.inline("", _("download the .ics file")),
            reftarget=value, refdoc=self.env.docname, refexplicit=True, refdomain="",
            reftype="download")
        heading += nodes.Text(")")
        out.append(heading)
        if not occurrences:
            out.append(nodes.paragraph("", _("No upcoming events in the calendar file.")))
            return out
        items = nodes.bullet_list(classes=["innersource-calendar__events"])
        for occurrence in occurrences:
            items += self._event_item(occurrence, zone)
        out.append(items)
        return out

    def _event_item(self, occurrence: ics.Occurrence, zone: tzinfo | None) -> nodes.list_item:
        event = occurrence.event
        if event.all_day:
            when = occurrence.start.strftime("%Y-%m-%d")
            last = occurrence.end.date().toordinal() - 1
            if last > occurrence.start.date().toordinal():
                when += "\u2013" + datetime.fromordinal(last).strftime("%Y-%m-%d")
        else:
            show = zone or occurrence.start.tzinfo or UTC
            start, end = occurrence.start.astimezone(show), occurrence.end.astimezone(show)
            when = start.strftime("%Y-%m-%d %H:%M")
            if end != start:
                when += "\u2013" + end.strftime("%H:%M" if end.date() == start.date()
                                           else "%Y-%m-%d %H:%M")
            when += f" ({zone_label(show)})"
        para = nodes.paragraph()
        para += nodes.Text(when + ": ")
        summary = event.summary or _("(untitled event)")
        url = event.url and checked_url(
            event.url, what=f"calendar-embed: event {summary!r} (line {event.line} of the .ics "
            "file)", location=self.get_location(), fix="use an https:// URL in the .ics file")
        if url:
            para += nodes.reference("", summary, refuri=url, classes=["external"])
        else:
            para += nodes.strong("", summary)
        if event.location:
            para += nodes.Text(" — " + event.location)
        return nodes.list_item("", para)

    def _ics_file(self, value: str) -> str | None:
        """The absolute path of the local .ics file *value*, or None (with a warning)."""
        rel, abspath = self.env.relfn2path(value, self.env.docname)
        problem = local_file_problem(value, self.env.srcdir, abspath)
        if problem is None and not value.lower().endswith(".ics"):
            problem = "the file name does not end with .ics"
        if problem is None and not is_local_file(abspath):
            problem = "the file does not exist"
        if problem:
            self._warn(f":ics: file {value!r} is refused: {problem}. Fix: give the path of a "
                       ".ics file inside the source folder, relative to this document")
            return None
        self.env.note_dependency(rel)
        calendar_docs(self.env).add(self.env.docname)
        return abspath

    def _occurrences(self, value: str, abspath: str, zone: tzinfo | None,
                     number: int) -> list[ics.Occurrence] | None:
        """The next *number* occurrences of the file's events, or None when it is unreadable."""
        now, now_problem = build_now(self.config.innersource_calendar_now)
        if now_problem:
            self._warn(f"{now_problem}; using the current time. Fix: correct it")
        try:
            size = Path(abspath).stat().st_size
            if size > MAX_ICS_BYTES:
                self._warn(f":ics: file {value!r} is {size / 1e6:.1f} MB, more than the "
                           f"{MAX_ICS_BYTES / 1e6:.0f} MB read at build time; its events are "
                           "not listed. Fix: export a shorter period of the calendar")
                return None
            text = Path(abspath).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self._warn(f":ics: file {value!r} cannot be read ({exc}). Fix: save it as UTF-8")
            return None
        events, problems = ics.parse(text, zone or UTC)
        occurrences = ics.upcoming(events, now, number, problems)
        for problem in problems:
            self._warn(f":ics: file {value!r}: {problem}")

        return occurrences


class CalendarCollector(PagesReadEachBuild):
    """The pages with a local .ics file: read again at every build."""

    attr = "innersource_calendar_docs"


def calendar_docs(env: BuildEnvironment) -> set[str]:
    """The pages with a local .ics file (kept in the environment)."""
    return CalendarCollector.pages(env)
