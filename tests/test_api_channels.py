"""Contact channels through the API: lifecycle, activation codes, errors and paging."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from output_shapes import assert_matches_output
from pytest_ssmcontacts import SSMContacts

SMS = "+15005550199"
OTHER_SMS = "+15005550100"
EMAIL = "oncall@example.com"
CHANNEL_ARN = re.compile(
    r"^arn:aws:ssm-contacts:us-east-1:123456789012:contact-channel/alice/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
MISSING_CHANNEL = (
    "arn:aws:ssm-contacts:us-east-1:123456789012:contact-channel/alice/"
    "00000000-0000-0000-0000-000000000000"
)


@pytest.fixture
def alice(ssm_contacts: SSMContacts) -> str:
    return ssm_contacts.add_contact("alice").arn


def _create(client: Any, contact_arn: str, **overrides: Any) -> str:
    params: dict[str, Any] = {
        "ContactId": contact_arn,
        "Name": "phone",
        "Type": "SMS",
        "DeliveryAddress": {"SimpleAddress": SMS},
    }
    params.update(overrides)
    response = client.create_contact_channel(**params)
    assert_matches_output(client, "CreateContactChannel", response)
    return str(response["ContactChannelArn"])


def _code(fake: SSMContacts, channel_arn: str) -> str | None:
    # Real codes arrive on the device; the fake shows the one it "sent".
    try:
        return fake.activation_code(channel_arn)
    except LookupError:
        return None


def _status(client: Any, channel_arn: str) -> str:
    return str(client.get_contact_channel(ContactChannelId=channel_arn)["ActivationStatus"])


def _error(excinfo: pytest.ExceptionInfo[ClientError], code: str) -> dict[str, Any]:
    response: dict[str, Any] = excinfo.value.response
    assert response["Error"]["Code"] == code, response["Error"]
    return response


# -- CreateContactChannel / GetContactChannel ------------------------------------------


def test_create_then_get_returns_every_field(client: Any, alice: str) -> None:
    arn = _create(client, alice, Name="work phone", Type="VOICE")
    assert CHANNEL_ARN.match(arn)
    response = client.get_contact_channel(ContactChannelId=arn)
    assert_matches_output(client, "GetContactChannel", response)
    response.pop("ResponseMetadata")
    assert response == {
        "ContactArn": alice,
        "ContactChannelArn": arn,
        "Name": "work phone",
        "Type": "VOICE",
        "DeliveryAddress": {"SimpleAddress": SMS},
        "ActivationStatus": "NOT_ACTIVATED",
    }


def test_create_sends_a_six_digit_code(client: Any, alice: str, ssm_contacts: SSMContacts) -> None:
    arn = _create(client, alice)
    code = _code(ssm_contacts, arn)
    assert code is not None
    assert re.fullmatch(r"[0-9]{6}", code)
    assert _status(client, arn) == "NOT_ACTIVATED"


def test_deferred_activation_sends_no_code_until_asked(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    arn = _create(client, alice, DeferActivation=True)
    assert _code(ssm_contacts, arn) is None
    with pytest.raises(ClientError) as excinfo:
        client.activate_contact_channel(ContactChannelId=arn, ActivationCode="123456")
    response = _error(excinfo, "ValidationException")
    assert response["Reason"] == "OTHER"
    assert "No activation code was sent" in response["Error"]["Message"]

    assert_matches_output(
        client, "SendActivationCode", client.send_activation_code(ContactChannelId=arn)
    )
    code = _code(ssm_contacts, arn)
    assert code is not None
    response = client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    assert_matches_output(client, "ActivateContactChannel", response)
    assert _status(client, arn) == "ACTIVATED"


def test_create_for_an_unknown_contact_is_not_found(client: Any) -> None:
    missing = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/nobody"
    with pytest.raises(ClientError) as excinfo:
        _create(client, missing)
    response = _error(excinfo, "ResourceNotFoundException")
    assert response["ResourceId"] == missing
    assert response["ResourceType"] == "CONTACT"


@pytest.mark.parametrize("contact_type", ["ESCALATION", "ONCALL_SCHEDULE"])
def test_create_on_a_non_personal_contact_is_invalid(
    client: Any, ssm_contacts: SSMContacts, contact_type: str
) -> None:
    arn = ssm_contacts.add_contact("team", type=contact_type).arn
    with pytest.raises(ClientError) as excinfo:
        _create(client, arn)
    response = _error(excinfo, "ValidationException")
    assert response["Reason"] == "OTHER"
    assert response["Error"]["Message"].startswith("Invalid value provided - ")
    assert "PERSONAL" in response["Error"]["Message"]


@pytest.mark.parametrize(
    ("channel_type", "address"),
    [
        ("SMS", "5005550199"),
        ("SMS", "+0123456789"),
        ("VOICE", "call me"),
        ("EMAIL", "oncall"),
        ("EMAIL", SMS),
        ("SMS", EMAIL),
    ],
)
def test_create_with_an_address_of_the_wrong_format_is_invalid(
    client: Any, alice: str, channel_type: str, address: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        _create(client, alice, Type=channel_type, DeliveryAddress={"SimpleAddress": address})
    response = _error(excinfo, "ValidationException")
    assert response["Reason"] == "OTHER"
    assert response["Error"]["Message"].startswith(
        f"Invalid value provided - ContactChannelAddress(SimpleAddress={address}) "
        "Contact channel address is invalid"
    )
    assert client.list_contact_channels(ContactId=alice)["ContactChannels"] == []


def test_create_without_simple_address_is_invalid(client: Any, alice: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        _create(client, alice, DeliveryAddress={})
    response = _error(excinfo, "ValidationException")
    assert "SimpleAddress=null" in response["Error"]["Message"]
    assert "SimpleAddress is required" in response["Error"]["Message"]


def test_create_accepts_an_email_address(client: Any, alice: str) -> None:
    arn = _create(client, alice, Type="EMAIL", DeliveryAddress={"SimpleAddress": EMAIL})
    assert client.get_contact_channel(ContactChannelId=arn)["DeliveryAddress"] == {
        "SimpleAddress": EMAIL
    }


def test_create_duplicate_type_and_address_conflicts(client: Any, alice: str) -> None:
    first = _create(client, alice, Name="one")
    with pytest.raises(ClientError) as excinfo:
        _create(client, alice, Name="two")
    response = _error(excinfo, "ConflictException")
    assert response["ResourceId"] == first
    assert response["ResourceType"] == "CONTACT_CHANNEL"
    # The same number as another channel type is a different channel.
    _create(client, alice, Name="voice", Type="VOICE")
    assert len(client.list_contact_channels(ContactId=alice)["ContactChannels"]) == 2


def test_same_address_on_another_contact_is_allowed(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    bob = ssm_contacts.add_contact("bob").arn
    _create(client, alice)
    _create(client, bob)


@pytest.mark.ssm_contacts(quotas={"channels_per_contact": 2})
def test_create_beyond_the_channel_quota_is_refused(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    _create(client, alice, DeliveryAddress={"SimpleAddress": SMS})
    _create(client, alice, DeliveryAddress={"SimpleAddress": OTHER_SMS})
    with pytest.raises(ClientError) as excinfo:
        _create(client, alice, Type="EMAIL", DeliveryAddress={"SimpleAddress": EMAIL})
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["QuotaCode"]
    assert response["ServiceCode"] == "ssm-contacts"
    assert response["ResourceId"] == alice
    assert len(client.list_contact_channels(ContactId=alice)["ContactChannels"]) == 2


def test_create_with_the_same_idempotency_token_replays(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    first = _create(client, alice, IdempotencyToken="token-1")
    code = _code(ssm_contacts, first)
    assert _create(client, alice, IdempotencyToken="token-1") == first
    assert len(client.list_contact_channels(ContactId=alice)["ContactChannels"]) == 1
    assert _code(ssm_contacts, first) == code
    with pytest.raises(ClientError) as excinfo:
        _create(client, alice, Name="renamed", IdempotencyToken="token-1")
    _error(excinfo, "ValidationException")


def test_a_repeated_token_replays_before_the_contact_is_looked_up(client: Any, alice: str) -> None:
    # One order for every idempotent operation: the repeat answers what the one run
    # did, even once the contact it named is gone.
    first = _create(client, alice, IdempotencyToken="token-1")
    client.delete_contact(ContactId=alice)
    assert _create(client, alice, IdempotencyToken="token-1") == first
    with pytest.raises(ClientError) as excinfo:
        _create(client, alice, IdempotencyToken="token-2")
    _error(excinfo, "ResourceNotFoundException")


def test_channels_live_in_the_region_of_the_client(client: Any, alice: str) -> None:
    arn = _create(client, alice)
    elsewhere = boto3.client("ssm-contacts", region_name="eu-west-1")
    with pytest.raises(ClientError) as excinfo:
        elsewhere.get_contact_channel(ContactChannelId=arn)
    _error(excinfo, "ResourceNotFoundException")


@pytest.mark.parametrize(
    ("operation", "extra"),
    [
        ("get_contact_channel", {}),
        ("update_contact_channel", {"Name": "x"}),
        ("delete_contact_channel", {}),
        ("send_activation_code", {}),
        ("activate_contact_channel", {"ActivationCode": "123456"}),
        ("deactivate_contact_channel", {}),
    ],
)
def test_unknown_channel_is_not_found(
    client: Any, alice: str, operation: str, extra: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as excinfo:
        getattr(client, operation)(ContactChannelId=MISSING_CHANNEL, **extra)
    response = _error(excinfo, "ResourceNotFoundException")
    assert response["ResourceId"] == MISSING_CHANNEL
    assert response["ResourceType"] == "CONTACT_CHANNEL"


# -- UpdateContactChannel ----------------------------------------------------------------


def test_update_name_keeps_the_activation(client: Any, ssm_contacts: SSMContacts) -> None:
    contact = ssm_contacts.add_contact(
        "alice", channels=[{"name": "phone", "type": "SMS", "address": SMS}]
    )
    arn = contact.channels[0].arn
    response = client.update_contact_channel(ContactChannelId=arn, Name="old phone")
    assert_matches_output(client, "UpdateContactChannel", response)
    channel = client.get_contact_channel(ContactChannelId=arn)
    assert channel["Name"] == "old phone"
    assert channel["ActivationStatus"] == "ACTIVATED"
    assert channel["DeliveryAddress"] == {"SimpleAddress": SMS}


def test_update_to_a_new_address_needs_a_new_activation(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    arn = _create(client, alice)
    old_code = _code(ssm_contacts, arn)
    assert old_code is not None
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=old_code)

    client.update_contact_channel(
        ContactChannelId=arn, DeliveryAddress={"SimpleAddress": OTHER_SMS}
    )
    channel = client.get_contact_channel(ContactChannelId=arn)
    assert channel["DeliveryAddress"] == {"SimpleAddress": OTHER_SMS}
    assert channel["ActivationStatus"] == "NOT_ACTIVATED"
    new_code = _code(ssm_contacts, arn)
    assert new_code is not None
    assert new_code != old_code
    with pytest.raises(ClientError) as excinfo:
        client.activate_contact_channel(ContactChannelId=arn, ActivationCode=old_code)
    _error(excinfo, "ValidationException")
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=new_code)
    assert _status(client, arn) == "ACTIVATED"


def test_update_to_the_same_address_keeps_the_activation(
    client: Any, ssm_contacts: SSMContacts
) -> None:
    contact = ssm_contacts.add_contact(
        "alice", channels=[{"name": "phone", "type": "SMS", "address": SMS}]
    )
    arn = contact.channels[0].arn
    client.update_contact_channel(ContactChannelId=arn, DeliveryAddress={"SimpleAddress": SMS})
    assert _status(client, arn) == "ACTIVATED"


@pytest.mark.parametrize("delivery_address", [{"SimpleAddress": EMAIL}, {}])
def test_update_with_an_invalid_address_changes_nothing(
    client: Any, alice: str, delivery_address: dict[str, str]
) -> None:
    arn = _create(client, alice)
    with pytest.raises(ClientError) as excinfo:
        client.update_contact_channel(
            ContactChannelId=arn, Name="renamed", DeliveryAddress=delivery_address
        )
    response = _error(excinfo, "ValidationException")
    assert "Contact channel address is invalid for a SMS channel" in response["Error"]["Message"]
    channel = client.get_contact_channel(ContactChannelId=arn)
    assert channel["Name"] == "phone"
    assert channel["DeliveryAddress"] == {"SimpleAddress": SMS}


def test_update_to_the_address_of_a_sibling_conflicts(client: Any, alice: str) -> None:
    first = _create(client, alice, DeliveryAddress={"SimpleAddress": SMS})
    second = _create(client, alice, DeliveryAddress={"SimpleAddress": OTHER_SMS})
    with pytest.raises(ClientError) as excinfo:
        client.update_contact_channel(
            ContactChannelId=second, DeliveryAddress={"SimpleAddress": SMS}
        )
    response = _error(excinfo, "ConflictException")
    assert response["ResourceId"] == first
    assert client.get_contact_channel(ContactChannelId=second)["DeliveryAddress"] == {
        "SimpleAddress": OTHER_SMS
    }


# -- DeleteContactChannel ----------------------------------------------------------------


def test_delete_removes_the_channel_but_not_plan_references(
    client: Any, ssm_contacts: SSMContacts
) -> None:
    contact = ssm_contacts.add_contact(
        "alice",
        channels=[
            {"name": "sms", "type": "SMS", "address": SMS},
            {"name": "mail", "type": "EMAIL", "address": EMAIL},
        ],
        plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}],
                }
            ]
        },
    )
    sms, mail = (c.arn for c in contact.channels)
    response = client.delete_contact_channel(ContactChannelId=sms)
    assert_matches_output(client, "DeleteContactChannel", response)

    listed = client.list_contact_channels(ContactId=contact.arn)["ContactChannels"]
    assert [c["ContactChannelArn"] for c in listed] == [mail]
    assert [c.arn for c in ssm_contacts.contact("alice").channels] == [mail]
    plan = client.get_contact(ContactId=contact.arn)["Plan"]
    assert plan["Stages"][0]["Targets"][0]["ChannelTargetInfo"]["ContactChannelId"] == sms
    for _ in range(2):
        with pytest.raises(ClientError) as excinfo:
            client.get_contact_channel(ContactChannelId=sms)
        _error(excinfo, "ResourceNotFoundException")
        with pytest.raises(ClientError) as excinfo:
            client.delete_contact_channel(ContactChannelId=sms)
        _error(excinfo, "ResourceNotFoundException")


def test_a_deleted_address_can_be_added_again(client: Any, alice: str) -> None:
    first = _create(client, alice)
    client.delete_contact_channel(ContactChannelId=first)
    assert _create(client, alice) != first


def test_deleting_the_contact_deletes_its_channels(client: Any, alice: str) -> None:
    arn = _create(client, alice)
    client.delete_contact(ContactId=alice)
    with pytest.raises(ClientError) as excinfo:
        client.get_contact_channel(ContactChannelId=arn)
    _error(excinfo, "ResourceNotFoundException")


# -- ListContactChannels -----------------------------------------------------------------


def test_list_is_in_creation_order(client: Any, alice: str) -> None:
    addresses = ["+15005550107", "+15005550101", "+15005550105"]
    arns = [
        _create(client, alice, Name=f"n{i}", DeliveryAddress={"SimpleAddress": a})
        for i, a in enumerate(addresses)
    ]
    response = client.list_contact_channels(ContactId=alice)
    assert_matches_output(client, "ListContactChannels", response)
    assert "NextToken" not in response
    channels = response["ContactChannels"]
    assert [c["ContactChannelArn"] for c in channels] == arns
    assert [c["DeliveryAddress"]["SimpleAddress"] for c in channels] == addresses
    assert {c["ContactArn"] for c in channels} == {alice}
    assert {c["ActivationStatus"] for c in channels} == {"NOT_ACTIVATED"}


def test_list_of_a_contact_without_channels_is_empty(client: Any, alice: str) -> None:
    response = client.list_contact_channels(ContactId=alice)
    assert_matches_output(client, "ListContactChannels", response)
    assert response["ContactChannels"] == []


def test_list_of_an_unknown_contact_is_not_found(client: Any) -> None:
    missing = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/nobody"
    with pytest.raises(ClientError) as excinfo:
        client.list_contact_channels(ContactId=missing)
    assert _error(excinfo, "ResourceNotFoundException")["ResourceId"] == missing


def _many(client: Any, contact_arn: str, count: int) -> list[str]:
    return [
        _create(
            client, contact_arn, Name=f"n{i}", DeliveryAddress={"SimpleAddress": f"+1500555010{i}"}
        )
        for i in range(count)
    ]


def test_paginator_walks_every_channel_once(client: Any, alice: str) -> None:
    arns = _many(client, alice, 5)
    pages = list(
        client.get_paginator("list_contact_channels").paginate(
            ContactId=alice, PaginationConfig={"PageSize": 2}
        )
    )
    for page in pages:
        assert_matches_output(client, "ListContactChannels", page)
    assert [len(p["ContactChannels"]) for p in pages] == [2, 2, 1]
    assert [c["ContactChannelArn"] for p in pages for c in p["ContactChannels"]] == arns
    assert "NextToken" not in pages[-1]


def test_max_results_pages_by_hand(client: Any, alice: str) -> None:
    arns = _many(client, alice, 3)
    first = client.list_contact_channels(ContactId=alice, MaxResults=2)
    assert [c["ContactChannelArn"] for c in first["ContactChannels"]] == arns[:2]
    second = client.list_contact_channels(
        ContactId=alice, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [c["ContactChannelArn"] for c in second["ContactChannels"]] == arns[2:]
    assert "NextToken" not in second


@pytest.mark.parametrize("token", ["garbage", "eyJmIjoxfQ==", "c29tZXRoaW5nLWVsc2U="])
def test_corrupt_next_token_is_invalid(client: Any, alice: str, token: str) -> None:
    _many(client, alice, 3)
    with pytest.raises(ClientError) as excinfo:
        client.list_contact_channels(ContactId=alice, MaxResults=1, NextToken=token)
    _error(excinfo, "ValidationException")


def test_next_token_of_another_contact_is_invalid(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    bob = ssm_contacts.add_contact("bob").arn
    _many(client, alice, 3)
    _many(client, bob, 3)
    token = client.list_contact_channels(ContactId=alice, MaxResults=1)["NextToken"]
    with pytest.raises(ClientError) as excinfo:
        client.list_contact_channels(ContactId=bob, MaxResults=1, NextToken=token)
    _error(excinfo, "ValidationException")


# -- SendActivationCode / ActivateContactChannel / DeactivateContactChannel ----------------


def test_a_new_code_replaces_the_old_one(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    arn = _create(client, alice)
    old_code = _code(ssm_contacts, arn)
    client.send_activation_code(ContactChannelId=arn)
    new_code = _code(ssm_contacts, arn)
    assert old_code is not None
    assert new_code is not None
    assert new_code != old_code
    with pytest.raises(ClientError) as excinfo:
        client.activate_contact_channel(ContactChannelId=arn, ActivationCode=old_code)
    assert "does not match" in _error(excinfo, "ValidationException")["Error"]["Message"]
    assert _status(client, arn) == "NOT_ACTIVATED"
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=new_code)
    assert _status(client, arn) == "ACTIVATED"


def test_wrong_code_is_invalid(client: Any, alice: str, ssm_contacts: SSMContacts) -> None:
    arn = _create(client, alice)
    code = _code(ssm_contacts, arn)
    assert code is not None
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(ClientError) as excinfo:
        client.activate_contact_channel(ContactChannelId=arn, ActivationCode=wrong)
    assert _error(excinfo, "ValidationException")["Reason"] == "OTHER"
    # A longer code that merely starts with the right digits is still wrong.
    with pytest.raises(ClientError):
        client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code + "0")
    assert _status(client, arn) == "NOT_ACTIVATED"


def test_activating_an_active_channel_again_succeeds(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    arn = _create(client, alice)
    code = _code(ssm_contacts, arn)
    assert code is not None
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    assert _status(client, arn) == "ACTIVATED"


def test_send_code_to_an_active_channel_keeps_it_active(
    client: Any, ssm_contacts: SSMContacts
) -> None:
    contact = ssm_contacts.add_contact(
        "alice", channels=[{"name": "phone", "type": "SMS", "address": SMS}]
    )
    arn = contact.channels[0].arn
    client.send_activation_code(ContactChannelId=arn)
    assert _status(client, arn) == "ACTIVATED"
    assert _code(ssm_contacts, arn) is not None


def test_a_deactivated_channel_is_reactivated_with_its_code(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    # The CLI's deactivate-contact-channel example: a deactivated channel can be
    # reactivated at any time with activate-contact-channel.
    arn = _create(client, alice)
    code = _code(ssm_contacts, arn)
    assert code is not None
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    response = client.deactivate_contact_channel(ContactChannelId=arn)
    assert_matches_output(client, "DeactivateContactChannel", response)
    assert _status(client, arn) == "NOT_ACTIVATED"
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    assert _status(client, arn) == "ACTIVATED"

    # A code sent later replaces it, deactivated or not.
    client.deactivate_contact_channel(ContactChannelId=arn)
    client.send_activation_code(ContactChannelId=arn)
    fresh = _code(ssm_contacts, arn)
    assert fresh is not None
    assert fresh != code
    with pytest.raises(ClientError) as excinfo:
        client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    _error(excinfo, "ValidationException")
    assert _status(client, arn) == "NOT_ACTIVATED"
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=fresh)
    assert _status(client, arn) == "ACTIVATED"


def test_a_deactivated_channel_is_not_paged_until_reactivated(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    arn = _create(client, alice)
    code = _code(ssm_contacts, arn)
    assert code is not None
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    client.update_contact(
        ContactId=alice,
        Plan={
            "Stages": [
                {
                    "DurationInMinutes": 1,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": arn}}],
                }
            ]
        },
    )
    client.deactivate_contact_channel(ContactChannelId=arn)
    engage = {"ContactId": alice, "Sender": "cli", "Subject": "s", "Content": "c"}
    client.start_engagement(**engage)
    assert ssm_contacts.pages == []
    client.activate_contact_channel(ContactChannelId=arn, ActivationCode=code)
    client.start_engagement(**engage)
    assert [p.channel_arn for p in ssm_contacts.pages] == [arn]


def test_deactivating_a_channel_added_by_the_fixture(
    client: Any, ssm_contacts: SSMContacts
) -> None:
    contact = ssm_contacts.add_contact(
        "alice", channels=[{"name": "phone", "type": "SMS", "address": SMS}]
    )
    client.deactivate_contact_channel(ContactChannelId=contact.channels[0].arn)
    assert ssm_contacts.contact("alice").channels[0].activation_status == "NOT_ACTIVATED"


@pytest.mark.ssm_contacts(quotas={"activation_codes_per_hour": 3})
def test_activation_codes_are_limited_per_hour(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    arn = _create(client, alice)  # the first code
    ssm_contacts.clock.advance(minutes=30)
    client.send_activation_code(ContactChannelId=arn)
    client.send_activation_code(ContactChannelId=arn)
    last_code = _code(ssm_contacts, arn)
    with pytest.raises(ClientError) as excinfo:
        client.send_activation_code(ContactChannelId=arn)
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["QuotaCode"]
    assert response["ServiceCode"] == "ssm-contacts"
    assert response["ResourceId"] == arn
    assert _code(ssm_contacts, arn) == last_code

    # The code sent at creation leaves the window an hour after it was sent.
    ssm_contacts.clock.advance(minutes=30)
    client.send_activation_code(ContactChannelId=arn)
    with pytest.raises(ClientError):
        client.send_activation_code(ContactChannelId=arn)


@pytest.mark.ssm_contacts(quotas={"activation_codes_per_hour": 1})
def test_deferred_creation_uses_none_of_the_code_quota(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    arn = _create(client, alice, DeferActivation=True)
    client.send_activation_code(ContactChannelId=arn)
    with pytest.raises(ClientError) as excinfo:
        client.send_activation_code(ContactChannelId=arn)
    _error(excinfo, "ServiceQuotaExceededException")


# -- the output-shape checker the tests above rely on -------------------------------------


def _channel_view() -> dict[str, Any]:
    return {
        "ContactChannelArn": MISSING_CHANNEL,
        "ContactArn": "arn:aws:ssm-contacts:us-east-1:123456789012:contact/alice",
        "Name": "phone",
        "Type": "SMS",
        "DeliveryAddress": {"SimpleAddress": SMS},
        "ActivationStatus": "ACTIVATED",
    }


def test_output_checker_accepts_a_well_formed_response(client: Any) -> None:
    response = {"ContactChannels": [_channel_view()], "ResponseMetadata": {"HTTPStatusCode": 200}}
    assert_matches_output(client, "ListContactChannels", response)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"Name": None}, "ContactChannels[0]: required member Name is missing"),
        ({"Colour": "red"}, "ContactChannels[0]: member Colour is not in ContactChannel"),
        ({"Type": "PAGER"}, "ContactChannels[0].Type: 'PAGER' is not one of SMS, VOICE, EMAIL"),
        ({"Name": ["phone"]}, "ContactChannels[0].Name: expected string, got ['phone']"),
        ({"DeliveryAddress": "+1500"}, "ContactChannels[0].DeliveryAddress: expected a structure"),
    ],
)
def test_output_checker_reports_what_breaks_the_shape(
    client: Any, change: dict[str, Any], problem: str
) -> None:
    channel = _channel_view()
    for key, value in change.items():
        if value is None:
            del channel[key]
        else:
            channel[key] = value
    with pytest.raises(AssertionError, match=re.escape(problem)):
        assert_matches_output(client, "ListContactChannels", {"ContactChannels": [channel]})


def test_output_checker_requires_lists_and_empty_outputs(client: Any) -> None:
    with pytest.raises(AssertionError, match="ContactChannels: expected a list"):
        assert_matches_output(client, "ListContactChannels", {"ContactChannels": {}})
    with pytest.raises(AssertionError, match="required member ContactChannels is missing"):
        assert_matches_output(client, "ListContactChannels", {})
    with pytest.raises(AssertionError, match="member Extra is not in"):
        assert_matches_output(client, "DeleteContactChannel", {"Extra": 1})
