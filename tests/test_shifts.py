"""Rotation shifts: hand-offs in local time, coverage, overrides, windows and paging.

Most tables are checked twice, through ListRotationShifts on a stored rotation and
through ListPreviewRotationShifts with the same inputs, since both must compute the
same shifts.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo

import boto3
import pytest

import helpers
from helpers import DAILY_AT_9, T0, aliases, arn, engage, error_of, escalation, person
from output_shapes import assert_matches_output
from pytest_ssmcontacts import SSMContacts

UTC = datetime.timezone.utc
CONTACT = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/"
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI")

pytestmark = pytest.mark.ssm_contacts(
    contacts=["a", "b", "c", "d", "e"], start_time="2024-01-01T00:00:00Z"
)

# (start, end, contacts joined by ",", Type, overridden contacts or None)
Row = tuple[datetime.datetime, datetime.datetime, str, str, Optional[str]]
Override = tuple[Sequence[str], datetime.datetime, datetime.datetime]
Lister = Callable[..., list[Row]]


def at(text: str) -> datetime.datetime:
    """A UTC instant written as '2024-01-01 09:00'."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def hm(hour: int, minute: int = 0) -> dict[str, int]:
    return {"HourOfDay": hour, "MinuteOfHour": minute}


def daily(*times: dict[str, int], on_call: int = 1, every: int = 1) -> dict[str, Any]:
    return {
        "NumberOfOnCalls": on_call,
        "RecurrenceMultiplier": every,
        "DailySettings": list(times),
    }


def regular(start: str, end: str, who: str) -> Row:
    return (at(start), at(end), who, "REGULAR", None)


def overridden(start: str, end: str, who: str, replaced: str) -> Row:
    return (at(start), at(end), who, "OVERRIDDEN", replaced)


def _who(contact_ids: Sequence[str]) -> str:
    return ",".join(c.removeprefix(CONTACT) for c in contact_ids)


def _row(shift: dict[str, Any]) -> Row:
    details = shift.get("ShiftDetails")
    return (
        shift["StartTime"].astimezone(UTC),
        shift["EndTime"].astimezone(UTC),
        _who(shift["ContactIds"]),
        shift["Type"],
        None if details is None else _who(details["OverriddenContactIds"]),
    )


@pytest.fixture
def client(ssm_contacts: SSMContacts) -> Any:
    return boto3.client("ssm-contacts")


def _create(
    client: Any,
    *,
    members: Sequence[str],
    time_zone: str,
    recurrence: dict[str, Any],
    start: datetime.datetime,
    overrides: Sequence[Override] = (),
    fake: SSMContacts | None = None,
) -> str:
    arn: str = client.create_rotation(
        Name="rotation",
        ContactIds=[CONTACT + m for m in members],
        TimeZoneId=time_zone,
        Recurrence=recurrence,
        StartTime=start,
    )["RotationArn"]
    for who, o_start, o_end in overrides:
        client.create_rotation_override(
            RotationId=arn,
            NewContactIds=[CONTACT + m for m in who],
            StartTime=o_start,
            EndTime=o_end,
        )
        if fake is not None:
            # Distinct CreateTimes, so "latest wins" is about time and not list order.
            fake.clock.advance(minutes=1)
    return arn


@pytest.fixture(params=["ListRotationShifts", "ListPreviewRotationShifts"])
def list_shifts(request: pytest.FixtureRequest, client: Any, ssm_contacts: SSMContacts) -> Lister:
    """Shifts of a rotation given by members' aliases, computed by the parametrized operation."""
    operation: str = request.param

    def run(
        *,
        members: Sequence[str],
        time_zone: str,
        recurrence: dict[str, Any],
        start: datetime.datetime,
        window: tuple[datetime.datetime, datetime.datetime],
        overrides: Sequence[Override] = (),
    ) -> list[Row]:
        if operation == "ListRotationShifts":
            arn = _create(
                client,
                members=members,
                time_zone=time_zone,
                recurrence=recurrence,
                start=start,
                overrides=overrides,
                fake=ssm_contacts,
            )
            response = client.list_rotation_shifts(
                RotationId=arn, StartTime=window[0], EndTime=window[1]
            )
        else:
            response = client.list_preview_rotation_shifts(
                RotationStartTime=start,
                StartTime=window[0],
                EndTime=window[1],
                Members=[CONTACT + m for m in members],
                TimeZoneId=time_zone,
                Recurrence=recurrence,
                Overrides=[
                    {"NewMembers": [CONTACT + m for m in who], "StartTime": s, "EndTime": e}
                    for who, s, e in overrides
                ],
            )
        assert_matches_output(client, operation, response)
        assert "NextToken" not in response
        return [_row(shift) for shift in response["RotationShifts"]]

    return run


def _assert_round_robin_tiling(rows: list[Row], members: Sequence[str]) -> None:
    """Without coverage, shifts follow each other without gaps or overlaps, in turn."""
    for row in rows:
        assert row[0] < row[1], row
    for before, after in zip(rows, rows[1:]):
        assert before[1] == after[0], (before, after)
        assert members.index(after[2]) == (members.index(before[2]) + 1) % len(members)


# -- the worked examples of the behaviour spec --------------------------------------------


def test_example_a_daily_rotation(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-01 09:00"),
        window=(at("2024-01-01 09:00"), at("2024-01-05 09:00")),
    )
    assert rows == [
        regular("2024-01-01 09:00", "2024-01-02 09:00", "a"),
        regular("2024-01-02 09:00", "2024-01-03 09:00", "b"),
        regular("2024-01-03 09:00", "2024-01-04 09:00", "c"),
        regular("2024-01-04 09:00", "2024-01-05 09:00", "a"),
    ]


def test_example_a_two_day_shifts_of_two_people_wrap_around(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b", "c", "d", "e"],
        time_zone="UTC",
        recurrence=daily(hm(8), on_call=2, every=2),
        start=at("2024-01-01 08:00"),
        window=(at("2024-01-01 08:00"), at("2024-01-09 08:00")),
    )
    assert rows == [
        regular("2024-01-01 08:00", "2024-01-03 08:00", "a,b"),
        regular("2024-01-03 08:00", "2024-01-05 08:00", "c,d"),
        regular("2024-01-05 08:00", "2024-01-07 08:00", "e,a"),
        regular("2024-01-07 08:00", "2024-01-09 08:00", "b,c"),
    ]


