"""AWS's own examples of ssm-contacts, replayed against the fake.

botocore ships ``examples-1.json`` for the service: requests with the responses the
real service gave. Each example here gets a fresh fake in the example's account and
region, the resources the example refers to are created through the API, the
example's input is sent (with the example's ARNs swapped for the fake's), and the
response must match the example's: the same members, the same values where they do not
depend on random ids, and the same ARN formats where they do. Times are reproduced
with the clock wherever the example's story allows.

The file is read from the installed botocore at test time, never copied here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any, Callable

import boto3
import botocore.loaders
import pytest

from message_ids import MESSAGE_ID
from output_shapes import assert_matches_output
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ARN = re.compile(r"arn:aws:ssm-contacts:([a-z0-9-]+):([0-9]{12}):")


def _load_examples() -> dict[str, list[dict[str, Any]]]:
    loader = botocore.loaders.create_loader()
    version = loader.determine_latest_version("ssm-contacts", "examples-1")
    examples: dict[str, list[dict[str, Any]]] = loader.load_service_model(
        "ssm-contacts", "examples-1", version
    )["examples"]
    return examples


EXAMPLES = _load_examples()


def _time(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


class Replay:
    """One example's world: a fake in its account and region, and the ARNs it maps."""

    def __init__(self, fake: SSMContacts, client: Any) -> None:
        self.fake = fake
        self.client = client
        self.arns: dict[str, str] = {}  # the example's ARN -> the fake's

    # -- building what the example refers to -------------------------------------------

    def at(self, text: str) -> None:
        self.fake.clock.set(_time(text))

    def contact(
        self,
        alias: str,
        *,
        display_name: str | None = None,
        type: str = "PERSONAL",
        channels: tuple[tuple[str, str, str, str], ...] = (),
    ) -> str:
        """Create a contact and its activated channels: (example ARN, name, type, address)."""
        params: dict[str, Any] = {"Alias": alias, "Type": type, "Plan": {"Stages": []}}
        if display_name is not None:
            params["DisplayName"] = display_name
        arn: str = self.client.create_contact(**params)["ContactArn"]
        self.arns[arn] = arn
        for example_arn, name, channel_type, address in channels:
            channel = self.client.create_contact_channel(
                ContactId=arn,
                Name=name,
                Type=channel_type,
                DeliveryAddress={"SimpleAddress": address},
            )["ContactChannelArn"]
            self.client.activate_contact_channel(
                ContactChannelId=channel, ActivationCode=self.fake.activation_code(channel)
            )
            self.arns[example_arn] = channel
        return arn

    def plan(self, alias: str, example_plan: dict[str, Any]) -> None:
        arn = self.fake.contact(alias).arn
        self.client.update_contact(ContactId=arn, Plan=self.to_fake(example_plan))

    def engage(self, example_arn: str, contact_alias: str, sender: str, **texts: str) -> str:
        params = {"Subject": "test", "Content": "Testing engagements", **texts}
        arn: str = self.client.start_engagement(
            ContactId=self.fake.contact(contact_alias).arn, Sender=sender, **params
        )["EngagementArn"]
        self.arns[example_arn] = arn
        return arn

    def page(self, example_arn: str, engagement: str) -> str:
        [page] = self.client.list_pages_by_engagement(EngagementId=engagement)["Pages"]
        self.arns[example_arn] = page["PageArn"]
        return str(page["PageArn"])

    # -- swapping ARNs ---------------------------------------------------------------------

    def to_fake(self, value: Any) -> Any:
        return _swap(value, self.arns)

    def to_example(self, value: Any) -> Any:
        return _swap(value, {fake: example for example, fake in self.arns.items()})


def _swap(value: Any, arns: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _swap(v, arns) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap(v, arns) for v in value]
    if isinstance(value, str):
        return arns.get(value, value)
    return value


def _region_and_account(example: dict[str, Any]) -> tuple[str, str]:
    match = _ARN.search(repr(example.get("input")) + repr(example.get("output")))
    assert match is not None, "every example names an ARN"
    return match.group(1), match.group(2)


