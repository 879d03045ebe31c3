"""The ``calendar-embed`` directive: an embedded Google Calendar, with a fallback.

The argument is one or more calendar ids (separated by spaces or commas) or
a full embed URL, whose query parameters are read like options (options
win).  The embed URL is rebuilt with :func:`urllib.parse.urlencode`.

HTML (not EPUB) gets a lazy ``<iframe>`` when the URL is ``https:`` on a
host of ``innersource_embed_hosts``.  Every builder gets the children: a
paragraph with a link that opens the calendar and the time zone, and, with
a local ``:ics:`` file, the next events as a list computed at build time.
"Now" is ``innersource_calendar_now`` (ISO 8601 or a Unix time), else the
environment variable ``SOURCE_DATE_EPOCH``, else the clock.
"""

from __future__ import annotations

import html
import os
import re
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..core import ics
from ..core.paths import (
    is_local_file,
    local_file_problem,
    text_problem,
)
from ..core.urls import looks_like_url, url_problem
from ..directives.base import checked_url, repair_options
from ..i18n import _
from ..logs import warn
from ..nodes import calendar_embed
from .hero import css_length

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

EMBED_BASE = "https://calendar.google.com/calendar/embed"
MODES = {"agenda": "AGENDA", "week": "WEEK", "month": "MONTH"}
WEEK_STARTS = {"sunday": "1", "monday": "2", "saturday": "7", "1": "1", "2": "2", "7": "7"}
#: option -> embed URL parameter, for the yes/no options.
FLAGS = {
    "show-title": "showTitle",
    "show-nav": "showNav",
    "show-date": "showDate",
    "show-print": "showPrint",
    "show-tabs": "showTabs",
    "show-calendars": "showCalendars",
    "show-timezone": "showTz",
}
TRUE = {"", "1", "yes", "true", "on", "show"}
FALSE = {"0", "no", "false", "off", "hide"}
DEFAULT_HEIGHT = 600
DEFAULT_EVENTS = 5
#: Larger .ics files are not read (their events would be listed at build time).
MAX_ICS_BYTES = 5_000_000

_CALENDAR_ID = re.compile(r"^[A-Za-z0-9._%+#=\-]+(@[A-Za-z0-9.\-]+)?$")
_COLOUR = re.compile(r"^#?([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
#: embed URL parameter -> option, to read a pasted URL.
_PARAMS = {"ctz": "timezone", "mode": "mode", "wkst": "week-start", "bgcolor": "background",
           "hl": "language", "height": "height", **{v: k for k, v in FLAGS.items()}}


def visit_calendar_embed_html(self, node: calendar_embed) -> None:
    self.body.append(self.starttag(node, "div", ""))
    if not node.get("src") or self.builder.name.startswith("epub"):
        return  # EPUB readers rarely allow remote frames: the link paragraph stays
    style = f' style="width: {html.escape(node["width"])}"' if node.get("width") else ""
    self.body.append(
        f'<iframe class="innersource-calendar__frame" src="{html.escape(node["src"])}"'
        f' title="{html.escape(node["title"])}" height="{int(node["height"])}"{style}'
        ' loading="lazy" referrerpolicy="strict-origin-when-cross-origin"'
        ' sandbox="allow-scripts allow-same-origin allow-popups'
        ' allow-popups-to-escape-sandbox"></iframe>\n')


def depart_calendar_embed_html(self, node: calendar_embed) -> None:
    self.body.append("</div>\n")


def build_now(config_value: Any) -> tuple[datetime, str | None]:
    """The build's "now" and a problem with the configured value, if any."""
    if config_value not in (None, ""):
        try:
            if isinstance(config_value, int | float) or re.fullmatch(r"\d+", str(config_value)):
                return datetime.fromtimestamp(int(config_value), UTC), None
            moment = datetime.fromisoformat(str(config_value))
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)), None
        except (ValueError, OverflowError, OSError):
            problem = (f"innersource_calendar_now {config_value!r} is not an ISO 8601 date-time "
                       "or a Unix time")
            return datetime.now(UTC), problem
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if re.fullmatch(r"\d+", epoch):
            return datetime.fromtimestamp(int(epoch), UTC), None
        return datetime.now(UTC), f"SOURCE_DATE_EPOCH {epoch!r} is not a Unix time"
    return datetime.now(UTC), None


