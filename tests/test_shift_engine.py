"""Regression tests for the shift engine: old rotations, skipped days, the ends of time.

How long a computation takes is measured in benchmarks/bench.py; here the tests pin
what makes it cheap (the periods computed do not grow with the rotation's age), and
the answers, against arithmetic done by hand.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts
from pytest_ssmcontacts._service import _shifts, _zone_table

UTC = datetime.timezone.utc
DAY = datetime.timedelta(days=1)
CONTACT = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/"
MEMBERS = ["a", "b", "c", "d", "e"]


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def hm(hour: int, minute: int = 0) -> dict[str, int]:
    return {"HourOfDay": hour, "MinuteOfHour": minute}


def daily(*times: dict[str, int], every: int = 1, on_call: int = 1) -> dict[str, Any]:
    return {"NumberOfOnCalls": on_call, "RecurrenceMultiplier": every, "DailySettings": list(times)}


def monthly(days: Any, hours: Any, minutes: Any = (0,), every: int = 1) -> dict[str, Any]:
    return {
        "NumberOfOnCalls": 1,
        "RecurrenceMultiplier": every,
        "MonthlySettings": [
            {"DayOfMonth": d, "HandOffTime": hm(h, m)}
            for d, h, m in itertools.product(days, hours, minutes)
        ],
    }


def listed(
    recurrence: dict[str, Any],
    zone: str,
    start: datetime.datetime,
    window: tuple[datetime.datetime, datetime.datetime],
    members: list[str] = MEMBERS,
) -> list[tuple[datetime.datetime, datetime.datetime, str]]:
    rotation = _shifts.Recurrence(recurrence, _shifts.zone(zone), start)
    return [
        (record.start, record.end, ",".join(record.contacts))
        for _, record in _shifts.shifts(
            members=members,
            on_call=recurrence["NumberOfOnCalls"],
            recurrence=rotation,
            coverage=recurrence.get("ShiftCoverages"),
            overrides=[],
            window_start=window[0],
            window_end=window[1],
        )
    ]


class _CountingRecurrence(_shifts.Recurrence):
    periods: set[int]

    def _instants(self, period: int) -> list[datetime.datetime]:
        self.periods.add(period)
        return super()._instants(period)


def periods_computed(
    recurrence: dict[str, Any],
    zone: str,
    start: datetime.datetime,
    window: tuple[datetime.datetime, datetime.datetime],
) -> int:
    _CountingRecurrence.periods = set()
    rotation = _CountingRecurrence(recurrence, _shifts.zone(zone), start)
    for _ in _shifts.shifts(
        members=MEMBERS,
        on_call=1,
        recurrence=rotation,
        coverage=recurrence.get("ShiftCoverages"),
        overrides=[],
        window_start=window[0],
        window_end=window[1],
    ):
        pass
    return len(_CountingRecurrence.periods)


# -- the rotation's age does not matter ------------------------------------------------

AGE_CASES = {
    "daily 09:00 and 10:00": (daily(hm(9), hm(10)), "Europe/Berlin"),
    "daily minutes apart in the DST gap": (daily(hm(2, 30), hm(2, 45), hm(3, 30)), "Europe/Berlin"),
    "monthly 744 entries": (monthly(range(1, 32), range(24)), "America/New_York"),
    "monthly days 29-31": (monthly([29, 30, 31], [2]), "Europe/Berlin"),
    "weekly two-hour jump": (
        {
            "NumberOfOnCalls": 2,
            "RecurrenceMultiplier": 3,
            "WeeklySettings": [
                {"DayOfWeek": "SUN", "HandOffTime": hm(1, 30)},
                {"DayOfWeek": "SUN", "HandOffTime": hm(3, 30)},
            ],
        },
        "Antarctica/Troll",
    ),
    "a skipped day": (daily(hm(9)), "Pacific/Apia"),
    "coverage on one weekday": (
        {
            **daily(*[hm(h, m) for h in range(24) for m in range(0, 60, 10)]),
            "ShiftCoverages": {"MON": [{"Start": hm(9), "End": hm(9, 30)}]},
        },
        "Europe/Berlin",
    ),
}


@pytest.mark.parametrize("case", AGE_CASES)
def test_a_window_in_2999_computes_as_few_periods_from_1970_as_from_last_month(
    case: str,
) -> None:
    recurrence, zone = AGE_CASES[case]
    window = (at("2999-11-01 00:00"), at("2999-12-01 00:00"))
    old = periods_computed(recurrence, zone, at("1970-01-01 00:00"), window)
    new = periods_computed(recurrence, zone, at("2999-10-01 00:00"), window)
    assert old <= new + 4, (old, new)
    assert old < 100


def test_a_daily_rotation_from_1970_has_the_arithmetic_turn_in_2999() -> None:
    # Berlin's clocks jump at 02:00 and 03:00, never onto 09:00 or 10:00: two hand-offs
    # a day, every day since 1970-01-01 01:00 local (the start).
    rows = listed(
        daily(hm(9), hm(10)),
        "Europe/Berlin",
        at("1970-01-01 00:00"),
        (at("2999-06-01 00:00"), at("2999-06-03 00:00")),
    )
    days = (datetime.date(2999, 5, 31) - datetime.date(1970, 1, 1)).days
    # The shift from 2999-05-31 10:00 local (CEST) is hand-off number 2 * days + 2.
    turns = [MEMBERS[(2 * days + 2 + i) % 5] for i in range(len(rows))]
    assert [who for _, _, who in rows] == turns
    assert [start for start, _, _ in rows[:3]] == [
        at("2999-05-31 08:00"),
        at("2999-06-01 07:00"),
        at("2999-06-01 08:00"),
    ]


def test_hand_offs_counted_from_1970_match_a_walk_in_berlin_gaps() -> None:
    # 02:30 sits in the spring-forward gap every year since 1980 and lands on 03:30.
    recurrence = daily(hm(2, 30), hm(3, 30))
    zone = ZoneInfo("Europe/Berlin")
    start = at("1970-01-01 00:00")
    walls = (
        datetime.datetime.combine(datetime.date(1970, 1, 1) + n * DAY, datetime.time(h, 30))
        for n in range(366 * 30)
        for h in (2, 3)
    )
    walked = sorted({w.replace(tzinfo=zone).astimezone(UTC) for w in walls})
    rotation = _shifts.Recurrence(recurrence, _shifts.zone("Europe/Berlin"), start)
    for number in (1, 2, 5000, 12345, 20000, len(walked) - 100):
        assert rotation.hand_off(number) == walked[number - 1], number
        assert rotation.count_until(walked[number - 1]) == number
    # One hand-off a year merged, in each spring from 1980 to 1999.
    assert len(walked) == 2 * 366 * 30 - 20


# -- calendar days a zone skips or repeats ---------------------------------------------------


def test_the_day_samoa_skipped_gives_one_shift_per_hand_off_in_turn() -> None:
    rows = listed(
        daily(hm(9)),
        "Pacific/Apia",
        at("2011-12-20 00:00"),
        (at("2011-12-28 00:00"), at("2012-01-02 00:00")),
        members=["a", "b", "c"],
    )
    apia = ZoneInfo("Pacific/Apia")
    assert [(s.astimezone(apia).strftime("%m-%d %H:%M"), who) for s, _, who in rows] == [
        # 12-20 09:00 local is the first hand-off: 12-27 is the eighth.
        ("12-27 09:00", "c"),
        ("12-28 09:00", "a"),
        ("12-29 09:00", "b"),
        # 2011-12-30 did not happen in Samoa: its 09:00 is the 31st's.
        ("12-31 09:00", "c"),
        ("01-01 09:00", "a"),
        ("01-02 09:00", "b"),
    ]
    for before, after in zip(rows, rows[1:]):
        assert before[1] == after[0]
        assert before[2] != after[2]


def test_a_monthly_hand_off_on_the_day_kiribati_skipped_merges_with_the_next() -> None:
    # 1994-12-31 did not happen on Kiritimati: day 31 at 09:00 is 1995-01-01 09:00.
    # Hand-offs from the start (10-31 14:00 local): 11-01, 11-30 (day 31 in November),
    # 12-01, then 01-01 once.
    rows = listed(
        monthly([1, 31], [9]),
        "Pacific/Kiritimati",
        at("1994-11-01 00:00"),
        (at("1994-12-15 00:00"), at("1995-01-05 00:00")),
    )
    kiritimati = ZoneInfo("Pacific/Kiritimati")
    starts = [s.astimezone(kiritimati).strftime("%Y-%m-%d %H:%M") for s, _, _ in rows]
    assert starts == ["1994-12-01 09:00", "1995-01-01 09:00"]
    assert [who for _, _, who in rows] == ["d", "e"]


def test_a_repeated_hour_hands_off_once_at_its_first_reading() -> None:
    # Berlin's 2024-10-27 02:30 happens twice; the hand-off is the first (CEST) one.
    # The start is 10-25 02:00 local, so 10-26 02:30 is the second hand-off.
    rows = listed(
        daily(hm(2, 30)),
        "Europe/Berlin",
        at("2024-10-25 00:00"),
        (at("2024-10-26 12:00"), at("2024-10-28 12:00")),
    )
    assert [start for start, _, _ in rows] == [
        at("2024-10-26 00:30"),
        at("2024-10-27 00:30"),
        at("2024-10-28 01:30"),
    ]
    assert [who for _, _, who in rows] == ["c", "d", "e"]


# -- positions and the ends of the range -------------------------------------------------------


@pytest.mark.parametrize("resume", [(10**15, 0), (5_000_000, 0), (2**63, 2**63), (0, 10**15)])
def test_any_resume_position_ends_the_listing_without_walking(resume: tuple[int, int]) -> None:
    recurrence = daily(*[hm(h, m) for h in range(24) for m in range(0, 60, 5)])
    rotation = _shifts.Recurrence(recurrence, _shifts.zone("Europe/Berlin"), at("1970-01-01 00:00"))
    found = _shifts.shifts(
        members=MEMBERS,
        on_call=1,
        recurrence=rotation,
        coverage=None,
        overrides=[],
        window_start=at("1970-01-01 00:00"),
        window_end=at("2999-12-31 23:59"),
        resume=resume,
    )
    first = next(found, None)
    if resume[0] > 10**9:
        assert first is None
    else:
        assert first is not None
        assert first[0][0] >= 0


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
def test_shifts_at_the_ends_of_the_range(zone: str) -> None:
    recurrence = monthly([31], [23], [59], every=100)
    last = listed(
        recurrence,
        zone,
        at("2999-12-31 23:59:59"),
        (at("2999-12-31 00:00"), at("2999-12-31 23:59:59.999")),
    )
    assert [who for _, _, who in last] == ["a"]
    assert last[0][1] > at("3000-01-01 00:00")  # the shift runs on past the range
    first = listed(
        recurrence, zone, at("1970-01-01 00:00"), (at("1970-01-01 00:00"), at("1970-01-02 00:00"))
    )
    assert [(start, who) for start, _, who in first] == [(at("1970-01-01 00:00"), "a")]


def test_the_api_answers_the_ends_of_the_range_with_modeled_errors() -> None:
    recurrence = daily(hm(9))
    with mock_ssm_contacts(contacts=["a"], start_time="9999-12-31T23:45:00Z") as fake:
        client = boto3.client("ssm-contacts")
        with pytest.raises(ClientError) as raised:
            client.create_rotation(
                Name="late", ContactIds=[CONTACT + "a"], TimeZoneId="UTC", Recurrence=recurrence
            )
        assert raised.value.response["Error"]["Code"] == "ValidationException"
        assert "StartTime defaults to the current time, 9999-12-31T23:45:00+00:00" in str(
            raised.value
        )
        with pytest.raises(ClientError) as raised:
            client.list_preview_rotation_shifts(
                EndTime=at("2999-01-01 00:00"),
                Members=["a"],
                TimeZoneId="UTC",
                Recurrence=recurrence,
            )
        assert raised.value.response["Error"]["Code"] == "ValidationException"
        arn = client.create_rotation(
            Name="ok",
            ContactIds=[CONTACT + "a"],
            TimeZoneId="UTC",
            Recurrence=recurrence,
            StartTime=at("2999-12-31 00:00"),
        )["RotationArn"]
        # Six months ahead of 9999 would overflow; an override in 2999 starts long before.
        override = client.create_rotation_override(
            RotationId=arn,
            NewContactIds=[CONTACT + "a"],
            StartTime=at("2999-12-31 01:00"),
            EndTime=at("2999-12-31 02:00"),
        )
        assert override["RotationOverrideId"]
        assert len(fake.rotations) == 1
    with mock_ssm_contacts(contacts=["a"], start_time="0001-01-01T00:10:00Z"):
        client = boto3.client("ssm-contacts")
        arn = client.create_rotation(
            Name="ok",
            ContactIds=[CONTACT + "a"],
            TimeZoneId="UTC",
            Recurrence=recurrence,
            StartTime=at("2999-12-31 00:00"),
        )["RotationArn"]
        with pytest.raises(ClientError) as raised:
            client.create_rotation_override(
                RotationId=arn,
                NewContactIds=[CONTACT + "a"],
                StartTime=at("2999-12-31 01:00"),
                EndTime=at("2999-12-31 02:00"),
            )
        assert raised.value.response["Error"]["Code"] == "ValidationException"


def test_engaging_a_schedule_whose_rotation_starts_at_the_end_of_the_range() -> None:
    with mock_ssm_contacts(contacts=["a", "b"], start_time="2999-12-31T23:59:58Z") as fake:
        client = boto3.client("ssm-contacts")
        arn = client.create_rotation(
            Name="last",
            ContactIds=[CONTACT + "a", CONTACT + "b"],
            TimeZoneId="Pacific/Kiritimati",
            Recurrence=monthly([31], [23], [59], every=100),
            StartTime=at("2999-12-31 23:59:59"),
        )["RotationArn"]
        client.create_contact(Alias="oncall", Type="ONCALL_SCHEDULE", Plan={"RotationIds": [arn]})
        fake.clock.advance(seconds=1)
        client.start_engagement(ContactId=CONTACT + "oncall", Sender="s", Subject="s", Content="c")
        assert [c.alias for c in fake.on_call("oncall")] == ["a"]
        assert [c.alias for c in fake.on_call(arn)] == ["a"]


def test_on_call_outside_the_range_names_the_time(ssm_contacts: SSMContacts) -> None:
    rotation = ssm_contacts.add_rotation(
        "r", members=["a"], time_zone="UTC", recurrence=daily(hm(9)), start_time="2024-01-01T00:00Z"
    )
    with pytest.raises(ValueError) as raised:
        ssm_contacts.on_call(rotation, at=datetime.datetime.max.replace(tzinfo=UTC))
    assert str(raised.value) == (
        "on_call(): at must be between 1970-01-01 and 3000-01-01 (UTC), the years shifts are "
        "computed for; got 9999-12-31T23:59:59.999000+00:00"
    )
    ssm_contacts.clock.set(datetime.datetime(3500, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError) as raised:
        ssm_contacts.on_call(rotation)
    assert str(raised.value) == (
        "on_call(): the fake's clock stands at 3500-01-01T00:00:00+00:00, outside the years "
        "1970 to 3000 that shifts are computed for; pass at"
    )


pytestmark = pytest.mark.ssm_contacts(contacts=MEMBERS, start_time="2024-06-01T00:00:00Z")


# -- the zone table ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Berlin",
        "Pacific/Apia",
        "Africa/Casablanca",
        "America/Santiago",
        "Europe/Dublin",
        "UTC",
    ],
)
def test_the_zone_table_read_from_the_file_matches_probing(zone: str) -> None:
    listed_ = _zone_table._from_file(zone)
    assert listed_ is not None
    assert listed_ == _zone_table._probe(ZoneInfo(zone), _zone_table.FIRST, _zone_table.LAST)


def test_the_zone_table_probes_when_the_file_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_zone_table, "_from_file", lambda key: None)
    _zone_table.table.cache_clear()
    try:
        probed = _zone_table.table("Pacific/Apia")
    finally:
        _zone_table.table.cache_clear()
    assert probed.transitions == _zone_table.table("Pacific/Apia").transitions
    assert probed.largest_gap == DAY


def test_add_rotation_refuses_a_start_outside_the_range() -> None:
    recurrence = daily(hm(9))
    with mock_ssm_contacts(contacts=["a"], start_time="9999-12-31T23:45:00Z") as fake:
        with pytest.raises(ValueError) as raised:
            fake.add_rotation("r", members=["a"], time_zone="UTC", recurrence=recurrence)
        assert str(raised.value) == (
            "add_rotation(): start_time defaults to the current time, "
            "9999-12-31T23:45:00+00:00, which is outside the years 1970 to 3000 that shifts "
            "are computed for; pass start_time"
        )
        with pytest.raises(ValueError) as raised:
            fake.add_rotation(
                "r",
                members=["a"],
                time_zone="UTC",
                recurrence=recurrence,
                start_time="0500-01-01T00:00Z",
            )
        assert str(raised.value) == (
            "add_rotation(): start_time must be a time between 1970 and 3000, got "
            "0500-01-01T00:00:00+00:00"
        )
        assert fake.rotations == []


# -- coverage windows and overrides: work done for what the window asks ---------------

WEEK = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _window(start: int, end: int) -> dict[str, Any]:
    return {"Start": hm(start // 60 % 24, start % 60), "End": hm(end // 60 % 24, end % 60)}


def test_overlapping_coverage_windows_list_as_the_stretch_they_cover() -> None:
    # 1,440 half-hour windows a minute apart cover the day from 00:00 to 24:30, which
    # is the whole week without a gap: the same as one window of a whole day.
    many = {day: [_window(m, m + 30) for m in range(1440)] for day in WEEK}
    whole = {day: [_window(0, 0)] for day in WEEK}
    window = (at("2024-03-25"), at("2024-04-05"))
    start = at("2024-01-01T08:00")
    with_many = listed({**daily(hm(9)), "ShiftCoverages": many}, "Europe/Berlin", start, window)
    with_one = listed({**daily(hm(9)), "ShiftCoverages": whole}, "Europe/Berlin", start, window)
    assert with_many == with_one == listed(daily(hm(9)), "Europe/Berlin", start, window)


def test_a_long_shift_is_cut_into_covered_parts_only_where_the_window_asks() -> None:
    # One shift of 100 months, covered half an hour each hour: 72,000 parts. A month's
    # window lists the parts of that month, the first one whole.
    hourly = {day: [_window(h * 60, h * 60 + 30) for h in range(24)] for day in WEEK}
    recurrence = {**monthly([31], [9], every=100), "ShiftCoverages": hourly}
    start = at("1970-01-01")
    window = (at("1975-03-10T12:15"), at("1975-04-10T12:15"))
    parts = listed(recurrence, "UTC", start, window)
    assert parts[0][:2] == (at("1975-03-10T12:00"), at("1975-03-10T12:30"))
    assert parts[-1][:2] == (at("1975-04-10T12:00"), at("1975-04-10T12:30"))
    assert len(parts) == 31 * 24 + 1
    assert all(b - a == datetime.timedelta(minutes=30) for a, b, _ in parts)


def test_a_covered_stretch_through_midnights_keeps_its_start_before_the_window() -> None:
    # Covered from Monday 22:00 to Thursday 06:00 (windows that touch at midnight): a
    # window opening on Wednesday lists the stretch from Monday.
    coverage = {
        "MON": [_window(22 * 60, 0)],
        "TUE": [_window(0, 0)],
        "WED": [_window(0, 0)],
        "THU": [_window(0, 6 * 60)],
    }
    recurrence = {**monthly([1], [0], every=100), "ShiftCoverages": coverage}
    window = (at("2024-03-06T12:00"), at("2024-03-06T13:00"))  # a Wednesday
    assert listed(recurrence, "UTC", at("2024-01-01"), window) == [
        (at("2024-03-04T22:00"), at("2024-03-07T06:00"), "a")
    ]


def _naively(
    regular: list[_shifts.ShiftRecord], overrides: list[_shifts.Override]
) -> list[tuple[Any, ...]]:
    """Every stretch between two edges takes the last override over it, merged after."""
    out: list[tuple[Any, ...]] = []
    for record in regular:
        edges = sorted(
            {record.start, record.end}
            | {t for o in overrides for t in (o.start, o.end) if record.start < t < record.end}
        )
        for a, b in zip(edges, edges[1:]):
            over = [o for o in overrides if o.start <= a and o.end >= b]
            row = (
                (a, b, over[-1].contacts, record.contacts)
                if over
                else (a, b, record.contacts, None)
            )
            if out and out[-1][1] == a and out[-1][2:] == row[2:]:
                out[-1] = (out[-1][0], b, *row[2:])
            else:
                out.append(row)
    return out


def test_an_override_over_the_whole_shift_hides_every_earlier_one() -> None:
    recurrence = daily(*[hm(h) for h in range(24)])
    overrides = [
        _shifts.Override(
            at("2024-03-01") + i * datetime.timedelta(minutes=37), at("2024-04-01"), (m,)
        )
        for i, m in enumerate(["b", "c", "d", "e"] * 50)
    ]
    # Part-hour overrides after them still cut the shifts they fall in.
    overrides.append(_shifts.Override(at("2024-03-10T05:10"), at("2024-03-10T05:20"), ("a",)))
    overrides.append(_shifts.Override(at("2024-03-10T06:50"), at("2024-03-10T08:20"), ("c",)))
    window = (at("2024-03-10T04:00"), at("2024-03-10T09:00"))

    def records(with_overrides: list[_shifts.Override]) -> list[Any]:
        rotation = _shifts.Recurrence(recurrence, _shifts.zone("UTC"), at("2024-01-01"))
        return [
            record
            for _, record in _shifts.shifts(
                members=MEMBERS,
                on_call=1,
                recurrence=rotation,
                coverage=None,
                overrides=with_overrides,
                window_start=window[0],
                window_end=window[1],
            )
        ]

    listed_rows = [(r.start, r.end, r.contacts, r.overridden) for r in records(overrides)]
    assert listed_rows == _naively(records([]), overrides)
    assert (at("2024-03-10T05:10"), at("2024-03-10T05:20"), ("a",)) in [
        row[:3] for row in listed_rows
    ]