def assert_same(expected: Any, actual: Any, path: str = "") -> None:
    """``actual`` (already mapped back to the example's ARNs) says what ``expected`` says.

    Members and order must be the same. An ARN of a resource the example created
    compares by its form: the same region, account, resource type and alias, any UUID.
    Times are compared exactly: every replay sets the clock to the example's times.
    """
    __tracebackhide__ = True
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected a structure, got {actual!r}"
        assert sorted(actual) == sorted(expected), f"{path}: members {sorted(actual)}"
        for key, value in expected.items():
            assert_same(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        assert len(actual) == len(expected), f"{path}: {len(actual)} items, not {len(expected)}"
        for index, (want, got) in enumerate(zip(expected, actual)):
            assert_same(want, got, f"{path}[{index}]")
    elif isinstance(actual, datetime.datetime):
        assert actual == _time(expected), f"{path}: {actual} is not {expected}"
    elif isinstance(expected, str) and expected.startswith("arn:"):
        assert _UUID.sub("<uuid>", actual) == _UUID.sub("<uuid>", expected), f"{path}: {actual}"
    else:
        assert actual == expected, f"{path}: {actual!r} is not {expected!r}"


# -- the worlds the examples come from -------------------------------------------------------

PREFIX = "arn:aws:ssm-contacts:us-east-2:111122223333:"
SMS = f"{PREFIX}contact-channel/akuam/fc7405c4-46b2-48b7-87b2-93e2f225b90d"
PLAN_SMS = f"{PREFIX}contact-channel/akuam/beb25840-5ac8-4644-95cc-7a8de390fa65"
PLAN_VOICE = f"{PREFIX}contact-channel/akuam/49f3c24d-5f9f-4638-ae25-3f49e04229ad"
PLAN_EMAIL = f"{PREFIX}contact-channel/akuam/77d4f447-f619-4954-afff-85551e369c2a"
PAGED_ENGAGEMENT = f"{PREFIX}engagement/akuam/78a29753-3674-4ac5-9f83-0468563567f0"
PAGE = f"{PREFIX}page/akuam/ad0052bd-e606-498a-861b-25726292eb93"
ESCALATION_ENGAGEMENT = (
    f"{PREFIX}engagement/example_escalation/69e40ce1-8dbb-4d57-8962-5fbe7fc53356"
)


def _akuam_with_plan_channels(replay: Replay) -> None:
    replay.contact(
        "akuam",
        display_name="Akua Mansa",
        channels=(
            (PLAN_SMS, "akuas sms", "SMS", "+15005550199"),
            (PLAN_VOICE, "akuas voice", "VOICE", "+15005550199"),
            (PLAN_EMAIL, "akuas email", "EMAIL", "akuam@example.com"),
        ),
    )


def _escalation_plan(replay: Replay, display_name: str) -> None:
    _akuam_with_plan_channels(replay)
    replay.contact("alejr", display_name="Alejandro Rosalez")
    replay.contact("anasi", display_name="Ana Carolina Silva")
    replay.contact("example_escalation", display_name=display_name, type="ESCALATION")
    [get_escalation] = EXAMPLES["GetContact"][1:]
    replay.plan("example_escalation", get_escalation["output"]["Plan"])


def _the_read_page(replay: Replay, *, until: str) -> None:
    """Engagement 78a29753 of akuam and its SMS page, told by DescribePage's times.

    The page was first sent at 18:40:27.245 (ListPagesByEngagement) and last at
    18:43:29.301 (DescribePage): a failed send re-sent one RetryIntervalInMinutes later.
    It was delivered at 18:43:55.265 and read at 18:43:55.708.
    """
    replay.contact("akuam", channels=((SMS, "akuas sms", "SMS", "+15005550199"),))
    replay.client.update_contact(
        ContactId=replay.fake.contact("akuam").arn,
        Plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [
                        {
                            "ChannelTargetInfo": {
                                "ContactChannelId": replay.arns[SMS],
                                "RetryIntervalInMinutes": 1,
                            }
                        }
                    ],
                }
            ]
        },
    )
    replay.at("2021-05-18T18:40:27.245000+00:00")
    sender = "cli" if until != "read-described" else "tester"
    engagement = replay.engage(
        PAGED_ENGAGEMENT, "akuam", sender, PublicSubject="test", PublicContent="Testing engagements"
    )
    page = replay.page(PAGE, engagement)
    if until == "sent":
        return
    replay.at("2021-05-18T18:42:29.301000+00:00")
    replay.fake.fail_delivery(page, "carrier error")
    replay.at("2021-05-18T18:43:55.265000+00:00")
    replay.client.accept_page(PageId=page, AcceptType="DELIVERED", AcceptCode="425440")
    replay.at("2021-05-18T18:43:55.708000+00:00")
    replay.client.accept_page(PageId=page, AcceptType="READ", AcceptCode="425440")


