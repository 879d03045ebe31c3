"""The iCalendar reader behind calendar-embed :ics: and the build's "now"."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from sphinx_innersource.core import ics
from sphinx_innersource.core.ics import build_now

BERLIN = ZoneInfo("Europe/Berlin")


def calendar(*events: str, head: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{head}{body}END:VCALENDAR\r\n"


def starts(text: str, now: datetime, number: int = 10) -> list[str]:
    events, problems = ics.parse(text)
    assert problems == []
    return [o.start.isoformat() for o in ics.upcoming(events, now, number)]


def test_unfolding_escapes_and_forms_of_time():
    text = calendar(
        "UID:a\r\nDTSTART:20270105T093000Z\r\nDTEND:20270105T103000Z\r\n"
        "SUMMARY:Long\r\n  title\\, with\\; escapes\r\nLOCATION:Room\\n2\r\nURL:https://e.org/x",
        "UID:b\r\nDTSTART;TZID=America/New_York:20270105T090000\r\nDURATION:PT90M\r\n"
        "SUMMARY:Zoned",
        "UID:c\r\nDTSTART;VALUE=DATE:20270106\r\nSUMMARY:All day",
        "UID:d\r\nDTSTART:20270107T080000\r\nSUMMARY:Floating",
    )
    events, problems = ics.parse(text, BERLIN)
    assert problems == []
    first, zoned, all_day, floating = events
    assert first.summary == "Long title, with; escapes"
    assert first.location == "Room\n2" and first.url == "https://e.org/x"
    assert first.start == datetime(2027, 1, 5, 9, 30, tzinfo=UTC)
    assert zoned.start.utcoffset().total_seconds() == -5 * 3600
    assert zoned.end - zoned.start == ics.parse_duration("PT1H30M")
    assert all_day.all_day and (all_day.end - all_day.start).days == 1
    assert floating.start.tzinfo is BERLIN


def test_weekly_rule_with_byday_count_interval_and_dst():
    text = calendar("UID:w\r\nDTSTART;TZID=Europe/Berlin:20270322T150000\r\n"
                    "DTEND;TZID=Europe/Berlin:20270322T160000\r\n"
                    "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=5\r\nSUMMARY:W")
    got = starts(text, datetime(2027, 1, 1, tzinfo=UTC))
    # every other week, Monday and Thursday, 5 in all; 15:00 local across the
    # change to summer time (28 March 2027)
    assert got == [
        "2027-03-22T15:00:00+01:00", "2027-03-25T15:00:00+01:00",
        "2027-04-05T15:00:00+02:00", "2027-04-08T15:00:00+02:00",
        "2027-04-19T15:00:00+02:00",
    ]


def test_until_exdate_and_override():
    text = calendar(
        "UID:s\r\nDTSTART:20270104T100000Z\r\nDTEND:20270104T110000Z\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20270201T000000Z\r\nEXDATE:20270111T100000Z\r\nSUMMARY:S",
        "UID:s\r\nRECURRENCE-ID:20270118T100000Z\r\nDTSTART:20270119T120000Z\r\n"
        "DTEND:20270119T130000Z\r\nSUMMARY:S moved",
    )
    got = starts(text, datetime(2027, 1, 1, tzinfo=UTC))
    assert got == ["2027-01-04T10:00:00+00:00", "2027-01-19T12:00:00+00:00",
                   "2027-01-25T10:00:00+00:00"]


def test_upcoming_keeps_running_events_and_limits_the_number():
    text = calendar("UID:d\r\nDTSTART:20270101T090000Z\r\nDTEND:20270101T100000Z\r\n"
                    "RRULE:FREQ=DAILY\r\nSUMMARY:Daily")
    got = starts(text, datetime(2027, 1, 3, 9, 30, tzinfo=UTC), 2)
    assert got == ["2027-01-03T09:00:00+00:00", "2027-01-04T09:00:00+00:00"]


def test_monthly_skips_short_months():
    text = calendar("UID:m\r\nDTSTART:20270131T090000Z\r\nRRULE:FREQ=MONTHLY;COUNT=3\r\n"
                    "SUMMARY:M")
    assert starts(text, datetime(2027, 1, 1, tzinfo=UTC)) == [
        "2027-01-31T09:00:00+00:00", "2027-03-31T09:00:00+00:00", "2027-05-31T09:00:00+00:00"]


def test_problems_are_reported_not_raised():
    text = calendar(
        "UID:x\r\nDTSTART:20270101T090000Z\r\nRRULE:FREQ=MONTHLY;BYDAY=2TU\r\nSUMMARY:Unsupported",
        "UID:y\r\nDTSTART;TZID=Mars/Olympus:20270101T090000\r\nSUMMARY:Bad zone",
        "UID:z\r\nDTSTART:not-a-date\r\nSUMMARY:Bad date",
        "UID:n\r\nSUMMARY:No start",
        "garbage line without colon",
    )
    events, problems = ics.parse(text)
    found = ics.upcoming(events, datetime(2026, 1, 1, tzinfo=UTC), 10, problems)
    assert [o.event.summary for o in found] == ["Unsupported"]  # first occurrence kept
    joined = "\n".join(problems)
    assert "Mars/Olympus" in joined and "not-a-date" in joined
    assert "without DTSTART" in joined and "no ':'" in joined
    assert "BYDAY" in joined and "only the first occurrence" in joined


def test_now_from_config_environment_or_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert build_now("2027-02-03T04:05:06+01:00") == \
        (datetime(2027, 2, 3, 3, 5, 6, tzinfo=UTC), None)
    assert build_now("2027-02-03T04:05") == (datetime(2027, 2, 3, 4, 5, tzinfo=UTC), None)
    assert build_now(1700000000)[0] == datetime.fromtimestamp(1700000000, UTC)
    assert build_now(None) == (datetime.fromtimestamp(1800000000, UTC), None)
    moment, problem = build_now("next tuesday")
    assert "not an ISO 8601" in problem and abs((moment - datetime.now(UTC)).total_seconds()) < 60
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert "SOURCE_DATE_EPOCH" in build_now(None)[1]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs((build_now(None)[0] - datetime.now(UTC)).total_seconds()) < 60


@pytest.mark.parametrize("name", ["Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires"])
def test_zone_accepts_iana_names(name):
    assert ics.zone(name).key == name


@pytest.mark.parametrize("name", ["Mars/Olympus", "../../etc/passwd", "", "Europe/Berlin\x00"])
def test_zone_refuses_others(name):
    with pytest.raises(ValueError):
        ics.zone(name)
