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
import re
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core import ics
from ..core.paths import (
    text_problem,
)
from ..core.urls import looks_like_url, url_problem
from ..directives.base import repair_options
from ..i18n import _
from ..logs import warn
from ..nodes import calendar_embed
from .events import CalendarCollector, EventList, zone_label
from .hero import css_classes, css_length

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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
#: Larger .ics files are not read (their events would be listed at build time).

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


class CalendarEmbedDirective(EventList, SphinxDirective):
    """``calendar-embed`` [ID [ID ...] | EMBED-URL], or only ``:ics:``."""

    has_content = False
    required_arguments = 0
    optional_arguments = 1
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
        if not self.arguments:  # only the event list of :ics:
            return None, [], [], {}
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
        ids = self._ids(raw_ids)
        if base and not ids and self.passthrough is None:
            if raw_ids or not base.startswith(EMBED_BASE):
                self._warn("no usable calendar id, so no calendar is embedded. Fix: give at "
                           "least one valid calendar id")
            base = None
        params, zone, timezone = self._display_params(options)
        height = self._height(options)
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
        self._calendars(params, ids, colours)
        src = self._src(base, params)
        title, extra = self._title_and_classes()
        node = calendar_embed("", classes=["innersource-landing", "innersource-calendar", *extra],
                              src=src, title=title, height=height, width=width,
                              timezone=timezone if zone else "")
        self.set_source_info(node)
        if src:
            node += self._fallback(src, zone)
        node.extend(self._ics(zone))
        if not self.arguments and not self.options.get("ics", "").strip():
            self._warn("nothing to show: no calendar id, no embed URL and no :ics: file. Fix: "
                       "give a calendar id or an embed URL as the argument, or an .ics file "
                       "in :ics:")
        if not len(node):
            return []
        return [node]

    def _ids(self, raw_ids: list[str]) -> list[str]:
        """The calendar ids that are safe to embed (others refused with a warning)."""
        ids = []
        for cid in raw_ids:
            if _CALENDAR_ID.match(cid):
                ids.append(cid)
            else:
                self._warn(f"calendar id {cid!r} is refused and left out. Fix: give an id such "
                           "as name@group.calendar.google.com (letters, digits, . _ - + # % = "
                           "and one @)")
        return ids

    def _display_params(self, options: dict[str, str]
                        ) -> tuple[list[tuple[str, str]], tzinfo | None, str]:
        """The embed parameters of the time zone, mode, week start, background and
        language options; with the zone and its name."""
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
        for option, table, param, fix in (
                ("mode", MODES, "mode", f"use one of {', '.join(MODES)}"),
                ("week-start", WEEK_STARTS, "wkst", "use sunday, monday or saturday")):
            value = options.get(option, "").strip()
            if not value:
                continue
            if value.lower() in table:
                params.append((param, table[value.lower()]))
            else:
                self._warn(f":{option}: {value!r} is not allowed and is ignored. Fix: {fix}")
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
        return params, zone, timezone

    def _height(self, options: dict[str, str]) -> int:
        if options.get("height", "").strip():
            value = options["height"].strip()
            match = re.fullmatch(r"(\d{2,4})(px)?", value)
            if match and 100 <= int(match.group(1)) <= 3000:
                return int(match.group(1))
            self._warn(f":height: {value!r} is not allowed; using {DEFAULT_HEIGHT}. Fix: "
                       "give a height in pixels between 100 and 3000, such as 600")
        return DEFAULT_HEIGHT

    def _calendars(self, params: list[tuple[str, str]], ids: list[str],
                   colours: list[str]) -> None:
        """Add each calendar and its colour to *params*."""
        good_colours = [self._colour("color", c) for c in colours]
        if len(colours) > len(ids) and ids:
            self._warn(f":color: has {len(colours)} colours for {len(ids)} calendars; the extra "
                       "ones are ignored. Fix: give one colour per calendar, in order")
        for index, cid in enumerate(ids):
            params.append(("src", cid))
            if index < len(good_colours) and good_colours[index]:
                params.append(("color", good_colours[index]))

    def _src(self, base: str | None, params: list[tuple[str, str]]) -> str:
        """The iframe's URL: Google's embed URL with *params*, or a passed-through one."""
        src = f"{base}?{urlencode(params)}" if base else ""
        if base and self.passthrough is not None:
            ignored = sorted(set(self.options) & {*FLAGS, "mode", "week-start", "color",
                                                  "background", "language"})
            if ignored:
                self._warn(f"options {', '.join(ignored)} only apply to Google Calendar and are "
                           f"ignored for {urlsplit(base).hostname}. Fix: set them in the "
                           "calendar service's own embed URL")
            src = base + (f"?{urlencode(self.passthrough)}" if self.passthrough else "")
        return src

    def _title_and_classes(self) -> tuple[str, list[str]]:
        title = re.sub(r"\s+", " ", self.options.get("title", "")).strip() or _("Event calendar")
        if text_problem(title):
            self._warn(f":title: {title!r}: {text_problem(title)}. Fix: write plain text",
                       "option")
        extra, bad = css_classes(self.options.get("class", ""))
        if bad:
            self._warn(f":class: values {' '.join(bad)!r} are not CSS class names and are "
                       "ignored. Fix: use letters, digits, '-' and '_' only", "option")
        return title, extra

    @staticmethod
    def _fallback(src: str, zone: tzinfo | None) -> nodes.paragraph:
        """The "Open the calendar" link shown where the iframe is not."""
        para = nodes.paragraph(classes=["innersource-calendar__fallback"])
        para += nodes.reference("", _("Open the calendar"), refuri=src, classes=["external"])
        para += nodes.Text(" ")
        if zone is not None:
            para += nodes.Text(_("(times in the {zone} time zone).").format(
                zone=zone_label(zone)))
        else:
            para += nodes.Text(_("(times in the reader's own time zone)."))
        return para

def setup(app: Sphinx) -> None:
    app.add_node(calendar_embed, html=(visit_calendar_embed_html, depart_calendar_embed_html))
    app.add_directive("calendar-embed", CalendarEmbedDirective)
    app.add_env_collector(CalendarCollector)