EXAMPLE_B_RECURRENCE: dict[str, Any] = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "WeeklySettings": [{"DayOfWeek": "MON", "HandOffTime": hm(9)}],
    "ShiftCoverages": {day: [{"Start": hm(9), "End": hm(17)}] for day in WEEKDAYS},
}
EXAMPLE_B_OVERRIDE: Override = (["c"], at("2024-03-13 15:00"), at("2024-03-13 19:00"))
EXAMPLE_B_WINDOW = (at("2024-03-04 14:00"), at("2024-03-16 00:00"))
EXAMPLE_B = [
    regular("2024-03-04 14:00", "2024-03-04 22:00", "a"),
    regular("2024-03-05 14:00", "2024-03-05 22:00", "a"),
    regular("2024-03-06 14:00", "2024-03-06 22:00", "a"),
    regular("2024-03-07 14:00", "2024-03-07 22:00", "a"),
    regular("2024-03-08 14:00", "2024-03-08 22:00", "a"),
    # US daylight-saving time starts on Sunday 03-10: 09:00 local is now 13:00Z.
    regular("2024-03-11 13:00", "2024-03-11 21:00", "b"),
    regular("2024-03-12 13:00", "2024-03-12 21:00", "b"),
    regular("2024-03-13 13:00", "2024-03-13 15:00", "b"),
    overridden("2024-03-13 15:00", "2024-03-13 19:00", "c", "b"),
    regular("2024-03-13 19:00", "2024-03-13 21:00", "b"),
    regular("2024-03-14 13:00", "2024-03-14 21:00", "b"),
    regular("2024-03-15 13:00", "2024-03-15 21:00", "b"),
]


def test_example_b_weekly_business_hours_across_dst_with_an_override(
    list_shifts: Lister,
) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="America/New_York",
        recurrence=EXAMPLE_B_RECURRENCE,
        start=at("2024-03-04 14:00"),
        window=EXAMPLE_B_WINDOW,
        overrides=[EXAMPLE_B_OVERRIDE],
    )
    assert rows == EXAMPLE_B


def test_example_b_deleting_the_override_restores_the_shift(client: Any) -> None:
    arn = _create(
        client,
        members=["a", "b", "c"],
        time_zone="America/New_York",
        recurrence=EXAMPLE_B_RECURRENCE,
        start=at("2024-03-04 14:00"),
        overrides=[EXAMPLE_B_OVERRIDE],
    )
    (override,) = client.list_rotation_overrides(
        RotationId=arn, StartTime=EXAMPLE_B_WINDOW[0], EndTime=EXAMPLE_B_WINDOW[1]
    )["RotationOverrides"]
    client.delete_rotation_override(
        RotationId=arn, RotationOverrideId=override["RotationOverrideId"]
    )
    shifts = client.list_rotation_shifts(
        RotationId=arn, StartTime=EXAMPLE_B_WINDOW[0], EndTime=EXAMPLE_B_WINDOW[1]
    )["RotationShifts"]
    assert [_row(s) for s in shifts] == [
        *EXAMPLE_B[:7],
        regular("2024-03-13 13:00", "2024-03-13 21:00", "b"),
        *EXAMPLE_B[10:],
    ]


def test_preview_reads_members_that_are_not_arns_as_aliases(client: Any) -> None:
    response = client.list_preview_rotation_shifts(
        RotationStartTime=at("2024-03-04 14:00"),
        StartTime=EXAMPLE_B_WINDOW[0],
        EndTime=EXAMPLE_B_WINDOW[1],
        Members=["A", "B", "C"],
        TimeZoneId="America/New_York",
        Recurrence=EXAMPLE_B_RECURRENCE,
        Overrides=[
            {
                "NewMembers": ["C"],
                "StartTime": EXAMPLE_B_OVERRIDE[1],
                "EndTime": EXAMPLE_B_OVERRIDE[2],
            }
        ],
    )
    assert_matches_output(client, "ListPreviewRotationShifts", response)
    assert response["RotationShifts"][0]["ContactIds"] == [f"{CONTACT}A"]
    rows = [_row(shift) for shift in response["RotationShifts"]]
    assert rows == [
        (start, end, who.upper(), kind, None if was is None else was.upper())
        for start, end, who, kind, was in EXAMPLE_B
    ]


def test_preview_defaults_the_window_start_to_the_rotation_start(client: Any) -> None:
    response = client.list_preview_rotation_shifts(
        RotationStartTime=at("2024-01-01 09:00"),
        EndTime=at("2024-01-03 09:00"),
        Members=["A", "B"],
        TimeZoneId="UTC",
        Recurrence=daily(hm(9)),
    )
    assert [_row(s) for s in response["RotationShifts"]] == [
        regular("2024-01-01 09:00", "2024-01-02 09:00", "A"),
        regular("2024-01-02 09:00", "2024-01-03 09:00", "B"),
    ]


# -- daylight-saving time -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "change_day", "length"),
    [
        pytest.param("Europe/Berlin", "2024-03-31", 23, id="berlin-spring-forward"),
        pytest.param("Europe/Berlin", "2024-10-27", 25, id="berlin-fall-back"),
        pytest.param("Australia/Sydney", "2024-04-07", 25, id="sydney-fall-back-april"),
        pytest.param("Australia/Sydney", "2024-10-06", 23, id="sydney-spring-forward-october"),
        pytest.param("America/Santiago", "2024-04-07", 25, id="santiago-fall-back-at-midnight"),
        pytest.param("America/Santiago", "2024-09-08", 23, id="santiago-spring-forward"),
    ],
)
def test_a_daily_hand_off_stays_at_the_same_local_time_across_dst(
    list_shifts: Lister, zone: str, change_day: str, length: int
) -> None:
    tz = ZoneInfo(zone)
    change = datetime.date.fromisoformat(change_day)
    first = datetime.datetime.combine(change - 3 * DAY, datetime.time(9), tzinfo=tz)
    last = datetime.datetime.combine(change + 3 * DAY, datetime.time(9), tzinfo=tz)
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone=zone,
        recurrence=daily(hm(9)),
        start=first.astimezone(UTC),
        window=(first.astimezone(UTC), last.astimezone(UTC)),
    )
    assert len(rows) == 6
    _assert_round_robin_tiling(rows, ["a", "b", "c"])
    for start, end, *_ in rows:
        assert start.astimezone(tz).time() == datetime.time(9)
        expected = length * HOUR if end.astimezone(tz).date() == change else 24 * HOUR
        assert end - start == expected


