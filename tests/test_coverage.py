"""Every operation of the model is implemented: none answers "not supported"."""

from __future__ import annotations

import datetime
import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import ACCOUNT, DAILY_AT_9, T0, UUID, arn, client, engage, person
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts
from pytest_ssmcontacts._errors import ServiceError
from pytest_ssmcontacts._model import operation_model, operation_names
from pytest_ssmcontacts._service import Request, dispatch
from pytest_ssmcontacts._service._store import Backend
from valid_values import skeleton


@pytest.mark.parametrize("operation", operation_names())
def test_operation_is_implemented(operation: str) -> None:
    shape = operation_model(operation).input_shape
    params = skeleton(shape) if shape is not None else {}
    with mock_ssm_contacts() as fake:
        status, _, body = fake._serve(
            {"X-Amz-Target": f"SSMContacts.{operation}"}, json.dumps(params), "us-east-1"
        )
    answer = json.loads(body)
    # A well-formed request may still name things that do not exist (404-like errors
    # are fine); what must never come back is the fallback for unknown operations.
    assert answer.get("Reason") != "UNKNOWN_OPERATION", (operation, status, answer)
    assert "not supported" not in answer.get("message", ""), (operation, answer)


def test_an_operation_without_a_handler_says_so() -> None:
    backend = Backend("123456789012")
    request = Request(
        operation="FrobnicateContact",
        params={},
        store=backend.store("us-east-1"),
        backend=backend,
        now=datetime.datetime.now(datetime.timezone.utc),
    )
    with pytest.raises(ServiceError, match="FrobnicateContact is not supported"):
        dispatch(request)


# -- the 28 operations through botocore ------------------------------------------------


def shape_problems(shape: Any, value: Any, path: str) -> list[str]:
    """How a raw JSON value breaks a botocore output shape (the wire, before parsing)."""
    if value is None:
        return [f"{path} is null"]
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path} is not an object"]
        problems = [f"{path}.{m} is missing" for m in shape.required_members if m not in value]
        for name, item in value.items():
            if name not in shape.members:
                problems.append(f"{path}.{name} is not in the model")
            else:
                problems += shape_problems(shape.members[name], item, f"{path}.{name}")
        return problems
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path} is not a list"]
        return [p for i, v in enumerate(value) for p in shape_problems(shape.member, v, path)]
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path} is not a map"]
        return [p for v in value.values() for p in shape_problems(shape.value, v, path)]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path} is not a string"]
        if shape.enum and value not in shape.enum:
            return [f"{path}={value!r} is not in {shape.enum}"]
        return []
    if kind in ("integer", "long"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path} is not an integer"]
    if kind == "timestamp":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{path}={value!r} is not epoch seconds"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path} is not a boolean"]
    return []


@pytest.fixture
def checked(ssm_contacts: SSMContacts) -> Iterator[Any]:
    """A client whose every successful answer is checked against the model's output shape."""
    api = client()
    problems: list[str] = []

    def check(http_response: Any, model: Any, **_: Any) -> None:
        if http_response.status_code != 200:
            return
        body = json.loads(http_response.content or b"{}")
        if model.output_shape is None:
            if body:
                problems.append(f"{model.name}: {body!r} where the model has no output")
            return
        problems.extend(shape_problems(model.output_shape, body, model.name))

    api.meta.events.register("after-call.ssm-contacts", check)
    yield api
    assert problems == []


