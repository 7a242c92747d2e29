"""Rotations, overrides and on-call schedules through the API: every operation, its errors,
and who an engagement of a schedule pages."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import engage
from output_shapes import assert_matches_output
from pytest_ssmcontacts import SSMContacts

UTC = datetime.timezone.utc
PREFIX = "arn:aws:ssm-contacts:us-east-1:123456789012:"
ROTATION_ARN = re.compile(
    r"^arn:aws:ssm-contacts:us-east-1:123456789012:rotation/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MISSING_ROTATION = PREFIX + "rotation/00000000-0000-0000-0000-000000000000"
MISSING_OVERRIDE = "00000000-0000-0000-0000-000000000000"
NOW = datetime.datetime(2024, 1, 1, 8, 0, tzinfo=UTC)

pytestmark = pytest.mark.ssm_contacts(start_time="2024-01-01T08:00:00Z")


def at(text: str) -> datetime.datetime:
    """A UTC instant written as '2024-01-01 09:00'."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def hm(hour: int, minute: int = 0) -> dict[str, int]:
    return {"HourOfDay": hour, "MinuteOfHour": minute}


def daily(hour: int = 9, on_call: int = 1) -> dict[str, Any]:
    return {"NumberOfOnCalls": on_call, "RecurrenceMultiplier": 1, "DailySettings": [hm(hour)]}


def person(fake: SSMContacts, alias: str) -> str:
    """A contact paged by SMS at once, then by e-mail five minutes later."""
    return fake.add_contact(
        alias,
        channels=[
            {"name": "sms", "type": "SMS", "address": "+15005550199"},
            {"name": "mail", "type": "EMAIL", "address": f"{alias}@example.com"},
        ],
        plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}],
                },
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "mail"}}],
                },
            ]
        },
    ).arn


@pytest.fixture
def people(ssm_contacts: SSMContacts) -> list[str]:
    return [person(ssm_contacts, alias) for alias in ("alice", "bob", "carol")]


def _create(client: Any, members: list[str], **params: Any) -> str:
    request: dict[str, Any] = {
        "Name": "primary",
        "ContactIds": members,
        "TimeZoneId": "UTC",
        "Recurrence": daily(),
        "StartTime": at("2023-12-31 09:00"),
        **params,
    }
    response = client.create_rotation(**request)
    assert_matches_output(client, "CreateRotation", response)
    return str(response["RotationArn"])


def _override(client: Any, rotation: str, members: list[str], start: str, end: str) -> str:
    response = client.create_rotation_override(
        RotationId=rotation, NewContactIds=members, StartTime=at(start), EndTime=at(end)
    )
    assert_matches_output(client, "CreateRotationOverride", response)
    return str(response["RotationOverrideId"])


def _error(excinfo: pytest.ExceptionInfo[ClientError], code: str) -> dict[str, Any]:
    response: dict[str, Any] = excinfo.value.response
    assert response["Error"]["Code"] == code, response["Error"]
    return response


def _invalid(excinfo: pytest.ExceptionInfo[ClientError], *words: str) -> None:
    response = _error(excinfo, "ValidationException")
    assert response["Reason"] == "OTHER"
    for word in words:
        assert word in response["Error"]["Message"]


def _schedule(client: Any, alias: str, rotations: list[str]) -> str:
    response = client.create_contact(
        Alias=alias, Type="ONCALL_SCHEDULE", Plan={"RotationIds": rotations}
    )
    assert_matches_output(client, "CreateContact", response)
    return str(response["ContactArn"])


# -- CreateRotation / GetRotation -------------------------------------------------------


def test_create_then_get_echoes_the_rotation(client: Any, people: list[str]) -> None:
    recurrence = {
        "NumberOfOnCalls": 2,
        "RecurrenceMultiplier": 3,
        "WeeklySettings": [
            {"DayOfWeek": "MON", "HandOffTime": hm(9, 30)},
            {"DayOfWeek": "THU", "HandOffTime": hm(17)},
        ],
        "ShiftCoverages": {
            "MON": [{"Start": hm(9), "End": hm(17)}],
            "SAT": [{"Start": hm(22), "End": hm(2)}],
        },
    }
    arn = _create(
        client,
        people,
        TimeZoneId="Australia/Sydney",
        Recurrence=recurrence,
        StartTime=at("2024-01-01 00:00"),
    )
    assert ROTATION_ARN.match(arn)
    response = client.get_rotation(RotationId=arn)
    assert_matches_output(client, "GetRotation", response)
    response.pop("ResponseMetadata")
    assert response == {
        "RotationArn": arn,
        "Name": "primary",
        "ContactIds": people,
        "StartTime": at("2024-01-01 00:00"),
        "TimeZoneId": "Australia/Sydney",
        "Recurrence": recurrence,
    }


def test_create_without_a_start_time_starts_now(client: Any, people: list[str]) -> None:
    arn = client.create_rotation(
        Name="now", ContactIds=people, TimeZoneId="UTC", Recurrence=daily()
    )["RotationArn"]
    assert client.get_rotation(RotationId=arn)["StartTime"] == NOW


def test_create_with_the_same_idempotency_token_creates_one_rotation(
    client: Any, people: list[str]
) -> None:
    first = _create(client, people, IdempotencyToken="token-1")
    second = _create(client, people, IdempotencyToken="token-1")
    assert first == second
    assert len(client.list_rotations()["Rotations"]) == 1