def test_hand_offs_inside_the_spring_forward_gap_keep_their_order(list_shifts: Lister) -> None:
    # 02:30 does not exist in New York on 2024-03-10; whatever it becomes, it must not
    # hand off after the 03:00 hand-off of the same day, nor skip anybody's turn.
    members = ["a", "b", "c", "d"]
    rows = list_shifts(
        members=members,
        time_zone="America/New_York",
        recurrence=daily(hm(2, 30), hm(3)),
        start=at("2024-03-09 07:30"),
        window=(at("2024-03-09 07:30"), at("2024-03-11 12:00")),
    )
    _assert_round_robin_tiling(rows, members)
    assert rows[0][0] == at("2024-03-09 07:30")
    assert rows[-1][1] > at("2024-03-11 12:00")


# -- recurrences ----------------------------------------------------------------------


def test_monthly_day_31_hands_off_on_the_last_day_of_shorter_months(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "MonthlySettings": [{"DayOfMonth": 31, "HandOffTime": hm(9)}],
        },
        start=at("2024-01-31 09:00"),
        window=(at("2024-01-31 09:00"), at("2024-06-01 00:00")),
    )
    assert rows == [
        regular("2024-01-31 09:00", "2024-02-29 09:00", "a"),
        regular("2024-02-29 09:00", "2024-03-31 09:00", "b"),
        regular("2024-03-31 09:00", "2024-04-30 09:00", "c"),
        regular("2024-04-30 09:00", "2024-05-31 09:00", "a"),
        regular("2024-05-31 09:00", "2024-06-30 09:00", "b"),
    ]


def test_monthly_day_29_in_a_february_without_one(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b"],
        time_zone="Europe/Berlin",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "MonthlySettings": [{"DayOfMonth": 29, "HandOffTime": hm(10)}],
        },
        start=at("2023-01-29 09:00"),
        window=(at("2023-01-29 09:00"), at("2023-04-01 00:00")),
    )
    # 10:00 in Berlin: CET (UTC+1) until the end of March, then CEST (UTC+2).
    assert rows == [
        regular("2023-01-29 09:00", "2023-02-28 09:00", "a"),
        regular("2023-02-28 09:00", "2023-03-29 08:00", "b"),
        regular("2023-03-29 08:00", "2023-04-29 08:00", "a"),
    ]


@pytest.mark.parametrize(
    "days",
    [
        pytest.param(((30, 9), (31, 9)), id="two-days-clamped-to-the-same-instant"),
        pytest.param(((30, 10), (31, 8)), id="clamped-day-31-earlier-than-day-30"),
    ],
)
def test_monthly_days_clamped_onto_one_day_keep_everyone_in_turn(
    list_shifts: Lister, days: tuple[tuple[int, int], ...]
) -> None:
    members = ["a", "b", "c", "d"]
    rows = list_shifts(
        members=members,
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "MonthlySettings": [{"DayOfMonth": d, "HandOffTime": hm(h)} for d, h in days],
        },
        start=at("2024-01-01 00:00"),
        window=(at("2024-01-01 00:00"), at("2024-07-01 00:00")),
    )
    _assert_round_robin_tiling(rows, members)


def test_weekly_two_week_shifts_of_two_people_from_three(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 2,
            "RecurrenceMultiplier": 2,
            "WeeklySettings": [{"DayOfWeek": "MON", "HandOffTime": hm(9)}],
        },
        start=at("2024-01-01 09:00"),
        window=(at("2024-01-01 09:00"), at("2024-02-26 09:00")),
    )
    assert rows == [
        regular("2024-01-01 09:00", "2024-01-15 09:00", "a,b"),
        regular("2024-01-15 09:00", "2024-01-29 09:00", "c,a"),
        regular("2024-01-29 09:00", "2024-02-12 09:00", "b,c"),
        regular("2024-02-12 09:00", "2024-02-26 09:00", "a,b"),
    ]


def test_monthly_shifts_of_several_months(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b"],
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 3,
            "MonthlySettings": [{"DayOfMonth": 1, "HandOffTime": hm(0)}],
        },
        start=at("2024-01-01 00:00"),
        window=(at("2024-01-01 00:00"), at("2025-01-01 00:00")),
    )
    assert rows == [
        regular("2024-01-01 00:00", "2024-04-01 00:00", "a"),
        regular("2024-04-01 00:00", "2024-07-01 00:00", "b"),
        regular("2024-07-01 00:00", "2024-10-01 00:00", "a"),
        regular("2024-10-01 00:00", "2025-01-01 00:00", "b"),
    ]


def test_two_hand_offs_a_day(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(20), hm(8)),
        start=at("2024-01-01 08:00"),
        window=(at("2024-01-01 08:00"), at("2024-01-03 08:00")),
    )
    assert rows == [
        regular("2024-01-01 08:00", "2024-01-01 20:00", "a"),
        regular("2024-01-01 20:00", "2024-01-02 08:00", "b"),
        regular("2024-01-02 08:00", "2024-01-02 20:00", "c"),
        regular("2024-01-02 20:00", "2024-01-03 08:00", "a"),
    ]


def test_two_hand_offs_a_day_with_a_multiplier_count_every_hand_off(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(8), hm(20), every=3),
        start=at("2024-01-01 08:00"),
        window=(at("2024-01-01 08:00"), at("2024-01-05 20:00")),
    )
    assert rows == [
        regular("2024-01-01 08:00", "2024-01-02 20:00", "a"),
        regular("2024-01-02 20:00", "2024-01-04 08:00", "b"),
        regular("2024-01-04 08:00", "2024-01-05 20:00", "c"),
    ]


def test_weekly_hand_offs_on_two_weekdays(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b"],
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "WeeklySettings": [
                {"DayOfWeek": "THU", "HandOffTime": hm(17, 30)},
                {"DayOfWeek": "MON", "HandOffTime": hm(9)},
            ],
        },
        start=at("2024-01-01 09:00"),
        window=(at("2024-01-01 09:00"), at("2024-01-15 09:00")),
    )
    assert rows == [
        regular("2024-01-01 09:00", "2024-01-04 17:30", "a"),
        regular("2024-01-04 17:30", "2024-01-08 09:00", "b"),
        regular("2024-01-08 09:00", "2024-01-11 17:30", "a"),
        regular("2024-01-11 17:30", "2024-01-15 09:00", "b"),
    ]


