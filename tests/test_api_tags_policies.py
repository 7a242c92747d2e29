"""Tags and contact resource policies through the API."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from output_shapes import assert_matches_output
from pytest_ssmcontacts import SSMContacts

PREFIX = "arn:aws:ssm-contacts:us-east-1:123456789012:"
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["ssm-contacts:GetContact", "ssm-contacts:StartEngagement"],
                "Resource": f"{PREFIX}contact/alice",
            }
        ],
    }
)


@pytest.fixture
def alice(ssm_contacts: SSMContacts) -> str:
    return ssm_contacts.add_contact("alice").arn


def _tags(client: Any, arn: str) -> dict[str, str]:
    response = client.list_tags_for_resource(ResourceARN=arn)
    assert_matches_output(client, "ListTagsForResource", response)
    return {tag["Key"]: tag["Value"] for tag in response["Tags"]}


def _error(excinfo: pytest.ExceptionInfo[ClientError], code: str) -> dict[str, Any]:
    response: dict[str, Any] = excinfo.value.response
    assert response["Error"]["Code"] == code, response["Error"]
    return response


# -- TagResource / UntagResource / ListTagsForResource ------------------------------------


def test_a_new_contact_has_no_tags(client: Any, alice: str) -> None:
    response = client.list_tags_for_resource(ResourceARN=alice)
    assert_matches_output(client, "ListTagsForResource", response)
    assert response["Tags"] == []


def test_tags_given_at_creation_are_listed(client: Any, ssm_contacts: SSMContacts) -> None:
    api = client.create_contact(
        Alias="api",
        Type="ESCALATION",
        Plan={"Stages": []},
        Tags=[{"Key": "team", "Value": "db"}],
    )["ContactArn"]
    fixture = ssm_contacts.add_contact("fixture", tags={"env": "prod"}).arn
    assert _tags(client, api) == {"team": "db"}
    assert _tags(client, fixture) == {"env": "prod"}


def test_tag_merges_and_overwrites(client: Any, alice: str, ssm_contacts: SSMContacts) -> None:
    response = client.tag_resource(
        ResourceARN=alice, Tags=[{"Key": "team", "Value": "db"}, {"Key": "env", "Value": "dev"}]
    )
    assert_matches_output(client, "TagResource", response)
    client.tag_resource(
        ResourceARN=alice, Tags=[{"Key": "env", "Value": "prod"}, {"Key": "tier", "Value": "1"}]
    )
    expected = {"team": "db", "env": "prod", "tier": "1"}
    assert _tags(client, alice) == expected
    assert ssm_contacts.contact("alice").tags == expected


def test_untag_removes_keys_and_ignores_absent_ones(client: Any, alice: str) -> None:
    client.tag_resource(
        ResourceARN=alice, Tags=[{"Key": "team", "Value": "db"}, {"Key": "env", "Value": "dev"}]
    )
    response = client.untag_resource(ResourceARN=alice, TagKeys=["env", "never-set"])
    assert_matches_output(client, "UntagResource", response)
    assert _tags(client, alice) == {"team": "db"}


def test_every_contact_type_is_taggable(client: Any, ssm_contacts: SSMContacts) -> None:
    for contact_type in ("ESCALATION", "ONCALL_SCHEDULE"):
        arn = ssm_contacts.add_contact(contact_type.lower(), type=contact_type).arn
        client.tag_resource(ResourceARN=arn, Tags=[{"Key": "kind", "Value": contact_type}])
        assert _tags(client, arn) == {"kind": contact_type}


@pytest.mark.parametrize("tag", [{"Key": "team"}, {"Value": "db"}])
def test_a_tag_without_key_or_value_is_invalid(
    client: Any, alice: str, tag: dict[str, str]
) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.tag_resource(ResourceARN=alice, Tags=[{"Key": "ok", "Value": "1"}, tag])
    response = _error(excinfo, "ValidationException")
    assert response["Reason"] == "OTHER"
    assert response["Error"]["Message"].startswith("Invalid value provided - Tags[1]")
    assert _tags(client, alice) == {}


@pytest.mark.ssm_contacts(quotas={"tags_per_resource": 3})
def test_tags_beyond_the_quota_are_refused(
    client: Any, alice: str, ssm_contacts: SSMContacts
) -> None:
    client.tag_resource(
        ResourceARN=alice, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    )
    # Overwriting an existing key adds nothing to the count.
    client.tag_resource(
        ResourceARN=alice, Tags=[{"Key": "a", "Value": "9"}, {"Key": "c", "Value": "3"}]
    )
    with pytest.raises(ClientError) as excinfo:
        client.tag_resource(ResourceARN=alice, Tags=[{"Key": "d", "Value": "4"}])
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["QuotaCode"]
    assert response["ServiceCode"] == "ssm-contacts"
    assert response["ResourceId"] == alice
    assert _tags(client, alice) == {"a": "9", "b": "2", "c": "3"}


def test_fifty_tags_fit_by_default(client: Any, alice: str) -> None:
    client.tag_resource(ResourceARN=alice, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(ClientError) as excinfo:
        client.tag_resource(ResourceARN=alice, Tags=[{"Key": "one-more", "Value": "v"}])
    _error(excinfo, "ServiceQuotaExceededException")
    assert len(_tags(client, alice)) == 50


@pytest.mark.ssm_contacts(quotas={"tags_per_resource": 100})
def test_a_raised_tag_quota_still_stops_at_what_a_listing_can_hold(client: Any, alice: str) -> None:
    # ListTagsForResource answers at most 50 tags (the model's TagsList).
    client.tag_resource(ResourceARN=alice, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(ClientError) as excinfo:
        client.tag_resource(ResourceARN=alice, Tags=[{"Key": "one-more", "Value": "v"}])
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["Error"]["Message"] == (
        f"A resource can have at most 50 tags; this request would leave {alice} with 51"
    )
    assert len(_tags(client, alice)) == 50


@pytest.mark.ssm_contacts(quotas={"tags_per_resource": 1}, contacts=["akuam"])
def test_tags_given_at_creation_count_against_the_quota(
    client: Any, ssm_contacts: SSMContacts
) -> None:
    two = [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    with pytest.raises(ClientError) as excinfo:
        client.create_contact(Alias="bo", Type="PERSONAL", Plan={"Stages": []}, Tags=two)
    response = _error(excinfo, "ServiceQuotaExceededException")
    assert response["Error"]["Message"] == (
        "A resource can have at most 1 tags; this request would leave "
        "arn:aws:ssm-contacts:us-east-1:123456789012:contact/bo with 2"
    )
    with pytest.raises(ClientError) as excinfo:
        client.create_rotation(
            Name="r",
            ContactIds=[ssm_contacts.contact("akuam").arn],
            TimeZoneId="UTC",
            Recurrence={
                "NumberOfOnCalls": 1,
                "RecurrenceMultiplier": 1,
                "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
            },
            Tags=two,
        )
    _error(excinfo, "ServiceQuotaExceededException")
    with pytest.raises(ValueError) as raised:
        ssm_contacts.add_contact("cy", tags={"a": "1", "b": "2"})
    assert str(raised.value).startswith("add_contact(): tags: A resource can have at most 1 tags")
    assert [c.alias for c in ssm_contacts.contacts] == ["akuam"]
    assert ssm_contacts.rotations == []


def _tag_calls(arn: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("tag_resource", {"ResourceARN": arn, "Tags": [{"Key": "k", "Value": "v"}]}),
        ("untag_resource", {"ResourceARN": arn, "TagKeys": ["k"]}),
        ("list_tags_for_resource", {"ResourceARN": arn}),
    ]


def _each_tag_call(client: Any, arn: str, code: str) -> list[dict[str, Any]]:
    responses = []
    for operation, params in _tag_calls(arn):
        with pytest.raises(ClientError) as excinfo:
            getattr(client, operation)(**params)
        responses.append(_error(excinfo, code))
    return responses


@pytest.mark.parametrize(
    "arn",
    [
        "alice",
        "arn:aws:sns:us-east-1:123456789012:alerts",
        "arn:aws:ssm-contacts:us-east-1:not-an-account:contact/alice",
        f"{PREFIX}widget/alice",
    ],
)
def test_an_arn_that_names_no_ssm_contacts_resource_is_invalid(
    client: Any, alice: str, arn: str
) -> None:
    for response in _each_tag_call(client, arn, "ValidationException"):
        assert response["Reason"] == "OTHER"
        assert (
            response["Error"]["Message"] == f"Invalid value provided - Invalid resource Arn {arn}"
        )


@pytest.mark.parametrize(
    "resource",
    [
        "contact-channel/alice/fc7405c4-46b2-48b7-87b2-93e2f225b90d",
        "engagement/alice/607ced0e-e8fa-4ea7-8958-a237b8803f8f",
        "page/alice/ad0052bd-e606-498a-861b-25726292eb93",
    ],
)
def test_untaggable_resource_types_are_invalid(client: Any, alice: str, resource: str) -> None:
    for response in _each_tag_call(client, PREFIX + resource, "ValidationException"):
        assert "Tags are not supported for" in response["Error"]["Message"]


def test_channel_of_an_existing_contact_is_still_untaggable(
    client: Any, ssm_contacts: SSMContacts
) -> None:
    contact = ssm_contacts.add_contact(
        "alice", channels=[{"name": "sms", "type": "SMS", "address": "+15005550199"}]
    )
    _each_tag_call(client, contact.channels[0].arn, "ValidationException")


@pytest.mark.parametrize(
    "arn",
    [
        f"{PREFIX}contact/nobody",
        "arn:aws:ssm-contacts:eu-west-1:123456789012:contact/alice",
        "arn:aws:ssm-contacts:us-east-1:111122223333:contact/alice",
    ],
)
def test_a_contact_that_is_not_here_is_not_found(client: Any, alice: str, arn: str) -> None:
    for response in _each_tag_call(client, arn, "ResourceNotFoundException"):
        assert response["ResourceId"] == arn
        assert response["ResourceType"] == "CONTACT"


def test_a_deleted_contact_is_not_found(client: Any, alice: str) -> None:
    client.tag_resource(ResourceARN=alice, Tags=[{"Key": "k", "Value": "v"}])
    client.delete_contact(ContactId=alice)
    _each_tag_call(client, alice, "ResourceNotFoundException")
    recreated = client.create_contact(Alias="alice", Type="PERSONAL", Plan={"Stages": []})
    assert _tags(client, recreated["ContactArn"]) == {}


def test_an_unknown_rotation_is_not_found(client: Any) -> None:
    arn = f"{PREFIX}rotation/3f2a1b9c-7d4e-4c1a-9e8f-0a1b2c3d4e5f"
    for response in _each_tag_call(client, arn, "ResourceNotFoundException"):
        assert response["ResourceType"] == "ROTATION"


def test_rotations_are_taggable(client: Any, alice: str) -> None:
    rotation = client.create_rotation(
        Name="primary",
        ContactIds=[alice],
        TimeZoneId="UTC",
        Recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
        Tags=[{"Key": "team", "Value": "db"}],
    )["RotationArn"]
    client.tag_resource(ResourceARN=rotation, Tags=[{"Key": "env", "Value": "prod"}])
    client.untag_resource(ResourceARN=rotation, TagKeys=["team"])
    assert _tags(client, rotation) == {"env": "prod"}
    assert _tags(client, alice) == {}
    elsewhere = boto3.client("ssm-contacts", region_name="eu-west-1")
    with pytest.raises(ClientError) as excinfo:
        elsewhere.list_tags_for_resource(ResourceARN=rotation)
    _error(excinfo, "ResourceNotFoundException")


# -- PutContactPolicy / GetContactPolicy --------------------------------------------------


def test_put_then_get_returns_the_policy_verbatim(client: Any, alice: str) -> None:
    response = client.put_contact_policy(ContactArn=alice, Policy=POLICY)
    assert_matches_output(client, "PutContactPolicy", response)
    response = client.get_contact_policy(ContactArn=alice)
    assert_matches_output(client, "GetContactPolicy", response)
    assert response["ContactArn"] == alice
    assert response["Policy"] == POLICY


def test_put_replaces_the_policy(client: Any, alice: str) -> None:
    client.put_contact_policy(ContactArn=alice, Policy=POLICY)
    replacement = '{"Version": "2012-10-17", "Statement": []}'
    client.put_contact_policy(ContactArn=alice, Policy=replacement)
    assert client.get_contact_policy(ContactArn=alice)["Policy"] == replacement


def test_get_without_a_policy_returns_an_empty_json_object(client: Any, alice: str) -> None:
    # Tools that scan real accounts read json.loads(response["Policy"]) on every
    # contact and skip the ones whose policy decodes to nothing.
    response = client.get_contact_policy(ContactArn=alice)
    assert_matches_output(client, "GetContactPolicy", response)
    assert response == {
        "ContactArn": alice,
        "Policy": "{}",
        "ResponseMetadata": response["ResponseMetadata"],
    }
    assert not json.loads(response["Policy"])


def test_escalation_plans_take_policies(client: Any, ssm_contacts: SSMContacts) -> None:
    arn = ssm_contacts.add_contact("team", type="ESCALATION").arn
    client.put_contact_policy(ContactArn=arn, Policy=POLICY)
    assert client.get_contact_policy(ContactArn=arn)["Policy"] == POLICY


@pytest.mark.parametrize("policy", ["not json", "[1, 2]", '"a string"', "{broken", "null"])
def test_put_of_something_other_than_a_json_object_is_invalid(
    client: Any, alice: str, policy: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.put_contact_policy(ContactArn=alice, Policy=policy)
    response = _error(excinfo, "ValidationException")
    assert response["Reason"] == "OTHER"
    assert response["Error"]["Message"].startswith("Invalid value provided - ")
    assert client.get_contact_policy(ContactArn=alice)["Policy"] == "{}"


@pytest.mark.parametrize("operation", ["put_contact_policy", "get_contact_policy"])
def test_policy_of_an_unknown_contact_is_not_found(client: Any, operation: str) -> None:
    missing = f"{PREFIX}contact/nobody"
    params = {"ContactArn": missing}
    if operation == "put_contact_policy":
        params["Policy"] = POLICY
    with pytest.raises(ClientError) as excinfo:
        getattr(client, operation)(**params)
    response = _error(excinfo, "ResourceNotFoundException")
    assert response["ResourceId"] == missing
    assert response["ResourceType"] == "CONTACT"


def test_a_recreated_contact_has_no_policy(client: Any, alice: str) -> None:
    client.put_contact_policy(ContactArn=alice, Policy=POLICY)
    client.delete_contact(ContactId=alice)
    client.create_contact(Alias="alice", Type="PERSONAL", Plan={"Stages": []})
    assert client.get_contact_policy(ContactArn=alice)["Policy"] == "{}"