@pytest.mark.ssm_contacts(start_time=T0)
def test_contact_operations(checked: Any, ssm_contacts: SSMContacts) -> None:
    api = checked
    dana = api.create_contact(
        Alias="dana", DisplayName="Dana", Type="PERSONAL", Plan={"Stages": []}
    )["ContactArn"]
    assert dana == arn("dana")
    api.create_contact(Alias="dba-escalation", Type="ESCALATION", Plan={"Stages": []})
    got = api.get_contact(ContactId=dana)
    assert (got["Alias"], got["DisplayName"], got["Type"]) == ("dana", "Dana", "PERSONAL")
    api.update_contact(ContactId=dana, DisplayName="Dana S")
    assert api.get_contact(ContactId=dana)["DisplayName"] == "Dana S"
    by_prefix = api.list_contacts(AliasPrefix="da")["Contacts"]
    assert [c["Alias"] for c in by_prefix] == ["dana"]
    by_type = api.list_contacts(Type="ESCALATION")["Contacts"]
    assert [c["Alias"] for c in by_type] == ["dba-escalation"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    api.put_contact_policy(ContactArn=dana, Policy=policy)
    assert json.loads(api.get_contact_policy(ContactArn=dana)["Policy"]) == json.loads(policy)
    api.delete_contact(ContactId=dana)
    with pytest.raises(api.exceptions.ResourceNotFoundException):
        api.get_contact(ContactId=dana)


def test_duplicate_alias_is_a_conflict(ssm_contacts: SSMContacts) -> None:
    api = client()
    api.create_contact(Alias="dana", Type="PERSONAL", Plan={"Stages": []})
    with pytest.raises(api.exceptions.ConflictException):
        api.create_contact(Alias="dana", Type="PERSONAL", Plan={"Stages": []})


def test_create_contact_idempotency_returns_the_first_arn(ssm_contacts: SSMContacts) -> None:
    api = client()
    kwargs: dict[str, Any] = {"Alias": "dana", "Type": "PERSONAL", "Plan": {"Stages": []}}
    first = api.create_contact(IdempotencyToken="t", **kwargs)["ContactArn"]
    assert api.create_contact(IdempotencyToken="t", **kwargs)["ContactArn"] == first


def test_an_oncall_schedule_with_stages_is_a_validation_error(ssm_contacts: SSMContacts) -> None:
    api = client()
    with pytest.raises(api.exceptions.ValidationException):
        api.create_contact(
            Alias="sched",
            Type="ONCALL_SCHEDULE",
            Plan={"Stages": [{"DurationInMinutes": 5, "Targets": []}]},
        )


def test_unknown_resources_are_not_found(ssm_contacts: SSMContacts) -> None:
    api = client()
    channel = f"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:contact-channel/x/{uuid.uuid4()}"
    engagement = f"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:engagement/x/{uuid.uuid4()}"
    page = f"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:page/x/{uuid.uuid4()}"
    rotation = f"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:rotation/{uuid.uuid4()}"
    calls: list[tuple[str, dict[str, Any]]] = [
        ("get_contact", {"ContactId": arn("x")}),
        ("update_contact", {"ContactId": arn("x"), "DisplayName": "X"}),
        ("delete_contact", {"ContactId": arn("x")}),
        ("get_contact_policy", {"ContactArn": arn("x")}),
        ("get_contact_channel", {"ContactChannelId": channel}),
        ("list_contact_channels", {"ContactId": arn("x")}),
        ("delete_contact_channel", {"ContactChannelId": channel}),
        ("describe_engagement", {"EngagementId": engagement}),
        ("stop_engagement", {"EngagementId": engagement}),
        ("list_pages_by_engagement", {"EngagementId": engagement}),
        ("describe_page", {"PageId": page}),
        ("list_page_receipts", {"PageId": page}),
        ("list_page_resolutions", {"PageId": page}),
        ("accept_page", {"PageId": page, "AcceptType": "READ", "AcceptCode": "123456"}),
        ("list_tags_for_resource", {"ResourceARN": arn("x")}),
        ("get_rotation", {"RotationId": rotation}),
        ("list_rotation_shifts", {"RotationId": rotation, "EndTime": T0}),
        (
            "create_rotation",
            {
                "Name": "r",
                "ContactIds": [arn("x")],
                "TimeZoneId": "UTC",
                "Recurrence": DAILY_AT_9,
            },
        ),
    ]
    found = []
    for name, params in calls:
        try:
            getattr(api, name)(**params)
        except api.exceptions.ResourceNotFoundException:
            continue
        except ClientError as exc:
            found.append(f"{name}: {exc.response['Error']['Code']}")
        else:
            found.append(f"{name}: success")
    assert found == []


@pytest.mark.ssm_contacts(start_time=T0)
def test_channel_operations(checked: Any, ssm_contacts: SSMContacts) -> None:
    api = checked
    dana = api.create_contact(Alias="dana", Type="PERSONAL", Plan={"Stages": []})["ContactArn"]
    phone = api.create_contact_channel(
        ContactId=dana, Name="phone", Type="SMS", DeliveryAddress={"SimpleAddress": "+15005550199"}
    )["ContactChannelArn"]
    assert re.fullmatch(
        rf"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:contact-channel/dana/{UUID}", phone
    )
    api.send_activation_code(ContactChannelId=phone)
    api.activate_contact_channel(
        ContactChannelId=phone, ActivationCode=ssm_contacts.activation_code(phone)
    )
    api.update_contact_channel(ContactChannelId=phone, Name="mobile")
    got = api.get_contact_channel(ContactChannelId=phone)
    assert (got["Name"], got["Type"], got["ActivationStatus"]) == ("mobile", "SMS", "ACTIVATED")
    assert got["DeliveryAddress"] == {"SimpleAddress": "+15005550199"}
    listed = api.list_contact_channels(ContactId=dana)["ContactChannels"]
    assert [c["ContactChannelArn"] for c in listed] == [phone]
    api.deactivate_contact_channel(ContactChannelId=phone)
    assert api.get_contact_channel(ContactChannelId=phone)["ActivationStatus"] == "NOT_ACTIVATED"
    api.delete_contact_channel(ContactChannelId=phone)
    assert api.list_contact_channels(ContactId=dana)["ContactChannels"] == []


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_engagement_and_page_operations(checked: Any, ssm_contacts: SSMContacts) -> None:
    api = checked
    engagement = api.start_engagement(
        ContactId=arn("akuam"),
        Sender="cli",
        Subject="Disk full",
        Content="db-01",
        PublicSubject="Disk",
        PublicContent="db",
        IncidentId="incident-1",
    )["EngagementArn"]
    ssm_contacts.clock.advance(minutes=1)
    other = engage(arn("akuam"), api)
    described = api.describe_engagement(EngagementId=engagement)
    assert (described["ContactArn"], described["Subject"], described["PublicSubject"]) == (
        arn("akuam"),
        "Disk full",
        "Disk",
    )
    everything = api.list_engagements()["Engagements"]
    assert {e["EngagementArn"] for e in everything} == {engagement, other}
    by_incident = api.list_engagements(IncidentId="incident-1")["Engagements"]
    assert [e["EngagementArn"] for e in by_incident] == [engagement]
    in_range = api.list_engagements(
        TimeRangeValue={
            "StartTime": T0 + datetime.timedelta(seconds=30),
            "EndTime": T0 + datetime.timedelta(minutes=2),
        }
    )["Engagements"]
    assert [e["EngagementArn"] for e in in_range] == [other]

    pages = api.list_pages_by_engagement(EngagementId=engagement)["Pages"]
    assert len(pages) == 1
    page = pages[0]["PageArn"]
    assert {p["PageArn"] for p in api.list_pages_by_contact(ContactId=arn("akuam"))["Pages"]} == {
        p.arn for p in ssm_contacts.pages
    }
    described_page = api.describe_page(PageId=page)
    assert (described_page["Subject"], described_page["EngagementArn"]) == ("Disk full", engagement)
    assert described_page["SentTime"] == T0
    api.accept_page(
        PageId=page,
        AcceptType="READ",
        AcceptCode=ssm_contacts.accept_code(page),
        AcceptCodeValidation="ENFORCE",
        Note="on it",
    )
    receipts = api.list_page_receipts(PageId=page)["Receipts"]
    assert {r["ReceiptType"] for r in receipts} == {"SENT", "DELIVERED", "READ"}
    resolutions = api.list_page_resolutions(PageId=page)["PageResolutions"]
    assert resolutions == [{"ContactArn": arn("akuam"), "Type": "PERSONAL"}]
    api.stop_engagement(EngagementId=engagement, Reason="done")
    assert "StopTime" in api.describe_engagement(EngagementId=engagement)


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_tag_operations(checked: Any, ssm_contacts: SSMContacts) -> None:
    api = checked
    api.tag_resource(
        ResourceARN=arn("akuam"),
        Tags=[{"Key": "team", "Value": "db"}, {"Key": "tier", "Value": "1"}],
    )
    api.untag_resource(ResourceARN=arn("akuam"), TagKeys=["tier"])
    assert api.list_tags_for_resource(ResourceARN=arn("akuam"))["Tags"] == [
        {"Key": "team", "Value": "db"}
    ]
    assert ssm_contacts.contact("akuam").tags == {"team": "db"}


@pytest.mark.ssm_contacts(contacts=[f"c{i:02d}" for i in range(7)])
def test_list_operations_paginate_with_botocore_paginators(ssm_contacts: SSMContacts) -> None:
    api = client()
    paginator = api.get_paginator("list_contacts")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 3}))
    assert [len(p["Contacts"]) for p in pages] == [3, 3, 1]
    seen = [c["Alias"] for p in pages for c in p["Contacts"]]
    assert sorted(seen) == [f"c{i:02d}" for i in range(7)]
    again = [
        c["Alias"]
        for p in paginator.paginate(PaginationConfig={"PageSize": 3})
        for c in p["Contacts"]
    ]
    assert again == seen
    first = api.list_contacts(MaxResults=2)
    assert len(first["Contacts"]) == 2
    assert first["NextToken"]
    assert "NextToken" not in api.list_contacts(MaxResults=7)


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_corrupt_or_foreign_tokens_are_refused(ssm_contacts: SSMContacts) -> None:
    api = client()
    for _ in range(3):
        engage(arn("akuam"), api)
    api.create_contact(Alias="two", Type="PERSONAL", Plan={"Stages": []})
    engagement_token = api.list_engagements(MaxResults=1)["NextToken"]
    for bad in ("corrupt", engagement_token):
        with pytest.raises(api.exceptions.ValidationException):
            api.list_contacts(NextToken=bad)
    contacts_token = api.list_contacts(MaxResults=1, Type="PERSONAL")["NextToken"]
    with pytest.raises(api.exceptions.ValidationException):
        api.list_contacts(NextToken=contacts_token, Type="ESCALATION")


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_every_engagement_paginator_is_followed(ssm_contacts: SSMContacts) -> None:
    api = client()
    started = {engage(arn("akuam"), api) for _ in range(5)}
    listed = [
        e["EngagementArn"]
        for p in api.get_paginator("list_engagements").paginate(PaginationConfig={"PageSize": 2})
        for e in p["Engagements"]
    ]
    assert sorted(listed) == sorted(started)
    pages = [
        p["PageArn"]
        for r in api.get_paginator("list_pages_by_contact").paginate(
            ContactId=arn("akuam"), PaginationConfig={"PageSize": 2}
        )
        for p in r["Pages"]
    ]
    assert len(pages) == len(set(pages)) == 5