@pytest.mark.parametrize(
    ("every", "expected"),
    [
        pytest.param(
            1,
            [
                regular("2024-01-01 15:00", "2024-01-02 09:00", "a"),
                regular("2024-01-02 09:00", "2024-01-03 09:00", "b"),
                regular("2024-01-03 09:00", "2024-01-04 09:00", "c"),
            ],
            id="daily",
        ),
        pytest.param(
            2,
            [
                regular("2024-01-01 15:00", "2024-01-03 09:00", "a"),
                regular("2024-01-03 09:00", "2024-01-05 09:00", "b"),
            ],
            id="every-two-days",
        ),
    ],
)
def test_a_start_between_hand_offs_makes_a_short_first_shift(
    list_shifts: Lister, every: int, expected: list[Row]
) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(9), every=every),
        start=at("2024-01-01 15:00"),
        window=(at("2024-01-01 00:00"), at("2024-01-03 12:00")),
    )
    assert rows == expected


# -- coverage ---------------------------------------------------------------------------


def test_coverage_windows_past_midnight_split_at_the_hand_off(list_shifts: Lister) -> None:
    night = [{"Start": hm(20), "End": hm(4)}]
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence={**daily(hm(0)), "ShiftCoverages": {"MON": night, "TUE": night}},
        start=at("2024-01-01 00:00"),  # a Monday
        window=(at("2024-01-01 00:00"), at("2024-01-08 00:00")),
    )
    assert rows == [
        regular("2024-01-01 20:00", "2024-01-02 00:00", "a"),
        regular("2024-01-02 00:00", "2024-01-02 04:00", "b"),
        regular("2024-01-02 20:00", "2024-01-03 00:00", "b"),
        regular("2024-01-03 00:00", "2024-01-03 04:00", "c"),
    ]


def test_a_sunday_night_window_covers_monday_morning_but_not_before_the_start(
    list_shifts: Lister,
) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="Asia/Tokyo",
        recurrence={**daily(hm(0)), "ShiftCoverages": {"SUN": [{"Start": hm(22), "End": hm(2)}]}},
        # Monday 2024-01-01 00:00 in Tokyo (UTC+9); the Sunday 22:00 window began earlier.
        start=at("2023-12-31 15:00"),
        window=(at("2023-12-31 00:00"), at("2024-01-08 00:00")),
    )
    assert rows == [
        regular("2023-12-31 15:00", "2023-12-31 17:00", "a"),
        regular("2024-01-07 13:00", "2024-01-07 15:00", "a"),
        regular("2024-01-07 15:00", "2024-01-07 17:00", "b"),
    ]


def test_a_window_from_midnight_to_midnight_covers_the_whole_day(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b"],
        time_zone="UTC",
        recurrence={**daily(hm(9)), "ShiftCoverages": {"WED": [{"Start": hm(0), "End": hm(0)}]}},
        start=at("2024-01-01 09:00"),
        window=(at("2024-01-01 09:00"), at("2024-01-08 09:00")),
    )
    assert rows == [
        regular("2024-01-03 00:00", "2024-01-03 09:00", "b"),
        regular("2024-01-03 09:00", "2024-01-04 00:00", "a"),
    ]


# -- overrides -------------------------------------------------------------------------


def test_an_override_across_a_hand_off_replaces_each_shift_it_touches(
    list_shifts: Lister,
) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-01 09:00"),
        window=(at("2024-01-01 09:00"), at("2024-01-03 09:00")),
        overrides=[(["c"], at("2024-01-01 21:00"), at("2024-01-02 21:00"))],
    )
    assert rows == [
        regular("2024-01-01 09:00", "2024-01-01 21:00", "a"),
        overridden("2024-01-01 21:00", "2024-01-02 09:00", "c", "a"),
        overridden("2024-01-02 09:00", "2024-01-02 21:00", "c", "b"),
        regular("2024-01-02 21:00", "2024-01-03 09:00", "b"),
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            [
                (["b"], at("2024-01-01 10:00"), at("2024-01-01 14:00")),
                (["c"], at("2024-01-01 12:00"), at("2024-01-01 16:00")),
            ],
            [
                regular("2024-01-01 09:00", "2024-01-01 10:00", "a"),
                overridden("2024-01-01 10:00", "2024-01-01 12:00", "b", "a"),
                overridden("2024-01-01 12:00", "2024-01-01 16:00", "c", "a"),
                regular("2024-01-01 16:00", "2024-01-02 09:00", "a"),
            ],
            id="later-override-ends-later",
        ),
        pytest.param(
            [
                (["c"], at("2024-01-01 12:00"), at("2024-01-01 16:00")),
                (["b"], at("2024-01-01 10:00"), at("2024-01-01 14:00")),
            ],
            [
                regular("2024-01-01 09:00", "2024-01-01 10:00", "a"),
                overridden("2024-01-01 10:00", "2024-01-01 14:00", "b", "a"),
                overridden("2024-01-01 14:00", "2024-01-01 16:00", "c", "a"),
                regular("2024-01-01 16:00", "2024-01-02 09:00", "a"),
            ],
            id="later-override-starts-earlier",
        ),
        pytest.param(
            [
                (["b"], at("2024-01-01 10:00"), at("2024-01-01 16:00")),
                (["c"], at("2024-01-01 12:00"), at("2024-01-01 13:00")),
            ],
            [
                regular("2024-01-01 09:00", "2024-01-01 10:00", "a"),
                overridden("2024-01-01 10:00", "2024-01-01 12:00", "b", "a"),
                overridden("2024-01-01 12:00", "2024-01-01 13:00", "c", "a"),
                overridden("2024-01-01 13:00", "2024-01-01 16:00", "b", "a"),
                regular("2024-01-01 16:00", "2024-01-02 09:00", "a"),
            ],
            id="later-override-inside-an-earlier-one",
        ),
    ],
)
def test_where_overrides_overlap_the_latest_created_wins(
    list_shifts: Lister, overrides: list[Override], expected: list[Row]
) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-01 09:00"),
        window=(at("2024-01-01 09:00"), at("2024-01-02 09:00")),
        overrides=overrides,
    )
    assert _joined(rows) == expected


