"""Engagements, pages and contacts through the API: success and error paths, paging."""

from __future__ import annotations

import base64
import datetime
import random
import re
import uuid
from typing import Any, Callable

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError

import helpers
from helpers import ACCOUNT, UUID, arn, escalation
from message_ids import MESSAGE_ID
from output_shapes import assert_matches_output
from pytest_ssmcontacts import Contact, Page, SSMContacts, mock_ssm_contacts

UTC = datetime.timezone.utc

T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.timezone.utc)
MINUTE = datetime.timedelta(minutes=1)
ARN = "arn:aws:ssm-contacts:us-east-1:123456789012"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
MISSING_CONTACT = f"{ARN}:contact/nobody"
MISSING_ENGAGEMENT = f"{ARN}:engagement/akuam/{UNKNOWN_ID}"
MISSING_PAGE = f"{ARN}:page/akuam/{UNKNOWN_ID}"
MISSING_CHANNEL = f"{ARN}:contact-channel/akuam/{UNKNOWN_ID}"

pytestmark = pytest.mark.ssm_contacts(start_time=T0)


def at(minutes: int) -> datetime.datetime:
    return T0 + minutes * MINUTE


def _error(excinfo: pytest.ExceptionInfo[ClientError], code: str) -> dict[str, Any]:
    response: dict[str, Any] = excinfo.value.response
    assert response["Error"]["Code"] == code, response["Error"]
    return response


def _invalid(excinfo: pytest.ExceptionInfo[ClientError], detail: str) -> None:
    response = _error(excinfo, "ValidationException")
    assert response["Reason"] == "OTHER"
    assert response["Error"]["Message"] == f"Invalid value provided - {detail}"


def _name(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def call(client: Any, operation: str, **params: Any) -> dict[str, Any]:
    """Call ``operation`` (snake case) and check the answer against its output shape."""
    response: dict[str, Any] = getattr(client, operation)(**params)
    assert_matches_output(client, _name(operation), response)
    return response


def collect(client: Any, operation: str, key: str, **params: Any) -> list[list[Any]]:
    """Every page a boto3 paginator yields, each checked against the output shape."""
    pages = []
    for response in client.get_paginator(operation).paginate(**params):
        assert_matches_output(client, _name(operation), response)
        pages.append(response[key])
    return pages


def flat(pages: list[list[Any]]) -> list[Any]:
    return [item for page in pages for item in page]


def add_person(fake: SSMContacts, alias: str, *, channels: int = 1, minutes: int = 5) -> Contact:
    """A personal contact whose single stage pages all of its SMS channels."""
    specs = [
        {"name": f"phone{i}", "type": "SMS", "address": f"+1500555{i:04d}"} for i in range(channels)
    ]
    targets = [
        {"ChannelTargetInfo": {"ContactChannelId": spec["name"], "RetryIntervalInMinutes": 1}}
        for spec in specs
    ]
    plan = {"Stages": [{"DurationInMinutes": minutes, "Targets": targets}]}
    return fake.add_contact(alias, channels=specs, plan=plan)


def add_two_stage_person(fake: SSMContacts, alias: str) -> Contact:
    return fake.add_contact(
        alias,
        channels=[
            {"name": "sms", "type": "SMS", "address": "+15005550199"},
            {"name": "voice", "type": "VOICE", "address": "+15005550100"},
        ],
        plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}],
                },
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "voice"}}],
                },
            ]
        },
    )


def add_escalation(fake: SSMContacts, alias: str, *targets: str) -> Contact:
    return fake.add_contact(
        alias,
        type="ESCALATION",
        plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ContactTargetInfo": {"ContactId": target, "IsEssential": False}}],
                }
                for target in targets
            ]
        },
    )


def engage(client: Any, contact: Contact | str, **params: Any) -> str:
    """``helpers.engage`` that also checks the answer against the output shape.

    The tests here read its sender and texts back from the API: they are spelled out.
    """
    arn = contact.arn if isinstance(contact, Contact) else contact
    params = {"Sender": "cli", "Subject": "Disk full", "Content": "db-1 is at 100%", **params}
    return str(call(client, "start_engagement", ContactId=arn, **params)["EngagementArn"])


def wrong_code(page_code: str) -> str:
    return "000000" if page_code != "000000" else "111111"


# -- ResourceNotFoundException ----------------------------------------------------------

NOT_FOUND = [
    ("describe_engagement", {"EngagementId": MISSING_ENGAGEMENT}, "ENGAGEMENT"),
    ("stop_engagement", {"EngagementId": MISSING_ENGAGEMENT}, "ENGAGEMENT"),
    ("list_pages_by_engagement", {"EngagementId": MISSING_ENGAGEMENT}, "ENGAGEMENT"),
    ("describe_page", {"PageId": MISSING_PAGE}, "PAGE"),
    ("list_page_receipts", {"PageId": MISSING_PAGE}, "PAGE"),
    ("list_page_resolutions", {"PageId": MISSING_PAGE}, "PAGE"),
    (
        "accept_page",
        {"PageId": MISSING_PAGE, "AcceptType": "READ", "AcceptCode": "123456"},
        "PAGE",
    ),
    ("list_pages_by_contact", {"ContactId": MISSING_CONTACT}, "CONTACT"),
    (
        "start_engagement",
        {"ContactId": MISSING_CONTACT, "Sender": "cli", "Subject": "s", "Content": "c"},
        "CONTACT",
    ),
    ("get_contact", {"ContactId": MISSING_CONTACT}, "CONTACT"),
    ("update_contact", {"ContactId": MISSING_CONTACT, "DisplayName": "Nobody"}, "CONTACT"),
    ("delete_contact", {"ContactId": MISSING_CONTACT}, "CONTACT"),
]


@pytest.mark.parametrize(
    ("operation", "params", "resource_type"), NOT_FOUND, ids=[case[0] for case in NOT_FOUND]
)
def test_unknown_resources_are_not_found(
    client: Any, operation: str, params: dict[str, Any], resource_type: str
) -> None:
    resource_id = next(v for k, v in params.items() if k.endswith("Id"))
    with pytest.raises(ClientError) as excinfo:
        getattr(client, operation)(**params)
    response = _error(excinfo, "ResourceNotFoundException")
    assert response["ResourceId"] == resource_id
    assert response["ResourceType"] == resource_type
    assert resource_id in response["Error"]["Message"]


