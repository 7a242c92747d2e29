"""The shift arithmetic against a plain walk from the rotation's start.

The fake counts hand-offs in closed form so that a window's cost does not depend on
the rotation's age. Here a deliberately simple reference builds every hand-off from
the start period by period (one ``zoneinfo`` conversion per wall-clock time, merged
as a set) and derives the shifts from them; on windows close to the start, where
that walk is cheap, both must list exactly the same shifts. Starts are drawn near
the zones' clock changes, including the calendar days Samoa and Kiribati skipped.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
from typing import Any
from zoneinfo import ZoneInfo

import boto3
import hypothesis.strategies as st
from hypothesis import HealthCheck, example, given, settings

from profiles import examples
from pytest_ssmcontacts import mock_ssm_contacts
from pytest_ssmcontacts._service import _zone_table

UTC = datetime.timezone.utc
DAY = datetime.timedelta(days=1)
DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
ALIASES = [f"member-{i:02d}" for i in range(30)]
CONTACT = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/"
ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/Santiago",  # changes at midnight
    "Australia/Lord_Howe",  # a 30-minute change
    "Antarctica/Troll",  # a two-hour change
    "Africa/Casablanca",  # a month without DST every year
    "Pacific/Apia",  # skipped 2011-12-30
    "Pacific/Kiritimati",  # skipped 1994-12-31
    "Asia/Kolkata",
)
NOW = "2030-01-01T00:00:00Z"


# -- the reference -----------------------------------------------------------------


def _walls(recurrence: dict[str, Any], first: datetime.date, last: datetime.date) -> set[Any]:
    """Every wall-clock hand-off of the periods touching [first, last] (naive)."""
    walls = set()
    if recurrence.get("DailySettings"):
        day = first
        while day <= last:
            for h in recurrence["DailySettings"]:
                walls.add(
                    datetime.datetime.combine(day, datetime.time(h["HourOfDay"], h["MinuteOfHour"]))
                )
            day += DAY
    elif recurrence.get("WeeklySettings"):
        monday = first - first.weekday() * DAY
        while monday <= last:
            for w in recurrence["WeeklySettings"]:
                day = monday + DAYS.index(w["DayOfWeek"]) * DAY
                t = w["HandOffTime"]
                walls.add(
                    datetime.datetime.combine(day, datetime.time(t["HourOfDay"], t["MinuteOfHour"]))
                )
            monday += 7 * DAY
    else:
        year, month = first.year, first.month
        while datetime.date(year, month, 1) <= last:
            length = calendar.monthrange(year, month)[1]
            for m in recurrence["MonthlySettings"]:
                t = m["HandOffTime"]
                day = datetime.date(year, month, min(m["DayOfMonth"], length))
                walls.add(
                    datetime.datetime.combine(day, datetime.time(t["HourOfDay"], t["MinuteOfHour"]))
                )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return walls


def _hand_offs(
    recurrence: dict[str, Any], zone: ZoneInfo, start: datetime.datetime, until: datetime.datetime
) -> list[datetime.datetime]:
    """Hand-off instants after ``start``, walked from the period holding it."""
    first = start.astimezone(zone).date()
    # Far enough past ``until`` for the longest shift drawn (four months).
    last = until.astimezone(zone).date() + 150 * DAY
    instants = {w.replace(tzinfo=zone).astimezone(UTC) for w in _walls(recurrence, first, last)}
    return sorted(h for h in instants if h > start)


def _covered(
    start: datetime.datetime,
    end: datetime.datetime,
    coverage: dict[str, list[dict[str, Any]]] | None,
    zone: ZoneInfo,
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    if not coverage:
        return [(start, end)]
    pieces = []
    day = start.astimezone(zone).date() - DAY
    while day <= end.astimezone(zone).date():
        for window in coverage.get(DAYS[day.weekday()], []):
            s, e = window["Start"], window["End"]
            w_start = datetime.datetime.combine(
                day, datetime.time(s["HourOfDay"], s["MinuteOfHour"])
            )
            w_end = datetime.datetime.combine(day, datetime.time(e["HourOfDay"], e["MinuteOfHour"]))
            if w_end <= w_start:
                w_end += DAY
            a = max(start, w_start.replace(tzinfo=zone).astimezone(UTC))
            b = min(end, w_end.replace(tzinfo=zone).astimezone(UTC))
            if a < b:
                pieces.append((a, b))
        day += DAY
    pieces.sort()
    merged: list[tuple[datetime.datetime, datetime.datetime]] = []
    for a, b in pieces:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def reference_shifts(rotation: dict[str, Any]) -> list[tuple[Any, ...]]:
    recurrence = rotation["recurrence"]
    zone = ZoneInfo(rotation["time_zone"])
    start = rotation["start"]
    window_start, window_end = rotation["window"]
    every = recurrence["RecurrenceMultiplier"]
    on_call = recurrence["NumberOfOnCalls"]
    members = rotation["members"]
    hand_offs = _hand_offs(recurrence, zone, start, window_end)
    boundaries = [start, *hand_offs[every - 1 :: every]]
    rows = []
    for shift, (a, b) in enumerate(zip(boundaries, boundaries[1:])):
        if a >= window_end:
            break
        contacts = [members[(shift * on_call + i) % len(members)] for i in range(on_call)]
        for piece_start, piece_end in _covered(a, b, recurrence.get("ShiftCoverages"), zone):
            if piece_end > window_start and piece_start < window_end:
                rows.append((piece_start, piece_end, contacts))
    return rows


# -- random rotations near clock changes -------------------------------------------------


def _hand_off(minutes: st.SearchStrategy[int]) -> st.SearchStrategy[dict[str, int]]:
    return minutes.map(lambda m: {"HourOfDay": m // 60, "MinuteOfHour": m % 60})


# Times clustered so that hand-offs minutes apart and hand-offs inside clock changes
# (usually between 00:00 and 04:00) are common.
minute_of_day = st.one_of(
    st.integers(0, 4 * 60),
    st.sampled_from([0, 30, 60, 90, 120, 150, 180, 540, 600, 1410]),
    st.integers(0, 1439),
)

recurrences = st.one_of(
    st.builds(
        lambda times: {"DailySettings": times},
        st.lists(_hand_off(minute_of_day), min_size=1, max_size=4),
    ),
    st.builds(
        lambda entries: {
            "WeeklySettings": [{"DayOfWeek": d, "HandOffTime": t} for d, t in entries]
        },
        st.lists(
            st.tuples(st.sampled_from(DAYS), _hand_off(minute_of_day)), min_size=1, max_size=4
        ),
    ),
    st.builds(
        lambda entries: {
            "MonthlySettings": [{"DayOfMonth": d, "HandOffTime": t} for d, t in entries]
        },
        st.lists(
            st.tuples(
                st.sampled_from([1, 2, 27, 28, 29, 30, 31]) | st.integers(1, 31),
                _hand_off(minute_of_day),
            ),
            min_size=1,
            max_size=4,
        ),
    ),
)


def _coverage_window(start: int, minutes: int) -> dict[str, Any]:
    end = (start + minutes) % (24 * 60)
    return {
        "Start": {"HourOfDay": start // 60, "MinuteOfHour": start % 60},
        "End": {"HourOfDay": end // 60, "MinuteOfHour": end % 60},
    }


coverages = st.dictionaries(
    st.sampled_from(DAYS),
    st.lists(
        st.builds(
            _coverage_window,
            st.integers(0, 24 * 4 - 1).map(lambda quarter: quarter * 15),
            st.integers(2, 24 * 4).map(lambda quarters: quarters * 15),
        ),
        min_size=1,
        # Several windows a day, overlapping or touching at times: merged into stretches.
        max_size=5,
    ),
    min_size=1,
)


@st.composite
def rotations(draw: st.DrawFn) -> dict[str, Any]:
    zone = draw(st.sampled_from(ZONES))
    table = _zone_table.table(zone)
    near = [g.at for g in table.gaps if g.at.year < 2040] or [
        datetime.datetime(2024, 3, 31, tzinfo=UTC)
    ]
    # Start up to 40 days before a clock change, so the walk crosses it.
    anchor = draw(st.sampled_from(near))
    start = anchor - datetime.timedelta(minutes=draw(st.integers(0, 40 * 1440)))
    start = max(start, datetime.datetime(1970, 1, 1, tzinfo=UTC))
    members = draw(st.lists(st.sampled_from(ALIASES), min_size=1, max_size=30, unique=True))
    recurrence: dict[str, Any] = {
        **draw(recurrences),
        # A shift lists at most 25 contacts (CreateRotation refuses more on call).
        "NumberOfOnCalls": draw(st.integers(1, min(len(members), 25))),
        "RecurrenceMultiplier": draw(st.integers(1, 4)),
    }
    if draw(st.booleans()):
        recurrence["ShiftCoverages"] = draw(coverages)
    window_start = start + datetime.timedelta(minutes=draw(st.integers(-1440, 60 * 1440)))
    # The API refuses a StartTime before 1970, which a window opened before a rotation
    # that starts in 1970 would otherwise ask for.
    window_start = max(window_start, datetime.datetime(1970, 1, 1, tzinfo=UTC))
    window_end = window_start + datetime.timedelta(minutes=draw(st.integers(1, 70 * 1440)))
    return {
        "members": [CONTACT + alias for alias in members],
        "time_zone": zone,
        "recurrence": recurrence,
        "start": start,
        "window": (window_start, window_end),
        # Small pages resume inside a shift cut by coverage windows.
        "page_size": draw(st.sampled_from([1, 3, 100])),
    }


def _listed(client: Any, rotation: dict[str, Any]) -> list[tuple[Any, ...]]:
    window_start, window_end = rotation["window"]
    rows = []
    pages = client.get_paginator("list_preview_rotation_shifts").paginate(
        RotationStartTime=rotation["start"],
        StartTime=window_start,
        EndTime=window_end,
        Members=rotation["members"],
        TimeZoneId=rotation["time_zone"],
        Recurrence=rotation["recurrence"],
        PaginationConfig={"PageSize": rotation.get("page_size", 100)},
    )
    for page in pages:
        for shift in page["RotationShifts"]:
            rows.append(
                (
                    shift["StartTime"].astimezone(UTC),
                    shift["EndTime"].astimezone(UTC),
                    shift["ContactIds"],
                )
            )
    return rows


def _at_millisecond(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    # The wire carries milliseconds.
    return [
        (
            a.replace(microsecond=a.microsecond - a.microsecond % 1000),
            b.replace(microsecond=b.microsecond - b.microsecond % 1000),
            c,
        )
        for a, b, c in rows
    ]


APIA_DAILY = {
    "members": [CONTACT + alias for alias in ALIASES[:3]],
    "time_zone": "Pacific/Apia",
    "recurrence": {
        "NumberOfOnCalls": 1,
        "RecurrenceMultiplier": 1,
        "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
    },
    "start": datetime.datetime(2011, 12, 20, tzinfo=UTC),
    "window": (
        datetime.datetime(2011, 12, 27, tzinfo=UTC),
        datetime.datetime(2012, 1, 5, tzinfo=UTC),
    ),
}


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rotation=rotations())
@example(rotation=APIA_DAILY)
def test_the_arithmetic_lists_what_a_walk_from_the_start_lists(rotation: dict[str, Any]) -> None:
    with mock_ssm_contacts(contacts=ALIASES, start_time=NOW):
        listed = _listed(boto3.client("ssm-contacts"), rotation)
    assert listed == _at_millisecond(reference_shifts(rotation))


@settings(max_examples=examples(40), deadline=None)
@given(rotation=rotations(), data=st.data())
def test_counting_hand_offs_agrees_with_the_walk(
    rotation: dict[str, Any], data: st.DataObject
) -> None:
    """The engine's own answers: the n-th hand-off, and how many happened by an instant."""
    from pytest_ssmcontacts._service import _shifts

    zone = ZoneInfo(rotation["time_zone"])
    start = rotation["start"]
    until = start + 90 * DAY
    walked = [h for h in _hand_offs(rotation["recurrence"], zone, start, until) if h < until]
    settings_ = {**rotation["recurrence"], "RecurrenceMultiplier": 1}
    recurrence = _shifts.Recurrence(settings_, _shifts.zone(rotation["time_zone"]), start)
    if walked:
        number = data.draw(st.integers(1, len(walked)))
        hand_offs = recurrence.hand_offs(number)
        assert [next(hand_offs) for _ in walked[number - 1 :]] == walked[number - 1 :]
    instants = st.integers(0, 90 * 1440).map(lambda m: start + datetime.timedelta(minutes=m))
    for instant in data.draw(st.lists(instants | st.sampled_from(walked or [start]), max_size=10)):
        assert recurrence.count_until(instant) == bisect.bisect_right(walked, instant)