def _receipts_page(replay: Replay, page_arn: str) -> None:
    """Page 94ea0c7b of ListPageReceipts: sent, then delivered and read with code 425440."""
    prefix = page_arn.split("page/")[0]
    sms = f"{prefix}contact-channel/akuam/fc7405c4-46b2-48b7-87b2-93e2f225b90d"
    replay.contact("akuam", channels=((sms, "akuas sms", "SMS", "+15005550199"),))
    replay.client.update_contact(
        ContactId=replay.fake.contact("akuam").arn,
        Plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": replay.arns[sms]}}],
                }
            ]
        },
    )
    replay.at("2021-05-18T20:40:52.962000+00:00")
    engagement = replay.engage(f"{prefix}engagement/akuam/any", "akuam", "cli")
    replay.page(page_arn, engagement)


def _listed_engagements(replay: Replay) -> None:
    _escalation_plan(replay, "Example Escalation")
    [listed] = EXAMPLES["ListEngagements"]
    for engagement in sorted(listed["output"]["Engagements"], key=lambda e: e["StartTime"]):
        replay.at(engagement["StartTime"])
        alias = engagement["ContactArn"].rsplit("/", 1)[1]
        replay.engage(engagement["EngagementArn"], alias, engagement["Sender"])


def _prepare(
    operation: str, example: dict[str, Any], replay: Replay
) -> Callable[[Replay, dict[str, Any]], None] | None:
    """Build the world ``example`` needs; return a check of its effects, if it has one."""
    given = example["input"]
    if operation == "AcceptPage":
        _receipts_page(replay, given["PageId"])
        replay.at("2021-05-18T20:42:57.907000+00:00")

        def read(replay: Replay, response: dict[str, Any]) -> None:
            receipts = replay.client.list_page_receipts(PageId=replay.arns[given["PageId"]])
            assert [(r["ReceiptType"], r["ReceiptInfo"]) for r in receipts["Receipts"]] == [
                ("SENT", MESSAGE_ID),
                ("DELIVERED", "425440"),
                ("READ", "425440"),
            ]

        return read
    if operation == "ListPageReceipts":
        _receipts_page(replay, given["PageId"])
        page = replay.arns[given["PageId"]]
        replay.at("2021-05-18T20:42:57.485000+00:00")
        replay.client.accept_page(PageId=page, AcceptType="DELIVERED", AcceptCode="425440")
        replay.at("2021-05-18T20:42:57.907000+00:00")
        replay.client.accept_page(PageId=page, AcceptType="READ", AcceptCode="425440")
        return None
    if operation in ("ActivateContactChannel", "DeactivateContactChannel", "GetContactChannel"):
        replay.contact("akuam", channels=((SMS, "akuas sms", "SMS", "+15005550199"),))
        channel = replay.arns[SMS]
        if operation == "ActivateContactChannel":
            replay.client.deactivate_contact_channel(ContactChannelId=channel)
            # The code the channel's device received stands for the example's.
            replay.arns[given["ActivationCode"]] = replay.fake.activation_code(channel)
        status = "NOT_ACTIVATED" if operation == "DeactivateContactChannel" else "ACTIVATED"

        def status_is(replay: Replay, response: dict[str, Any]) -> None:
            got = replay.client.get_contact_channel(ContactChannelId=channel)
            assert got["ActivationStatus"] == status

        return status_is
    if operation == "ListContactChannels":
        replay.contact("akuam", channels=((SMS, "akuas sms", "SMS", "+15005550100"),))
        return None
    if operation == "CreateContact":

        def created(replay: Replay, response: dict[str, Any]) -> None:
            got = replay.client.get_contact(ContactId=response["ContactArn"])
            assert (got["DisplayName"], got["Plan"]) == ("Akua Mansa", {"Stages": []})

        return created
    if operation == "CreateContactChannel":
        replay.contact("akuam")

        def not_activated(replay: Replay, response: dict[str, Any]) -> None:
            channel = response["ContactChannelArn"]
            got = replay.client.get_contact_channel(ContactChannelId=channel)
            assert got["ActivationStatus"] == "NOT_ACTIVATED"

        return not_activated
    if operation == "DeleteContact":
        replay.contact("alejr")

        def gone(replay: Replay, response: dict[str, Any]) -> None:
            assert replay.client.list_contacts()["Contacts"] == []

        return gone
    if operation in ("DeleteContactChannel", "SendActivationCode", "UpdateContactChannel"):
        channel = given["ContactChannelId"]
        channel_type = "VOICE" if operation == "UpdateContactChannel" else "SMS"
        replay.contact("akuam", channels=((channel, "akuas voice", channel_type, "+15005550199"),))
        fake_channel = replay.arns[channel]
        before = replay.fake.activation_code(fake_channel)

        def effect(replay: Replay, response: dict[str, Any]) -> None:
            listed = replay.client.list_contact_channels(ContactId=replay.fake.contact("akuam").arn)
            if operation == "DeleteContactChannel":
                assert listed["ContactChannels"] == []
            elif operation == "SendActivationCode":
                assert replay.fake.activation_code(fake_channel) != before
            else:
                [got] = listed["ContactChannels"]
                assert (got["Name"], got["DeliveryAddress"]) == (
                    "akuas voice channel",
                    {"SimpleAddress": "+15005550198"},
                )

        return effect
    if operation == "DescribeEngagement":
        _escalation_plan(replay, "Example Escalation Plan")
        replay.at(example["output"]["StartTime"])
        replay.engage(
            given["EngagementId"],
            "example_escalation",
            "tester",
            PublicSubject="test",
            PublicContent="Testing engagements",
        )
        return None
    if operation == "DescribePage":
        _the_read_page(replay, until="read-described")
        return None
    if operation == "ListPagesByContact":
        _the_read_page(replay, until="read")
        return None
    if operation == "ListPagesByEngagement":
        _the_read_page(replay, until="sent")
        return None
    if operation == "GetContact":
        if example["output"]["Type"] == "ESCALATION":
            _escalation_plan(replay, example["output"]["DisplayName"])
        else:
            _akuam_with_plan_channels(replay)
            replay.plan("akuam", example["output"]["Plan"])
        return None
    if operation == "UpdateContact":
        _akuam_with_plan_channels(replay)

        def updated(replay: Replay, response: dict[str, Any]) -> None:
            got = replay.client.get_contact(ContactId=replay.fake.contact("akuam").arn)
            assert replay.to_example(got["Plan"]) == given["Plan"]

        return updated
    if operation == "ListContacts":
        _escalation_plan(replay, "Example Escalation")
        return None
    if operation == "ListEngagements":
        _listed_engagements(replay)
        return None
    if operation in ("StartEngagement", "StopEngagement"):
        _escalation_plan(replay, "Example Escalation Plan")
        if operation == "StopEngagement":
            replay.engage(given["EngagementId"], "example_escalation", "tester")

            def stopped(replay: Replay, response: dict[str, Any]) -> None:
                got = replay.client.describe_engagement(
                    EngagementId=replay.to_fake(given)["EngagementId"]
                )
                assert "StopTime" in got

            return stopped
        return None
    if operation in ("GetContactPolicy", "PutContactPolicy"):
        replay.contact("akuam")
        if operation == "GetContactPolicy":
            replay.client.put_contact_policy(
                ContactArn=replay.fake.contact("akuam").arn, Policy=example["output"]["Policy"]
            )
            return None

        def stored(replay: Replay, response: dict[str, Any]) -> None:
            got = replay.client.get_contact_policy(ContactArn=replay.fake.contact("akuam").arn)
            assert got["Policy"] == given["Policy"]

        return stored
    if operation in ("ListTagsForResource", "TagResource", "UntagResource"):
        replay.contact("akuam")
        arn = replay.fake.contact("akuam").arn
        if operation != "TagResource":
            replay.client.tag_resource(ResourceARN=arn, Tags=[{"Key": "group1", "Value": "1"}])
        tags = [] if operation == "UntagResource" else [{"Key": "group1", "Value": "1"}]

        def tagged(replay: Replay, response: dict[str, Any]) -> None:
            assert replay.client.list_tags_for_resource(ResourceARN=arn)["Tags"] == tags

        return tagged
    raise AssertionError(f"no replay for the {operation} example {example.get('id')}")