def test_create_with_an_unknown_contact_is_not_found(client: Any, people: list[str]) -> None:
    missing = PREFIX + "contact/nobody"
    with pytest.raises(ClientError) as excinfo:
        _create(client, [people[0], missing])
    response = _error(excinfo, "ResourceNotFoundException")
    assert response["ResourceId"] == missing
    assert response["ResourceType"] == "CONTACT"
    assert client.list_rotations()["Rotations"] == []


def _bad_members(ssm_contacts: SSMContacts, people: list[str]) -> list[tuple[list[str], str]]:
    """Member lists the service refuses, each with a word its message must contain."""
    team = ssm_contacts.add_contact("team", type="ESCALATION", plan={"Stages": []}).arn
    return [([people[0], team], "PERSONAL"), ([people[0], people[0]], "repeat")]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        pytest.param({"TimeZoneId": "Mars/Olympus_Mons"}, ["Mars/Olympus_Mons"], id="unknown-zone"),
        pytest.param({"TimeZoneId": "PST"}, ["PST"], id="abbreviation"),
        pytest.param({"TimeZoneId": "EST"}, ["EST"], id="abbreviation-that-zoneinfo-loads"),
        pytest.param(
            {"Recurrence": {"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1}},
            ["DailySettings"],
            id="no-hand-offs",
        ),
        pytest.param(
            {"Recurrence": {**daily(), "DailySettings": []}},
            ["DailySettings"],
            id="empty-hand-offs",
        ),
        pytest.param(
            {
                "Recurrence": {
                    **daily(),
                    "WeeklySettings": [{"DayOfWeek": "MON", "HandOffTime": hm(9)}],
                }
            },
            ["WeeklySettings"],
            id="two-kinds-of-hand-offs",
        ),
        pytest.param(
            {"Recurrence": daily(on_call=4)}, ["NumberOfOnCalls"], id="more-on-call-than-members"
        ),
        pytest.param(
            {
                "Recurrence": {
                    **daily(),
                    "ShiftCoverages": {"TUE": [{"Start": hm(9), "End": hm(9, 29)}]},
                }
            },
            ["30 minutes"],
            id="short-coverage",
        ),
        pytest.param(
            {
                "Recurrence": {
                    **daily(),
                    "ShiftCoverages": {"FRI": [{"Start": hm(23, 45), "End": hm(0, 10)}]},
                }
            },
            ["30 minutes"],
            id="short-coverage-past-midnight",
        ),
    ],
)
def test_create_rejects(
    client: Any, people: list[str], params: dict[str, Any], words: list[str]
) -> None:
    with pytest.raises(ClientError) as excinfo:
        _create(client, people, **params)
    _invalid(excinfo, *words)
    assert client.list_rotations()["Rotations"] == []


def test_create_rejects_members(client: Any, ssm_contacts: SSMContacts, people: list[str]) -> None:
    for members, word in _bad_members(ssm_contacts, people):
        with pytest.raises(ClientError) as excinfo:
            _create(client, members)
        _invalid(excinfo, word)
    assert client.list_rotations()["Rotations"] == []


@pytest.mark.parametrize(
    "coverage",
    [
        pytest.param([{"Start": hm(9), "End": hm(9, 30)}], id="exactly-30-minutes"),
        pytest.param([{"Start": hm(23, 45), "End": hm(0, 15)}], id="30-minutes-past-midnight"),
        pytest.param([{}], id="all-day-by-default"),
    ],
)
def test_create_accepts_coverage_of_30_minutes_or_more(
    client: Any, people: list[str], coverage: list[dict[str, Any]]
) -> None:
    arn = _create(client, people, Recurrence={**daily(), "ShiftCoverages": {"MON": coverage}})
    assert client.get_rotation(RotationId=arn)["Recurrence"]["ShiftCoverages"] == {"MON": coverage}


@pytest.mark.ssm_contacts(quotas={"rotations": 1})
def test_create_beyond_the_rotations_quota(client: Any, people: list[str]) -> None:
    _create(client, people)
    with pytest.raises(ClientError) as excinfo:
        _create(client, people, Name="second")
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["ServiceCode"] == "ssm-contacts"
    assert response["QuotaCode"]
    assert response["ResourceType"] == "ROTATION"
    assert len(client.list_rotations()["Rotations"]) == 1


