"""A call that fails changes nothing but the call log.

Each operation checks and works out everything before it changes state; these pin the
cases that used to change state first (the fuzz run checks every failed call).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fuzzing import CONTACTS, ROTATIONS, snapshot
from helpers import client
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts
from pytest_ssmcontacts._errors import invalid
from pytest_ssmcontacts._service import _oncall

UTC = datetime.timezone.utc


@pytest.fixture
def fake() -> Any:
    with mock_ssm_contacts(
        start_time="2024-03-01T08:00:00Z", contacts=CONTACTS, rotations=ROTATIONS
    ) as fake:
        yield fake


def _state(fake: SSMContacts) -> Any:
    return snapshot(fake)


@pytest.mark.parametrize("alias", ["oncall", "escalate"])
def test_an_engagement_that_cannot_be_worked_out_leaves_nothing_behind(
    fake: SSMContacts, monkeypatch: pytest.MonkeyPatch, alias: str
) -> None:
    def unresolvable(*args: Any) -> Any:
        raise invalid("who is on call cannot be worked out")

    before = _state(fake)
    monkeypatch.setattr(_oncall, "on_call", unresolvable)
    with pytest.raises(ClientError) as excinfo:
        client(region_name="us-east-1").start_engagement(
            ContactId=fake.contact(alias).arn, Sender="s", Subject="s", Content="c"
        )
    assert excinfo.value.response["Error"]["Message"] == (
        "Invalid value provided - who is on call cannot be worked out"
    )
    assert _state(fake) == before
    assert fake.engagements == []
    assert fake.pages == []  # the escalation's first, essential target was not paged either
    monkeypatch.undo()
    fake.clock.advance(hours=2)  # and no stage of it was left on the timeline
    assert fake.pages == []
    assert [c.error for c in fake.calls] == ["ValidationException"]


def test_a_failed_update_rotation_changes_nothing(fake: SSMContacts) -> None:
    rotation = fake.rotation("team")
    with pytest.raises(ClientError):
        client(region_name="us-east-1").update_rotation(
            RotationId=rotation.arn,
            ContactIds=[fake.contact("dana").arn],
            TimeZoneId="Europe/London",
            Recurrence={
                "NumberOfOnCalls": 1,
                "RecurrenceMultiplier": 2,
                "WeeklySettings": [
                    {"DayOfWeek": "MON", "HandOffTime": {"HourOfDay": 9, "MinuteOfHour": 0}}
                ],
            },
            StartTime=datetime.datetime(3000, 1, 1, tzinfo=UTC),
        )
    assert fake.rotation("team") == rotation


def test_a_refused_activation_code_changes_nothing(fake: SSMContacts) -> None:
    api = client(region_name="us-east-1")
    channel = fake.contact("akua").channels[0].arn
    for _ in range(5):
        api.send_activation_code(ContactChannelId=channel)
    code = fake.activation_code(channel)
    fake.clock.advance(minutes=59)
    before = _state(fake)
    with pytest.raises(ClientError):
        api.send_activation_code(ContactChannelId=channel)
    assert _state(fake) == before
    assert fake.activation_code(channel) == code
    fake.clock.advance(minutes=2)  # the first five are now more than an hour old
    api.send_activation_code(ContactChannelId=channel)
    assert fake.activation_code(channel) != code