def _joined(rows: list[Row]) -> list[Row]:
    """Rows with neighbours that say the same thing joined into one."""
    joined: list[Row] = []
    for row in rows:
        if joined and joined[-1][1] == row[0] and joined[-1][2:] == row[2:]:
            joined[-1] = (joined[-1][0], *row[1:])
        else:
            joined.append(row)
    return joined


def test_an_override_stays_one_record_where_it_supersedes_another(list_shifts: Lister) -> None:
    # The later override wins from 12:00 to 14:00; the earlier one ending there is no
    # reason to cut the later one's record in two.
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-01 09:00"),
        window=(at("2024-01-01 09:00"), at("2024-01-02 09:00")),
        overrides=[
            (["b"], at("2024-01-01 10:00"), at("2024-01-01 14:00")),
            (["c"], at("2024-01-01 12:00"), at("2024-01-01 16:00")),
        ],
    )
    assert rows == [
        regular("2024-01-01 09:00", "2024-01-01 10:00", "a"),
        overridden("2024-01-01 10:00", "2024-01-01 12:00", "b", "a"),
        overridden("2024-01-01 12:00", "2024-01-01 16:00", "c", "a"),
        regular("2024-01-01 16:00", "2024-01-02 09:00", "a"),
    ]


def test_an_empty_override_leaves_nobody_on_call(
    list_shifts: Lister,
) -> None:
    rows = list_shifts(
        members=["a", "b"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-01 09:00"),
        window=(at("2024-01-01 09:00"), at("2024-01-02 09:00")),
        overrides=[([], at("2024-01-01 12:00"), at("2024-01-01 13:00"))],
    )
    assert rows == [
        regular("2024-01-01 09:00", "2024-01-01 12:00", "a"),
        overridden("2024-01-01 12:00", "2024-01-01 13:00", "", "a"),
        regular("2024-01-01 13:00", "2024-01-02 09:00", "a"),
    ]


def test_an_override_only_replaces_time_that_had_a_regular_shift(list_shifts: Lister) -> None:
    rows = list_shifts(
        members=["a", "b"],
        time_zone="UTC",
        recurrence={
            **daily(hm(9)),
            "ShiftCoverages": {"MON": [{"Start": hm(9), "End": hm(17)}]},
        },
        start=at("2024-01-01 09:00"),  # a Monday
        window=(at("2024-01-01 00:00"), at("2024-01-03 00:00")),
        overrides=[(["b"], at("2024-01-01 16:00"), at("2024-01-02 10:00"))],
    )
    assert rows == [
        regular("2024-01-01 09:00", "2024-01-01 16:00", "a"),
        overridden("2024-01-01 16:00", "2024-01-01 17:00", "b", "a"),
    ]


def test_an_override_before_the_rotation_starts_puts_nobody_on_call(
    list_shifts: Lister,
) -> None:
    rows = list_shifts(
        members=["a", "b"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-02 09:00"),
        window=(at("2024-01-01 00:00"), at("2024-01-03 00:00")),
        overrides=[(["b"], at("2024-01-01 10:00"), at("2024-01-02 10:00"))],
    )
    assert rows == [
        overridden("2024-01-02 09:00", "2024-01-02 10:00", "b", "a"),
        regular("2024-01-02 10:00", "2024-01-03 09:00", "a"),
    ]


def test_on_call_follows_overrides_and_their_deletion(
    client: Any, ssm_contacts: SSMContacts
) -> None:
    arn = _create(
        client,
        members=["a", "b"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-01 09:00"),
        overrides=[(["b"], at("2024-01-01 12:00"), at("2024-01-01 13:00"))],
    )
    noon = at("2024-01-01 12:30")
    assert [c.alias for c in ssm_contacts.on_call(arn, at=noon)] == ["b"]
    (override,) = client.list_rotation_overrides(
        RotationId=arn, StartTime=noon, EndTime=noon + HOUR
    )["RotationOverrides"]
    client.delete_rotation_override(
        RotationId=arn, RotationOverrideId=override["RotationOverrideId"]
    )
    assert [c.alias for c in ssm_contacts.on_call(arn, at=noon)] == ["a"]


# -- windows ----------------------------------------------------------------------------


def test_nobody_is_on_call_before_the_rotation_starts(list_shifts: Lister) -> None:
    kwargs: dict[str, Any] = {
        "members": ["a", "b"],
        "time_zone": "UTC",
        "recurrence": daily(hm(9)),
        "start": at("2024-01-10 09:00"),
    }
    assert list_shifts(**kwargs, window=(at("2024-01-01 00:00"), at("2024-01-10 09:00"))) == []
    assert list_shifts(**kwargs, window=(at("2024-01-01 00:00"), at("2024-01-11 00:00"))) == [
        regular("2024-01-10 09:00", "2024-01-11 09:00", "a"),
    ]


def test_on_call_before_the_start_is_nobody(client: Any, ssm_contacts: SSMContacts) -> None:
    arn = _create(
        client,
        members=["a", "b"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-10 09:00"),
    )
    assert ssm_contacts.on_call(arn, at=at("2024-01-10 08:59")) == []
    assert [c.alias for c in ssm_contacts.on_call(arn, at=at("2024-01-10 09:00"))] == ["a"]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        pytest.param(
            ("2024-01-02 12:00", "2024-01-03 10:00"),
            [
                regular("2024-01-02 09:00", "2024-01-03 09:00", "b"),
                regular("2024-01-03 09:00", "2024-01-04 09:00", "c"),
            ],
            id="unclipped",
        ),
        pytest.param(
            ("2024-01-02 09:00", "2024-01-03 09:00"),
            [regular("2024-01-02 09:00", "2024-01-03 09:00", "b")],
            id="end-exclusive-start-inclusive",
        ),
        pytest.param(
            ("2024-01-02 08:59", "2024-01-02 09:01"),
            [
                regular("2024-01-01 09:00", "2024-01-02 09:00", "a"),
                regular("2024-01-02 09:00", "2024-01-03 09:00", "b"),
            ],
            id="straddling-a-hand-off",
        ),
    ],
)
def test_the_window_selects_overlapping_shifts_without_clipping_them(
    list_shifts: Lister, window: tuple[str, str], expected: list[Row]
) -> None:
    rows = list_shifts(
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-01 09:00"),
        window=(at(window[0]), at(window[1])),
    )
    assert rows == expected


def test_a_window_years_after_the_start(list_shifts: Lister) -> None:
    members = ["a", "b", "c", "d", "e"]
    tz = ZoneInfo("Europe/Berlin")
    start = datetime.datetime(2019, 3, 1, 9, tzinfo=tz)
    rows = list_shifts(
        members=members,
        time_zone="Europe/Berlin",
        recurrence=daily(hm(9)),
        start=start.astimezone(UTC),
        window=(at("2024-07-01 00:00"), at("2024-07-04 00:00")),
    )
    expected = []
    for offset in range(4):
        day = datetime.date(2024, 6, 30) + offset * DAY
        who = members[(day - start.date()).days % len(members)]
        shift_start = datetime.datetime.combine(day, datetime.time(9), tz).astimezone(UTC)
        shift_end = datetime.datetime.combine(day + DAY, datetime.time(9), tz).astimezone(UTC)
        expected.append((shift_start, shift_end, who, "REGULAR", None))
    assert rows == expected


# -- paging ---------------------------------------------------------------------------------


def _paginate(client: Any, operation: str, page_size: int, **params: Any) -> list[Row]:
    rows: list[Row] = []
    pages = 0
    for page in client.get_paginator(operation).paginate(
        **params, PaginationConfig={"PageSize": page_size}
    ):
        assert len(page["RotationShifts"]) <= page_size
        rows.extend(_row(shift) for shift in page["RotationShifts"])
        pages += 1
    assert pages >= len(rows) // page_size
    return rows


@pytest.mark.parametrize("page_size", [1, 2, 3, 5])
def test_paging_through_shifts_gives_the_unpaged_list(client: Any, page_size: int) -> None:
    # Overrides split shifts into several records, so pages also end inside a shift.
    overrides: list[Override] = [
        EXAMPLE_B_OVERRIDE,
        (["a"], at("2024-03-05 15:00"), at("2024-03-05 16:00")),
        (["c"], at("2024-03-05 17:00"), at("2024-03-05 18:00")),
    ]
    members = ["a", "b", "c"]
    arn = _create(
        client,
        members=members,
        time_zone="America/New_York",
        recurrence=EXAMPLE_B_RECURRENCE,
        start=at("2024-03-04 14:00"),
        overrides=overrides,
    )
    window = {"StartTime": at("2024-03-04 14:00"), "EndTime": at("2024-03-30 00:00")}
    unpaged = client.list_rotation_shifts(RotationId=arn, **window)
    expected = [_row(s) for s in unpaged["RotationShifts"]]
    assert len(expected) == 26
    paged = _paginate(client, "list_rotation_shifts", page_size, RotationId=arn, **window)
    assert paged == expected

    preview = _paginate(
        client,
        "list_preview_rotation_shifts",
        page_size,
        RotationStartTime=at("2024-03-04 14:00"),
        Members=[CONTACT + m for m in members],
        TimeZoneId="America/New_York",
        Recurrence=EXAMPLE_B_RECURRENCE,
        Overrides=[
            {"NewMembers": [CONTACT + m for m in who], "StartTime": start, "EndTime": end}
            for who, start, end in overrides
        ],
        **window,
    )
    assert preview == expected


def test_max_results_cuts_pages_and_next_token_resumes(client: Any) -> None:
    arn = _create(
        client,
        members=["a", "b", "c"],
        time_zone="UTC",
        recurrence=daily(hm(9)),
        start=at("2024-01-01 09:00"),
    )
    window = {"StartTime": at("2024-01-01 09:00"), "EndTime": at("2024-01-06 09:00")}
    first = client.list_rotation_shifts(RotationId=arn, MaxResults=3, **window)
    assert_matches_output(client, "ListRotationShifts", first)
    assert [_row(s)[2] for s in first["RotationShifts"]] == ["a", "b", "c"]
    second = client.list_rotation_shifts(
        RotationId=arn, MaxResults=3, NextToken=first["NextToken"], **window
    )
    assert [_row(s)[2] for s in second["RotationShifts"]] == ["a", "b"]
    assert "NextToken" not in second


# -- ONCALL_SCHEDULE contacts in engagements -------------------------------------------


ONCALL = [
    person("alice"),
    person("bob"),
    person("carol"),
    {"alias": "db-oncall", "type": "ONCALL_SCHEDULE", "plan": {"RotationIds": ["db"]}},
    escalation("db-escalation", ("carol", False, 5), ("db-oncall", True, 5)),
]
DB_ROTATION = {
    "name": "db",
    "members": ["bob", "alice"],
    "time_zone": "UTC",
    "recurrence": DAILY_AT_9,
    "start_time": T0,
}


@pytest.mark.ssm_contacts(contacts=ONCALL, rotations=[DB_ROTATION], start_time=T0)
def test_engaging_a_schedule_pages_who_is_on_call_with_their_plan(
    ssm_contacts: SSMContacts,
) -> None:
    engagement = engage(arn("db-oncall"))
    ssm_contacts.assert_paged("bob", channel="sms")
    ssm_contacts.assert_not_paged("alice")
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged("bob", channel="voice")
    (page, _) = ssm_contacts.pages
    assert page.engagement_arn == engagement
    resolutions = helpers.client().list_page_resolutions(PageId=page.arn)["PageResolutions"]
    assert [(r["ContactArn"], r["Type"]) for r in resolutions] == [
        (arn("db-oncall"), "ONCALL_SCHEDULE"),
        (arn("bob"), "PERSONAL"),
    ]


@pytest.mark.ssm_contacts(contacts=ONCALL, rotations=[DB_ROTATION], start_time=T0)
def test_schedule_as_escalation_target_resolves_at_the_stage_time(
    ssm_contacts: SSMContacts,
) -> None:
    # Bob is on call when the engagement starts, alice from the 09:00 hand-off, before
    # the escalation stage that reaches the schedule starts.
    ssm_contacts.clock.set(T0 + datetime.timedelta(days=1) - datetime.timedelta(minutes=2))
    engage(arn("db-escalation"))
    ssm_contacts.assert_paged("carol")
    ssm_contacts.assert_not_paged("alice")
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_not_paged("bob")
    (alice_page,) = ssm_contacts.pages_for("alice")
    resolutions = helpers.client().list_page_resolutions(PageId=alice_page.arn)["PageResolutions"]
    assert resolutions == [
        {"ContactArn": arn("db-escalation"), "Type": "ESCALATION"},
        {"ContactArn": arn("db-oncall"), "Type": "ONCALL_SCHEDULE", "StageIndex": 1},
        {"ContactArn": arn("alice"), "Type": "PERSONAL"},
    ]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], rotations=[DB_ROTATION], start_time=T0)
