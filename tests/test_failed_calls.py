"""A call that fails changes nothing but the call log.

Each operation checks and works out everything before it changes state; these pin the
cases that used to change state first (the fuzz run checks every failed call).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import helpers
from fuzzing import CONTACTS, ROTATIONS, snapshot
from helpers import arn, client, engage, error_of
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


# -- errors as AWS sends them ----------------------------------------------------------


def test_unknown_contact_is_resource_not_found_with_modeled_members(
    ssm_contacts: SSMContacts,
) -> None:
    api = helpers.client()
    missing = arn("nobody")
    with pytest.raises(api.exceptions.ResourceNotFoundException) as exc:
        engage(missing, api)
    error = error_of(exc)
    assert error["Code"] == "ResourceNotFoundException"
    assert error["ResourceId"] == missing
    assert error["ResourceType"]
    # The API Reference lists 400 for every modeled error but InternalServerException.
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_an_alias_as_contact_id_is_a_validation_error(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    with pytest.raises(api.exceptions.ValidationException) as exc:
        engage("akuam", api)
    assert error_of(exc)["Reason"] == "FIELD_VALIDATION_FAILED"
    ssm_contacts.assert_not_engaged()


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_server_side_validation_when_the_client_skips_it(ssm_contacts: SSMContacts) -> None:
    api = helpers.client(config=Config(parameter_validation=False))
    with pytest.raises(api.exceptions.ValidationException) as exc:
        api.start_engagement(ContactId=arn("akuam"), Sender="a,b", Subject="s", Content="c")
    error = error_of(exc)
    assert error["Reason"] == "FIELD_VALIDATION_FAILED"
    assert len(error["Fields"]) == 1
    assert error["Fields"][0]["Name"].lower() == "sender"
    assert re.match(
        r"1 validation error detected: Value 'a,b' at '\w+' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: ",
        error["Message"],
    ), error["Message"]

    with pytest.raises(api.exceptions.ValidationException) as exc:
        api.start_engagement(ContactId=arn("akuam"), Sender="a,b", Subject="", Content="c")
    error = error_of(exc)
    assert len(error["Fields"]) == 2
    assert error["Message"].startswith("2 validation errors detected: ")


def test_a_required_member_missing_is_reported_by_the_server(ssm_contacts: SSMContacts) -> None:
    api = helpers.client(config=Config(parameter_validation=False))
    with pytest.raises(api.exceptions.ValidationException) as exc:
        api.start_engagement(ContactId=arn("akuam"), Subject="s", Content="c")
    assert "Member must not be null" in error_of(exc)["Message"]


def test_no_operation_answers_not_supported(ssm_contacts: SSMContacts) -> None:
    api = helpers.client(config=Config(parameter_validation=False))
    names = api.meta.service_model.operation_names
    assert len(names) == 39
    unsupported = []
    for name in names:
        try:
            api._make_api_call(name, {})
        except ClientError as exc:
            error = exc.response["Error"]
            if error.get("Reason") == "UNKNOWN_OPERATION" or "not supported" in error["Message"]:
                unsupported.append(name)
    assert unsupported == []
