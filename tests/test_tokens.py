"""NextTokens are tamper-evident: only a token this fake issued for the same request works.

A token is signed with a key drawn for each fake and each activation, so no one can
rebuild its binding to the request, and its position is range-checked, so a forged
position neither crashes nor hangs the shift operations.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import re
import time
import weakref
from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import client
from pytest_ssmcontacts import SSMContacts, _model, mock_ssm_contacts

pytestmark = pytest.mark.ssm_contacts(start_time="2024-01-01T08:00:00Z")

DAILY = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
}
# Hand-offs an hour apart: the recurrence that used to walk day by day to year 9999.
TWICE_DAILY = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}, {"HourOfDay": 10, "MinuteOfHour": 0}],
}
WINDOW = {"StartTime": 1704096000, "EndTime": 1735718400}  # 2024-01-01 .. 2025-01-01


def _world(fake: SSMContacts) -> dict[str, dict[str, Any]]:
    """Enough of everything that each list operation has a second page."""
    for alias in ("ana", "ben", "cy"):
        fake.add_contact(
            alias,
            channels=[
                {"name": f"{alias}-{n}", "type": "SMS", "address": f"+1555000{n:04d}"}
                for n in range(2)
            ],
            plan={
                "Stages": [
                    {
                        "DurationInMinutes": 5,
                        "Targets": [
                            {
                                "ChannelTargetInfo": {
                                    "ContactChannelId": f"{alias}-{n}",
                                    "RetryIntervalInMinutes": 1,
                                }
                            }
                            for n in range(2)
                        ],
                    }
                ]
            },
        )
    rotation = fake.add_rotation(
        "team", members=["ana", "ben", "cy"], time_zone="UTC", recurrence=TWICE_DAILY
    )
    fake.add_rotation("other", members=["ana"], time_zone="UTC", recurrence=DAILY)
    api = client(region_name="us-east-1")
    ana = fake.contact("ana")
    engagement = ""
    for _ in range(2):
        engagement = api.start_engagement(ContactId=ana.arn, Sender="s", Subject="s", Content="c")[
            "EngagementArn"
        ]
    page = fake.pages_for("ana")[0]
    fake.fail_delivery(page)
    fake.clock.advance(minutes=3)
    for hours in (1, 3):
        fake.add_override(
            "team",
            members=["ben"],
            start=f"2024-01-0{hours}T12:00:00Z",
            end=f"2024-01-0{hours}T13:00:00Z",
        )
    preview = {
        "Members": ["ana", "ben"],
        "TimeZoneId": "UTC",
        "Recurrence": TWICE_DAILY,
        **WINDOW,
    }
    return {
        "list_contacts": {},
        "list_contact_channels": {"ContactId": ana.arn},
        "list_engagements": {},
        "list_pages_by_engagement": {"EngagementId": engagement},
        "list_pages_by_contact": {"ContactId": ana.arn},
        "list_page_receipts": {"PageId": page.arn},
        "list_page_resolutions": {"PageId": page.arn},
        "list_rotations": {},
        "list_rotation_shifts": {"RotationId": rotation.arn, **WINDOW},
        "list_preview_rotation_shifts": preview,
        "list_rotation_overrides": {"RotationId": rotation.arn, **WINDOW},
    }


LIST_OPERATIONS = [
    "list_contacts",
    "list_contact_channels",
    "list_engagements",
    "list_pages_by_engagement",
    "list_pages_by_contact",
    "list_page_receipts",
    "list_page_resolutions",
    "list_rotations",
    "list_rotation_shifts",
    "list_preview_rotation_shifts",
    "list_rotation_overrides",
]
# ListPageResolutions has no MaxResults: its pages are 100 long, more than a page's
# resolution path ever has, so it never issues a token; forged ones are still refused.
ISSUING = [name for name in LIST_OPERATIONS if name != "list_page_resolutions"]


def test_every_list_operation_is_covered() -> None:
    model = client(region_name="us-east-1").meta.service_model
    paged = {
        name
        for name in model.operation_names
        if "NextToken" in model.operation_model(name).input_shape.members
    }
    assert {
        client(region_name="us-east-1").meta.method_to_api_mapping[m] for m in LIST_OPERATIONS
    } == paged


@pytest.mark.parametrize("operation", LIST_OPERATIONS)
def test_a_token_built_without_the_secret_is_refused(
    ssm_contacts: SSMContacts, operation: str
) -> None:
    params = _world(ssm_contacts)[operation]
    api = client(region_name="us-east-1")
    name = api.meta.method_to_api_mapping[operation]
    for where in ([1, 0], [0, 0], "ana", [10**15, 0]):
        token = _old_style(name, params, where)
        _refused(api, operation, params, token)


def _refused(api: Any, operation: str, params: dict[str, Any], token: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ClientError) as excinfo:
        getattr(api, operation)(NextToken=token, **params)
    elapsed = time.perf_counter() - started
    error = excinfo.value.response
    assert error["Error"]["Code"] == "ValidationException"
    assert error["Reason"] == "OTHER"
    shown = token if len(token) <= 64 else token[:61] + "..."
    assert error["Error"]["Message"] == (
        f"Invalid value provided - NextToken {shown} is not a token this operation issued for "
        "these filters; repeat the filters of the call that returned it, or start again "
        "without NextToken"
    )
    # Generous: the point is "not 31 seconds walking towards year 9999".
    assert elapsed < 2


def _issued(api: Any, operation: str, params: dict[str, Any]) -> str:
    token = getattr(api, operation)(MaxResults=1, **params).get("NextToken")
    assert isinstance(token, str), operation
    return token


def _old_style(operation: str, params: dict[str, Any], where: Any) -> str:
    """A token built the way 0.3 built them, which anyone could compute."""
    filters = {k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    text = json.dumps([operation, filters], sort_keys=True, default=str)
    fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]
    return base64.b64encode(json.dumps([fingerprint, where]).encode()).decode()


@pytest.mark.parametrize("operation", ["list_rotation_shifts", "list_preview_rotation_shifts"])
@pytest.mark.parametrize("where", [[10**15, 0], [5000000, 0], [0, 10**15], [2**31, 2**31]])
def test_a_forged_shift_position_is_refused_quickly(
    ssm_contacts: SSMContacts, operation: str, where: list[int]
) -> None:
    params = _world(ssm_contacts)[operation]
    api = client(region_name="us-east-1")
    name = api.meta.method_to_api_mapping[operation]
    token = _old_style(name, params, where)
    _refused(api, operation, params, token)


@pytest.mark.parametrize("operation", ISSUING)
def test_altered_tokens_are_refused(ssm_contacts: SSMContacts, operation: str) -> None:
    params = _world(ssm_contacts)[operation]
    api = client(region_name="us-east-1")
    token = _issued(api, operation, params)
    raw = base64.b64decode(token)
    flipped_payload = bytes([raw[0] ^ 1]) + raw[1:]
    flipped_signature = raw[:-1] + bytes([raw[-1] ^ 1])
    forged = [
        base64.b64encode(flipped_payload).decode(),
        base64.b64encode(flipped_signature).decode(),
        base64.b64encode(raw[:-1]).decode(),
        base64.b64encode(raw[:8]).decode(),
        token[:-4],
        token + "AAAA",
        base64.b64encode(b"[[1000000000000000,0]]" + raw[-16:]).decode(),
        _old_style(api.meta.method_to_api_mapping[operation], params, [1, 0]),
        "A" * 2048,
        "/",
    ]
    for bad in forged:
        _refused(api, operation, params, bad)
    # The genuine token still works after all that.
    assert "ResponseMetadata" in getattr(api, operation)(NextToken=token, **params)


@pytest.mark.parametrize("operation", ISSUING)
def test_a_token_from_another_fake_is_refused(operation: str) -> None:
    with mock_ssm_contacts(start_time="2024-01-01T08:00:00Z") as first:
        params = _world(first)[operation]
        token = _issued(client(region_name="us-east-1"), operation, params)
    # Same contents, same ARNs where names decide them: only the fake differs.
    with mock_ssm_contacts(start_time="2024-01-01T08:00:00Z") as second:
        params = _world(second)[operation]
        api = client(region_name="us-east-1")
        _refused(api, operation, params, token)


@pytest.mark.parametrize(
    "operation",
    ["list_contacts", "list_engagements", "list_rotations", "list_preview_rotation_shifts"],
)
def test_a_token_from_another_region_is_refused(ssm_contacts: SSMContacts, operation: str) -> None:
    # The same filters make sense in both Regions; the token lists only the one it came from.
    params = _world(ssm_contacts)[operation]
    token = _issued(client(region_name="us-east-1"), operation, params)
    _refused(client(region_name="eu-west-1"), operation, params, token)
    assert "ResponseMetadata" in getattr(client(region_name="us-east-1"), operation)(
        NextToken=token, **params
    )


def test_a_token_from_an_earlier_activation_is_stale() -> None:
    fake = mock_ssm_contacts(contacts=["ana", "ben"])
    with fake:
        token = _issued(client(region_name="us-east-1"), "list_contacts", {})
    with fake:  # a new activation starts from a fresh service
        api = client(region_name="us-east-1")
        _refused(api, "list_contacts", {}, token)
        assert len(api.list_contacts()["Contacts"]) == 2


def test_a_genuine_token_still_pages_through_everything(ssm_contacts: SSMContacts) -> None:
    params = _world(ssm_contacts)["list_rotation_shifts"]
    api = client(region_name="us-east-1")
    pages = api.get_paginator("list_rotation_shifts").paginate(
        PaginationConfig={"PageSize": 50}, **params
    )
    shifts = [shift for page in pages for shift in page["RotationShifts"]]
    single = api.list_rotation_shifts(MaxResults=1024, **params)["RotationShifts"]
    assert len(shifts) > 100
    assert shifts[: len(single)] == single[: len(shifts)]


def test_a_paginated_call_does_not_keep_its_fake_alive() -> None:
    with mock_ssm_contacts(contacts=["akuam", "bo", "cy"]) as fake:
        api = client()
        first = api.list_contacts(MaxResults=1)
        api.list_contacts(MaxResults=1, NextToken=first["NextToken"])
        state = weakref.ref(fake._backend)
    del fake, api
    gc.collect()
    assert state() is None


TOKEN = _model.service_model().shape_for("PaginationToken").metadata


@pytest.mark.parametrize(
    ("operation", "names"),
    [
        # A vertical tab is one of the \s a rotation name may hold; JSON spells it in six.
        ("list_rotations", ["\x0b" * 255, "\x0b" * 254 + "z"]),
        ("list_rotations", ["a" * 255, "b" * 255]),
        ("list_contacts", ["a" * 255, "a" * 254 + "b"]),
    ],
)
def test_a_token_for_the_longest_key_fits_the_model(
    ssm_contacts: SSMContacts, operation: str, names: list[str]
) -> None:
    api = client()
    member = ssm_contacts.add_contact("member").arn
    for name in names:
        if operation == "list_rotations":
            api.create_rotation(Name=name, ContactIds=[member], TimeZoneId="UTC", Recurrence=DAILY)
        else:
            api.create_contact(Alias=name, Type="PERSONAL", Plan={"Stages": []})
    prefix = {"AliasPrefix": names[0][0]} if operation == "list_contacts" else {}
    first = getattr(api, operation)(MaxResults=1, **prefix)
    token = first["NextToken"]
    assert len(token) <= TOKEN["max"]
    assert re.fullmatch(TOKEN["pattern"].strip("^$"), token)
    second = getattr(api, operation)(MaxResults=1, NextToken=token, **prefix)
    items, name = ("Rotations", "Name") if operation == "list_rotations" else ("Contacts", "Alias")
    assert [item[name] for item in first[items] + second[items]] == names
    assert "NextToken" not in second