@pytest.mark.ssm_contacts(contacts=["alice", "bob", "carol"], start_time=T0)
def test_rotation_operations(checked: Any, ssm_contacts: SSMContacts) -> None:
    api = checked
    members = [arn("alice"), arn("bob"), arn("carol")]
    rot = api.create_rotation(
        Name="primary-db",
        ContactIds=members,
        StartTime=T0,
        TimeZoneId="UTC",
        Recurrence=DAILY_AT_9,
        Tags=[{"Key": "team", "Value": "db"}],
    )["RotationArn"]
    api.create_rotation(
        Name="other", ContactIds=members[:1], TimeZoneId="UTC", Recurrence=DAILY_AT_9
    )
    got = api.get_rotation(RotationId=rot)
    assert (got["Name"], got["ContactIds"], got["StartTime"], got["TimeZoneId"]) == (
        "primary-db",
        members,
        T0,
        "UTC",
    )
    assert got["Recurrence"] == DAILY_AT_9
    listed = api.list_rotations(RotationNamePrefix="primary")["Rotations"]
    assert [r["RotationArn"] for r in listed] == [rot]
    api.update_rotation(RotationId=rot, ContactIds=members[::-1], Recurrence=DAILY_AT_9)
    assert api.get_rotation(RotationId=rot)["ContactIds"] == members[::-1]

    override = api.create_rotation_override(
        RotationId=rot,
        NewContactIds=[arn("alice")],
        StartTime=T0 + datetime.timedelta(hours=2),
        EndTime=T0 + datetime.timedelta(hours=4),
    )["RotationOverrideId"]
    assert re.fullmatch(UUID, override)
    got_override = api.get_rotation_override(RotationId=rot, RotationOverrideId=override)
    assert got_override["NewContactIds"] == [arn("alice")]
    assert got_override["CreateTime"] == T0
    overrides = api.list_rotation_overrides(
        RotationId=rot, StartTime=T0, EndTime=T0 + datetime.timedelta(days=1)
    )["RotationOverrides"]
    assert [o["RotationOverrideId"] for o in overrides] == [override]

    window = {"StartTime": T0, "EndTime": T0 + datetime.timedelta(days=1)}
    shifts = api.list_rotation_shifts(RotationId=rot, **window)["RotationShifts"]
    assert [(s["Type"], s["ContactIds"]) for s in shifts] == [
        ("REGULAR", [arn("carol")]),
        ("OVERRIDDEN", [arn("alice")]),
        ("REGULAR", [arn("carol")]),
    ]
    preview = api.list_preview_rotation_shifts(
        RotationStartTime=T0,
        Members=members[::-1],
        TimeZoneId="UTC",
        Recurrence=DAILY_AT_9,
        Overrides=[
            {
                "NewMembers": [arn("alice")],
                "StartTime": T0 + datetime.timedelta(hours=2),
                "EndTime": T0 + datetime.timedelta(hours=4),
            }
        ],
        **window,
    )["RotationShifts"]
    assert preview == shifts

    api.delete_rotation_override(RotationId=rot, RotationOverrideId=override)
    with pytest.raises(api.exceptions.ResourceNotFoundException):
        api.get_rotation_override(RotationId=rot, RotationOverrideId=override)
    api.delete_rotation(RotationId=rot)
    with pytest.raises(api.exceptions.ResourceNotFoundException):
        api.get_rotation(RotationId=rot)