def _cases() -> Iterator[Any]:
    for operation, examples in sorted(EXAMPLES.items()):
        for index, example in enumerate(examples):
            yield pytest.param(operation, example, id=f"{operation}-{index}")


def test_every_operation_with_an_example_is_replayed() -> None:
    # A newer botocore may bring examples of operations this module has no world for;
    # _prepare then fails loudly rather than skipping them.
    assert len(EXAMPLES) >= 27


@pytest.mark.parametrize(("operation", "example"), list(_cases()))
def test_botocore_example(operation: str, example: dict[str, Any]) -> None:
    region, account = _region_and_account(example)
    with mock_ssm_contacts(
        account_id=account, region=region, start_time="2021-05-18T00:00:00+00:00"
    ) as fake:
        client = boto3.client("ssm-contacts", region_name=region)
        replay = Replay(fake, client)
        check = _prepare(operation, example, replay)
        method = getattr(client, botocore_method(client, operation))
        response = method(**replay.to_fake(example["input"]))
        assert_matches_output(client, operation, response)
        response.pop("ResponseMetadata")
        actual = replay.to_example(response)
        expected = example["output"]
        if operation == "ListPageReceipts":
            # The example lists DELIVERED, READ, SENT; the fake lists receipts as they
            # were written (docs/behaviour-choices.md), so compare them as a set.
            def by_time(receipts: list[dict[str, Any]]) -> list[dict[str, Any]]:
                return sorted(receipts, key=lambda r: str(r["ReceiptTime"])[:26])

            expected = {"Receipts": by_time(expected["Receipts"])}
            actual = {"Receipts": sorted(actual["Receipts"], key=lambda r: r["ReceiptTime"])}
            sent = actual["Receipts"][0]
            # The provider's message id differs per send; its form is the example's.
            assert re.fullmatch(r"SM[0-9a-f]{32}", sent["ReceiptInfo"])
            assert re.fullmatch(r"SM[0-9a-f]{32}", expected["Receipts"][0]["ReceiptInfo"])
            sent["ReceiptInfo"] = expected["Receipts"][0]["ReceiptInfo"]
        assert_same(expected, actual)
        if check is not None:
            check(replay, response)