def test_create_and_update_contact_take_rotation_ids(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    rot = ssm_contacts.rotation("db").arn
    schedule = api.create_contact(
        Alias="sched", Type="ONCALL_SCHEDULE", Plan={"RotationIds": [rot]}
    )["ContactArn"]
    assert api.get_contact(ContactId=schedule)["Plan"]["RotationIds"] == [rot]
    other = api.create_rotation(
        Name="other",
        ContactIds=[arn("alice")],
        TimeZoneId="UTC",
        Recurrence=DAILY_AT_9,
        StartTime=T0,
    )["RotationArn"]
    api.update_contact(ContactId=schedule, Plan={"RotationIds": [rot, other]})
    assert api.get_contact(ContactId=schedule)["Plan"]["RotationIds"] == [rot, other]
    assert aliases(ssm_contacts.on_call("sched")) == ["bob", "alice"]


@pytest.mark.ssm_contacts(contacts=ONCALL, rotations=[DB_ROTATION], start_time=T0)
def test_deleting_a_rotation_member_is_a_conflict_naming_the_rotation(
    ssm_contacts: SSMContacts,
) -> None:
    api = helpers.client()
    with pytest.raises(api.exceptions.ConflictException) as exc:
        api.delete_contact(ContactId=arn("bob"))
    error = error_of(exc)
    assert error["ResourceId"]
    assert error["ResourceType"]
    dependents = [d for e in error["DependentEntities"] for d in e["DependentResourceIds"]]
    assert dependents == [ssm_contacts.rotation("db").arn]


@pytest.mark.ssm_contacts(contacts=ONCALL, rotations=[DB_ROTATION], start_time=T0)
def test_deleting_a_rotation_a_schedule_uses_removes_it_from_the_schedule(
    ssm_contacts: SSMContacts,
) -> None:
    # AWS's API Reference: DeleteRotation deletes the rotation from every on-call
    # schedule it belongs to; it is not refused.
    api = helpers.client()
    api.delete_rotation(RotationId=ssm_contacts.rotation("db").arn)
    assert api.get_contact(ContactId=arn("db-oncall"))["Plan"] == {"RotationIds": []}
    assert ssm_contacts.on_call("db-oncall") == []


# -- shift computation -----------------------------------------------------------------


def shift_table(response: dict[str, Any]) -> list[tuple[str, str, list[str], str]]:
    def utc(when: datetime.datetime) -> str:
        return when.astimezone(helpers.UTC).strftime("%m-%d %H:%M")

    return [
        (
            utc(s["StartTime"]),
            utc(s["EndTime"]),
            [c.rsplit("/", 1)[-1] for c in s["ContactIds"]],
            s["Type"],
        )
        for s in response["RotationShifts"]
    ]


@pytest.mark.ssm_contacts(contacts=["a", "b", "c", "d", "e"], start_time=T0)
def test_worked_example_a_daily(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    rot = api.create_rotation(
        Name="a",
        ContactIds=[arn("a"), arn("b"), arn("c")],
        StartTime=T0,
        TimeZoneId="UTC",
        Recurrence=DAILY_AT_9,
    )["RotationArn"]
    table = shift_table(
        api.list_rotation_shifts(
            RotationId=rot,
            StartTime=T0,
            EndTime=datetime.datetime(2024, 1, 5, 9, tzinfo=helpers.UTC),
        )
    )
    assert table == [
        ("01-01 09:00", "01-02 09:00", ["a"], "REGULAR"),
        ("01-02 09:00", "01-03 09:00", ["b"], "REGULAR"),
        ("01-03 09:00", "01-04 09:00", ["c"], "REGULAR"),
        ("01-04 09:00", "01-05 09:00", ["a"], "REGULAR"),
    ]
    start = datetime.datetime(2024, 1, 1, 8, tzinfo=helpers.UTC)
    two_by_two = api.list_preview_rotation_shifts(
        RotationStartTime=start,
        StartTime=start,
        EndTime=datetime.datetime(2024, 1, 9, 8, tzinfo=helpers.UTC),
        Members=["A", "B", "C", "D", "E"],
        TimeZoneId="UTC",
        Recurrence={
            "NumberOfOnCalls": 2,
            "RecurrenceMultiplier": 2,
            "DailySettings": [{"HourOfDay": 8, "MinuteOfHour": 0}],
        },
    )
    assert [(s[0], s[2]) for s in shift_table(two_by_two)] == [
        ("01-01 08:00", ["A", "B"]),
        ("01-03 08:00", ["C", "D"]),
        ("01-05 08:00", ["E", "A"]),
        ("01-07 08:00", ["B", "C"]),
    ]


@pytest.mark.ssm_contacts(contacts=["a", "b", "c"], start_time="2024-03-04T12:00:00Z")
def test_worked_example_b_weekly_business_hours_dst_and_override(
    ssm_contacts: SSMContacts,
) -> None:
    api = helpers.client()
    weekdays = ["MON", "TUE", "WED", "THU", "FRI"]
    recurrence = {
        "NumberOfOnCalls": 1,
        "RecurrenceMultiplier": 1,
        "WeeklySettings": [
            {"DayOfWeek": "MON", "HandOffTime": {"HourOfDay": 9, "MinuteOfHour": 0}}
        ],
        "ShiftCoverages": {
            day: [
                {
                    "Start": {"HourOfDay": 9, "MinuteOfHour": 0},
                    "End": {"HourOfDay": 17, "MinuteOfHour": 0},
                }
            ]
            for day in weekdays
        },
    }
    start = datetime.datetime(2024, 3, 4, 14, tzinfo=helpers.UTC)
    rot = api.create_rotation(
        Name="b",
        ContactIds=[arn("a"), arn("b"), arn("c")],
        StartTime=start,
        TimeZoneId="America/New_York",
        Recurrence=recurrence,
    )["RotationArn"]
    api.create_rotation_override(
        RotationId=rot,
        NewContactIds=[arn("c")],
        StartTime=datetime.datetime(2024, 3, 13, 15, tzinfo=helpers.UTC),
        EndTime=datetime.datetime(2024, 3, 13, 19, tzinfo=helpers.UTC),
    )
    window = {"StartTime": start, "EndTime": datetime.datetime(2024, 3, 16, tzinfo=helpers.UTC)}
    response = api.list_rotation_shifts(RotationId=rot, **window)
    assert shift_table(response) == [
        ("03-04 14:00", "03-04 22:00", ["a"], "REGULAR"),
        ("03-05 14:00", "03-05 22:00", ["a"], "REGULAR"),
        ("03-06 14:00", "03-06 22:00", ["a"], "REGULAR"),
        ("03-07 14:00", "03-07 22:00", ["a"], "REGULAR"),
        ("03-08 14:00", "03-08 22:00", ["a"], "REGULAR"),
        ("03-11 13:00", "03-11 21:00", ["b"], "REGULAR"),
        ("03-12 13:00", "03-12 21:00", ["b"], "REGULAR"),
        ("03-13 13:00", "03-13 15:00", ["b"], "REGULAR"),
        ("03-13 15:00", "03-13 19:00", ["c"], "OVERRIDDEN"),
        ("03-13 19:00", "03-13 21:00", ["b"], "REGULAR"),
        ("03-14 13:00", "03-14 21:00", ["b"], "REGULAR"),
        ("03-15 13:00", "03-15 21:00", ["b"], "REGULAR"),
    ]
    overridden = response["RotationShifts"][8]
    assert overridden["ShiftDetails"]["OverriddenContactIds"] == [arn("b")]
    preview = api.list_preview_rotation_shifts(
        RotationStartTime=start,
        Members=[arn("a"), arn("b"), arn("c")],
        TimeZoneId="America/New_York",
        Recurrence=recurrence,
        Overrides=[
            {
                "NewMembers": [arn("c")],
                "StartTime": datetime.datetime(2024, 3, 13, 15, tzinfo=helpers.UTC),
                "EndTime": datetime.datetime(2024, 3, 13, 19, tzinfo=helpers.UTC),
            }
        ],
        **window,
    )
    assert preview["RotationShifts"] == response["RotationShifts"]


@pytest.mark.ssm_contacts(contacts=["alice", "bob", "carol"], start_time="2024-03-28T00:00:00Z")
def test_berlin_handoff_stays_at_nine_local_across_dst(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "primary",
        members=["alice", "bob", "carol"],
        time_zone="Europe/Berlin",
        recurrence=DAILY_AT_9,
        start_time="2024-03-29T09:00:00+01:00",
    )
    # CET ends on 2024-03-31: 09:00 local is 08:00Z before and 07:00Z after.
    shifts = helpers.client().list_rotation_shifts(
        RotationId=rot.arn,
        StartTime=datetime.datetime(2024, 3, 29, 8, tzinfo=helpers.UTC),
        EndTime=datetime.datetime(2024, 4, 2, 7, tzinfo=helpers.UTC),
    )
    assert [s[0] for s in shift_table(shifts)] == [
        "03-29 08:00",
        "03-30 08:00",
        "03-31 07:00",
        "04-01 07:00",
    ]
    assert aliases(
        ssm_contacts.on_call(rot, at=datetime.datetime(2024, 3, 31, 7, 30, tzinfo=helpers.UTC))
    ) == ["carol"]
    assert aliases(
        ssm_contacts.on_call(rot, at=datetime.datetime(2024, 3, 31, 6, 59, tzinfo=helpers.UTC))
    ) == ["bob"]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time="2024-04-01T00:00:00Z")
def test_sydney_handoff_stays_at_nine_local_across_dst(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "au",
        members=["alice", "bob"],
        time_zone="Australia/Sydney",
        recurrence=DAILY_AT_9,
        start_time="2024-04-05T09:00:00+11:00",
    )
    # AEDT ends on 2024-04-07: 09:00 local is 22:00Z the day before, then 23:00Z.
    shifts = helpers.client().list_rotation_shifts(
        RotationId=rot.arn,
        StartTime=datetime.datetime(2024, 4, 4, 22, tzinfo=helpers.UTC),
        EndTime=datetime.datetime(2024, 4, 7, 23, tzinfo=helpers.UTC),
    )
    assert [(s[0], s[2]) for s in shift_table(shifts)] == [
        ("04-04 22:00", ["alice"]),
        ("04-05 22:00", ["bob"]),
        ("04-06 23:00", ["alice"]),
    ]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time=T0)
