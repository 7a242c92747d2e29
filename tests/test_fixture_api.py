"""The ``SSMContacts`` object as tests drive it: contacts, engagements, faults, the call log
and the ``mock_ssm_contacts`` lifecycle."""

from __future__ import annotations

import copy
import datetime
import os
import re
import unittest
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

import helpers
from helpers import (
    ACCOUNT,
    T0,
    UUID,
    aliases,
    arn,
    channel_plan,
    client,
    engage,
    person,
)
from pytest_ssmcontacts import Contact, Engagement, Page, SSMContacts, mock_ssm_contacts

UUID4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
SMS = {"name": "phone", "type": "SMS", "address": "+15005550199"}
EMAIL = {"name": "mail", "type": "EMAIL", "address": "alice@example.com"}
VOICE = {"name": "voice", "type": "VOICE", "address": "+15005550100"}
START_ENGAGEMENT_ERRORS = (
    "AccessDeniedException, DataEncryptionException, InternalServerException, "
    "ResourceNotFoundException, ThrottlingException, ValidationException"
)


def escalation_plan(*contact_ids: str) -> dict[str, Any]:
    targets = [{"ContactTargetInfo": {"ContactId": c, "IsEssential": True}} for c in contact_ids]
    return {"Stages": [{"DurationInMinutes": 5, "Targets": targets}]}


# -- add_contact ----------------------------------------------------------------


