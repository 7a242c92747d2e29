"""Properties of rotation shifts over random rotations.

A stored rotation and a preview of the same inputs must produce the same shifts, and
every listing must be a proper timeline: sorted, non-overlapping, positive lengths,
each record overlapping the requested window.
"""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from profiles import examples
from pytest_ssmcontacts import mock_ssm_contacts

UTC = datetime.timezone.utc
ALIASES = [f"member-{i:02d}" for i in range(30)]
CONTACT = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/"
DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
ZONES = (
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",  # a half-hour offset, no DST
    "Australia/Sydney",  # southern hemisphere
    "Australia/Lord_Howe",  # half-hour DST shift
    "America/Santiago",  # DST changes at midnight
    "Pacific/Auckland",
    "America/St_Johns",
)
# The clock stands after every generated instant, so no override is too far ahead.
NOW = "2030-01-01T00:00:00Z"


def hand_off() -> st.SearchStrategy[dict[str, int]]:
    return st.builds(
        lambda h, m: {"HourOfDay": h, "MinuteOfHour": m},
        st.integers(0, 23),
        st.sampled_from([0, 15, 30, 45]),
    )


def _coverage_window(start: int, minutes: int) -> dict[str, Any]:
    end = (start + minutes) % (24 * 60)
    return {
        "Start": {"HourOfDay": start // 60, "MinuteOfHour": start % 60},
        "End": {"HourOfDay": end // 60, "MinuteOfHour": end % 60},
    }


coverage_windows = st.lists(
    st.builds(
        _coverage_window,
        st.integers(0, 24 * 4 - 1).map(lambda quarter: quarter * 15),
        st.integers(2, 24 * 4).map(lambda quarters: quarters * 15),  # 30 min to 24 h
    ),
    min_size=1,
    max_size=2,
)

hand_offs = st.one_of(
    st.builds(
        lambda times: {"DailySettings": times},
        st.lists(hand_off(), min_size=1, max_size=3),
    ),
    st.builds(
        lambda entries: {
            "WeeklySettings": [{"DayOfWeek": d, "HandOffTime": t} for d, t in entries]
        },
        st.lists(st.tuples(st.sampled_from(DAYS), hand_off()), min_size=1, max_size=3),
    ),
    st.builds(
        lambda entries: {
            "MonthlySettings": [{"DayOfMonth": d, "HandOffTime": t} for d, t in entries]
        },
        st.lists(st.tuples(st.integers(1, 31), hand_off()), min_size=1, max_size=2),
    ),
)

instants = st.datetimes(
    min_value=datetime.datetime(2024, 1, 1), max_value=datetime.datetime(2025, 12, 31)
).map(lambda t: t.replace(second=0, microsecond=0, tzinfo=UTC))


@st.composite
def rotations(draw: st.DrawFn) -> dict[str, Any]:
    members = draw(st.lists(st.sampled_from(ALIASES), min_size=1, max_size=30, unique=True))
    recurrence: dict[str, Any] = {
        **draw(hand_offs),
        # A shift lists at most 25 contacts (CreateRotation refuses more on call).
        "NumberOfOnCalls": draw(st.integers(1, min(len(members), 25))),
        "RecurrenceMultiplier": draw(st.integers(1, 3)),
    }
    if draw(st.booleans()):
        recurrence["ShiftCoverages"] = draw(
            st.dictionaries(st.sampled_from(DAYS), coverage_windows, min_size=1)
        )
    start = draw(instants)
    # Mostly near the start, sometimes far after it (arithmetic over many periods).
    offset = draw(st.integers(-3 * 1440, 20 * 1440) | st.integers(0, 3 * 365 * 1440))
    window_start = start + datetime.timedelta(minutes=offset)
    # Whole scales minus a little: integer draws favour small values, and short windows
    # hold too few shifts to say much.
    days, minus = draw(st.tuples(st.sampled_from([1, 7, 30, 70]), st.integers(0, 1439)))
    length = days * 1440 - minus
    window_end = window_start + datetime.timedelta(minutes=length)
    overrides = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(members), unique=True, max_size=3),
                st.integers(-1440, length),
                st.integers(30, 4 * 1440),
            ).map(
                lambda o: (
                    o[0],
                    window_start + datetime.timedelta(minutes=o[1]),
                    window_start + datetime.timedelta(minutes=o[1] + o[2]),
                )
            ),
            max_size=4,
        )
    )
    return {
        "members": [CONTACT + alias for alias in members],
        "time_zone": draw(st.sampled_from(ZONES)),
        "recurrence": recurrence,
        "start": start,
        "window": (window_start, window_end),
        "overrides": overrides,
    }


def _all_shifts(client: Any, operation: str, page_size: int, **params: Any) -> list[dict[str, Any]]:
    shifts: list[dict[str, Any]] = []
    pages = client.get_paginator(operation).paginate(
        **params, PaginationConfig={"PageSize": page_size}
    )
    for page in pages:
        shifts.extend(page["RotationShifts"])
    return shifts


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rotation=rotations())
def test_stored_and_previewed_rotations_have_the_same_proper_timeline(
    rotation: dict[str, Any],
) -> None:
    window_start, window_end = rotation["window"]
    with mock_ssm_contacts(contacts=ALIASES, start_time=NOW) as fake:
        client = boto3.client("ssm-contacts")
        arn = client.create_rotation(
            Name="random",
            ContactIds=rotation["members"],
            TimeZoneId=rotation["time_zone"],
            Recurrence=rotation["recurrence"],
            StartTime=rotation["start"],
        )["RotationArn"]
        for members, start, end in rotation["overrides"]:
            client.create_rotation_override(
                RotationId=arn,
                NewContactIds=[CONTACT + m for m in members],
                StartTime=start,
                EndTime=end,
            )
            fake.clock.advance(minutes=1)
        stored = _all_shifts(
            client,
            "list_rotation_shifts",
            7,  # pages that end inside shifts split by coverage and overrides
            RotationId=arn,
            StartTime=window_start,
            EndTime=window_end,
        )
        preview = _all_shifts(
            client,
            "list_preview_rotation_shifts",
            100,
            RotationStartTime=client.get_rotation(RotationId=arn)["StartTime"],
            StartTime=window_start,
            EndTime=window_end,
            Members=rotation["members"],
            TimeZoneId=rotation["time_zone"],
            Recurrence=rotation["recurrence"],
            Overrides=[
                {"NewMembers": [CONTACT + m for m in members], "StartTime": s, "EndTime": e}
                for members, s, e in rotation["overrides"]
            ],
        )
    assert stored == preview

    on_call = rotation["recurrence"]["NumberOfOnCalls"]
    for shift in stored:
        assert shift["StartTime"] < shift["EndTime"], shift
        assert shift["EndTime"] > window_start, shift
        assert shift["StartTime"] < window_end, shift
        assert shift["StartTime"] >= rotation["start"], shift
        if shift["Type"] == "REGULAR":
            assert "ShiftDetails" not in shift, shift
            assert len(shift["ContactIds"]) == on_call, shift
            assert set(shift["ContactIds"]) <= set(rotation["members"]), shift
        else:
            assert len(shift["ShiftDetails"]["OverriddenContactIds"]) == on_call, shift
    for before, after in zip(stored, stored[1:]):
        assert before["EndTime"] <= after["StartTime"], (before, after)
