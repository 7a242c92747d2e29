"""The ends of the clock's range: no OverflowError, no half-recorded call.

The clock shows any instant from 0001-01-01T00:00Z to 9999-12-31T23:59:59.999Z; work
that would fall due after its last instant never runs. An engagement started in its
last minutes (``start_time="9999-12-31T23:45Z"``) is recorded whole and pages what
falls due before the end; engagements, activation codes and overrides work in its
first minutes (``start_time="0001-01-01T00:10Z"``) too; a move or a time outside the
range is a ValueError that names it.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import client, engage
from pytest_ssmcontacts import mock_ssm_contacts

UTC = datetime.timezone.utc
LAST = "9999-12-31T23:45:00Z"
FIRST = "0001-01-01T00:10:00Z"
PLAN = {
    "Stages": [
        {
            "DurationInMinutes": 30,
            "Targets": [
                {"ChannelTargetInfo": {"ContactChannelId": "sms", "RetryIntervalInMinutes": 30}}
            ],
        },
        {
            "DurationInMinutes": 30,
            "Targets": [
                {"ChannelTargetInfo": {"ContactChannelId": "sms", "RetryIntervalInMinutes": 30}}
            ],
        },
    ]
}
ANA = {
    "alias": "ana",
    "channels": [{"name": "sms", "type": "SMS", "address": "+15550001111"}],
    "plan": PLAN,
}


def test_an_engagement_at_the_last_minutes_of_the_clock() -> None:
    with mock_ssm_contacts(start_time=LAST, contacts=[ANA]) as fake:
        arn = engage(fake.contact("ana"))
        described = client(region_name="us-east-1").describe_engagement(EngagementId=arn)
        assert described["StartTime"] == datetime.datetime(9999, 12, 31, 23, 45, tzinfo=UTC)
        # The first stage pages now; the second would start after the last instant.
        assert len(fake.pages) == 1
        fake.fail_delivery(fake.pages[0])
        fake.clock.set(datetime.datetime.max)
        assert len(fake.pages) == 1
        assert [r.type for r in fake.pages[0].receipts] == ["SENT", "ERROR"]
        assert [e.arn for e in fake.engagements] == [arn]


def test_an_engagement_at_the_first_minutes_of_the_clock() -> None:
    with mock_ssm_contacts(start_time=FIRST, contacts=[ANA]) as fake:
        arn = engage(fake.contact("ana"))
        assert fake.engagements[0].start_time == datetime.datetime(1, 1, 1, 0, 10, tzinfo=UTC)
        fake.clock.advance(minutes=30)
        assert len(fake.pages) == 2
        pages = client(region_name="us-east-1").list_pages_by_engagement(EngagementId=arn)["Pages"]
        assert len(pages) == 2


@pytest.mark.parametrize("start", [FIRST, LAST])
def test_activation_codes_at_either_end(start: str) -> None:
    with mock_ssm_contacts(start_time=start, contacts=["ana"]) as fake:
        api = client(region_name="us-east-1")
        channel = api.create_contact_channel(
            ContactId=fake.contact("ana").arn,
            Name="sms",
            Type="SMS",
            DeliveryAddress={"SimpleAddress": "+15550001111"},
            DeferActivation=True,
        )["ContactChannelArn"]
        for _ in range(5):
            api.send_activation_code(ContactChannelId=channel)
        with pytest.raises(ClientError) as excinfo:
            api.send_activation_code(ContactChannelId=channel)
        assert excinfo.value.response["Error"]["Code"] == "ServiceQuotaExceededException"
        api.activate_contact_channel(
            ContactChannelId=channel, ActivationCode=fake.activation_code(channel)
        )


@pytest.mark.parametrize("start", [FIRST, LAST])
def test_overrides_at_either_end_of_the_clock(start: str) -> None:
    rotation = {
        "name": "team",
        "members": ["ana", "ben"],
        "time_zone": "UTC",
        "start_time": "2024-01-01T09:00:00Z",
        "recurrence": {
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
    }
    with mock_ssm_contacts(start_time=start, contacts=["ana", "ben"], rotations=[rotation]) as fake:
        api = client(region_name="us-east-1")
        arn = fake.rotation("team").arn
        request = {
            "RotationId": arn,
            "NewContactIds": [fake.contact("ben").arn],
            "StartTime": datetime.datetime(2999, 12, 31, 20, tzinfo=UTC),
            "EndTime": datetime.datetime(2999, 12, 31, 23, tzinfo=UTC),
        }
        if start == LAST:
            # Six months ahead of year 9999 is past what Python holds: every start is sooner.
            api.create_rotation_override(**request)
            fake.add_override("team", members=["ben"], start="2030-01-01", end="2030-01-02")
            assert (
                len(
                    api.list_rotation_overrides(
                        RotationId=arn,
                        StartTime=datetime.datetime(2029, 1, 1),
                        EndTime=request["EndTime"],
                    )["RotationOverrides"]
                )
                == 2
            )
        else:
            with pytest.raises(ClientError) as excinfo:
                api.create_rotation_override(**request)
            assert excinfo.value.response["Error"]["Message"] == (
                "Invalid value provided - StartTime must be at most six months ahead"
            )
            with pytest.raises(ValueError, match="six months ahead"):
                fake.add_override("team", members=["ben"], start="2030-01-01", end="2030-01-02")


@pytest.mark.parametrize(
    ("start", "end", "argument", "shown"),
    [
        (datetime.datetime.min, "0001-01-01T01:00Z", "start", "0001-01-01T00:00:00+00:00"),
        ("1969-12-31T23:00Z", "1970-01-01T00:00Z", "start", "1969-12-31T23:00:00+00:00"),
        ("2024-06-01T00:00Z", datetime.datetime.max, "end", "9999-12-31T23:59:59.999000+00:00"),
        ("2999-12-31T23:00Z", "3000-01-01T00:00Z", "end", "3000-01-01T00:00:00+00:00"),
    ],
)
def test_add_override_keeps_to_the_years_the_api_takes(
    start: Any, end: Any, argument: str, shown: str
) -> None:
    rotation = {
        "name": "team",
        "members": ["ana", "ben"],
        "time_zone": "UTC",
        "recurrence": {
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
    }
    with mock_ssm_contacts(
        start_time="2024-01-01T00:00Z", contacts=["ana", "ben"], rotations=[rotation]
    ) as fake:
        with pytest.raises(ValueError) as raised:
            fake.add_override("team", members=["ben"], start=start, end=end)
        assert str(raised.value) == (
            f"add_override(): {argument} must be a time between 1970 and 3000, got {shown}"
        )
        listed = client(region_name="us-east-1").list_rotation_overrides(
            RotationId=fake.rotation("team").arn,
            StartTime=datetime.datetime(1970, 1, 1, tzinfo=UTC),
            EndTime=datetime.datetime(2999, 12, 31, tzinfo=UTC),
        )
        assert listed["RotationOverrides"] == []


def test_advance_past_the_last_instant_is_refused_by_name() -> None:
    with mock_ssm_contacts(start_time=LAST) as fake:
        with pytest.raises(ValueError) as excinfo:
            fake.clock.advance(hours=1)
        assert str(excinfo.value) == (
            "advance(days=0, hours=1, minutes=0, seconds=0) would move the clock past "
            "9999-12-31T23:59:59.999000+00:00, the latest time it can show (it is "
            "9999-12-31T23:45:00+00:00)"
        )
        assert fake.clock.now() == datetime.datetime(9999, 12, 31, 23, 45, tzinfo=UTC)
        fake.clock.advance(minutes=14, seconds=59.999)
        assert fake.clock.now() == datetime.datetime.max.replace(microsecond=999000, tzinfo=UTC)


def test_a_duration_too_long_for_any_clock_is_refused_by_name() -> None:
    with mock_ssm_contacts(start_time="2024-01-01T00:00:00Z") as fake:
        with pytest.raises(ValueError) as excinfo:
            fake.clock.advance(days=1e12)
        assert str(excinfo.value) == (
            "advance(days=1000000000000.0, hours=0, minutes=0, seconds=0) is not a duration "
            "the clock can move by; it shows 0001-01-01T00:00:00+00:00 to "
            "9999-12-31T23:59:59.999000+00:00"
        )
        with pytest.raises(ValueError, match=r"^advance\(days=nan,"):
            fake.clock.advance(days=float("nan"))


def test_set_takes_either_end_of_pythons_range() -> None:
    with mock_ssm_contacts(start_time=datetime.datetime.min) as fake:
        assert fake.clock.now() == datetime.datetime.min.replace(tzinfo=UTC)
        fake.clock.set(datetime.datetime.max)
        assert fake.clock.now().year == 9999


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (
            datetime.datetime(1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=5))),
            "0001-01-01T00:00:00+05:00",
        ),
        (
            datetime.datetime(
                9999, 12, 31, 23, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
            ),
            "9999-12-31T23:00:00-05:00",
        ),
    ],
)
def test_an_offset_beyond_the_range_is_a_value_error_naming_the_argument(
    value: datetime.datetime, shown: str
) -> None:
    expected = (
        f"{shown} is outside the times the clock can show: 0001-01-01T00:00:00+00:00 to "
        "9999-12-31T23:59:59.999000+00:00"
    )
    with pytest.raises(ValueError) as excinfo:
        mock_ssm_contacts(start_time=value)
    assert str(excinfo.value) == f"start_time {expected}"
    with mock_ssm_contacts(start_time="0001-01-01T00:00:00Z") as fake:
        with pytest.raises(ValueError) as excinfo:
            fake.clock.set(value)
        assert str(excinfo.value) == f"when {expected}"