def test_get_an_unknown_rotation(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.get_rotation(RotationId=MISSING_ROTATION)
    response = _error(excinfo, "ResourceNotFoundException")
    assert response["ResourceId"] == MISSING_ROTATION
    assert response["ResourceType"] == "ROTATION"


def test_get_with_a_malformed_arn(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.get_rotation(RotationId="primary")
    assert _error(excinfo, "ValidationException")["Reason"] == "FIELD_VALIDATION_FAILED"


# -- UpdateRotation -----------------------------------------------------------------------


def test_update_replaces_the_recurrence_and_keeps_what_is_omitted(
    client: Any, people: list[str]
) -> None:
    arn = _create(client, people, TimeZoneId="Europe/Berlin")
    override = _override(client, arn, [people[2]], "2024-01-02 10:00", "2024-01-02 12:00")
    response = client.update_rotation(RotationId=arn, Recurrence=daily(hour=7, on_call=2))
    assert_matches_output(client, "UpdateRotation", response)
    rotation = client.get_rotation(RotationId=arn)
    assert rotation["Recurrence"] == daily(hour=7, on_call=2)
    assert rotation["ContactIds"] == people
    assert rotation["TimeZoneId"] == "Europe/Berlin"
    assert rotation["StartTime"] == at("2023-12-31 09:00")
    assert rotation["Name"] == "primary"
    kept = client.get_rotation_override(RotationId=arn, RotationOverrideId=override)
    assert kept["NewContactIds"] == [people[2]]


def test_update_replaces_members_zone_and_start(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    client.update_rotation(
        RotationId=arn,
        ContactIds=[people[2], people[0]],
        TimeZoneId="America/Santiago",
        StartTime=at("2024-02-01 13:00"),
        Recurrence=daily(),
    )
    rotation = client.get_rotation(RotationId=arn)
    assert rotation["ContactIds"] == [people[2], people[0]]
    assert rotation["TimeZoneId"] == "America/Santiago"
    assert rotation["StartTime"] == at("2024-02-01 13:00")
    shifts = client.list_rotation_shifts(
        RotationId=arn, StartTime=at("2024-02-01 13:00"), EndTime=at("2024-02-02 14:00")
    )["RotationShifts"]
    # 09:00 in Santiago is 12:00Z in summer: the first hand-off after the start is 02-02.
    assert [(s["ContactIds"], s["StartTime"], s["EndTime"]) for s in shifts] == [
        ([people[2]], at("2024-02-01 13:00"), at("2024-02-02 12:00")),
        ([people[0]], at("2024-02-02 12:00"), at("2024-02-03 12:00")),
    ]


def test_update_checks_on_calls_against_the_kept_members(client: Any, people: list[str]) -> None:
    arn = _create(client, people[:2])
    with pytest.raises(ClientError) as excinfo:
        client.update_rotation(RotationId=arn, Recurrence=daily(on_call=3))
    _invalid(excinfo, "NumberOfOnCalls")
    assert client.get_rotation(RotationId=arn)["Recurrence"] == daily()


def test_update_rejects(client: Any, ssm_contacts: SSMContacts, people: list[str]) -> None:
    arn = _create(client, people)
    with pytest.raises(ClientError) as excinfo:
        client.update_rotation(
            RotationId=arn, ContactIds=[PREFIX + "contact/nobody"], Recurrence=daily()
        )
    _error(excinfo, "ResourceNotFoundException")
    for members, word in _bad_members(ssm_contacts, people):
        with pytest.raises(ClientError) as excinfo:
            client.update_rotation(RotationId=arn, ContactIds=members, Recurrence=daily())
        _invalid(excinfo, word)
    with pytest.raises(ClientError) as excinfo:
        client.update_rotation(RotationId=arn, TimeZoneId="PST", Recurrence=daily())
    _invalid(excinfo, "PST")
    with pytest.raises(ClientError) as excinfo:
        client.update_rotation(RotationId=MISSING_ROTATION, Recurrence=daily())
    _error(excinfo, "ResourceNotFoundException")
    rotation = client.get_rotation(RotationId=arn)
    assert rotation["ContactIds"] == people
    assert rotation["TimeZoneId"] == "UTC"


# -- DeleteRotation -----------------------------------------------------------------------


def test_delete_removes_the_rotation(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    response = client.delete_rotation(RotationId=arn)
    assert_matches_output(client, "DeleteRotation", response)
    for _ in range(2):
        with pytest.raises(ClientError) as excinfo:
            client.get_rotation(RotationId=arn)
        _error(excinfo, "ResourceNotFoundException")
        with pytest.raises(ClientError) as excinfo:
            client.delete_rotation(RotationId=arn)
        _error(excinfo, "ResourceNotFoundException")
    assert client.list_rotations()["Rotations"] == []


def test_deleting_a_rotation_removes_it_from_every_schedule(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    # The API Reference: "If a rotation belongs to more than one on-call schedule, this
    # operation deletes it from all of them."
    doomed = _create(client, people)
    kept = _create(client, people[1:], Name="kept")
    both = _schedule(client, "both", [doomed, kept])
    only = _schedule(client, "only", [doomed])
    response = client.delete_rotation(RotationId=doomed)
    assert_matches_output(client, "DeleteRotation", response)
    assert client.get_contact(ContactId=both)["Plan"] == {"RotationIds": [kept]}
    left = client.get_contact(ContactId=only)
    assert_matches_output(client, "GetContact", left)
    assert left["Plan"] == {"RotationIds": []}
    assert ssm_contacts.contact("only").plan == {"RotationIds": []}
    with pytest.raises(ClientError) as excinfo:
        client.get_rotation(RotationId=doomed)
    _error(excinfo, "ResourceNotFoundException")


def test_a_schedule_left_without_rotations_is_engaged_and_pages_nobody(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    rotation = _create(client, people)
    schedule = _schedule(client, "oncall", [rotation])
    client.delete_rotation(RotationId=rotation)
    assert ssm_contacts.on_call("oncall") == []
    engagement = client.start_engagement(
        ContactId=schedule, Sender="cli", Subject="s", Content="c"
    )["EngagementArn"]
    assert ssm_contacts.engagements[0].arn == engagement
    ssm_contacts.clock.advance(minutes=60)
    assert client.list_pages_by_engagement(EngagementId=engagement)["Pages"] == []
    ssm_contacts.assert_not_paged()
    # The schedule can be given rotations again.
    again = _create(client, people)
    client.update_contact(ContactId=schedule, Plan={"RotationIds": [again]})
    assert client.get_contact(ContactId=schedule)["Plan"] == {"RotationIds": [again]}


def test_an_escalation_through_an_emptied_schedule_goes_on(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    rotation = _create(client, people)
    schedule = _schedule(client, "oncall", [rotation])
    lead = person(ssm_contacts, "lead")
    escalation = client.create_contact(
        Alias="escalation",
        Type="ESCALATION",
        Plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [
                        {"ContactTargetInfo": {"ContactId": schedule, "IsEssential": True}}
                    ],
                },
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ContactTargetInfo": {"ContactId": lead, "IsEssential": False}}],
                },
            ]
        },
    )["ContactArn"]
    client.delete_rotation(RotationId=rotation)
    client.start_engagement(ContactId=escalation, Sender="cli", Subject="s", Content="c")
    ssm_contacts.clock.advance(minutes=4)
    ssm_contacts.assert_not_paged()
    ssm_contacts.clock.advance(minutes=1)
    assert [p.contact_alias for p in ssm_contacts.pages] == ["lead"]


def test_a_schedule_is_created_without_rotations(client: Any, ssm_contacts: SSMContacts) -> None:
    # terraform-provider-aws creates an on-call schedule with an empty plan when it is
    # given no rotation_ids.
    response = client.create_contact(Alias="empty", Type="ONCALL_SCHEDULE", Plan={})
    got = client.get_contact(ContactId=response["ContactArn"])
    assert_matches_output(client, "GetContact", got)
    assert got["Plan"] == {}
    assert ssm_contacts.add_contact("seeded", type="ONCALL_SCHEDULE").plan == {}


@pytest.mark.parametrize(
    "plan", [{"Stages": []}, {"Stages": [], "RotationIds": []}, {"Stages": [], "RotationIds": None}]
)
def test_a_schedule_plan_with_stages_even_empty_is_refused(
    client: Any, ssm_contacts: SSMContacts, people: list[str], plan: dict[str, Any]
) -> None:
    # terraform-provider-aws issue #39758 quotes AWS refusing {"Stages": [], "RotationIds":
    # [...]} for an on-call schedule.
    plan = {k: v for k, v in plan.items() if v is not None}
    if "RotationIds" in plan:
        plan["RotationIds"] = [_create(client, people)]
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(Alias="oncall", Type="ONCALL_SCHEDULE", Plan=plan)
    _invalid(excinfo, "ONCALL SCHEDULE contact cannot have stages in plan")
    assert client.list_contacts(Type="ONCALL_SCHEDULE")["Contacts"] == []
    schedule = _schedule(client, "oncall", [])
    with pytest.raises(ClientError) as excinfo:
        client.update_contact(ContactId=schedule, Plan=plan)
    _invalid(excinfo, "ONCALL SCHEDULE contact cannot have stages in plan")
    with pytest.raises(ValueError, match="ONCALL SCHEDULE contact cannot have stages in plan"):
        ssm_contacts.add_contact("seeded", type="ONCALL_SCHEDULE", plan=plan)


# -- ListRotations ------------------------------------------------------------------------


def test_list_rotations_by_name_with_a_prefix(client: Any, people: list[str]) -> None:
    arns = {name: _create(client, people, Name=name) for name in ("zeta", "prod-1", "alpha")}
    arns["production"] = _create(client, people, Name="production", TimeZoneId="Asia/Seoul")
    response = client.list_rotations()
    assert_matches_output(client, "ListRotations", response)
    assert [r["Name"] for r in response["Rotations"]] == ["alpha", "prod-1", "production", "zeta"]
    assert response["Rotations"][2] == {
        "RotationArn": arns["production"],
        "Name": "production",
        "ContactIds": people,
        "StartTime": at("2023-12-31 09:00"),
        "TimeZoneId": "Asia/Seoul",
        "Recurrence": daily(),
    }
    prefixed = client.list_rotations(RotationNamePrefix="prod")
    assert [r["RotationArn"] for r in prefixed["Rotations"]] == [
        arns["prod-1"],
        arns["production"],
    ]
    assert client.list_rotations(RotationNamePrefix="nothing")["Rotations"] == []


def test_list_rotations_in_pages(client: Any, people: list[str]) -> None:
    names = [f"rotation-{i}" for i in range(5)]
    for name in reversed(names):
        _create(client, people, Name=name)
    first = client.list_rotations(MaxResults=2)
    assert_matches_output(client, "ListRotations", first)
    assert [r["Name"] for r in first["Rotations"]] == names[:2]
    second = client.list_rotations(MaxResults=2, NextToken=first["NextToken"])
    assert [r["Name"] for r in second["Rotations"]] == names[2:4]
    paged = [
        r["Name"]
        for page in client.get_paginator("list_rotations").paginate(
            PaginationConfig={"PageSize": 2}
        )
        for r in page["Rotations"]
    ]
    assert paged == names


# -- ListRotationShifts / ListPreviewRotationShifts ---------------------------------------


def test_list_shifts_starts_now_by_default(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    response = client.list_rotation_shifts(RotationId=arn, EndTime=at("2024-01-02 00:00"))
    assert_matches_output(client, "ListRotationShifts", response)
    assert [(s["ContactIds"], s["StartTime"], s["Type"]) for s in response["RotationShifts"]] == [
        ([people[0]], at("2023-12-31 09:00"), "REGULAR"),
        ([people[1]], at("2024-01-01 09:00"), "REGULAR"),
    ]


@pytest.mark.parametrize("end", ["2024-01-02 00:00", "2024-01-01 23:00"])
def test_list_shifts_needs_the_end_after_the_start(
    client: Any, people: list[str], end: str
) -> None:
    arn = _create(client, people)
    with pytest.raises(ClientError) as excinfo:
        client.list_rotation_shifts(
            RotationId=arn, StartTime=at("2024-01-02 00:00"), EndTime=at(end)
        )
    _invalid(excinfo, "EndTime")


def test_list_shifts_of_an_unknown_rotation(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_rotation_shifts(RotationId=MISSING_ROTATION, EndTime=at("2024-01-02 00:00"))
    _error(excinfo, "ResourceNotFoundException")


@pytest.mark.parametrize(
    ("params", "words"),
    [
        pytest.param({"TimeZoneId": "PST"}, ["PST"], id="abbreviation"),
        pytest.param({"Recurrence": daily(on_call=3)}, ["NumberOfOnCalls"], id="on-calls"),
        pytest.param(
            {"Recurrence": {"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1}},
            ["DailySettings"],
            id="no-hand-offs",
        ),
        pytest.param(
            {"StartTime": at("2024-01-03 00:00"), "EndTime": at("2024-01-02 00:00")},
            ["EndTime"],
            id="window",
        ),
        pytest.param(
            {"Overrides": [{"NewMembers": ["A"], "EndTime": at("2024-01-02 00:00")}]},
            ["Overrides[0]", "StartTime"],
            id="override-without-start",
        ),
        pytest.param(
            {
                "Overrides": [
                    {
                        "NewMembers": ["A"],
                        "StartTime": at("2024-01-02 00:00"),
                        "EndTime": at("2024-01-02 00:00"),
                    }
                ]
            },
            ["Overrides[0]", "EndTime"],
            id="override-ending-at-its-start",
        ),
    ],
)
def test_preview_rejects(client: Any, params: dict[str, Any], words: list[str]) -> None:
    request: dict[str, Any] = {
        "Members": ["A", "B"],
        "TimeZoneId": "UTC",
        "Recurrence": daily(),
        "EndTime": at("2024-01-05 00:00"),
        **params,
    }
    with pytest.raises(ClientError) as excinfo:
        client.list_preview_rotation_shifts(**request)
    _invalid(excinfo, *words)


def test_preview_starts_the_rotation_now_by_default(client: Any) -> None:
    response = client.list_preview_rotation_shifts(
        Members=["A", "B"], TimeZoneId="UTC", Recurrence=daily(), EndTime=at("2024-01-02 12:00")
    )
    assert_matches_output(client, "ListPreviewRotationShifts", response)
    a, b = f"{PREFIX}contact/A", f"{PREFIX}contact/B"
    assert [(s["ContactIds"], s["StartTime"]) for s in response["RotationShifts"]] == [
        ([a], NOW),
        ([b], at("2024-01-01 09:00")),
        ([a], at("2024-01-02 09:00")),
    ]


def test_preview_lists_contact_arns_for_arns_and_aliases(client: Any) -> None:
    # RotationShift.ContactIds holds contact ARNs (the model's pattern): an ARN member is
    # kept, an alias becomes the ARN of that alias in the client's account and region.
    other = "arn:aws:ssm-contacts:eu-west-1:111122223333:contact/pat"
    response = client.list_preview_rotation_shifts(
        Members=[other, "quinn"],
        TimeZoneId="UTC",
        Recurrence=daily(),
        RotationStartTime=at("2024-01-01 09:00"),
        EndTime=at("2024-01-03 09:00"),
        Overrides=[
            {
                "NewMembers": ["quinn"],
                "StartTime": at("2024-01-01 10:00"),
                "EndTime": at("2024-01-01 11:00"),
            }
        ],
    )
    assert_matches_output(client, "ListPreviewRotationShifts", response)
    quinn = f"{PREFIX}contact/quinn"
    assert [
        (s["ContactIds"], s.get("ShiftDetails", {}).get("OverriddenContactIds"))
        for s in response["RotationShifts"]
    ] == [([other], None), ([quinn], [other]), ([other], None), ([quinn], None)]


@pytest.mark.parametrize("member", ["Pat Smith", "arn:aws:sns:us-east-1:123456789012:topic"])
def test_preview_refuses_a_member_that_names_no_contact(client: Any, member: str) -> None:
    for params in (
        {"Members": [member]},
        {
            "Members": ["pat"],
            "Overrides": [
                {
                    "NewMembers": [member],
                    "StartTime": at("2024-01-01 10:00"),
                    "EndTime": at("2024-01-01 11:00"),
                }
            ],
        },
    ):
        with pytest.raises(ClientError) as excinfo:
            client.list_preview_rotation_shifts(
                TimeZoneId="UTC", Recurrence=daily(), EndTime=at("2024-01-03 09:00"), **params
            )
        _invalid(excinfo, member)


def test_no_shift_lists_more_contacts_than_the_model_allows(
    client: Any, ssm_contacts: SSMContacts
) -> None:
    # RotationShift.ContactIds holds at most 25 contacts, while a rotation has up to 30
    # members and an override up to 30 NewContactIds: more than 25 on call at once is
    # refused rather than answered with a record the model does not allow.
    members = [ssm_contacts.add_contact(f"p{i}").arn for i in range(26)]
    with pytest.raises(ClientError) as excinfo:
        client.create_rotation(
            Name="big", ContactIds=members, TimeZoneId="UTC", Recurrence=daily(on_call=26)
        )
    _invalid(excinfo, "NumberOfOnCalls (26) cannot exceed 25")
    with pytest.raises(ClientError) as excinfo:
        client.list_preview_rotation_shifts(
            Members=[f"p{i}" for i in range(26)],
            TimeZoneId="UTC",
            Recurrence=daily(on_call=26),
            EndTime=at("2024-01-03 09:00"),
        )
    _invalid(excinfo, "NumberOfOnCalls (26) cannot exceed 25")
    with pytest.raises(ValueError, match=r"NumberOfOnCalls \(26\) cannot exceed 25"):
        ssm_contacts.add_rotation(
            "big", members=members, time_zone="UTC", recurrence=daily(on_call=26)
        )

    rotation = client.create_rotation(
        Name="big", ContactIds=members, TimeZoneId="UTC", Recurrence=daily(on_call=25)
    )["RotationArn"]
    shifts = client.list_rotation_shifts(RotationId=rotation, EndTime=at("2024-01-03 09:00"))
    assert_matches_output(client, "ListRotationShifts", shifts)
    with pytest.raises(ClientError) as excinfo:
        client.create_rotation_override(
            RotationId=rotation,
            NewContactIds=members,
            StartTime=at("2024-01-02 10:00"),
            EndTime=at("2024-01-02 11:00"),
        )
    _invalid(excinfo, "The number of NewContactIds (26) cannot exceed 25")
    assert (
        client.list_rotation_overrides(
            RotationId=rotation, StartTime=NOW, EndTime=at("2024-02-01 00:00")
        )["RotationOverrides"]
        == []
    )
    with pytest.raises(ValueError, match="cannot exceed 25"):
        ssm_contacts.add_override(
            rotation, members=members, start=at("2024-01-02 10:00"), end=at("2024-01-02 11:00")
        )
    with pytest.raises(ClientError) as excinfo:
        client.list_preview_rotation_shifts(
            Members=[f"p{i}" for i in range(26)],
            TimeZoneId="UTC",
            Recurrence=daily(),
            EndTime=at("2024-01-03 09:00"),
            Overrides=[
                {
                    "NewMembers": [f"p{i}" for i in range(26)],
                    "StartTime": at("2024-01-01 10:00"),
                    "EndTime": at("2024-01-01 11:00"),
                }
            ],
        )
    _invalid(excinfo, "The number of Overrides[0].NewMembers (26) cannot exceed 25")


# -- overrides ----------------------------------------------------------------------------


def test_create_then_get_an_override(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    arn = _create(client, people)
    ssm_contacts.clock.advance(minutes=7)
    override = _override(
        client, arn, [people[2], people[0]], "2024-01-02 10:00", "2024-01-02 12:00"
    )
    assert UUID.match(override)
    response = client.get_rotation_override(RotationId=arn, RotationOverrideId=override)
    assert_matches_output(client, "GetRotationOverride", response)
    response.pop("ResponseMetadata")
    assert response == {
        "RotationOverrideId": override,
        "RotationArn": arn,
        "NewContactIds": [people[2], people[0]],
        "StartTime": at("2024-01-02 10:00"),
        "EndTime": at("2024-01-02 12:00"),
        "CreateTime": NOW + datetime.timedelta(minutes=7),
    }


def test_an_override_may_put_nobody_on_call(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    override = _override(client, arn, [], "2024-01-02 10:00", "2024-01-02 12:00")
    response = client.get_rotation_override(RotationId=arn, RotationOverrideId=override)
    assert response["NewContactIds"] == []


def test_list_overrides_overlapping_the_window_by_start_time(
    client: Any, people: list[str]
) -> None:
    arn = _create(client, people)
    late = _override(client, arn, [people[1]], "2024-01-03 10:00", "2024-01-03 12:00")
    early = _override(client, arn, [people[2]], "2024-01-02 10:00", "2024-01-02 12:00")
    _override(client, arn, [people[0]], "2024-01-10 10:00", "2024-01-10 12:00")

    def listed(start: str, end: str, **params: Any) -> dict[str, Any]:
        response = client.list_rotation_overrides(
            RotationId=arn, StartTime=at(start), EndTime=at(end), **params
        )
        assert_matches_output(client, "ListRotationOverrides", response)
        return dict(response)

    response = listed("2024-01-01 00:00", "2024-01-05 00:00")
    assert response["RotationOverrides"] == [
        {
            "RotationOverrideId": early,
            "NewContactIds": [people[2]],
            "StartTime": at("2024-01-02 10:00"),
            "EndTime": at("2024-01-02 12:00"),
            "CreateTime": NOW,
        },
        {
            "RotationOverrideId": late,
            "NewContactIds": [people[1]],
            "StartTime": at("2024-01-03 10:00"),
            "EndTime": at("2024-01-03 12:00"),
            "CreateTime": NOW,
        },
    ]
    ids = [
        o["RotationOverrideId"]
        for o in listed("2024-01-02 12:00", "2024-01-03 10:00")["RotationOverrides"]
    ]
    assert ids == []
    ids = [
        o["RotationOverrideId"]
        for o in listed("2024-01-02 11:59", "2024-01-03 10:01")["RotationOverrides"]
    ]
    assert ids == [early, late]
    first = listed("2024-01-01 00:00", "2024-01-05 00:00", MaxResults=1)
    assert [o["RotationOverrideId"] for o in first["RotationOverrides"]] == [early]
    second = listed(
        "2024-01-01 00:00", "2024-01-05 00:00", MaxResults=1, NextToken=first["NextToken"]
    )
    assert [o["RotationOverrideId"] for o in second["RotationOverrides"]] == [late]
    assert "NextToken" not in second


def test_delete_an_override(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    override = _override(client, arn, [people[2]], "2024-01-02 10:00", "2024-01-02 12:00")
    response = client.delete_rotation_override(RotationId=arn, RotationOverrideId=override)
    assert_matches_output(client, "DeleteRotationOverride", response)
    for call in (client.get_rotation_override, client.delete_rotation_override):
        with pytest.raises(ClientError) as excinfo:
            call(RotationId=arn, RotationOverrideId=override)
        response = _error(excinfo, "ResourceNotFoundException")
        assert response["ResourceId"] == override
    overrides = client.list_rotation_overrides(
        RotationId=arn, StartTime=at("2024-01-01 00:00"), EndTime=at("2024-02-01 00:00")
    )["RotationOverrides"]
    assert overrides == []


def test_an_unknown_override_or_rotation_is_not_found(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    for call in (client.get_rotation_override, client.delete_rotation_override):
        with pytest.raises(ClientError) as excinfo:
            call(RotationId=arn, RotationOverrideId=MISSING_OVERRIDE)
        assert _error(excinfo, "ResourceNotFoundException")["ResourceType"] == "ROTATION_OVERRIDE"
        with pytest.raises(ClientError) as excinfo:
            call(RotationId=MISSING_ROTATION, RotationOverrideId=MISSING_OVERRIDE)
        assert _error(excinfo, "ResourceNotFoundException")["ResourceType"] == "ROTATION"
    with pytest.raises(ClientError) as excinfo:
        _override(client, MISSING_ROTATION, [], "2024-01-02 10:00", "2024-01-02 12:00")
    _error(excinfo, "ResourceNotFoundException")
    with pytest.raises(ClientError) as excinfo:
        client.list_rotation_overrides(
            RotationId=MISSING_ROTATION, StartTime=NOW, EndTime=at("2024-01-02 00:00")
        )
    _error(excinfo, "ResourceNotFoundException")


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        pytest.param("2024-01-02 10:00", "2024-01-02 10:29", ["30 minutes"], id="short"),
        pytest.param("2024-01-02 10:00", "2024-01-02 09:00", ["EndTime"], id="backwards"),
        pytest.param("2024-07-03 10:00", "2024-07-03 12:00", ["six months"], id="too-far-ahead"),
    ],
)
def test_create_override_rejects_times(
    client: Any, people: list[str], start: str, end: str, words: list[str]
) -> None:
    arn = _create(client, people)
    with pytest.raises(ClientError) as excinfo:
        _override(client, arn, [people[0]], start, end)
    _invalid(excinfo, *words)


def test_overrides_of_exactly_30_minutes_up_to_six_months_ahead(
    client: Any, people: list[str]
) -> None:
    arn = _create(client, people)
    _override(client, arn, [people[0]], "2024-01-02 10:00", "2024-01-02 10:30")
    _override(client, arn, [people[0]], "2024-06-28 10:00", "2024-06-28 12:00")
    # Overrides in the past are history, not planning: nothing limits them.
    _override(client, arn, [people[0]], "2023-01-02 10:00", "2023-01-02 12:00")


def test_create_override_rejects_a_contact_outside_the_rotation(
    client: Any, people: list[str]
) -> None:
    arn = _create(client, people[:2])
    with pytest.raises(ClientError) as excinfo:
        _override(client, arn, [people[0], people[2]], "2024-01-02 10:00", "2024-01-02 12:00")
    _invalid(excinfo, people[2])


@pytest.mark.ssm_contacts(quotas={"overrides_per_rotation": 1})
def test_create_override_beyond_the_quota(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    _override(client, arn, [people[0]], "2024-01-02 10:00", "2024-01-02 12:00")
    with pytest.raises(ClientError) as excinfo:
        _override(client, arn, [people[1]], "2024-01-03 10:00", "2024-01-03 12:00")
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["ResourceId"] == arn
    assert response["ServiceCode"] == "ssm-contacts"
    # Each rotation has its own allowance.
    other = _create(client, people, Name="other")
    _override(client, other, [people[1]], "2024-01-03 10:00", "2024-01-03 12:00")


# -- tags -----------------------------------------------------------------------------------


def test_tags_on_rotations(client: Any, people: list[str]) -> None:
    arn = _create(client, people, Tags=[{"Key": "team", "Value": "db"}])

    def tags() -> dict[str, str]:
        response = client.list_tags_for_resource(ResourceARN=arn)
        assert_matches_output(client, "ListTagsForResource", response)
        return {tag["Key"]: tag["Value"] for tag in response["Tags"]}

    assert tags() == {"team": "db"}
    response = client.tag_resource(
        ResourceARN=arn, Tags=[{"Key": "team", "Value": "web"}, {"Key": "env", "Value": "prod"}]
    )
    assert_matches_output(client, "TagResource", response)
    assert tags() == {"team": "web", "env": "prod"}
    response = client.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert_matches_output(client, "UntagResource", response)
    assert tags() == {"env": "prod"}
    with pytest.raises(ClientError) as excinfo:
        client.list_tags_for_resource(ResourceARN=MISSING_ROTATION)
    _error(excinfo, "ResourceNotFoundException")


# -- on-call schedules ----------------------------------------------------------------------


def test_a_schedule_names_its_rotations(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    schedule = _schedule(client, "oncall", [arn])
    response = client.get_contact(ContactId=schedule)
    assert response["Type"] == "ONCALL_SCHEDULE"
    assert response["Plan"] == {"RotationIds": [arn]}


def test_a_schedule_with_an_unknown_rotation_is_refused(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        _schedule(client, "oncall", [MISSING_ROTATION])
    _invalid(excinfo, MISSING_ROTATION)
    assert client.list_contacts()["Contacts"] == []


def test_engaging_a_schedule_pages_whoever_is_on_call(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    schedule = _schedule(client, "oncall", [_create(client, people)])
    engage(schedule, client)
    ssm_contacts.assert_paged("alice", channel="sms", times=1)
    ssm_contacts.assert_not_paged("bob")
    (page,) = ssm_contacts.pages
    resolutions = client.list_page_resolutions(PageId=page.arn)
    assert_matches_output(client, "ListPageResolutions", resolutions)
    assert resolutions["PageResolutions"] == [
        {"ContactArn": schedule, "Type": "ONCALL_SCHEDULE"},
        {"ContactArn": people[0], "Type": "PERSONAL"},
    ]
    # Alice follows her own plan: e-mail five minutes later.
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged("alice", channel="email", times=1)

    # After the 09:00 hand-off the same schedule reaches Bob.
    ssm_contacts.clock.set(at("2024-01-01 10:00"))
    engage(schedule, client)
    ssm_contacts.assert_paged("bob", channel="sms", times=1)
    ssm_contacts.assert_paged("alice", times=2)


def test_a_schedule_as_an_escalation_target_resolves_at_its_stage_start(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    ssm_contacts.clock.set(at("2024-01-01 08:45"))
    lead = person(ssm_contacts, "lead")
    schedule = _schedule(client, "oncall", [_create(client, people)])
    escalation = client.create_contact(
        Alias="escalation",
        Type="ESCALATION",
        Plan={
            "Stages": [
                {
                    "DurationInMinutes": 30,
                    "Targets": [{"ContactTargetInfo": {"ContactId": lead, "IsEssential": False}}],
                },
                {
                    "DurationInMinutes": 0,
                    "Targets": [
                        {"ContactTargetInfo": {"ContactId": schedule, "IsEssential": False}}
                    ],
                },
            ]
        },
    )["ContactArn"]
    engage(escalation, client)
    ssm_contacts.assert_paged("lead", times=1)
    ssm_contacts.assert_not_paged("alice")

    # Stage 1 starts at 09:15, after Alice handed off to Bob at 09:00.
    ssm_contacts.clock.advance(minutes=30)
    ssm_contacts.assert_not_paged("alice")
    (page,) = [p for p in ssm_contacts.pages if p.contact_alias == "bob"]
    assert page.sent_time == at("2024-01-01 09:15")
    resolutions = client.list_page_resolutions(PageId=page.arn)["PageResolutions"]
    assert resolutions == [
        {"ContactArn": escalation, "Type": "ESCALATION"},
        {"ContactArn": schedule, "Type": "ONCALL_SCHEDULE", "StageIndex": 1},
        {"ContactArn": people[1], "Type": "PERSONAL"},
    ]


def test_a_schedule_with_nobody_on_call_pages_nobody(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    weekend = {**daily(), "ShiftCoverages": {"SAT": [{"Start": hm(0), "End": hm(0)}]}}
    schedule = _schedule(client, "oncall", [_create(client, people, Recurrence=weekend)])
    engagement = engage(schedule, client)  # 2024-01-01 is a Monday
    ssm_contacts.clock.advance(minutes=30)
    ssm_contacts.assert_not_paged()
    assert [e.arn for e in ssm_contacts.engagements] == [engagement]
    pages = client.list_pages_by_engagement(EngagementId=engagement)["Pages"]
    assert pages == []


def test_a_schedule_of_several_rotations_pages_each_person_once(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    alice, bob, carol = people
    first = _create(client, [alice, bob], Name="first")
    second = _create(client, [carol, alice], Name="second", Recurrence=daily(on_call=2))
    engage(_schedule(client, "oncall", [first, second]), client)
    assert [p.contact_alias for p in ssm_contacts.pages] == ["alice", "carol"]


def test_an_override_decides_who_a_schedule_pages(
    client: Any, ssm_contacts: SSMContacts, people: list[str]
) -> None:
    rotation = _create(client, people)
    _override(client, rotation, [people[2]], "2024-01-01 07:00", "2024-01-01 09:00")
    engage(_schedule(client, "oncall", [rotation]), client)
    assert [p.contact_alias for p in ssm_contacts.pages] == ["carol"]


def test_a_rotation_member_cannot_be_deleted(client: Any, people: list[str]) -> None:
    arn = _create(client, people)
    with pytest.raises(ClientError) as excinfo:
        client.delete_contact(ContactId=people[1])
    response = _error(excinfo, "ConflictException")
    assert response["ResourceId"] == people[1]
    assert response["ResourceType"] == "CONTACT"
    assert response["DependentEntities"] == [
        {"RelationType": "ROTATION_MEMBER", "DependentResourceIds": [arn]}
    ]
    client.get_contact(ContactId=people[1])
    client.update_rotation(RotationId=arn, ContactIds=[people[0]], Recurrence=daily())
    client.delete_contact(ContactId=people[1])


# -- the 11 rotation operations --------------------------------------------------------