def botocore_method(client: Any, operation: str) -> str:
    names = {
        client.meta.method_to_api_mapping[name]: name for name in client.meta.method_to_api_mapping
    }
    return str(names[operation])


# -- the AWS CLI's examples, where they add to botocore's ------------------------------------


def test_cli_list_contact_channels_example_is_not_replayable() -> None:
    pytest.skip(
        "the AWS CLI's list-contact-channels example output is not valid JSON (a list "
        "directly inside braces) and its first channel lacks the required "
        "ContactChannelArn; botocore's ListContactChannels example is replayed instead"
    )


def test_cli_deactivate_contact_channel_example_reactivates_at_any_time() -> None:
    # The CLI's deactivate-contact-channel example: a deactivated channel is no longer
    # paged, and can be reactivated at any time with activate-contact-channel.
    with mock_ssm_contacts(account_id="111122223333", region="us-east-2") as fake:
        client = boto3.client("ssm-contacts", region_name="us-east-2")
        replay = Replay(fake, client)
        replay.contact("akuam", channels=((SMS, "akuas sms", "SMS", "+15005550199"),))
        channel = replay.arns[SMS]
        code = fake.activation_code(channel)
        client.deactivate_contact_channel(ContactChannelId=channel)
        fake.clock.advance(days=30)
        client.activate_contact_channel(ContactChannelId=channel, ActivationCode=code)
        assert client.get_contact_channel(ContactChannelId=channel)["ActivationStatus"] == (
            "ACTIVATED"
        )


def test_cli_create_contact_example_leaves_the_plan_for_later() -> None:
    # The CLI's create-contact example creates a contact with a blank plan, then its
    # channels, then fills the plan with update-contact (its update-contact example).
    with mock_ssm_contacts(account_id="111122223333", region="us-east-2") as fake:
        client = boto3.client("ssm-contacts", region_name="us-east-2")
        replay = Replay(fake, client)
        _akuam_with_plan_channels(replay)
        [update] = EXAMPLES["UpdateContact"]
        client.update_contact(**replay.to_fake(update["input"]))
        [get] = EXAMPLES["GetContact"][:1]
        got = client.get_contact(ContactId=fake.contact("akuam").arn)
        got.pop("ResponseMetadata")
        assert_same(get["output"], replay.to_example(got))


@pytest.mark.parametrize(
    "actual",
    [
        {"ContactArn": f"{PREFIX}contact/akuam", "Name": "other"},
        {"ContactArn": f"{PREFIX}contact/alejr", "Name": "akuas sms"},
        {
            "ContactArn": "arn:aws:ssm-contacts:us-east-1:111122223333:contact/akuam",
            "Name": "akuas sms",
        },
        {"ContactArn": f"{PREFIX}contact/akuam"},
        {"ContactArn": f"{PREFIX}contact/akuam", "Name": "akuas sms", "Type": "SMS"},
    ],
)
def test_the_comparison_notices_a_difference(actual: dict[str, Any]) -> None:
    expected = {"ContactArn": f"{PREFIX}contact/akuam", "Name": "akuas sms"}
    with pytest.raises(AssertionError):
        assert_same(expected, actual)


def test_the_comparison_takes_any_uuid_and_compares_times() -> None:
    channel = f"{PREFIX}contact-channel/akuam/00000000-0000-4000-8000-000000000000"
    assert_same({"Arn": SMS}, {"Arn": channel})
    when = "2021-05-18T18:43:55.265000+00:00"
    assert_same({"Time": when}, {"Time": _time(when)})
    with pytest.raises(AssertionError):
        assert_same({"Time": when}, {"Time": _time(when) + datetime.timedelta(milliseconds=1)})