def _zone_label(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


class CalendarEmbedDirective(SphinxDirective):
    """``calendar-embed`` ID [ID ...] | EMBED-URL."""

    has_content = False
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "timezone": directives.unchanged,
        "mode": directives.unchanged,
        "week-start": directives.unchanged,
        "height": directives.unchanged,
        "width": directives.unchanged,
        "color": directives.unchanged,
        "background": directives.unchanged,
        "language": directives.unchanged,
        "title": directives.unchanged,
        "ics": directives.unchanged,
        "events": directives.unchanged,
        "class": directives.unchanged,
        **{flag: directives.unchanged for flag in FLAGS},
    }

    #: query pairs of an embed URL of another allowed host, kept as they are
    passthrough: list[tuple[str, str]] | None = None

    def _warn(self, message: str, subtype: str = "calendar") -> None:
        warn(f"calendar-embed: {message}", subtype=subtype, location=self.get_location())

    # -- the argument -------------------------------------------------------
    def _read_argument(self) -> tuple[str | None, list[str], list[str], dict[str, str]]:
        """(base URL or None, ids, colours, options read from a pasted URL)."""
        argument = self.arguments[0].strip()
        hosts = self.config.innersource_embed_hosts
        # A single host given as a string (Sphinx warns about the type).
        hosts = [hosts] if isinstance(hosts, str) else list(hosts)
        if looks_like_url(argument):
            problem = url_problem(argument, ("https",), hosts)
            if problem:
                self._warn(f"URL {argument!r} is refused and the calendar left out: {problem}. "
                           "Fix: give calendar ids or an https:// embed URL of an allowed host",
                           "url")
                return None, [], [], {}
            parts = urlsplit(argument)
            base = f"https://{parts.netloc}{parts.path}"
            if (parts.hostname or "").lower() != "calendar.google.com":
                # another allowed calendar service: its parameters are its own
                self.passthrough = parse_qsl(parts.query, keep_blank_values=True)
                return base, [], [], {}
            ids: list[str] = []
            colours: list[str] = []
            pasted: dict[str, str] = {}
            for key, value in parse_qsl(parts.query, keep_blank_values=True):
                if key == "src":
                    ids.append(value)
                elif key == "color":
                    colours.append(value)
                elif key in _PARAMS:
                    pasted[_PARAMS[key]] = value
                else:
                    self._warn(f"parameter {key!r} of the pasted URL is not known and is "
                               "dropped. Fix: remove it, or use the directive's options")
            return base, ids, colours, pasted
        problem = url_problem(EMBED_BASE, ("https",), hosts)
        if problem:
            self._warn(f"calendar ids need {EMBED_BASE}, which is refused: {problem}. Fix: "
                       "add calendar.google.com to innersource_embed_hosts", "url")
            return None, [], [], {}
        return EMBED_BASE, [t for t in re.split(r"[\s,]+", argument) if t], [], {}

    # -- options ------------------------------------------------------------
    def _flag(self, option: str, value: str) -> str | None:
        folded = value.strip().lower()
        if folded in TRUE:
            return "1"
        if folded in FALSE:
            return "0"
        self._warn(f":{option}: {value!r} is not a yes/no value and is ignored. Fix: use yes "
                   "or no (or 1/0, true/false)", "option")
        return None

    def _colour(self, option: str, value: str) -> str | None:
        value = value.strip()
        match = _COLOUR.match(value)
        if match:
            digits = match.group(1)
            if len(digits) == 3:
                digits = "".join(c * 2 for c in digits)
            return "#" + digits.upper()
        self._warn(f":{option}: {value!r} is not a colour and is ignored. Fix: use a hex "
                   "colour such as \"#D50000\" (quoted in MyST, where # starts a comment) "
                   "or D50000")
        return None

    def run(self) -> list[nodes.Node]:
        repair_options(self)
        base, raw_ids, colours, options = self._read_argument()
        options.update({k: v for k, v in self.options.items()})
        if "color" in self.options:
            colours = [c for c in re.split(r"[\s,]+", self.options["color"]) if c]

        ids = []
        for cid in raw_ids:
            if _CALENDAR_ID.match(cid):
                ids.append(cid)
            else:
                self._warn(f"calendar id {cid!r} is refused and left out. Fix: give an id such "
                           "as name@group.calendar.google.com (letters, digits, . _ - + # % = "
                           "and one @)")
        if base and not ids and self.passthrough is None:
            if raw_ids or not base.startswith(EMBED_BASE):
                self._warn("no usable calendar id, so no calendar is embedded. Fix: give at "
                           "least one valid calendar id")
            base = None

        params: list[tuple[str, str]] = []
        zone: tzinfo | None = None
        timezone = options.get("timezone", "").strip()
        if timezone:
            try:
                zone = ics.zone(timezone)
                params.append(("ctz", timezone))
            except ValueError:
                self._warn(f":timezone: {timezone!r} is not a known IANA time zone and is "
                           "ignored. Fix: use a name such as Europe/Berlin or America/New_York")
        mode = options.get("mode", "").strip()
        if mode:
            if mode.lower() in MODES:
                params.append(("mode", MODES[mode.lower()]))
            else:
                self._warn(f":mode: {mode!r} is not allowed and is ignored. Fix: use one of "
                           f"{', '.join(MODES)}")
        week_start = options.get("week-start", "").strip()
        if week_start:
            if week_start.lower() in WEEK_STARTS:
                params.append(("wkst", WEEK_STARTS[week_start.lower()]))
            else:
                self._warn(f":week-start: {week_start!r} is not allowed and is ignored. Fix: "
                           "use sunday, monday or saturday")
        if options.get("background", "").strip():
            colour = self._colour("background", options["background"])
            if colour:
                params.append(("bgcolor", colour))
        language = options.get("language", "").strip() or (self.config.language or "")
        if language:
            if _LANGUAGE.match(language):
                params.append(("hl", language.replace("_", "-")))
            else:
                self._warn(f":language: {language!r} is not a language tag and is ignored. "
                           "Fix: use a tag such as en, de or pt-BR")
        height = DEFAULT_HEIGHT
        if options.get("height", "").strip():
            value = options["height"].strip()
            match = re.fullmatch(r"(\d{2,4})(px)?", value)
            if match and 100 <= int(match.group(1)) <= 3000:
                height = int(match.group(1))
            else:
                self._warn(f":height: {value!r} is not allowed; using {DEFAULT_HEIGHT}. Fix: "
                           "give a height in pixels between 100 and 3000, such as 600")
        params.append(("height", str(height)))
        for option, param in FLAGS.items():
            if option in options:
                flag = self._flag(option, options[option])
                if flag is not None:
                    params.append((param, flag))
        width = ""
        if self.options.get("width", "").strip():
            width = css_length(self.options["width"]) or ""
            if not width:
                self._warn(f":width: {self.options['width']!r} is not a length; using the full "
                           "width. Fix: use a number with px, em, rem, ch, vw or %")

        good_colours = [self._colour("color", c) for c in colours]
        if len(colours) > len(ids) and ids:
            self._warn(f":color: has {len(colours)} colours for {len(ids)} calendars; the extra "
                       "ones are ignored. Fix: give one colour per calendar, in order")
        for index, cid in enumerate(ids):
            params.append(("src", cid))
            if index < len(good_colours) and good_colours[index]:
                params.append(("color", good_colours[index]))

        src = f"{base}?{urlencode(params)}" if base else ""
        if base and self.passthrough is not None:
            ignored = sorted(set(self.options) & {*FLAGS, "mode", "week-start", "color",
                                                  "background", "language"})
            if ignored:
                self._warn(f"options {', '.join(ignored)} only apply to Google Calendar and are "
                           f"ignored for {urlsplit(base).hostname}. Fix: set them in the "
                           "calendar service's own embed URL")
            src = base + (f"?{urlencode(self.passthrough)}" if self.passthrough else "")
        title = re.sub(r"\s+", " ", self.options.get("title", "")).strip() or _("Event calendar")
        if text_problem(title):
            self._warn(f":title: {title!r}: {text_problem(title)}. Fix: write plain text",
                       "option")
        classes = ["innersource-landing", "innersource-calendar"]
        from .hero import css_classes

        extra, bad = css_classes(self.options.get("class", ""))
        if bad:
            self._warn(f":class: values {' '.join(bad)!r} are not CSS class names and are "
                       "ignored. Fix: use letters, digits, '-' and '_' only", "option")
        node = calendar_embed("", classes=classes + extra, src=src, title=title,
                              height=height, width=width, timezone=timezone if zone else "")
        self.set_source_info(node)

        if src:
            para = nodes.paragraph(classes=["innersource-calendar__fallback"])
            para += nodes.reference("", _("Open the calendar"), refuri=src,
                                    classes=["external"])
            para += nodes.Text(" ")
            if zone is not None:
                para += nodes.Text(_("(times in the {zone} time zone).").format(
                    zone=_zone_label(zone)))
            else:
                para += nodes.Text(_("(times in the reader's own time zone)."))
            node += para
        node.extend(self._ics(zone))
        if not len(node):
            return []
        return [node]

    # -- the ics option -----------------------------------------------------
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
        rel, abspath = self.env.relfn2path(value, self.env.docname)
        problem = local_file_problem(value, self.env.srcdir, abspath)
        if problem is None and not value.lower().endswith(".ics"):
            problem = "the file name does not end with .ics"
        if problem is None and not is_local_file(abspath):
            problem = "the file does not exist"
        if problem:
            self._warn(f":ics: file {value!r} is refused: {problem}. Fix: give the path of a "
                       ".ics file inside the source folder, relative to this document")
            return []
        self.env.note_dependency(rel)
        calendar_docs(self.env).add(self.env.docname)
        number = DEFAULT_EVENTS
        if self.options.get("events", "").strip():
            raw = self.options["events"].strip()
            if re.fullmatch(r"\d{1,3}", raw) and int(raw) > 0:
                number = int(raw)
            else:
                self._warn(f":events: {raw!r} is not a positive number; using {DEFAULT_EVENTS}."
                           " Fix: give how many upcoming events to list, such as 5")
        now, now_problem = build_now(self.config.innersource_calendar_now)
        if now_problem:
            self._warn(f"{now_problem}; using the current time. Fix: correct it")
        try:
            size = Path(abspath).stat().st_size
            if size > MAX_ICS_BYTES:
                self._warn(f":ics: file {value!r} is {size / 1e6:.1f} MB, more than the "
                           f"{MAX_ICS_BYTES / 1e6:.0f} MB read at build time; its events are "
                           "not listed. Fix: export a shorter period of the calendar")
                return []
            text = Path(abspath).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self._warn(f":ics: file {value!r} cannot be read ({exc}). Fix: save it as UTF-8")
            return []
        events, problems = ics.parse(text, zone or UTC)
        occurrences = ics.upcoming(events, now, number, problems)
        for problem in problems:
            self._warn(f":ics: file {value!r}: {problem}")

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
            when += f" ({_zone_label(show)})"
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


# -- re-read pages with a local .ics at every build (the "next" events move) ---
def calendar_docs(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "innersource_calendar_docs"):
        env.innersource_calendar_docs = set()
    return env.innersource_calendar_docs


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    calendar_docs(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    calendar_docs(env).update(calendar_docs(other) & set(docnames))


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    return sorted(d for d in calendar_docs(env) if d in env.found_docs and d not in removed)


def setup(app: Sphinx) -> None:
    app.add_node(calendar_embed, html=(visit_calendar_embed_html, depart_calendar_embed_html))
    app.add_directive("calendar-embed", CalendarEmbedDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