def test_engagements_and_pages_of_another_region_are_not_found(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engagement = engage(client, add_person(ssm_contacts, "akuam"))
    [page] = ssm_contacts.pages
    elsewhere = boto3.client("ssm-contacts", region_name="eu-west-1")
    with pytest.raises(ClientError) as excinfo:
        elsewhere.describe_engagement(EngagementId=engagement)
    assert _error(excinfo, "ResourceNotFoundException")["ResourceId"] == engagement
    with pytest.raises(ClientError) as excinfo:
        elsewhere.describe_page(PageId=page.arn)
    assert _error(excinfo, "ResourceNotFoundException")["ResourceType"] == "PAGE"


# -- StartEngagement / DescribeEngagement / StopEngagement ---------------------------------


def test_describe_engagement_returns_every_field(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    engagement = engage(
        client,
        akuam,
        PublicSubject="Disk",
        PublicContent="db-1 full",
        IncidentId="inc-42",
    )
    response = call(client, "describe_engagement", EngagementId=engagement)
    response.pop("ResponseMetadata")
    assert response == {
        "ContactArn": akuam.arn,
        "EngagementArn": engagement,
        "Sender": "cli",
        "Subject": "Disk full",
        "Content": "db-1 is at 100%",
        "PublicSubject": "Disk",
        "PublicContent": "db-1 full",
        "IncidentId": "inc-42",
        "StartTime": T0,
    }


def test_describe_engagement_omits_what_was_never_set(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engagement = engage(client, ssm_contacts.add_contact("akuam"))
    response = call(client, "describe_engagement", EngagementId=engagement)
    for member in ("PublicSubject", "PublicContent", "IncidentId", "StopTime"):
        assert member not in response


def test_stop_engagement_sets_stop_time_in_every_view(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engagement = engage(client, add_person(ssm_contacts, "akuam"))
    ssm_contacts.clock.set(at(3))
    call(client, "stop_engagement", EngagementId=engagement, Reason="fixed")
    assert call(client, "describe_engagement", EngagementId=engagement)["StopTime"] == at(3)
    assert call(client, "list_engagements")["Engagements"][0]["StopTime"] == at(3)
    assert ssm_contacts.engagements[0].stop_time == at(3)


def test_engaging_a_contact_without_a_plan_succeeds_and_pages_nobody(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engagement = engage(client, ssm_contacts.add_contact("akuam"))
    ssm_contacts.clock.advance(hours=1)
    assert call(client, "list_pages_by_engagement", EngagementId=engagement)["Pages"] == []


# -- ListEngagements -------------------------------------------------------------------


def test_list_engagements_is_empty_at_first(client: Any) -> None:
    response = call(client, "list_engagements")
    assert response["Engagements"] == []
    assert "NextToken" not in response


def test_list_engagements_newest_first_with_summary_fields(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = ssm_contacts.add_contact("akuam")
    alejr = ssm_contacts.add_contact("alejr")
    first = engage(client, akuam)
    ssm_contacts.clock.set(at(1))
    second = engage(client, alejr, Sender="ops", IncidentId="inc-1")
    ssm_contacts.clock.set(at(2))
    third = engage(client, akuam)
    call(client, "stop_engagement", EngagementId=first)
    listed = call(client, "list_engagements")["Engagements"]
    assert listed == [
        {"EngagementArn": third, "ContactArn": akuam.arn, "Sender": "cli", "StartTime": at(2)},
        {
            "EngagementArn": second,
            "ContactArn": alejr.arn,
            "Sender": "ops",
            "IncidentId": "inc-1",
            "StartTime": at(1),
        },
        {
            "EngagementArn": first,
            "ContactArn": akuam.arn,
            "Sender": "cli",
            "StartTime": at(0),
            "StopTime": at(2),
        },
    ]


def test_list_engagements_filters_by_incident_id(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = ssm_contacts.add_contact("akuam")
    mine = engage(client, akuam, IncidentId="inc-1")
    engage(client, akuam, IncidentId="inc-10")
    engage(client, akuam)
    latest = engage(client, akuam, IncidentId="inc-1")
    listed = call(client, "list_engagements", IncidentId="inc-1")["Engagements"]
    assert [e["EngagementArn"] for e in listed] == [latest, mine]
    assert call(client, "list_engagements", IncidentId="inc-2")["Engagements"] == []


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"StartTime": at(10), "EndTime": at(20)}, [20, 10]),
        ({"StartTime": at(20)}, [30, 20]),
        ({"EndTime": at(10)}, [10, 0]),
        ({"StartTime": at(20), "EndTime": at(20)}, [20]),
        ({"StartTime": at(11), "EndTime": at(19)}, []),
        ({}, [30, 20, 10, 0]),
    ],
    ids=["both-bounds", "start-only", "end-only", "one-instant", "nothing-inside", "no-bounds"],
)
def test_list_engagements_time_range_has_inclusive_bounds(
    ssm_contacts: SSMContacts,
    client: Any,
    window: dict[str, datetime.datetime],
    expected: list[int],
) -> None:
    akuam = ssm_contacts.add_contact("akuam")
    started = {}
    for minute in (0, 10, 20, 30):
        ssm_contacts.clock.set(at(minute))
        started[engage(client, akuam)] = minute
    listed = call(client, "list_engagements", TimeRangeValue=window)["Engagements"]
    assert [started[e["EngagementArn"]] for e in listed] == expected


def test_list_engagements_combines_incident_and_time_filters(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = ssm_contacts.add_contact("akuam")
    engage(client, akuam, IncidentId="inc-1")
    ssm_contacts.clock.set(at(10))
    wanted = engage(client, akuam, IncidentId="inc-1")
    engage(client, akuam, IncidentId="inc-2")
    listed = call(
        client, "list_engagements", IncidentId="inc-1", TimeRangeValue={"StartTime": at(5)}
    )["Engagements"]
    assert [e["EngagementArn"] for e in listed] == [wanted]


def test_list_engagements_end_before_start_is_invalid(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.list_engagements(TimeRangeValue={"StartTime": at(10), "EndTime": at(9)})
    _invalid(excinfo, "TimeRangeValue EndTime must not be before StartTime")


# -- ListPagesByEngagement / ListPagesByContact ---------------------------------------------


def test_list_pages_by_engagement_oldest_first_with_page_fields(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_two_stage_person(ssm_contacts, "akuam")
    engagement = engage(client, akuam, IncidentId="inc-7")
    ssm_contacts.clock.set(at(5))
    listed = call(client, "list_pages_by_engagement", EngagementId=engagement)["Pages"]
    assert listed == [
        {
            "PageArn": page.arn,
            "EngagementArn": engagement,
            "ContactArn": akuam.arn,
            "Sender": "cli",
            "IncidentId": "inc-7",
            "SentTime": at(minute),
        }
        for page, minute in zip(ssm_contacts.pages, (0, 5))
    ]


def test_list_pages_by_contact_of_a_personal_contact_spans_engagements(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    alejr = add_person(ssm_contacts, "alejr")
    engage(client, akuam)
    engage(client, alejr)
    ssm_contacts.clock.set(at(1))
    escalation = add_escalation(ssm_contacts, "team", "akuam")
    engage(client, escalation)
    listed = call(client, "list_pages_by_contact", ContactId=akuam.arn)["Pages"]
    assert [p["PageArn"] for p in listed] == [
        p.arn for p in reversed(ssm_contacts.pages_for(akuam))
    ]
    assert [p["SentTime"] for p in listed] == [at(1), at(0)]
    assert {p["ContactArn"] for p in listed} == {akuam.arn}


def test_list_pages_by_contact_of_an_escalation_plan_lists_its_engagements_pages(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    add_person(ssm_contacts, "alejr")
    escalation = add_escalation(ssm_contacts, "team", "akuam", "alejr")
    engage(client, akuam)  # a direct engagement: not the escalation's
    ssm_contacts.clock.set(at(1))
    engagement = engage(client, escalation)
    ssm_contacts.clock.set(at(7))
    listed = call(client, "list_pages_by_contact", ContactId=escalation.arn)["Pages"]
    assert [p["ContactArn"].rsplit("/", 1)[1] for p in listed] == ["alejr", "akuam"]
    assert {p["EngagementArn"] for p in listed} == {engagement}
    assert [p["SentTime"] for p in listed] == [at(6), at(1)]


def test_list_pages_by_contact_never_paged_is_empty(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    response = call(client, "list_pages_by_contact", ContactId=akuam.arn)
    assert response["Pages"] == []
    assert "NextToken" not in response


# -- DescribePage / ListPageReceipts / ListPageResolutions ------------------------------------


def test_describe_page_copies_the_engagement_texts(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    engagement = engage(client, akuam, PublicSubject="Disk", PublicContent="db-1 full")
    [page] = ssm_contacts.pages
    response = call(client, "describe_page", PageId=page.arn)
    response.pop("ResponseMetadata")
    assert response == {
        "PageArn": page.arn,
        "EngagementArn": engagement,
        "ContactArn": akuam.arn,
        "Sender": "cli",
        "Subject": "Disk full",
        "Content": "db-1 is at 100%",
        "PublicSubject": "Disk",
        "PublicContent": "db-1 full",
        "SentTime": T0,
    }


def test_list_page_receipts_of_a_new_page_is_one_sent_receipt(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    engage(client, akuam)
    [page] = ssm_contacts.pages
    response = call(client, "list_page_receipts", PageId=page.arn)
    # A SENT receipt carries the delivery provider's message id, as in the CLI's
    # list-page-receipts example ("SM" + 32 hex digits for an SMS).
    assert response["Receipts"] == [
        {
            "ContactChannelArn": akuam.channels[0].arn,
            "ReceiptType": "SENT",
            "ReceiptInfo": MESSAGE_ID,
            "ReceiptTime": T0,
        }
    ]
    assert re.fullmatch(r"SM[0-9a-f]{32}", response["Receipts"][0]["ReceiptInfo"])
    assert page.receipts[0].info == response["Receipts"][0]["ReceiptInfo"]


# -- AcceptPage -------------------------------------------------------------------------


@pytest.fixture
def page(ssm_contacts: SSMContacts, client: Any) -> Page:
    engage(client, add_two_stage_person(ssm_contacts, "akuam"))
    ssm_contacts.clock.set(at(1))
    return ssm_contacts.pages[0]


def _receipts(client: Any, page_arn: str) -> list[tuple[str, datetime.datetime, str | None]]:
    receipts = call(client, "list_page_receipts", PageId=page_arn)["Receipts"]
    return [(r["ReceiptType"], r["ReceiptTime"], r.get("ReceiptInfo")) for r in receipts]


def test_accept_page_enforce_refuses_a_wrong_code_and_records_nothing(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.accept_page(
            PageId=page.arn,
            AcceptType="READ",
            AcceptCode=wrong_code(page.accept_code),
            AcceptCodeValidation="ENFORCE",
        )
    _invalid(excinfo, "AcceptCode does not match the code sent with the page")
    assert _receipts(client, page.arn) == [("SENT", T0, MESSAGE_ID)]
    # Not acknowledged: the plan goes on.
    ssm_contacts.clock.set(at(5))
    ssm_contacts.assert_paged("akuam", channel="VOICE")


def test_accept_page_enforce_takes_the_right_code(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    call(
        client,
        "accept_page",
        PageId=page.arn,
        AcceptType="READ",
        AcceptCode=ssm_contacts.accept_code(page),
        AcceptCodeValidation="ENFORCE",
    )
    assert call(client, "describe_page", PageId=page.arn)["ReadTime"] == at(1)


@pytest.mark.parametrize("validation", ["IGNORE", None])
def test_accept_page_without_enforce_takes_any_code(
    ssm_contacts: SSMContacts, client: Any, page: Page, validation: str | None
) -> None:
    extra = {} if validation is None else {"AcceptCodeValidation": validation}
    code = wrong_code(page.accept_code)
    call(client, "accept_page", PageId=page.arn, AcceptType="READ", AcceptCode=code, **extra)
    assert _receipts(client, page.arn) == [
        ("SENT", T0, MESSAGE_ID),
        ("DELIVERED", at(1), code),
        ("READ", at(1), code),
    ]
    ssm_contacts.clock.set(at(30))
    ssm_contacts.assert_paged("akuam", times=1)


def test_accept_page_on_another_channel_is_invalid(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    voice = ssm_contacts.contact("akuam").channels[1]
    for channel_arn in (voice.arn, MISSING_CHANNEL):
        with pytest.raises(ClientError) as excinfo:
            client.accept_page(
                PageId=page.arn,
                ContactChannelId=channel_arn,
                AcceptType="READ",
                AcceptCode=page.accept_code,
            )
        _invalid(
            excinfo, f"Contact channel {channel_arn} is not the channel page {page.arn} was sent to"
        )
    assert _receipts(client, page.arn) == [("SENT", T0, MESSAGE_ID)]


def test_accept_page_on_its_own_channel_is_recorded_on_it(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    call(
        client,
        "accept_page",
        PageId=page.arn,
        ContactChannelId=page.channel_arn,
        AcceptType="DELIVERED",
        AcceptCode=page.accept_code,
    )
    receipts = call(client, "list_page_receipts", PageId=page.arn)["Receipts"]
    assert [(r["ReceiptType"], r["ContactChannelArn"]) for r in receipts] == [
        ("SENT", page.channel_arn),
        ("DELIVERED", page.channel_arn),
    ]


def test_accept_page_delivered_only_sets_delivery_time(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    call(client, "accept_page", PageId=page.arn, AcceptType="DELIVERED", AcceptCode="123456")
    ssm_contacts.clock.set(at(2))
    call(client, "accept_page", PageId=page.arn, AcceptType="DELIVERED", AcceptCode="654321")
    described = call(client, "describe_page", PageId=page.arn)
    assert described["DeliveryTime"] == at(1)
    assert "ReadTime" not in described
    assert _receipts(client, page.arn) == [
        ("SENT", T0, MESSAGE_ID),
        ("DELIVERED", at(1), "123456"),
        ("DELIVERED", at(2), "654321"),
    ]
    # Delivery is not acknowledgement: the next stage still pages.
    ssm_contacts.clock.set(at(5))
    ssm_contacts.assert_paged("akuam", channel="VOICE", times=1)


def test_accept_page_read_again_keeps_the_first_read_time(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    call(client, "accept_page", PageId=page.arn, AcceptType="READ", AcceptCode="123456")
    ssm_contacts.clock.set(at(3))
    call(client, "accept_page", PageId=page.arn, AcceptType="READ", AcceptCode="123456")
    described = call(client, "describe_page", PageId=page.arn)
    assert (described["DeliveryTime"], described["ReadTime"]) == (at(1), at(1))
    assert [kind for kind, _, _ in _receipts(client, page.arn)] == [
        "SENT",
        "DELIVERED",
        "READ",
        "READ",
    ]


def test_accept_page_read_after_delivered_keeps_the_delivery_time(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    call(client, "accept_page", PageId=page.arn, AcceptType="DELIVERED", AcceptCode="123456")
    ssm_contacts.clock.set(at(2))
    call(client, "accept_page", PageId=page.arn, AcceptType="READ", AcceptCode="123456")
    described = call(client, "describe_page", PageId=page.arn)
    assert (described["DeliveryTime"], described["ReadTime"]) == (at(1), at(2))
    assert [kind for kind, _, _ in _receipts(client, page.arn)] == ["SENT", "DELIVERED", "READ"]


def test_accept_page_note_is_the_receipt_info(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    call(
        client,
        "accept_page",
        PageId=page.arn,
        AcceptType="READ",
        AcceptCode="123456",
        Note="On my way",
    )
    assert _receipts(client, page.arn) == [
        ("SENT", T0, MESSAGE_ID),
        ("DELIVERED", at(1), "On my way"),
        ("READ", at(1), "On my way"),
    ]
    assert ssm_contacts.pages[0].receipts[-1].info == "On my way"


def test_accept_page_of_a_stopped_engagement_is_recorded(
    ssm_contacts: SSMContacts, client: Any, page: Page
) -> None:
    call(client, "stop_engagement", EngagementId=page.engagement_arn, Reason="done")
    ssm_contacts.clock.set(at(2))
    call(client, "accept_page", PageId=page.arn, AcceptType="READ", AcceptCode="123456")
    assert [kind for kind, _, _ in _receipts(client, page.arn)] == [
        "SENT",
        "STOP",
        "DELIVERED",
        "READ",
    ]


# -- pagination ---------------------------------------------------------------------------


def test_list_engagements_pages_through_250_newest_first(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = ssm_contacts.add_contact("akuam")
    started = [engage(client, akuam) for _ in range(250)]
    pages = collect(client, "list_engagements", "Engagements", PaginationConfig={"PageSize": 40})
    assert [len(page) for page in pages] == [40] * 6 + [10]
    assert [e["EngagementArn"] for e in flat(pages)] == started[::-1]

    first = call(client, "list_engagements")
    assert len(first["Engagements"]) == 100
    assert "NextToken" in first
    # MaxResults=0 passes the model's range and means "no preference".
    assert len(call(client, "list_engagements", MaxResults=0)["Engagements"]) == 100
    last = call(client, "list_engagements", MaxResults=50, NextToken=_token_after(client, 200))
    assert [e["EngagementArn"] for e in last["Engagements"]] == started[49::-1]
    assert "NextToken" not in last


def _token_after(client: Any, count: int) -> str:
    token = None
    seen = 0
    while seen < count:
        params: dict[str, Any] = {"MaxResults": 50}
        if token is not None:
            params["NextToken"] = token
        response = call(client, "list_engagements", **params)
        seen += len(response["Engagements"])
        token = response["NextToken"]
    assert token is not None
    return str(token)


def test_list_engagements_pages_through_a_filter(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = ssm_contacts.add_contact("akuam")
    wanted = [
        engage(client, akuam, IncidentId="inc-1" if i % 3 == 0 else "other") for i in range(30)
    ]
    pages = collect(
        client,
        "list_engagements",
        "Engagements",
        IncidentId="inc-1",
        PaginationConfig={"PageSize": 4},
    )
    assert [len(page) for page in pages] == [4, 4, 2]
    assert [e["EngagementArn"] for e in flat(pages)] == wanted[::3][::-1]


def test_list_pages_by_contact_pages_through_250_newest_first(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    for minute in range(250):
        ssm_contacts.clock.set(at(minute))
        engage(client, akuam)
    pages = collect(
        client,
        "list_pages_by_contact",
        "Pages",
        ContactId=akuam.arn,
        PaginationConfig={"PageSize": 60},
    )
    assert [len(page) for page in pages] == [60, 60, 60, 60, 10]
    assert [p["PageArn"] for p in flat(pages)] == [p.arn for p in reversed(ssm_contacts.pages)]
    assert len(call(client, "list_pages_by_contact", ContactId=akuam.arn)["Pages"]) == 100


def test_list_pages_by_engagement_pages_oldest_first(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engagement = engage(client, add_person(ssm_contacts, "akuam", channels=10))
    pages = collect(
        client,
        "list_pages_by_engagement",
        "Pages",
        EngagementId=engagement,
        PaginationConfig={"PageSize": 3},
    )
    assert [len(page) for page in pages] == [3, 3, 3, 1]
    assert [p["PageArn"] for p in flat(pages)] == [p.arn for p in ssm_contacts.pages]


def test_list_page_receipts_pages_in_time_order(ssm_contacts: SSMContacts, client: Any) -> None:
    engage(client, add_person(ssm_contacts, "akuam"))
    [page] = ssm_contacts.pages
    for minute in range(1, 5):
        ssm_contacts.clock.set(at(minute))
        call(client, "accept_page", PageId=page.arn, AcceptType="DELIVERED", AcceptCode="123456")
    pages = collect(
        client, "list_page_receipts", "Receipts", PageId=page.arn, PaginationConfig={"PageSize": 2}
    )
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [r["ReceiptTime"] for r in flat(pages)] == [at(m) for m in range(5)]


def test_list_page_resolutions_through_the_paginator(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    escalation = add_escalation(ssm_contacts, "team", "akuam")
    engage(client, escalation)
    [page] = ssm_contacts.pages
    pages = collect(client, "list_page_resolutions", "PageResolutions", PageId=page.arn)
    assert pages == [
        [
            {"ContactArn": escalation.arn, "Type": "ESCALATION"},
            {"ContactArn": akuam.arn, "Type": "PERSONAL", "StageIndex": 0},
        ]
    ]


def test_list_contacts_pages_in_alias_order(ssm_contacts: SSMContacts, client: Any) -> None:
    aliases = [f"user-{i:02d}" for i in range(25)]
    for alias in reversed(aliases):
        ssm_contacts.add_contact(alias)
    pages = collect(client, "list_contacts", "Contacts", PaginationConfig={"PageSize": 4})
    assert [len(page) for page in pages] == [4] * 6 + [1]
    assert [c["Alias"] for c in flat(pages)] == aliases


# Each list operation with a way to give it something to list.
Setup = Callable[[SSMContacts, Any], dict[str, Any]]


def _engagement_setup(fake: SSMContacts, client: Any) -> dict[str, Any]:
    return {"EngagementId": engage(client, add_person(fake, "akuam"))}


def _page_setup(fake: SSMContacts, client: Any) -> dict[str, Any]:
    engage(client, add_person(fake, "akuam"))
    return {"PageId": fake.pages[0].arn}


def _contact_setup(fake: SSMContacts, client: Any) -> dict[str, Any]:
    akuam = add_person(fake, "akuam")
    engage(client, akuam)
    return {"ContactId": akuam.arn}


def _nothing(fake: SSMContacts, client: Any) -> dict[str, Any]:
    return {}


LIST_OPERATIONS: list[tuple[str, Setup]] = [
    ("list_engagements", _nothing),
    ("list_contacts", _nothing),
    ("list_pages_by_engagement", _engagement_setup),
    ("list_pages_by_contact", _contact_setup),
    ("list_page_receipts", _page_setup),
    ("list_page_resolutions", _page_setup),
]
CORRUPT_TOKENS = [
    "not-a-token",
    base64.b64encode(b"hello").decode(),
    base64.b64encode(b'{"x":1}').decode(),
    base64.b64encode(b"[1, 2]").decode(),
]


@pytest.mark.parametrize("token", CORRUPT_TOKENS, ids=["not-base64", "not-json", "no-keys", "list"])
@pytest.mark.parametrize(
    ("operation", "setup"), LIST_OPERATIONS, ids=[name for name, _ in LIST_OPERATIONS]
)
def test_a_corrupt_next_token_is_invalid(
    ssm_contacts: SSMContacts, client: Any, operation: str, setup: Setup, token: str
) -> None:
    params = setup(ssm_contacts, client)
    with pytest.raises(ClientError) as excinfo:
        getattr(client, operation)(NextToken=token, **params)
    _invalid(
        excinfo,
        f"NextToken {token} is not a token this operation issued for these filters; repeat "
        "the filters of the call that returned it, or start again without NextToken",
    )


def _first_token(client: Any, operation: str, **params: Any) -> str:
    token = getattr(client, operation)(MaxResults=1, **params)["NextToken"]
    assert isinstance(token, str)
    return token


def test_a_token_of_another_operation_or_filter_is_invalid(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    ssm_contacts.add_contact("alejr")
    first = engage(client, akuam, IncidentId="inc-1")
    engage(client, akuam, IncidentId="inc-1")
    busy = engage(client, add_person(ssm_contacts, "anasi", channels=2))
    contacts_token = _first_token(client, "list_contacts")
    incident_token = _first_token(client, "list_engagements", IncidentId="inc-1")
    pages_token = _first_token(client, "list_pages_by_contact", ContactId=akuam.arn)
    engagement_token = _first_token(client, "list_pages_by_engagement", EngagementId=busy)
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("list_engagements", contacts_token, {}),
        ("list_engagements", incident_token, {}),
        ("list_engagements", incident_token, {"IncidentId": "inc-2"}),
        ("list_contacts", incident_token, {}),
        ("list_contacts", contacts_token, {"AliasPrefix": "a"}),
        ("list_pages_by_engagement", pages_token, {"EngagementId": first}),
        ("list_pages_by_engagement", engagement_token, {"EngagementId": first}),
    ]
    for operation, token, params in cases:
        with pytest.raises(ClientError) as excinfo:
            getattr(client, operation)(NextToken=token, **params)
        message = _error(excinfo, "ValidationException")["Error"]["Message"]
        assert message.startswith(f"Invalid value provided - NextToken {token} "), operation
    # The same filters again: the token is good.
    again = call(client, "list_engagements", IncidentId="inc-1", NextToken=incident_token)
    assert [e["EngagementArn"] for e in again["Engagements"]] == [first]


def test_paging_twice_gives_the_same_disjoint_complete_pages(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = ssm_contacts.add_contact("akuam")
    started = [engage(client, akuam) for _ in range(23)]
    runs = [
        collect(client, "list_engagements", "Engagements", PaginationConfig={"PageSize": 5})
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    arns = [e["EngagementArn"] for e in flat(runs[0])]
    assert len(arns) == len(set(arns))
    assert sorted(arns) == sorted(started)


def test_engagements_started_mid_pagination_cause_no_duplicates(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    started = [engage(client, akuam) for _ in range(30)]
    first = call(client, "list_engagements", MaxResults=10)
    by_contact = call(client, "list_pages_by_contact", ContactId=akuam.arn, MaxResults=10)
    ssm_contacts.clock.advance(minutes=1)
    for _ in range(5):
        engage(client, akuam)

    seen = [e["EngagementArn"] for e in first["Engagements"]]
    token = first.get("NextToken")
    while token:
        response = call(client, "list_engagements", MaxResults=10, NextToken=token)
        seen += [e["EngagementArn"] for e in response["Engagements"]]
        token = response.get("NextToken")
    assert seen == started[::-1]

    pages_seen = [p["PageArn"] for p in by_contact["Pages"]]
    token = by_contact.get("NextToken")
    while token:
        response = call(
            client, "list_pages_by_contact", ContactId=akuam.arn, MaxResults=10, NextToken=token
        )
        pages_seen += [p["PageArn"] for p in response["Pages"]]
        token = response.get("NextToken")
    assert pages_seen == [p.arn for p in reversed(ssm_contacts.pages[:30])]


def test_contacts_created_mid_pagination_are_listed_at_most_once(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("b1", "b2", "b3", "b4"):
        ssm_contacts.add_contact(alias)
    first = call(client, "list_contacts", MaxResults=2)
    assert [c["Alias"] for c in first["Contacts"]] == ["b1", "b2"]
    ssm_contacts.add_contact("a0")  # sorts before the cursor: not in this walk
    ssm_contacts.add_contact("b5")  # sorts after it: listed once
    rest: list[str] = []
    token = first.get("NextToken")
    while token:
        response = call(client, "list_contacts", MaxResults=2, NextToken=token)
        rest += [c["Alias"] for c in response["Contacts"]]
        token = response.get("NextToken")
    assert rest == ["b3", "b4", "b5"]


# -- contacts: plans, conflicts, quotas, listing, deletion ---------------------------------


def _stage(minutes: int, *targets: dict[str, Any]) -> dict[str, Any]:
    return {"DurationInMinutes": minutes, "Targets": list(targets)}


def _contact_target(arn: str, essential: bool = False) -> dict[str, Any]:
    return {"ContactTargetInfo": {"ContactId": arn, "IsEssential": essential}}


def _channel_target(arn: str) -> dict[str, Any]:
    return {"ChannelTargetInfo": {"ContactChannelId": arn, "RetryIntervalInMinutes": 1}}


def test_create_get_and_update_a_contact(client: Any) -> None:
    created = call(client, "create_contact", Alias="akuam", Type="PERSONAL", Plan={"Stages": []})
    arn = created["ContactArn"]
    assert arn == f"{ARN}:contact/akuam"
    got = call(client, "get_contact", ContactId=arn)
    got.pop("ResponseMetadata")
    assert got == {"ContactArn": arn, "Alias": "akuam", "Type": "PERSONAL", "Plan": {"Stages": []}}

    channel = call(
        client,
        "create_contact_channel",
        ContactId=arn,
        Name="phone",
        Type="SMS",
        DeliveryAddress={"SimpleAddress": "+15005550199"},
    )["ContactChannelArn"]
    plan = {"Stages": [_stage(5, _channel_target(channel))]}
    call(client, "update_contact", ContactId=arn, DisplayName="Akua M", Plan=plan)
    got = call(client, "get_contact", ContactId=arn)
    assert (got["DisplayName"], got["Plan"]) == ("Akua M", plan)


def test_oncall_schedule_with_stages_is_invalid(ssm_contacts: SSMContacts, client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(Alias="oncall", Type="ONCALL_SCHEDULE", Plan={"Stages": [_stage(5)]})
    _invalid(excinfo, "ONCALL SCHEDULE contact cannot have stages in plan")
    schedule = ssm_contacts.add_contact("oncall", type="ONCALL_SCHEDULE")
    with pytest.raises(ClientError) as excinfo:
        client.update_contact(ContactId=schedule.arn, Plan={"Stages": [_stage(5)]})
    _invalid(excinfo, "ONCALL SCHEDULE contact cannot have stages in plan")


def test_escalation_targeting_an_escalation_is_invalid(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    inner = ssm_contacts.add_contact("inner", type="ESCALATION")
    plan = {"Stages": [_stage(5, _contact_target(inner.arn))]}
    detail = f"Stage 0: an escalation plan cannot target another escalation plan ({inner.arn})"
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(Alias="outer", Type="ESCALATION", Plan=plan)
    _invalid(excinfo, detail)
    outer = ssm_contacts.add_contact("outer", type="ESCALATION")
    with pytest.raises(ClientError) as excinfo:
        client.update_contact(ContactId=outer.arn, Plan=plan)
    _invalid(excinfo, detail)


def test_escalation_targeting_an_unknown_contact_is_invalid(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    plan = {"Stages": [_stage(5), _stage(5, _contact_target(MISSING_CONTACT))]}
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(Alias="team", Type="ESCALATION", Plan=plan)
    _invalid(excinfo, f"Stage 1: contact {MISSING_CONTACT} does not exist")


def test_personal_plan_targeting_another_contacts_channel_is_invalid(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    alejr = add_person(ssm_contacts, "alejr")
    foreign = alejr.channels[0].arn
    before = call(client, "get_contact", ContactId=akuam.arn)["Plan"]
    with pytest.raises(ClientError) as excinfo:
        client.update_contact(
            ContactId=akuam.arn, Plan={"Stages": [_stage(5, _channel_target(foreign))]}
        )
    _invalid(excinfo, f"Stage 0: contact channel {foreign} does not belong to contact {akuam.arn}")
    # A refused update changes nothing.
    assert call(client, "get_contact", ContactId=akuam.arn)["Plan"] == before


def test_zero_minute_stage_needs_a_target(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(Alias="team", Type="ESCALATION", Plan={"Stages": [_stage(0)]})
    _invalid(excinfo, "Stage 0 with DurationInMinutes 0 must have at least one target")
    # With a target it is fine, and so is a positive duration without one.
    plan = {"Stages": [_stage(0, _contact_target(akuam.arn)), _stage(5)]}
    call(client, "create_contact", Alias="team", Type="ESCALATION", Plan=plan)


@pytest.mark.parametrize(
    ("contact_type", "target", "detail"),
    [
        (
            "PERSONAL",
            _contact_target(f"{ARN}:contact/akuam"),
            "Stage 0: a PERSONAL contact's plan can only target its channels",
        ),
        (
            "ESCALATION",
            _channel_target(MISSING_CHANNEL),
            "Stage 0: an escalation plan can only target contacts",
        ),
        (
            "ESCALATION",
            {**_contact_target(f"{ARN}:contact/akuam"), **_channel_target(MISSING_CHANNEL)},
            "Stage 0: a target must have exactly one of ChannelTargetInfo or ContactTargetInfo",
        ),
    ],
    ids=["personal-to-contact", "escalation-to-channel", "both"],
)
def test_targets_of_the_wrong_kind_are_invalid(
    ssm_contacts: SSMContacts,
    client: Any,
    contact_type: str,
    target: dict[str, Any],
    detail: str,
) -> None:
    ssm_contacts.add_contact("akuam")
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(
            Alias="other", Type=contact_type, Plan={"Stages": [_stage(5, target)]}
        )
    _invalid(excinfo, detail)


def test_rotation_ids_outside_a_schedule_are_invalid(client: Any) -> None:
    rotation = f"{ARN}:rotation/primary"
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(
            Alias="team", Type="ESCALATION", Plan={"Stages": [], "RotationIds": [rotation]}
        )
    _invalid(excinfo, "ESCALATION contact cannot have RotationIds in plan")


def test_duplicate_alias_is_a_conflict(ssm_contacts: SSMContacts, client: Any) -> None:
    ssm_contacts.add_contact("akuam")
    call(client, "create_contact", Alias="alejr", Type="PERSONAL", Plan={"Stages": []})
    for alias in ("akuam", "alejr"):
        with pytest.raises(ClientError) as excinfo:
            client.create_contact(Alias=alias, Type="ESCALATION", Plan={"Stages": []})
        response = _error(excinfo, "ConflictException")
        assert response["ResourceId"] == f"{ARN}:contact/{alias}"
        assert response["ResourceType"] == "CONTACT"
        assert response["Error"]["Message"] == f"Contact with alias {alias} already exists"


@pytest.mark.ssm_contacts(quotas={"contacts": 2}, contacts=["akuam"])
def test_contact_quota(ssm_contacts: SSMContacts, client: Any) -> None:
    call(client, "create_contact", Alias="alejr", Type="PERSONAL", Plan={"Stages": []})
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(Alias="anasi", Type="PERSONAL", Plan={"Stages": []})
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["ServiceCode"] == "ssm-contacts"
    assert response["QuotaCode"].startswith("L-")
    assert response["ResourceType"] == "CONTACT"
    assert "2 contacts" in response["Error"]["Message"]
    # Deleting one makes room again.
    call(client, "delete_contact", ContactId=ssm_contacts.contact("akuam").arn)
    call(client, "create_contact", Alias="anasi", Type="PERSONAL", Plan={"Stages": []})


@pytest.mark.ssm_contacts(quotas={"stages_per_plan": 1})
def test_stages_per_plan_quota(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = ssm_contacts.add_contact("akuam")
    two = {"Stages": [_stage(5, _contact_target(akuam.arn)), _stage(5)]}
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(Alias="team", Type="ESCALATION", Plan=two)
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["ResourceId"] == f"{ARN}:contact/team"
    assert response["ServiceCode"] == "ssm-contacts"
    assert response["Error"]["Message"] == "A plan can have at most 1 stages"

    one = {"Stages": [_stage(5, _contact_target(akuam.arn))]}
    team = call(client, "create_contact", Alias="team", Type="ESCALATION", Plan=one)["ContactArn"]
    with pytest.raises(ClientError) as excinfo:
        client.update_contact(ContactId=team, Plan=two)
    assert _error(excinfo, "ServiceQuotaExceededException")["ResourceId"] == team
    assert call(client, "get_contact", ContactId=team)["Plan"] == one


@pytest.fixture
def directory(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("bob", display_name="Bob")
    ssm_contacts.add_contact("al-x")
    ssm_contacts.add_contact("team_1", type="ESCALATION")
    ssm_contacts.add_contact("alice")
    ssm_contacts.add_contact("oncall", type="ONCALL_SCHEDULE")
    ssm_contacts.add_contact("al9")


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize(
    ("filters", "aliases"),
    [
        ({}, ["al-x", "al9", "alice", "bob", "oncall", "team_1"]),
        ({"AliasPrefix": "al"}, ["al-x", "al9", "alice"]),
        ({"AliasPrefix": "ali"}, ["alice"]),
        ({"AliasPrefix": "zz"}, []),
        ({"Type": "PERSONAL"}, ["al-x", "al9", "alice", "bob"]),
        ({"Type": "ESCALATION"}, ["team_1"]),
        ({"Type": "ONCALL_SCHEDULE", "AliasPrefix": "on"}, ["oncall"]),
        ({"Type": "ESCALATION", "AliasPrefix": "al"}, []),
    ],
)
def test_list_contacts_filters_and_alias_order(
    client: Any, filters: dict[str, str], aliases: list[str]
) -> None:
    listed = call(client, "list_contacts", **filters)["Contacts"]
    assert [c["Alias"] for c in listed] == aliases


@pytest.mark.usefixtures("directory")
def test_list_contacts_summaries(client: Any) -> None:
    listed = call(client, "list_contacts", AliasPrefix="b")["Contacts"]
    assert listed == [
        {
            "ContactArn": f"{ARN}:contact/bob",
            "Alias": "bob",
            "DisplayName": "Bob",
            "Type": "PERSONAL",
        }
    ]


def test_deleted_contact_leaves_its_engagements_and_pages_readable(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    engagement = engage(client, akuam)
    [page] = ssm_contacts.pages
    call(client, "delete_contact", ContactId=akuam.arn)

    assert call(client, "describe_engagement", EngagementId=engagement)["ContactArn"] == akuam.arn
    listed = call(client, "list_engagements")["Engagements"]
    assert [e["EngagementArn"] for e in listed] == [engagement]
    pages = call(client, "list_pages_by_engagement", EngagementId=engagement)["Pages"]
    assert [p["PageArn"] for p in pages] == [page.arn]
    assert call(client, "describe_page", PageId=page.arn)["ContactArn"] == akuam.arn
    assert len(call(client, "list_page_receipts", PageId=page.arn)["Receipts"]) == 1
    path = call(client, "list_page_resolutions", PageId=page.arn)["PageResolutions"]
    assert path == [{"ContactArn": akuam.arn, "Type": "PERSONAL"}]

    for operation in ("get_contact", "list_pages_by_contact"):
        with pytest.raises(ClientError) as excinfo:
            getattr(client, operation)(ContactId=akuam.arn)
        assert _error(excinfo, "ResourceNotFoundException")["ResourceId"] == akuam.arn
    assert ssm_contacts.pages_for("akuam") == [page]


# -- StartEngagement -------------------------------------------------------------------


@pytest.mark.ssm_contacts(contacts=["akuam", escalation("example_escalation", ("akuam", True, 5))])
def test_start_engagement_on_personal_and_escalation_contacts(ssm_contacts: SSMContacts) -> None:
    personal = helpers.engage(arn("akuam"))
    escalated = helpers.engage(arn("example_escalation"))
    assert re.fullmatch(
        rf"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:engagement/akuam/{UUID}", personal
    )
    assert re.fullmatch(
        rf"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:engagement/example_escalation/{UUID}",
        escalated,
    )
    assert uuid.UUID(personal.rsplit("/", 1)[1]).version == 4
    assert [e.arn for e in ssm_contacts.engagements] == [personal, escalated]


@pytest.mark.ssm_contacts(contacts=["akuam"], region="cn-north-1")
def test_arns_follow_the_partition_of_the_region(ssm_contacts: SSMContacts) -> None:
    contact_arn = f"arn:aws-cn:ssm-contacts:cn-north-1:{ACCOUNT}:contact/akuam"
    assert ssm_contacts.contact("akuam").arn == contact_arn
    assert helpers.engage(contact_arn).startswith(f"arn:aws-cn:ssm-contacts:cn-north-1:{ACCOUNT}:")


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_same_idempotency_token_and_parameters_engage_once(ssm_contacts: SSMContacts) -> None:
    first = helpers.engage(arn("akuam"), IdempotencyToken="token-1")
    again = helpers.engage(arn("akuam"), IdempotencyToken="token-1")
    assert again == first
    assert len(ssm_contacts.engagements) == 1
    assert len(helpers.client().list_engagements()["Engagements"]) == 1


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_same_idempotency_token_other_parameters_is_a_validation_error(
    ssm_contacts: SSMContacts,
) -> None:
    api = helpers.client()
    helpers.engage(arn("akuam"), api, IdempotencyToken="token-1")
    with pytest.raises(api.exceptions.ValidationException):
        api.start_engagement(
            ContactId=arn("akuam"),
            Sender="alerts",
            Subject="Something else",
            Content="db-01 at 100%",
            IdempotencyToken="token-1",
        )
    assert len(ssm_contacts.engagements) == 1


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_an_arn_of_another_account_or_region_is_not_found(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    for foreign in (arn("akuam", account="999999999999"), arn("akuam", region="eu-west-1")):
        with pytest.raises(api.exceptions.ResourceNotFoundException):
            helpers.engage(foreign, api)
    other_region = helpers.client(region_name="eu-west-1")
    with pytest.raises(other_region.exceptions.ResourceNotFoundException):
        helpers.engage(arn("akuam"), other_region)
    ssm_contacts.assert_not_engaged()


def test_state_is_partitioned_by_region(ssm_contacts: SSMContacts) -> None:
    west = helpers.client(region_name="eu-west-1")
    west.create_contact(Alias="akuam", Type="PERSONAL", Plan={"Stages": []})
    assert helpers.client().list_contacts()["Contacts"] == []
    assert [c["Alias"] for c in west.list_contacts()["Contacts"]] == ["akuam"]
    helpers.engage(arn("akuam", region="eu-west-1"), west)
    ssm_contacts.assert_engaged(arn("akuam", region="eu-west-1"))


@pytest.mark.ssm_contacts(contacts=[helpers.person("akuam")])
def test_engagement_page_and_request_ids_are_distinct_random_uuids(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    ids: list[str] = []
    for _ in range(50):
        response = client.start_engagement(
            ContactId=arn("akuam"), Sender="s", Subject="s", Content="c"
        )
        ids.append(response["EngagementArn"].rsplit("/", 1)[1])
        ids.append(response["ResponseMetadata"]["RequestId"])
    ids += [page.arn.rsplit("/", 1)[1] for page in ssm_contacts.pages]
    assert len(ids) == 150 == len(set(ids))  # one page each: the plan's first stage
    for text in ids:
        parsed = uuid.UUID(text)
        assert (str(parsed), parsed.version, parsed.variant) == (text, 4, uuid.RFC_4122)


def _expected(
    engaged: list[tuple[str, datetime.datetime, str | None]],
    incident: str | None,
    earliest: datetime.datetime | None,
    latest: datetime.datetime | None,
) -> list[str]:
    return [
        arn
        for arn, start, incident_id in reversed(engaged)
        if (incident is None or incident_id == incident)
        and (earliest is None or start >= earliest)
        and (latest is None or start <= latest)
    ]


def _listed(api: Any, page_size: int, **filters: Any) -> list[str]:
    pages = api.get_paginator("list_engagements").paginate(
        PaginationConfig={"PageSize": page_size}, **filters
    )
    return [e["EngagementArn"] for page in pages for e in page["Engagements"]]


def _filter_cases(engaged: list[tuple[str, datetime.datetime, str | None]], seed: int) -> Any:
    chooser = random.Random(seed)
    times = sorted(start for _, start, _ in engaged)
    for _ in range(12):
        incident = chooser.choice([None, "inc-1", "inc-2", "none"])
        earliest = chooser.choice([None, chooser.choice(times), times[0] - datetime.timedelta(1)])
        latest = chooser.choice([None, chooser.choice(times), times[-1] + datetime.timedelta(1)])
        if earliest is not None and latest is not None and latest < earliest:
            earliest, latest = latest, earliest
        yield incident, earliest, latest, chooser.choice([1, 3, 100])


def _check_filters(
    api: Any, engaged: list[tuple[str, datetime.datetime, str | None]], seed: int
) -> None:
    for incident, earliest, latest, size in _filter_cases(engaged, seed):
        filters: dict[str, Any] = {}
        if incident is not None:
            filters["IncidentId"] = incident
        if earliest is not None or latest is not None:
            filters["TimeRangeValue"] = {
                k: v for k, v in (("StartTime", earliest), ("EndTime", latest)) if v is not None
            }
        assert _listed(api, size, **filters) == _expected(engaged, incident, earliest, latest)


def _engage_over_time(ssm_contacts: SSMContacts, api: Any, seed: int, move: Any) -> list[Any]:
    chooser = random.Random(seed)
    contact = arn("akuam")
    engaged = []
    for _ in range(40):
        move(chooser.choice([0, 1, 7, 60]))
        incident = chooser.choice([None, "inc-1", "inc-2"])
        extra = {} if incident is None else {"IncidentId": incident}
        engagement = helpers.engage(contact, api, **extra)
        start = ssm_contacts.engagements[-1].start_time
        engaged.append((engagement, start, incident))
    return engaged


@pytest.mark.ssm_contacts(contacts=["akuam"], start_time="2024-05-01T08:00:00Z")
@pytest.mark.parametrize("seed", range(3))
def test_list_engagements_filters_list_what_a_scan_would(
    ssm_contacts: SSMContacts, client: Any, seed: int
) -> None:
    engaged = _engage_over_time(
        ssm_contacts, client, seed, lambda minutes: ssm_contacts.clock.advance(minutes=minutes)
    )
    _check_filters(client, engaged, seed)


@pytest.mark.parametrize("seed", range(2))
def test_list_engagements_filters_hold_when_the_system_clock_went_back(seed: int) -> None:
    # Under a time-travel library the system clock can go back: engagements are then no
    # longer in time order, and a time range cannot be found by bisection.
    start = datetime.datetime(2024, 5, 1, 8, tzinfo=UTC)
    with (
        time_machine.travel(start, tick=False) as travel,
        mock_ssm_contacts(contacts=["akuam"], clock="system") as fake,
    ):
        api = helpers.client()
        back = random.Random(seed + 10)

        def move(minutes: int) -> None:
            travel.shift(datetime.timedelta(minutes=minutes * back.choice([1, -1])))

        engaged = _engage_over_time(fake, api, seed, move)
        assert sorted(s for _, s, _ in engaged) != [s for _, s, _ in engaged]
        _check_filters(api, engaged, seed)
