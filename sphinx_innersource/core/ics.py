"""A small iCalendar (RFC 5545) reader: enough to list the next events.

Supported: ``VEVENT`` with ``DTSTART``/``DTEND``/``DURATION``/``SUMMARY``/
``LOCATION``/``URL``/``UID``; line unfolding; text escapes; date-times in
UTC (``...Z``), with ``TZID=`` (an IANA name) or floating (the default time
zone); all-day dates (``VALUE=DATE``); ``RRULE`` with ``FREQ=DAILY``,
``WEEKLY`` (with ``BYDAY``), ``MONTHLY`` and ``YEARLY`` (same day of month /
date, no other ``BY*`` parts), ``INTERVAL``, ``COUNT`` and ``UNTIL``;
``EXDATE``; ``RECURRENCE-ID`` overrides of single occurrences.

Not supported (reported as problems, the event's first occurrence is kept):
other ``RRULE`` parts (``BYSETPOS``, ``BYMONTHDAY``, ``2TU``-style ``BYDAY``,
...), ``RDATE``, ``VTIMEZONE`` definitions of non-IANA zones.

No Sphinx imports: the directive turns the problems into warnings.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from datetime import MAXYEAR, UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_STEPS = 100_000


@dataclass
class Event:
    summary: str = ""
    location: str = ""
    url: str = ""
    uid: str = ""
    start: datetime | None = None
    end: datetime | None = None
    all_day: bool = False
    rrule: dict[str, str] = field(default_factory=dict)
    exdates: set[datetime] = field(default_factory=set)
    recurrence_id: datetime | None = None
    line: int = 0


@dataclass
class Occurrence:
    start: datetime
    end: datetime
    event: Event


def unfold(text: str) -> list[tuple[int, str]]:
    """Content lines with their (first) line numbers, continuation lines joined."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw:
            lines.append((number, raw))
    return lines