def test_monthly_recurrence(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "monthly",
        members=["alice", "bob"],
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "MonthlySettings": [
                {"DayOfMonth": 1, "HandOffTime": {"HourOfDay": 9, "MinuteOfHour": 0}}
            ],
        },
        start_time=T0,
    )
    assert aliases(
        ssm_contacts.on_call(rot, at=datetime.datetime(2024, 1, 31, tzinfo=helpers.UTC))
    ) == ["alice"]
    assert aliases(
        ssm_contacts.on_call(rot, at=datetime.datetime(2024, 2, 15, tzinfo=helpers.UTC))
    ) == ["bob"]
    assert aliases(
        ssm_contacts.on_call(rot, at=datetime.datetime(2024, 3, 2, tzinfo=helpers.UTC))
    ) == ["alice"]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time=T0)
def test_weekends_outside_coverage_have_nobody_on_call(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "weekdays",
        members=["alice", "bob"],
        time_zone="UTC",
        recurrence={
            **DAILY_AT_9,
            "ShiftCoverages": {
                day: [
                    {
                        "Start": {"HourOfDay": 0, "MinuteOfHour": 0},
                        "End": {"HourOfDay": 23, "MinuteOfHour": 59},
                    }
                ]
                for day in ("MON", "TUE", "WED", "THU", "FRI")
            },
        },
        start_time=T0,
    )
    saturday = datetime.datetime(2024, 1, 6, 12, tzinfo=helpers.UTC)
    assert ssm_contacts.on_call(rot, at=saturday) == []
    assert len(ssm_contacts.on_call(rot, at=saturday - datetime.timedelta(days=1))) == 1