def test_add_contact_defaults(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    assert alice == Contact(
        arn="arn:aws:ssm-contacts:us-east-1:123456789012:contact/alice",
        alias="alice",
        type="PERSONAL",
        display_name=None,
        plan={"Stages": []},
        channels=(),
        tags={},
    )
    assert ssm_contacts.contact("alice") == alice


def test_add_contact_display_name_and_tags(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact(
        "alice", display_name="Alice Liddell", tags={"team": "storage", "tier": "1"}
    )
    assert alice.display_name == "Alice Liddell"
    assert alice.tags == {"team": "storage", "tier": "1"}


def test_add_contact_creates_activated_channels(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice", channels=[SMS, EMAIL])
    assert [(c.name, c.type, c.address) for c in alice.channels] == [
        ("phone", "SMS", "+15005550199"),
        ("mail", "EMAIL", "alice@example.com"),
    ]
    for channel in alice.channels:
        assert re.fullmatch(
            rf"arn:aws:ssm-contacts:us-east-1:123456789012:contact-channel/alice/{UUID4}",
            channel.arn,
        )
        assert channel.contact_arn == alice.arn
        assert channel.activation_status == "ACTIVATED"
    assert alice.channels[0].arn != alice.channels[1].arn


def test_add_contact_resolves_channel_names_and_aliases_in_the_plan(
    ssm_contacts: SSMContacts,
) -> None:
    alice = ssm_contacts.add_contact(
        "alice",
        channels=[SMS, EMAIL],
        plan={
            "Stages": [
                {
                    "DurationInMinutes": 0,
                    "Targets": [
                        {"ChannelTargetInfo": {"ContactChannelId": "mail"}},
                        {
                            "ChannelTargetInfo": {
                                "ContactChannelId": "phone",
                                "RetryIntervalInMinutes": 1,
                            }
                        },
                    ],
                }
            ]
        },
    )
    phone, mail = alice.channels
    assert alice.plan["Stages"][0]["Targets"] == [
        {"ChannelTargetInfo": {"ContactChannelId": mail.arn}},
        {"ChannelTargetInfo": {"ContactChannelId": phone.arn, "RetryIntervalInMinutes": 1}},
    ]
    bob = ssm_contacts.add_contact("bob")
    oncall = ssm_contacts.add_contact(
        "oncall", type="ESCALATION", plan=escalation_plan("alice", bob.arn)
    )
    assert oncall.plan == escalation_plan(alice.arn, bob.arn)


def test_returned_contacts_are_snapshots(ssm_contacts: SSMContacts) -> None:
    oncall = ssm_contacts.add_contact(
        "oncall", type="ESCALATION", plan=escalation_plan(ssm_contacts.add_contact("bob").arn)
    )
    with pytest.raises(TypeError, match="read-only record"):
        oncall.plan["Stages"].clear()
    with pytest.raises(TypeError, match="read-only record"):
        oncall.tags["mutated"] = "yes"
    editable = copy.deepcopy(oncall.plan)
    editable["Stages"].clear()
    stored = ssm_contacts.contact("oncall")
    assert len(stored.plan["Stages"]) == 1
    assert stored.tags == {}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"alias": "Bad Alias!"},
            "add_contact(): alias 'Bad Alias!' must satisfy regular expression pattern: "
            r"^[a-z0-9_\-]*$",
            id="alias-pattern",
        ),
        pytest.param(
            {"alias": "a" * 256},
            f"add_contact(): alias '{'a' * 256}' must have length less than or equal to 255",
            id="alias-too-long",
        ),
        pytest.param(
            {"alias": "alice", "type": "PERSON"},
            "add_contact(): type 'PERSON' must satisfy enum value set: "
            "[PERSONAL, ESCALATION, ONCALL_SCHEDULE]",
            id="type-enum",
        ),
        pytest.param(
            {"alias": "alice", "channels": [{**SMS, "address": "555-0199"}]},
            "add_contact(): channels[0].address: ContactChannelAddress(SimpleAddress=555-0199) "
            "Contact channel address is invalid for a SMS channel: must be a phone number in "
            "E.164 format, such as +15005550199",
            id="sms-address",
        ),
        pytest.param(
            {"alias": "alice", "channels": [SMS, {**VOICE, "address": "15005550199"}]},
            "add_contact(): channels[1].address: ContactChannelAddress(SimpleAddress=15005550199) "
            "Contact channel address is invalid for a VOICE channel: must be a phone number in "
            "E.164 format, such as +15005550199",
            id="voice-address",
        ),
        pytest.param(
            {"alias": "alice", "channels": [{**EMAIL, "address": "alice.example.com"}]},
            "add_contact(): channels[0].address: ContactChannelAddress(SimpleAddress="
            "alice.example.com) Contact channel address is invalid for a EMAIL channel: must be "
            "an e-mail address, such as oncall@example.com",
            id="email-address",
        ),
        pytest.param(
            {"alias": "alice", "channels": [{**SMS, "type": "FAX"}]},
            "add_contact(): channels[0].type 'FAX' must satisfy enum value set: "
            "[SMS, VOICE, EMAIL]",
            id="channel-type-enum",
        ),
        pytest.param(
            {"alias": "alice", "channels": [{**SMS, "adress": "+15005550199"}]},
            "add_contact(): channels[0] has unknown key 'adress'; expected: address, name, type",
            id="unknown-channel-key",
        ),
        pytest.param(
            {"alias": "alice", "channels": [{"name": "phone"}]},
            "add_contact(): channels[0] is missing 'address', 'type'",
            id="missing-channel-keys",
        ),
        pytest.param(
            {"alias": "alice", "channels": [SMS, {**EMAIL, "name": "phone"}]},
            "add_contact(): channels[1].name 'phone' is used by another channel of this contact",
            id="duplicate-channel-name",
        ),
        pytest.param(
            {"alias": "alice", "channels": SMS},
            f"add_contact(): channels must be a list of dicts with keys address, name, type, "
            f"got {SMS!r}",
            id="channels-not-a-list",
        ),
        pytest.param(
            {"alias": "oncall", "type": "ESCALATION", "channels": [EMAIL]},
            "add_contact(): channels[0]: Contact channels can only be added to PERSONAL contacts; "
            "arn:aws:ssm-contacts:us-east-1:123456789012:contact/oncall is ESCALATION",
            id="channels-on-escalation",
        ),
        pytest.param(
            {"alias": "taken"},
            "add_contact(): alias: Contact with alias taken already exists",
            id="duplicate-alias",
        ),
    ],
)
def test_add_contact_rejects(
    ssm_contacts: SSMContacts, kwargs: dict[str, Any], message: str
) -> None:
    ssm_contacts.add_contact("taken")
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_contact(**kwargs)
    assert str(excinfo.value) == message
    assert [c.alias for c in ssm_contacts.contacts] == ["taken"]


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        pytest.param(
            {
                "channels": [SMS],
                "plan": {
                    "Stages": [
                        {
                            "DurationInMinutes": 0,
                            "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "pager"}}],
                        }
                    ]
                },
            },
            "add_contact(): plan['Stages'][0]['Targets'][0]['ChannelTargetInfo']"
            "['ContactChannelId'] 'pager' is neither a channel ARN nor the name of one of "
            "this contact's channels ('phone')",
            id="unknown-channel-name",
        ),
        pytest.param(
            {"type": "ESCALATION", "plan": escalation_plan("nobody")},
            "add_contact(): plan['Stages'][0]['Targets'][0]['ContactTargetInfo']['ContactId'] "
            "'nobody' is neither a contact ARN nor the alias of a contact added before this one",
            id="unknown-contact-alias",
        ),
    ],
)
def test_add_contact_rejects_unknown_plan_references(
    ssm_contacts: SSMContacts, kwargs: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_contact("alice", **kwargs)
    assert str(excinfo.value).startswith(problem)
    assert ssm_contacts.contacts == []


# -- contacts -------------------------------------------------------------------


def test_contacts_and_contact_lookup(ssm_contacts: SSMContacts) -> None:
    assert ssm_contacts.contacts == []
    bob = ssm_contacts.add_contact("bob")
    alice = ssm_contacts.add_contact("alice")
    assert ssm_contacts.contacts == [bob, alice]  # creation order
    assert ssm_contacts.contact("alice") == alice
    assert ssm_contacts.contact(alice.arn) == alice


@pytest.mark.parametrize(
    "ref", ["carol", "arn:aws:ssm-contacts:us-east-1:123456789012:contact/carol"]
)
def test_contact_lookup_of_an_unknown_contact_lists_the_known_aliases(
    ssm_contacts: SSMContacts, ref: str
) -> None:
    with pytest.raises(LookupError) as excinfo:
        ssm_contacts.contact(ref)
    assert str(excinfo.value) == f"no contact {ref!r}; known aliases: none"
    ssm_contacts.add_contact("bob")
    ssm_contacts.add_contact("alice")
    with pytest.raises(LookupError) as excinfo:
        ssm_contacts.contact(ref)
    assert str(excinfo.value) == f"no contact {ref!r}; known aliases: alice, bob"


def test_contact_lookup_rejects_a_non_string(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(TypeError, match=r"^contact\(\) takes an alias or an ARN, got 42$"):
        ssm_contacts.contact(42)  # type: ignore[arg-type]


# -- engagements ------------------------------------------------------------------


def test_engagement_records(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    arn = engage(
        alice,
        PublicSubject="Disk",
        PublicContent="db-1 full",
        IncidentId="inc-42",
        IdempotencyToken="token-1",
    )
    assert re.fullmatch(
        rf"arn:aws:ssm-contacts:us-east-1:123456789012:engagement/alice/{UUID4}", arn
    )
    [engagement] = ssm_contacts.engagements
    assert engagement.arn == arn
    assert engagement.contact_arn == alice.arn
    assert engagement.contact_alias == "alice"
    assert engagement.sender == "cli"
    assert engagement.subject == "Disk full"
    assert engagement.content == "db-1 is at 100%"
    assert engagement.public_subject == "Disk"
    assert engagement.public_content == "db-1 full"
    assert engagement.incident_id == "inc-42"
    assert engagement.idempotency_token == "token-1"


def test_optional_engagement_fields_default_to_none(ssm_contacts: SSMContacts) -> None:
    engage(ssm_contacts.add_contact("alice"))
    [engagement] = ssm_contacts.engagements
    assert (engagement.public_subject, engagement.public_content, engagement.incident_id) == (
        None,
        None,
        None,
    )
    # botocore fills in an idempotency token when the caller gives none.
    assert isinstance(engagement.idempotency_token, str)


def test_engagement_start_time_comes_from_the_virtual_clock(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    first_time = ssm_contacts.clock.now()
    engage(alice)
    later = ssm_contacts.clock.advance(minutes=90)
    engage(alice)
    assert [e.start_time for e in ssm_contacts.engagements] == [first_time, later]
    assert later - first_time == datetime.timedelta(minutes=90)


def test_engagements_in_start_order_and_per_contact(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    bob = ssm_contacts.add_contact("bob")
    ssm_contacts.add_contact("carol")
    first = engage(alice)
    second = engage(bob)
    third = engage(alice, Sender="ops")
    assert [e.arn for e in ssm_contacts.engagements] == [first, second, third]
    for ref in ("alice", alice.arn, alice):
        assert [e.arn for e in ssm_contacts.engagements_for(ref)] == [first, third]
    assert [e.arn for e in ssm_contacts.engagements_for(bob)] == [second]
    assert ssm_contacts.engagements_for("carol") == []


def test_engagements_for_rejects_what_is_not_a_contact(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(TypeError, match=r"^engagements_for\(\) takes a contact as an alias"):
        ssm_contacts.engagements_for(None)  # type: ignore[arg-type]


def test_same_idempotency_token_and_parameters_start_one_engagement(
    ssm_contacts: SSMContacts,
) -> None:
    alice = ssm_contacts.add_contact("alice")
    first = engage(alice, IdempotencyToken="retry-safe")
    again = engage(alice, IdempotencyToken="retry-safe")
    assert again == first
    assert [e.arn for e in ssm_contacts.engagements] == [first]
    assert [c.error for c in ssm_contacts.calls] == [None, None]


def test_same_idempotency_token_with_other_parameters_is_refused(
    ssm_contacts: SSMContacts,
) -> None:
    alice = ssm_contacts.add_contact("alice")
    engage(alice, IdempotencyToken="retry-safe")
    with pytest.raises(ClientError) as excinfo:
        engage(alice, IdempotencyToken="retry-safe", Subject="Other subject")
    error = excinfo.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        "Invalid value provided - IdempotencyToken retry-safe was already used with "
        "different parameters for StartEngagement"
    )
    assert len(ssm_contacts.engagements) == 1


@pytest.mark.parametrize(
    ("region", "arn"),
    [
        pytest.param(
            "us-east-1",
            "arn:aws:ssm-contacts:us-east-1:111122223333:contact/alice",
            id="other-account",
        ),
        pytest.param(
            "us-east-1",
            "arn:aws:ssm-contacts:eu-west-1:123456789012:contact/alice",
            id="other-region-in-arn",
        ),
        pytest.param(
            "eu-west-1",
            "arn:aws:ssm-contacts:us-east-1:123456789012:contact/alice",
            id="client-in-other-region",
        ),
    ],
)
def test_contacts_are_isolated_by_account_and_region(
    ssm_contacts: SSMContacts, region: str, arn: str
) -> None:
    ssm_contacts.add_contact("alice")
    with pytest.raises(ClientError) as excinfo:
        engage(arn, client(region_name=region))
    response = excinfo.value.response
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    assert response["ResourceId"] == arn
    assert response["ResourceType"] == "CONTACT"
    assert ssm_contacts.engagements == []


# -- fail_next --------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["StartEngagement", "start_engagement"])
def test_fail_next_answers_the_next_call_with_the_error(
    ssm_contacts: SSMContacts, operation: str
) -> None:
    alice = ssm_contacts.add_contact("alice")
    ssm_contacts.fail_next(operation, "AccessDeniedException")
    with pytest.raises(ClientError) as excinfo:
        engage(alice)
    response = excinfo.value.response
    assert response["Error"] == {
        "Code": "AccessDeniedException",
        "Message": "User is not authorized to perform: ssm-contacts:StartEngagement",
    }
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert ssm_contacts.engagements == []
    engage(alice)
    assert len(ssm_contacts.engagements) == 1


def test_fail_next_times_and_message(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    ssm_contacts.fail_next(
        "StartEngagement", "DataEncryptionException", times=2, message="KMS key disabled"
    )
    for _ in range(2):
        with pytest.raises(ClientError) as excinfo:
            engage(alice)
        assert excinfo.value.response["Error"]["Message"] == "KMS key disabled"
    engage(alice)
    assert [c.error for c in ssm_contacts.calls] == [
        "DataEncryptionException",
        "DataEncryptionException",
        None,
    ]


# The ListContacts fault is left unused on purpose: it must not answer StartEngagement.
@pytest.mark.ssm_contacts(assert_all_faults_used=False)
def test_fail_next_queues_errors_in_order_and_per_operation(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    ssm_contacts.fail_next("ListContacts", "AccessDeniedException")
    ssm_contacts.fail_next("StartEngagement", "ValidationException")
    ssm_contacts.fail_next("StartEngagement", "AccessDeniedException")
    for expected in ("ValidationException", "AccessDeniedException"):
        with pytest.raises(ClientError) as excinfo:
            engage(alice)
        assert excinfo.value.response["Error"]["Code"] == expected
    engage(alice)


def test_fail_next_fills_the_resource_members(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    ssm_contacts.fail_next("StartEngagement", "ResourceNotFoundException")
    with pytest.raises(ClientError) as excinfo:
        engage(alice)
    response = excinfo.value.response
    assert response["Error"]["Code"] == "ResourceNotFoundException"
    assert response["ResourceId"] == alice.arn
    assert response["ResourceType"] == "CONTACT"


def test_fail_next_fills_the_quota_members(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.fail_next("create_contact", "ServiceQuotaExceededException")
    with pytest.raises(ClientError) as excinfo:
        client().create_contact(Alias="alice", Type="PERSONAL", Plan={"Stages": []})
    response = excinfo.value.response
    assert response["Error"]["Code"] == "ServiceQuotaExceededException"
    assert re.fullmatch(r"L-[0-9A-Fa-f]{8}", response["QuotaCode"])
    assert response["ServiceCode"] == "ssm-contacts"


def test_fail_next_rejects_an_error_the_operation_does_not_model(
    ssm_contacts: SSMContacts,
) -> None:
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.fail_next("start_engagement", "ConflictException")
    assert str(excinfo.value) == (
        "fail_next(): StartEngagement does not model 'ConflictException'; expected one of: "
        + START_ENGAGEMENT_ERRORS
    )


def test_fail_next_rejects_an_unknown_operation(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.fail_next("StartEngagements", "ThrottlingException")
    message = str(excinfo.value)
    assert message.startswith(
        "fail_next(): unknown operation 'StartEngagements'; expected an ssm-contacts operation "
        "such as 'StartEngagement' or 'start_engagement'; did you mean StartEngagement"
    )


@pytest.mark.parametrize("times", [0, -1, True, 1.5, "2"])
def test_fail_next_rejects_bad_times(ssm_contacts: SSMContacts, times: Any) -> None:
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=times)
    assert str(excinfo.value) == f"fail_next(): times must be a positive integer, got {times!r}"


def test_fail_next_rejects_a_non_string_message(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(ValueError, match=r"^fail_next\(\): message must be a string, got 42$"):
        ssm_contacts.fail_next("StartEngagement", "ThrottlingException", message=42)  # type: ignore[arg-type]


def test_retryable_errors_are_retried_by_botocore(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    ssm = client(config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=2)
    response = ssm.start_engagement(
        ContactId=alice.arn, Sender="cli", Subject="Disk full", Content="db-1"
    )
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert [c.error for c in ssm_contacts.calls] == [
        "ThrottlingException",
        "ThrottlingException",
        None,
    ]
    # Every attempt carries the same token, so the retries start a single engagement.
    assert len({c.params["IdempotencyToken"] for c in ssm_contacts.calls}) == 1
    assert [e.arn for e in ssm_contacts.engagements] == [response["EngagementArn"]]


def test_server_errors_are_500_and_retried_until_attempts_run_out(
    ssm_contacts: SSMContacts,
) -> None:
    alice = ssm_contacts.add_contact("alice")
    ssm = client(config=Config(retries={"mode": "standard", "total_max_attempts": 3}))
    ssm_contacts.fail_next("StartEngagement", "InternalServerException", times=3)
    with pytest.raises(ClientError) as excinfo:
        engage(alice, ssm)
    response = excinfo.value.response
    assert response["Error"]["Code"] == "InternalServerException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert [c.error for c in ssm_contacts.calls] == ["InternalServerException"] * 3
    assert ssm_contacts.engagements == []


# -- the call log ------------------------------------------------------------------


def test_calls_record_operation_decoded_params_and_error(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    engage(alice, IdempotencyToken="token-1")
    with pytest.raises(ClientError):
        engage("arn:aws:ssm-contacts:us-east-1:123456789012:contact/nobody")
    first, second = ssm_contacts.calls
    assert first.operation == "StartEngagement"
    assert first.params == {
        "ContactId": alice.arn,
        "Sender": "cli",
        "Subject": "Disk full",
        "Content": "db-1 is at 100%",
        "IdempotencyToken": "token-1",
    }
    assert first.error is None
    assert second.operation == "StartEngagement"
    assert second.params["ContactId"].endswith(":contact/nobody")
    assert second.error == "ResourceNotFoundException"


def test_calls_rejected_by_botocore_never_reach_the_fake(ssm_contacts: SSMContacts) -> None:
    alice = ssm_contacts.add_contact("alice")
    with pytest.raises(ParamValidationError):
        client().start_engagement(ContactId=alice.arn, Sender="cli")
    assert ssm_contacts.calls == []


def test_an_operation_the_fake_does_not_know_is_named_in_the_error(
    ssm_contacts: SSMContacts,
) -> None:
    ssm = client()

    def retarget(request: Any, **_: Any) -> None:
        request.headers["X-Amz-Target"] = "SSMContacts.FrobnicateContact"

    # User event handlers run on faked calls too, so one can send what botocore never would.
    ssm.meta.events.register("request-created.ssm-contacts.ListContacts", retarget)
    with pytest.raises(ClientError) as excinfo:
        ssm.list_contacts()
    response = excinfo.value.response
    assert response["Error"] == {
        "Code": "ValidationException",
        "Message": "Unknown operation FrobnicateContact",
    }
    assert response["Reason"] == "UNKNOWN_OPERATION"
    assert [(c.operation, c.error) for c in ssm_contacts.calls] == [
        ("FrobnicateContact", "ValidationException")
    ]


# -- mock_ssm_contacts ---------------------------------------------------------------


def test_mock_as_context_manager_keeps_state_readable_after_exit() -> None:
    with mock_ssm_contacts(contacts=["alice"]) as fake:
        assert isinstance(fake, SSMContacts)
        active_inside = fake.active
        arn = engage(fake.contact("alice"))
    assert (active_inside, fake.active) == (True, False)
    assert [e.arn for e in fake.engagements] == [arn]
    assert [c.operation for c in fake.calls] == ["StartEngagement"]
    fake.assert_engaged("alice", times=1)


def test_mock_as_function_decorator() -> None:
    fake = mock_ssm_contacts(contacts=["alice"])

    @fake
    def page_alice(subject: str) -> str:
        """Pages alice."""
        assert fake.active
        return engage(fake.contact("alice"), Subject=subject)

    assert not fake.active
    arn = page_alice("Disk full")
    assert not fake.active
    assert page_alice.__name__ == "page_alice"
    assert page_alice.__doc__ == "Pages alice."
    assert [e.arn for e in fake.engagements] == [arn]


def test_mock_decorator_stops_the_fake_when_the_function_raises() -> None:
    fake = mock_ssm_contacts()
    region_before = os.environ.get("AWS_DEFAULT_REGION")

    @fake
    def broken() -> None:
        raise KeyError("boom")

    with pytest.raises(KeyError):
        broken()
    assert not fake.active
    assert os.environ.get("AWS_DEFAULT_REGION") == region_before


def test_mock_decorates_unittest_test_cases(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import unittest

        import boto3

        from pytest_ssmcontacts import mock_ssm_contacts

        fake = mock_ssm_contacts(contacts=["alice"], region="eu-west-1")


        @fake
        class TestPaging(unittest.TestCase):
            def test_engages(self):
                client = boto3.client("ssm-contacts")
                arn = client.start_engagement(
                    ContactId=fake.contact("alice").arn, Sender="cli", Subject="s", Content="c"
                )["EngagementArn"]
                self.assertIn(":eu-west-1:", arn)
                fake.assert_engaged("alice", times=1)

            def test_starts_from_a_clean_state(self):
                self.assertTrue(fake.active)
                self.assertEqual(fake.engagements, [])
                self.assertEqual([c.alias for c in fake.contacts], ["alice"])

            def helper_outside(self):
                return fake.active


        class TestAfterwards(unittest.TestCase):
            def test_only_test_methods_are_wrapped(self):
                self.assertFalse(fake.active)
                self.assertFalse(TestPaging("test_engages").helper_outside())
        """
    )
    # Order matters: the clean-state test runs after the one that engages.
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_reusing_a_mock_resets_its_state() -> None:
    fake = mock_ssm_contacts(contacts=["alice"], assert_all_faults_used=False)
    with fake:
        engage(fake.add_contact("bob"))
        fake.fail_next("StartEngagement", "AccessDeniedException")
        fake.clock.advance(days=1)
    assert [c.alias for c in fake.contacts] == ["alice", "bob"]
    with fake:
        assert [c.alias for c in fake.contacts] == ["alice"]
        assert fake.engagements == []
        assert fake.calls == []
        engage(fake.contact("alice"))
        assert fake.engagements[0].start_time == fake.clock.now()
    assert len(fake.engagements) == 1


def test_starting_an_active_mock_again_is_refused() -> None:
    message = "this SSMContacts is already active; create another mock_ssm_contacts() to nest"
    with mock_ssm_contacts() as fake:
        with pytest.raises(RuntimeError) as excinfo:
            fake.start()
        assert str(excinfo.value) == message
        with pytest.raises(RuntimeError), fake:
            pass
        assert fake.active


def test_start_and_stop_by_hand() -> None:
    fake = mock_ssm_contacts()
    states = [fake.active]
    assert fake.start() is fake
    states.append(fake.active)
    fake.stop()
    states.append(fake.active)
    fake.stop()  # stopping an inactive fake does nothing
    states.append(fake.active)
    assert states == [False, True, False, False]


def test_nested_mocks_inner_wins_and_outer_is_restored() -> None:
    with mock_ssm_contacts(contacts=["alice"]) as outer:
        outer_client = client()
        with mock_ssm_contacts(contacts=["bob"], region="eu-west-1") as inner:
            assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
            engage(inner.contact("bob"))
            with pytest.raises(ClientError):
                engage(outer.contact("alice"), outer_client)
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
        engage(outer.contact("alice"), outer_client)
    assert [e.contact_alias for e in inner.engagements] == ["bob"]
    assert [e.contact_alias for e in outer.engagements] == ["alice"]
    assert [c.error for c in inner.calls] == [None, "ResourceNotFoundException"]
    assert [c.error for c in outer.calls] == [None]


def test_account_and_region_shape_the_arns() -> None:
    with mock_ssm_contacts(account_id="111122223333", region="ap-southeast-2") as fake:
        assert (fake.account_id, fake.region) == ("111122223333", "ap-southeast-2")
        alice = fake.add_contact("alice")
        assert alice.arn == "arn:aws:ssm-contacts:ap-southeast-2:111122223333:contact/alice"
        assert engage(alice).startswith(
            "arn:aws:ssm-contacts:ap-southeast-2:111122223333:engagement/alice/"
        )
    china = mock_ssm_contacts(region="cn-north-1", contacts=["alice"])
    assert (
        china.contact("alice").arn
        == "arn:aws-cn:ssm-contacts:cn-north-1:123456789012:contact/alice"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"account_id": "12345"},
            "account_id must be a string of 12 digits, got '12345'",
            id="short-account",
        ),
        pytest.param(
            {"account_id": 123456789012},
            "account_id must be a string of 12 digits, got 123456789012",
            id="int-account",
        ),
        pytest.param(
            {"region": "mars"},
            "region must be an AWS region name such as 'us-east-1', got 'mars'",
            id="bad-region",
        ),
        pytest.param(
            {"region": "US-EAST-1"},
            "region must be an AWS region name such as 'us-east-1', got 'US-EAST-1'",
            id="uppercase-region",
        ),
        pytest.param(
            {"contacts": "alice"},
            "contacts must be a list of aliases or dicts of add_contact() arguments, got 'alice'",
            id="contacts-string",
        ),
        pytest.param(
            {"contacts": ["alice", {"alias": "bob", "alais": "x"}]},
            "contacts[1]: unknown key 'alais'; expected: alias, channels, display_name, plan, "
            "tags, type",
            id="contacts-unknown-key",
        ),
        pytest.param(
            {"contacts": [{"type": "PERSONAL"}]},
            "contacts[0]: missing 'alias'",
            id="contacts-missing-alias",
        ),
        pytest.param(
            {"contacts": [7]},
            "contacts[0]: expected an alias or a dict of add_contact() arguments, got 7",
            id="contacts-not-a-spec",
        ),
        pytest.param(
            {"contacts": ["alice", "alice"]},
            "contacts[1]: add_contact(): alias: Contact with alias alice already exists",
            id="contacts-duplicate",
        ),
    ],
)
def test_mock_rejects_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        mock_ssm_contacts(**kwargs)
    assert str(excinfo.value) == message


# -- the fixture object ----------------------------------------------------------------


def test_defaults_without_marker_ini_or_environment(ssm_contacts: SSMContacts) -> None:
    assert ssm_contacts.account_id == "123456789012"
    assert ssm_contacts.region == "us-east-1"


@pytest.mark.ssm_contacts(account_id="111122223333", region="eu-central-1")
def test_a_client_without_region_lands_in_the_fixture_region(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    assert api.meta.region_name == "eu-central-1"
    created = api.create_contact(Alias="akuam", Type="PERSONAL", Plan={"Stages": []})
    assert created["ContactArn"] == "arn:aws:ssm-contacts:eu-central-1:111122223333:contact/akuam"


def test_defaults_come_from_marker_then_ini_then_environment(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-2")
    pytester.makeini(
        """
        [pytest]
        ssm_contacts_account_id = 111122223333
        """
    )
    pytester.makepyfile(
        """
        import pytest

        def test_env_region_ini_account(ssm_contacts):
            assert (ssm_contacts.account_id, ssm_contacts.region) == (
                "111122223333", "ap-southeast-2")

        @pytest.mark.ssm_contacts(account_id="444455556666", region="sa-east-1")
        def test_marker_wins(ssm_contacts):
            assert (ssm_contacts.account_id, ssm_contacts.region) == (
                "444455556666", "sa-east-1")
        """
    )
    pytester.runpytest("--strict-markers").assert_outcomes(passed=2)


def test_ini_region_beats_the_environment(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-2")
    pytester.makeini(
        """
        [pytest]
        ssm_contacts_region = eu-north-1
        """
    )
    pytester.makepyfile(
        """
        def test_ini(ssm_contacts):
            assert (ssm_contacts.account_id, ssm_contacts.region) == (
                "123456789012", "eu-north-1")
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_add_contact_with_channels_and_a_plan_by_name(ssm_contacts: SSMContacts) -> None:
    contact = ssm_contacts.add_contact(
        "akuam",
        display_name="Akua M",
        channels=[
            {"name": "phone", "type": "SMS", "address": "+15005550101"},
            {"name": "mail", "type": "EMAIL", "address": "akuam@example.com"},
        ],
        plan=channel_plan(("phone", 5), ("mail", 5)),
        tags={"team": "db"},
    )
    assert isinstance(contact, Contact)
    assert (contact.alias, contact.type, contact.display_name) == ("akuam", "PERSONAL", "Akua M")
    assert contact.arn == arn("akuam")
    assert [(c.name, c.type, c.activation_status) for c in contact.channels] == [
        ("phone", "SMS", "ACTIVATED"),
        ("mail", "EMAIL", "ACTIVATED"),
    ]
    stored = helpers.client().get_contact(ContactId=contact.arn)
    targets = [
        s["Targets"][0]["ChannelTargetInfo"]["ContactChannelId"] for s in stored["Plan"]["Stages"]
    ]
    assert targets == [c.arn for c in contact.channels]
    channels = helpers.client().list_contact_channels(ContactId=contact.arn)["ContactChannels"]
    assert [c["ActivationStatus"] for c in channels] == ["ACTIVATED", "ACTIVATED"]
    tags = helpers.client().list_tags_for_resource(ResourceARN=contact.arn)["Tags"]
    assert tags == [{"Key": "team", "Value": "db"}]


def test_add_contact_plan_takes_the_create_contact_shape(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("akuam")
    plan = {
        "Stages": [
            {
                "DurationInMinutes": 5,
                "Targets": [
                    {"ContactTargetInfo": {"ContactId": arn("akuam"), "IsEssential": True}}
                ],
            }
        ]
    }
    esc = ssm_contacts.add_contact("escalation", type="ESCALATION", plan=plan)
    assert esc.plan == plan
    assert helpers.client().get_contact(ContactId=esc.arn)["Plan"] == plan


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"alias": "Bad Alias"}, "alias"),
        ({"alias": "ok", "type": "ROBOT"}, "type"),
        ({"alias": "ok", "display_name": "a,b"}, "display_name"),
        ({"alias": "ok", "channels": [{"name": "x", "type": "FAX", "address": "1"}]}, "type"),
        ({"alias": "ok", "channels": [{"name": "x", "type": "SMS", "address": "nope"}]}, "address"),
    ],
)
def test_add_contact_rejects_what_the_api_would(
    ssm_contacts: SSMContacts, kwargs: dict[str, Any], named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        ssm_contacts.add_contact(**kwargs)
    assert ssm_contacts.contacts == []


@pytest.mark.ssm_contacts(contacts=["akuam", {"alias": "alejr", "display_name": "Ale J"}])
def test_contacts_and_contact_by_alias_or_arn(ssm_contacts: SSMContacts) -> None:
    assert aliases(ssm_contacts.contacts) == ["akuam", "alejr"]
    assert ssm_contacts.contact("alejr").display_name == "Ale J"
    assert ssm_contacts.contact(arn("akuam")).alias == "akuam"
    with pytest.raises(LookupError):
        ssm_contacts.contact("nobody")


def test_contacts_created_through_the_api_are_visible(ssm_contacts: SSMContacts) -> None:
    helpers.client().create_contact(Alias="dana", Type="PERSONAL", Plan={"Stages": []})
    assert aliases(ssm_contacts.contacts) == ["dana"]


@pytest.mark.ssm_contacts(contacts=["akuam", "alejr"], start_time=T0)
def test_engagement_records_have_the_promised_fields(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    first = api.start_engagement(
        ContactId=arn("akuam"),
        Sender="cli",
        Subject="Disk full",
        Content="db-01 is at 100%",
        PublicSubject="Disk",
        PublicContent="db-01",
        IncidentId="incident-1",
        IdempotencyToken="tok",
    )["EngagementArn"]
    ssm_contacts.clock.advance(minutes=1)
    second = helpers.engage(arn("alejr"), api)
    records = ssm_contacts.engagements
    assert [e.arn for e in records] == [first, second]
    record = records[0]
    assert isinstance(record, Engagement)
    assert record.arn == first
    assert record.contact_arn == arn("akuam")
    assert record.sender == "cli"
    assert record.subject == "Disk full"
    assert record.content == "db-01 is at 100%"
    assert record.public_subject == "Disk"
    assert record.public_content == "db-01"
    assert record.incident_id == "incident-1"
    assert record.idempotency_token == "tok"
    assert record.start_time == T0
    assert records[1].start_time == T0 + datetime.timedelta(minutes=1)
    with pytest.raises(AttributeError):
        record.subject = "changed"  # type: ignore[misc]
    assert ssm_contacts.engagements_for("alejr") == [records[1]]
    assert ssm_contacts.engagements_for(ssm_contacts.contact("akuam")) == [record]
    assert ssm_contacts.engagements_for(arn("akuam")) == [record]


@pytest.mark.ssm_contacts(contacts=["akuam", "alejr"])
def test_assert_engaged_takes_alias_arn_or_contact_and_fields(ssm_contacts: SSMContacts) -> None:
    helpers.engage(arn("akuam"), IncidentId="incident-1")
    ssm_contacts.assert_engaged("akuam")
    ssm_contacts.assert_engaged(arn("akuam"), subject="Disk full", incident_id="incident-1")
    ssm_contacts.assert_engaged(ssm_contacts.contact("akuam"), times=1, sender="cli")
    ssm_contacts.assert_engaged("alejr", times=0)
    ssm_contacts.assert_not_engaged("alejr")
    with pytest.raises(AssertionError):
        ssm_contacts.assert_engaged("alejr")
    with pytest.raises(AssertionError):
        ssm_contacts.assert_engaged("akuam", times=2)
    with pytest.raises(AssertionError):
        ssm_contacts.assert_not_engaged()
    with pytest.raises(AssertionError):
        ssm_contacts.assert_not_engaged("akuam")


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_assert_engaged_unknown_field_is_a_type_error_naming_it(
    ssm_contacts: SSMContacts,
) -> None:
    helpers.engage(arn("akuam"))
    with pytest.raises(TypeError, match="subjct"):
        ssm_contacts.assert_engaged("akuam", subjct="Disk full")


@pytest.mark.ssm_contacts(contacts=["akuam", "alejr"])
def test_assert_engaged_failure_lists_every_engagement_with_differences(
    ssm_contacts: SSMContacts,
) -> None:
    helpers.engage(arn("akuam"))
    helpers.client().start_engagement(
        ContactId=arn("alejr"), Sender="web", Subject="5xx", Content="c"
    )
    with pytest.raises(AssertionError) as exc:
        ssm_contacts.assert_engaged("akuam", subject="Replication lag")
    message = str(exc.value)
    assert "akuam" in message
    assert "Replication lag" in message
    bullets = [line for line in message.splitlines() if line.startswith("- ")]
    assert len(bullets) == 2
    assert "Disk full" in bullets[0]
    assert "differs" in bullets[0]
    assert "alejr" in bullets[1]


def test_assertions_hide_their_own_frames(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_fails(ssm_contacts):
            ssm_contacts.add_contact("akuam")
            ssm_contacts.assert_engaged("akuam")

        def test_fails_paged(ssm_contacts):
            ssm_contacts.assert_paged("akuam")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    output = result.stdout.str()
    assert "Expected" in output
    assert "_fake.py" not in output
    assert "assertions.py" not in output


# -- mock_ssm_contacts -----------------------------------------------------------------


def test_mock_as_a_context_manager_with_the_same_options() -> None:
    with mock_ssm_contacts(contacts=["akuam"], account_id="111122223333", region="eu-west-1") as f:
        assert isinstance(f, SSMContacts)
        assert (f.account_id, f.region) == ("111122223333", "eu-west-1")
        helpers.engage(arn("akuam", region="eu-west-1", account="111122223333"))
    f.assert_engaged("akuam")


def test_mock_as_a_function_decorator() -> None:
    fake = mock_ssm_contacts(contacts=["akuam"])

    @fake
    def page() -> str:
        return helpers.engage(arn("akuam"))

    engagement = page()
    assert [e.arn for e in fake.engagements] == [engagement]


def test_mock_as_a_unittest_class_decorator() -> None:
    fake = mock_ssm_contacts(contacts=["akuam"])

    @fake
    class PagerTest(unittest.TestCase):
        def test_pages(self) -> None:
            helpers.engage(arn("akuam"))
            fake.assert_engaged("akuam")

        def test_starts_empty(self) -> None:
            fake.assert_not_engaged()
            assert aliases(fake.contacts) == ["akuam"]

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(PagerTest).run(result)
    assert (result.testsRun, result.failures, result.errors) == (2, [], [])


# -- fixture additions -----------------------------------------------------------------


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_page_records_have_the_promised_fields(ssm_contacts: SSMContacts) -> None:
    engagement = helpers.engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    sms = ssm_contacts.contact("akuam").channels[0]
    assert isinstance(page, Page)
    assert re.fullmatch(rf"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:page/akuam/{UUID}", page.arn)
    assert page.engagement_arn == engagement
    assert page.contact_arn == arn("akuam")
    assert page.channel_arn == sms.arn
    assert page.channel_type == "SMS"
    assert page.sent_time == T0
    assert page.delivery_time is None
    assert page.read_time is None
    assert re.fullmatch(r"[0-9]{6}", page.accept_code)
    assert page.accept_code == ssm_contacts.accept_code(page)
    assert ssm_contacts.accept_code(page.arn) == page.accept_code
    assert ssm_contacts.pages_for("akuam") == [page]
    assert ssm_contacts.pages_for(ssm_contacts.contact("akuam")) == [page]


@pytest.mark.ssm_contacts(contacts=[person("akuam"), person("alejr")], start_time=T0)
def test_assert_paged_channel_and_times(ssm_contacts: SSMContacts) -> None:
    helpers.engage(arn("akuam"))
    ssm_contacts.clock.advance(minutes=5)
    sms = ssm_contacts.contact("akuam").channels[0]
    ssm_contacts.assert_paged("akuam", times=2)
    ssm_contacts.assert_paged("akuam", channel="sms", times=1)
    ssm_contacts.assert_paged("akuam", channel="SMS")
    ssm_contacts.assert_paged("akuam", channel="voice")
    ssm_contacts.assert_paged("akuam", channel=sms)
    ssm_contacts.assert_paged(arn("akuam"), channel=sms.arn)
    ssm_contacts.assert_paged("akuam", channel="email", times=0)
    ssm_contacts.assert_not_paged("alejr")
    with pytest.raises(AssertionError):
        ssm_contacts.assert_paged("akuam", channel="email")
    with pytest.raises(AssertionError):
        ssm_contacts.assert_not_paged("akuam")


@pytest.mark.ssm_contacts(contacts=[person("akuam"), person("alejr")], start_time=T0)
def test_assert_paged_failure_lists_every_page_sent(ssm_contacts: SSMContacts) -> None:
    helpers.engage(arn("akuam"))
    helpers.engage(arn("alejr"))
    with pytest.raises(AssertionError) as exc:
        ssm_contacts.assert_paged("akuam", channel="email")
    message = str(exc.value)
    assert message.startswith("Expected")
    bullets = [line for line in message.splitlines() if line.startswith("- ")]
    assert len(bullets) == 2
    assert "akuam" in bullets[0]
    assert "alejr" in bullets[1]
    with pytest.raises(AssertionError) as exc:
        ssm_contacts.assert_not_paged("alejr")
    (only,) = [line for line in str(exc.value).splitlines() if line.startswith("- ")]
    assert bullets[1].startswith(only)


def test_activation_code_is_what_the_device_received(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    contact_arn = api.create_contact(Alias="dana", Type="PERSONAL", Plan={"Stages": []})[
        "ContactArn"
    ]
    channel_arn = api.create_contact_channel(
        ContactId=contact_arn,
        Name="phone",
        Type="SMS",
        DeliveryAddress={"SimpleAddress": "+15005550199"},
    )["ContactChannelArn"]
    status = api.get_contact_channel(ContactChannelId=channel_arn)["ActivationStatus"]
    assert status == "NOT_ACTIVATED"
    code = ssm_contacts.activation_code(channel_arn)
    assert re.fullmatch(r"[0-9]{6}", code)
    api.activate_contact_channel(ContactChannelId=channel_arn, ActivationCode=code)
    status = api.get_contact_channel(ContactChannelId=channel_arn)["ActivationStatus"]
    assert status == "ACTIVATED"
    assert ssm_contacts.contact("dana").channels[0].activation_status == "ACTIVATED"


def test_deferred_activation_sends_no_code_until_asked(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    contact_arn = api.create_contact(Alias="dana", Type="PERSONAL", Plan={"Stages": []})[
        "ContactArn"
    ]
    channel_arn = api.create_contact_channel(
        ContactId=contact_arn,
        Name="mail",
        Type="EMAIL",
        DeliveryAddress={"SimpleAddress": "dana@example.com"},
        DeferActivation=True,
    )["ContactChannelArn"]
    with pytest.raises(LookupError):
        ssm_contacts.activation_code(channel_arn)
    api.send_activation_code(ContactChannelId=channel_arn)
    channel = ssm_contacts.contact("dana").channels[0]
    api.activate_contact_channel(
        ContactChannelId=channel_arn, ActivationCode=ssm_contacts.activation_code(channel)
    )


@pytest.mark.ssm_contacts(contacts=["akuam", "alejr"])
def test_add_contact_plan_may_name_contacts_by_alias(ssm_contacts: SSMContacts) -> None:
    esc = ssm_contacts.add_contact(
        "esc",
        type="ESCALATION",
        plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [
                        {"ContactTargetInfo": {"ContactId": "akuam", "IsEssential": True}},
                        {"ContactTargetInfo": {"ContactId": "alejr", "IsEssential": False}},
                    ],
                }
            ]
        },
    )
    targets = esc.plan["Stages"][0]["Targets"]
    assert [t["ContactTargetInfo"]["ContactId"] for t in targets] == [arn("akuam"), arn("alejr")]