def split_line(line: str) -> tuple[str, dict[str, str], str]:
    """``NAME;P=V;Q="x:y":VALUE`` -> (NAME, {P: V, Q: x:y}, VALUE)."""
    in_quotes = False
    for index, char in enumerate(line):
        if char == '"':
            in_quotes = not in_quotes
        elif char == ":" and not in_quotes:
            head, value = line[:index], line[index + 1:]
            break
    else:
        raise ValueError("no ':' between the property name and its value")
    name, *raw_params = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', head)
    params = {}
    for raw in raw_params:
        key, _sep, val = raw.partition("=")
        params[key.upper()] = val.strip('"')
    return name.upper(), params, value


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def zone(name: str) -> tzinfo:
    """The IANA zone *name*; raises ValueError for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def parse_when(value: str, params: dict[str, str], default_tz: tzinfo) -> tuple[datetime, bool]:
    """A DTSTART-like value as an aware datetime, and whether it is a date."""
    value = value.strip()
    if params.get("VALUE", "").upper() == "DATE" or re.fullmatch(r"\d{8}", value):
        day = datetime.strptime(value, "%Y%m%d")
        return day.replace(tzinfo=default_tz), True
    utc = value.endswith("Z")
    moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if utc:
        return moment.replace(tzinfo=UTC), False
    if "TZID" in params:
        return moment.replace(tzinfo=zone(params["TZID"])), False
    return moment.replace(tzinfo=default_tz), False


def parse_duration(value: str) -> timedelta:
    match = re.fullmatch(
        r"([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", value.strip())
    if not match or value.strip() in ("P", "PT"):
        raise ValueError(f"bad duration {value!r}")
    sign, weeks, days, hours, minutes, seconds = match.groups()
    delta = timedelta(weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0),
                      minutes=int(minutes or 0), seconds=int(seconds or 0))
    return -delta if sign == "-" else delta


def parse(text: str, default_tz: tzinfo = UTC) -> tuple[list[Event], list[str]]:
    """The events of an iCalendar text and the problems met (as messages).

    An ``X-WR-TIMEZONE`` of the calendar replaces *default_tz* for floating
    times only when the caller passes UTC (the directive passes its
    ``timezone`` option when it has one).
    """
    events: list[Event] = []
    problems: list[str] = []
    current: Event | None = None
    depth_other = 0
    duration: timedelta | None = None
    for number, line in unfold(text):
        try:
            name, params, value = split_line(line)
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        if name == "BEGIN":
            if value.upper() == "VEVENT" and current is None and depth_other == 0:
                current, duration = Event(line=number), None
            elif current is not None or value.upper() != "VCALENDAR":
                depth_other += 1
            continue
        if name == "END":
            if value.upper() == "VEVENT" and current is not None and depth_other == 0:
                if current.start is None:
                    problems.append(f"line {current.line}: event without DTSTART is skipped")
                else:
                    try:
                        if current.end is None:
                            current.end = current.start + (
                                duration if duration is not None
                                else timedelta(days=1) if current.all_day else timedelta(0))
                        events.append(current)
                    except OverflowError:
                        problems.append(f"line {current.line}: the event ends after the year "
                                        "9999 and is skipped")
                current = None
            elif depth_other:
                depth_other -= 1
            continue
        if name == "X-WR-TIMEZONE" and current is None and default_tz is UTC:
            try:
                default_tz = zone(value.strip())
            except ValueError as exc:
                problems.append(f"line {number}: {exc}")
            continue
        if current is None or depth_other:
            continue
        try:
            if name == "SUMMARY":
                current.summary = unescape(value).strip()
            elif name == "LOCATION":
                current.location = unescape(value).strip()
            elif name == "URL":
                current.url = value.strip()
            elif name == "UID":
                current.uid = value.strip()
            elif name == "DTSTART":
                current.start, current.all_day = parse_when(value, params, default_tz)
            elif name == "DTEND":
                current.end, _ = parse_when(value, params, default_tz)
            elif name == "DURATION":
                duration = parse_duration(value)
            elif name == "RRULE":
                current.rrule = {k.upper(): v for k, _s, v in
                                 (part.partition("=") for part in value.split(";") if part)}
            elif name == "EXDATE":
                for item in value.split(","):
                    current.exdates.add(parse_when(item, params, default_tz)[0])
            elif name == "RECURRENCE-ID":
                current.recurrence_id, _ = parse_when(value, params, default_tz)
            elif name == "RDATE":
                problems.append(f"line {number}: RDATE is not supported and ignored")
        except (ValueError, OverflowError) as exc:
            problems.append(f"line {number}: {name}: {exc}")
    if current is not None:
        problems.append(f"line {current.line}: event without END:VEVENT is skipped")
    return events, problems


def _add_months(moment: datetime, months: int) -> datetime | None:
    year, month = divmod(moment.month - 1 + months, 12)
    if moment.year + year > MAXYEAR:
        raise OverflowError("date value out of range")
    try:
        return moment.replace(year=moment.year + year, month=month + 1)
    except ValueError:  # 31st in a short month: RFC 5545 skips it
        return None


def expand(event: Event, until: datetime, problems: list[str],
           after: datetime | None = None) -> list[datetime]:
    """Start times of *event* up to *until* (inclusive of the first one).

    With *after*, a rule starts near *after* instead of walking every step
    from a ``DTSTART`` long ago (``COUNT`` still counts the skipped
    occurrences; a monthly or yearly rule with ``COUNT`` on a day after the
    28th is walked, as short months do not count); starts before *after*
    may then be missing.
    At most :data:`MAX_STEPS` steps are walked.
    """
    start = event.start
    assert start is not None
    rule = event.rrule
    if not rule:
        return [start]
    freq = rule.get("FREQ", "").upper()
    supported = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"}
    if freq == "WEEKLY":
        supported.add("BYDAY")
    unsupported = sorted(set(rule) - supported)
    byday = [d.strip().upper() for d in rule.get("BYDAY", "").split(",") if d.strip()]
    if freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY") or unsupported \
            or any(d not in WEEKDAYS for d in byday):
        if unsupported:
            what = ", ".join(unsupported)
        elif freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
            what = f"FREQ={freq or '(missing)'}"
        else:
            what = f"BYDAY={rule['BYDAY']}"
        problems.append(f"line {event.line}: recurrence rule part {what} is not supported; "
                        "only the first occurrence is listed")
        return [start]
    try:
        interval = max(1, int(rule.get("INTERVAL", "1")))
        count = int(rule["COUNT"]) if "COUNT" in rule else None
        end = parse_when(rule["UNTIL"], {}, start.tzinfo or UTC)[0] if "UNTIL" in rule else None
        period = {"DAILY": timedelta(days=interval),
                  "WEEKLY": timedelta(weeks=interval)}.get(freq)
    except (ValueError, OverflowError) as exc:
        problems.append(f"line {event.line}: bad RRULE ({exc}); only the first occurrence "
                        "is listed")
        return [start]
    limit = min(until, end) if end is not None else until
    days = sorted(set(byday), key=WEEKDAYS.index)
    week0 = start - timedelta(days=start.weekday())
    starts: list[datetime] = []
    first_step = emitted = 0
    if after is not None and period is not None and after > start:
        # Jump to one period before *after*: every step before it is in the past.
        base = week0 if days else start
        first_step = max(0, (after - base) // period - 1)
        if first_step and days:
            first = sum(1 for d in days if week0 + timedelta(days=WEEKDAYS.index(d)) >= start)
            emitted = first + (first_step - 1) * len(days)
        else:
            emitted = first_step
    elif after is not None and period is None and after > start \
            and (count is None or start.day <= 28):
        # Months: every skipped step had its day (or COUNT does not matter).
        months = interval * (12 if freq == "YEARLY" else 1)
        first_step = emitted = max(
            0, ((after.year - start.year) * 12 + after.month - start.month) // months - 1)
    for step in range(first_step, first_step + MAX_STEPS):
        try:
            if freq == "WEEKLY" and days:
                week = week0 + step * period
                candidates = [week + timedelta(days=WEEKDAYS.index(d)) for d in days]
            elif period is not None:
                candidates = [start + step * period]
            elif freq == "MONTHLY":
                candidates = [c for c in [_add_months(start, step * interval)] if c]
            else:
                candidates = [c for c in [_add_months(start, 12 * step * interval)] if c]
        except OverflowError:  # past the year 9999
            return starts
        for candidate in candidates:
            if candidate < start:
                continue
            if candidate > limit or (count is not None and emitted >= count):
                return starts
            emitted += 1
            starts.append(candidate)
    return starts


def upcoming(events: list[Event], now: datetime, number: int,
             problems: list[str] | None = None) -> list[Occurrence]:
    """The next *number* occurrences that have not ended at *now*.

    Only the best *number* are kept while the events are expanded, and each
    event is expanded no further than the latest of them: a calendar of many
    long-running rules costs little time and memory.
    """
    problems = problems if problems is not None else []
    overridden = {(e.uid, e.recurrence_id) for e in events if e.recurrence_id and e.uid}
    horizon = now + timedelta(days=3 * 366)
    found: list[Occurrence] = []

    def key(occurrence: Occurrence) -> tuple[datetime, str]:
        return (occurrence.start, occurrence.event.summary)

    if number <= 0:
        return found
    for event in events:
        assert event.start is not None and event.end is not None
        length = event.end - event.start
        until = min(horizon, found[-1].start) if len(found) >= number else horizon
        try:
            after = now - length
        except OverflowError:
            after = None
        for start in expand(event, until, problems, after):
            if start in event.exdates:
                continue
            if event.recurrence_id is None and (event.uid, start) in overridden:
                continue
            try:
                occurrence = Occurrence(start, start + length, event)
            except OverflowError:
                continue
            if occurrence.end > now:
                bisect.insort(found, occurrence, key=key)
                del found[number:]
    return found


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
