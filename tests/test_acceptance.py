"""Acceptance tests: the promises of the 0.1, 0.2 and 0.3 issues, one small test each.

They use only the public API and boto3, the way a team adopting the plugin would, and
read the service's answers through botocore as an application does.
"""

from __future__ import annotations

import datetime
import json
import re
import socket
import time
import unittest
import uuid
from collections.abc import Iterator
from importlib import metadata, resources
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError
from botocore.stub import Stubber

import pytest_ssmcontacts
from helpers import client, engage
from pytest_ssmcontacts import (
    Contact,
    Engagement,
    Page,
    Rotation,
    RotationOverride,
    SSMContacts,
    mock_ssm_contacts,
)

UTC = datetime.timezone.utc
T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Nothing listens on the discard port: a call that really goes out fails at once.
NOWHERE = "http://127.0.0.1:9"
ONE_TRY = Config(retries={"total_max_attempts": 1}, connect_timeout=1, read_timeout=1)

# Created at import, during collection, before any fixture runs.
EARLY_CLIENT = boto3.client(
    "ssm-contacts", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
)


def arn(alias: str, region: str = "us-east-1", account: str = ACCOUNT) -> str:
    return f"arn:aws:ssm-contacts:{region}:{account}:contact/{alias}"


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    """Code and Message, with the modeled members botocore puts next to them."""
    return {**exc.value.response, **exc.value.response["Error"]}


def channel_plan(*stages: tuple[str, int], retry: int = 0) -> dict[str, Any]:
    """A personal plan: one stage per (channel name, duration in minutes)."""
    return {
        "Stages": [
            {
                "DurationInMinutes": minutes,
                "Targets": [
                    {
                        "ChannelTargetInfo": {
                            "ContactChannelId": name,
                            "RetryIntervalInMinutes": retry,
                        }
                    }
                ],
            }
            for name, minutes in stages
        ]
    }


def person(alias: str, *, retry: int = 0) -> dict[str, Any]:
    """A contact with the spec's SMS, then VOICE, then EMAIL plan (section 5.2)."""
    return {
        "alias": alias,
        "channels": [
            {"name": "sms", "type": "SMS", "address": "+15005550101"},
            {"name": "voice", "type": "VOICE", "address": "+15005550102"},
            {"name": "email", "type": "EMAIL", "address": f"{alias}@example.com"},
        ],
        "plan": channel_plan(("sms", 5), ("voice", 5), ("email", 5), retry=retry),
    }


def escalation(alias: str, *stages: tuple[str, bool, int]) -> dict[str, Any]:
    """An escalation plan: one stage per (contact alias, essential, duration)."""
    return {
        "alias": alias,
        "type": "ESCALATION",
        "plan": {
            "Stages": [
                {
                    "DurationInMinutes": minutes,
                    "Targets": [
                        {"ContactTargetInfo": {"ContactId": who, "IsEssential": essential}}
                    ],
                }
                for who, essential, minutes in stages
            ]
        },
    }


def aliases(contacts: list[Contact]) -> list[str]:
    return [c.alias for c in contacts]


DAILY_AT_9 = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
}


# --- output shapes -------------------------------------------------------------------


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


# === Issue 2 (0.1): package and set-up ===============================================


def test_package_metadata_declares_the_promised_dependencies_and_entry_point() -> None:
    dist = metadata.distribution("pytest-ssmcontacts")
    required = [r for r in dist.requires or [] if "extra ==" not in r]
    names = sorted(re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].lower() for r in required)
    assert names == ["attrs", "botocore", "pytest"]
    assert all("<" not in r and "==" not in r for r in required)
    assert dist.metadata["Requires-Python"] == ">=3.9"
    plugins = [ep for ep in dist.entry_points if ep.group == "pytest11"]
    assert [ep.value for ep in plugins] == ["pytest_ssmcontacts.plugin"]
    assert resources.files("pytest_ssmcontacts").joinpath("py.typed").is_file()


def test_the_class_behind_the_fixture_is_exported(ssm_contacts: SSMContacts) -> None:
    assert isinstance(ssm_contacts, pytest_ssmcontacts.SSMContacts)


# === Issue 2: the quick-start example ================================================


def raise_alarm(message: str) -> None:
    """A tiny app: pages the DBA on call through boto3."""
    boto3.client("ssm-contacts").start_engagement(
        ContactId="arn:aws:ssm-contacts:us-east-2:111122223333:contact/akuam",
        Sender="my-app",
        Subject=f"{message.capitalize()} on db-01",
        Content="Please look at db-01",
    )


@pytest.mark.ssm_contacts(contacts=["akuam"], account_id="111122223333", region="us-east-2")
def test_issue_example_pages_oncall(ssm_contacts: SSMContacts) -> None:
    raise_alarm("disk full")
    ssm_contacts.assert_engaged("akuam", subject="Disk full on db-01")


# === Issue 2: interception ===========================================================


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_every_way_of_making_a_client_is_routed_to_the_fake(ssm_contacts: SSMContacts) -> None:
    clients = [
        boto3.client("ssm-contacts"),
        boto3.Session().client("ssm-contacts"),
        botocore.session.get_session().create_client("ssm-contacts"),
        EARLY_CLIENT,
    ]
    for api in clients:
        engage(arn("akuam"), api)
    ssm_contacts.assert_engaged("akuam", times=4)


def test_moto_started_first_still_leaves_ssm_contacts_to_the_fake() -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_ssm_contacts(contacts=["akuam"]) as fake:
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="pages")
        engage(arn("akuam"))
        queues = boto3.client("sqs", region_name="us-east-1").list_queues()["QueueUrls"]
        assert len(queues) == 1
    fake.assert_engaged("akuam")


def test_a_client_created_before_the_fake_starts_is_routed_too() -> None:
    api = client(region_name="us-east-1")
    with mock_ssm_contacts(contacts=["akuam"]) as fake:
        engage(arn("akuam"), api)
    fake.assert_engaged("akuam")


def test_no_network_inside_the_fake_even_with_an_explicit_endpoint(
    ssm_contacts: SSMContacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the fake opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    api = client(endpoint_url=NOWHERE, config=ONE_TRY)
    assert api.list_contacts()["Contacts"] == []
    ssm_contacts.add_contact("akuam")
    engage(arn("akuam"), client())


def test_other_services_are_untouched_inside_the_fake(ssm_contacts: SSMContacts) -> None:
    ssm = boto3.client("ssm", endpoint_url=NOWHERE, config=ONE_TRY)
    with pytest.raises(EndpointConnectionError):
        ssm.get_parameter(Name="x")
    assert ssm_contacts.calls == []


def _some_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    # Outside a fake botocore signs, so it needs credentials (made up: nothing is sent).
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLEOUTSIDE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "outside-secret")


def test_outside_the_fake_ssm_contacts_clients_behave_as_without_the_plugin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _some_credentials(monkeypatch)
    api = client(region_name="us-east-1", endpoint_url=NOWHERE, config=ONE_TRY)
    with pytest.raises(EndpointConnectionError):
        api.list_contacts()
    with Stubber(api) as stub:
        stub.add_response("list_contacts", {"Contacts": []})
        assert api.list_contacts()["Contacts"] == []


def test_after_the_fake_stops_clients_go_back_to_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _some_credentials(monkeypatch)
    api = client(region_name="us-east-1", endpoint_url=NOWHERE, config=ONE_TRY)
    with mock_ssm_contacts():
        api.list_contacts()
    with pytest.raises(EndpointConnectionError):
        api.list_contacts()


def test_works_without_credentials_config_or_region(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    # Keeps botocore from asking the instance metadata service, which is not reachable here.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    early = boto3.Session().client("ssm-contacts", region_name="us-east-1")
    assert early._request_signer._credentials is None
    with mock_ssm_contacts(contacts=["akuam"]) as fake:
        engage(arn("akuam"), early)
        engage(arn("akuam"))  # created inside: no region, no credentials of its own
    fake.assert_engaged("akuam", times=2)


def test_fake_credentials_never_copy_real_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALREALREALREAL")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    with mock_ssm_contacts():
        credentials = boto3.Session().get_credentials()
        assert credentials.access_key != "AKIAREALREALREALREAL"
        assert credentials.secret_key != "real-secret"


# boto3's default session caches the credentials it first finds, the fake's ones when
# that happens inside a fake: the fake must hand it back as it was.
def test_fake_credentials_do_not_outlive_the_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    with mock_ssm_contacts():
        boto3.client("ssm-contacts").list_contacts()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEREALKEY01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    s3 = boto3.client("s3", region_name="us-east-1")
    assert s3._request_signer._credentials.access_key == "AKIAEXAMPLEREALKEY01"


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_moto_keeps_other_services_and_the_fake_keeps_ssm_contacts(
    ssm_contacts: SSMContacts,
) -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        ssm = boto3.client("ssm")
        ssm.put_parameter(Name="/pager/contact", Value=arn("akuam"), Type="String")
        contact_arn = ssm.get_parameter(Name="/pager/contact")["Parameter"]["Value"]
        engage(contact_arn)
    ssm_contacts.assert_engaged("akuam")


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_retries_of_injected_errors_happen_without_sleeping(
    ssm_contacts: SSMContacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    real_sleep = time.sleep

    def recording_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        real_sleep(0)

    monkeypatch.setattr(time, "sleep", recording_sleep)
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=2)
    engage(arn("akuam"), client(config=Config(retries={"mode": "standard", "max_attempts": 5})))
    assert [c.error for c in ssm_contacts.calls] == [
        "ThrottlingException",
        "ThrottlingException",
        None,
    ]
    assert [s for s in sleeps if s > 0] == []
    ssm_contacts.assert_engaged("akuam", times=1)


def test_a_users_own_event_handlers_still_run(ssm_contacts: SSMContacts) -> None:
    seen: list[str] = []
    api = client()
    api.meta.events.register(
        "before-call.ssm-contacts.ListContacts", lambda **_: seen.append("before-call")
    )
    api.meta.events.register(
        "after-call.ssm-contacts.ListContacts", lambda **_: seen.append("after-call")
    )
    api.list_contacts()
    assert seen == ["before-call", "after-call"]


# === Issue 2: errors as AWS sends them ================================================


def test_unknown_contact_is_resource_not_found_with_modeled_members(
    ssm_contacts: SSMContacts,
) -> None:
    api = client()
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
    api = client()
    with pytest.raises(api.exceptions.ValidationException) as exc:
        engage("akuam", api)
    assert error_of(exc)["Reason"] == "FIELD_VALIDATION_FAILED"
    ssm_contacts.assert_not_engaged()


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_server_side_validation_when_the_client_skips_it(ssm_contacts: SSMContacts) -> None:
    api = client(config=Config(parameter_validation=False))
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
    api = client(config=Config(parameter_validation=False))
    with pytest.raises(api.exceptions.ValidationException) as exc:
        api.start_engagement(ContactId=arn("akuam"), Subject="s", Content="c")
    assert "Member must not be null" in error_of(exc)["Message"]


def test_no_operation_answers_not_supported(ssm_contacts: SSMContacts) -> None:
    api = client(config=Config(parameter_validation=False))
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


# === Issue 2: StartEngagement ========================================================


@pytest.mark.ssm_contacts(contacts=["akuam", escalation("example_escalation", ("akuam", True, 5))])
def test_start_engagement_on_personal_and_escalation_contacts(ssm_contacts: SSMContacts) -> None:
    personal = engage(arn("akuam"))
    escalated = engage(arn("example_escalation"))
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
    assert engage(contact_arn).startswith(f"arn:aws-cn:ssm-contacts:cn-north-1:{ACCOUNT}:")


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_same_idempotency_token_and_parameters_engage_once(ssm_contacts: SSMContacts) -> None:
    first = engage(arn("akuam"), IdempotencyToken="token-1")
    again = engage(arn("akuam"), IdempotencyToken="token-1")
    assert again == first
    assert len(ssm_contacts.engagements) == 1
    assert len(client().list_engagements()["Engagements"]) == 1


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_same_idempotency_token_other_parameters_is_a_validation_error(
    ssm_contacts: SSMContacts,
) -> None:
    api = client()
    engage(arn("akuam"), api, IdempotencyToken="token-1")
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
    api = client()
    for foreign in (arn("akuam", account="999999999999"), arn("akuam", region="eu-west-1")):
        with pytest.raises(api.exceptions.ResourceNotFoundException):
            engage(foreign, api)
    other_region = client(region_name="eu-west-1")
    with pytest.raises(other_region.exceptions.ResourceNotFoundException):
        engage(arn("akuam"), other_region)
    ssm_contacts.assert_not_engaged()


def test_state_is_partitioned_by_region(ssm_contacts: SSMContacts) -> None:
    west = client(region_name="eu-west-1")
    west.create_contact(Alias="akuam", Type="PERSONAL", Plan={"Stages": []})
    assert client().list_contacts()["Contacts"] == []
    assert [c["Alias"] for c in west.list_contacts()["Contacts"]] == ["akuam"]
    engage(arn("akuam", region="eu-west-1"), west)
    ssm_contacts.assert_engaged(arn("akuam", region="eu-west-1"))


# === Issue 2: the fixture object =====================================================


def test_defaults_without_marker_ini_or_environment(ssm_contacts: SSMContacts) -> None:
    assert ssm_contacts.account_id == "123456789012"
    assert ssm_contacts.region == "us-east-1"


@pytest.mark.ssm_contacts(account_id="111122223333", region="eu-central-1")
def test_a_client_without_region_lands_in_the_fixture_region(ssm_contacts: SSMContacts) -> None:
    api = client()
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
    stored = client().get_contact(ContactId=contact.arn)
    targets = [
        s["Targets"][0]["ChannelTargetInfo"]["ContactChannelId"] for s in stored["Plan"]["Stages"]
    ]
    assert targets == [c.arn for c in contact.channels]
    channels = client().list_contact_channels(ContactId=contact.arn)["ContactChannels"]
    assert [c["ActivationStatus"] for c in channels] == ["ACTIVATED", "ACTIVATED"]
    tags = client().list_tags_for_resource(ResourceARN=contact.arn)["Tags"]
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
    assert client().get_contact(ContactId=esc.arn)["Plan"] == plan


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
    client().create_contact(Alias="dana", Type="PERSONAL", Plan={"Stages": []})
    assert aliases(ssm_contacts.contacts) == ["dana"]


@pytest.mark.ssm_contacts(contacts=["akuam", "alejr"], start_time=T0)
def test_engagement_records_have_the_promised_fields(ssm_contacts: SSMContacts) -> None:
    api = client()
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
    second = engage(arn("alejr"), api)
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
    engage(arn("akuam"), IncidentId="incident-1")
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
    engage(arn("akuam"))
    with pytest.raises(TypeError, match="subjct"):
        ssm_contacts.assert_engaged("akuam", subjct="Disk full")


@pytest.mark.ssm_contacts(contacts=["akuam", "alejr"])
def test_assert_engaged_failure_lists_every_engagement_with_differences(
    ssm_contacts: SSMContacts,
) -> None:
    engage(arn("akuam"))
    client().start_engagement(ContactId=arn("alejr"), Sender="web", Subject="5xx", Content="c")
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


# === Issue 2: faults and the call log ================================================


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_fail_next_answers_the_next_calls_with_the_modeled_error(
    ssm_contacts: SSMContacts,
) -> None:
    api = client(config=Config(retries={"total_max_attempts": 1}))
    ssm_contacts.fail_next("start_engagement", "AccessDeniedException", times=2, message="nope")
    for _ in range(2):
        with pytest.raises(api.exceptions.AccessDeniedException) as exc:
            engage(arn("akuam"), api)
        assert error_of(exc)["Message"] == "nope"
    engage(arn("akuam"), api)
    ssm_contacts.fail_next("StartEngagement", "DataEncryptionException")
    with pytest.raises(api.exceptions.DataEncryptionException):
        engage(arn("akuam"), api)
    engage(arn("akuam"), api)
    ssm_contacts.assert_engaged("akuam", times=2)


def test_fail_next_refuses_an_error_the_operation_does_not_model(
    ssm_contacts: SSMContacts,
) -> None:
    with pytest.raises(ValueError, match="ThrottlingException") as exc:
        ssm_contacts.fail_next("start_engagement", "ConflictException")
    for modeled in ("AccessDeniedException", "ResourceNotFoundException", "ValidationException"):
        assert modeled in str(exc.value)


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_calls_record_operation_params_and_error(ssm_contacts: SSMContacts) -> None:
    api = client()
    engage(arn("akuam"), api)
    with pytest.raises(api.exceptions.ResourceNotFoundException):
        engage(arn("nobody"), api)
    api.list_engagements()
    calls = ssm_contacts.calls
    assert [c.operation for c in calls] == ["StartEngagement", "StartEngagement", "ListEngagements"]
    assert [c.error for c in calls] == [None, "ResourceNotFoundException", None]
    assert calls[0].params["ContactId"] == arn("akuam")
    assert calls[0].params["Subject"] == "Disk full"
    assert calls[0].params["IdempotencyToken"]


# === Issue 2: the marker =============================================================


@pytest.mark.ssm_contacts(
    contacts=[
        "akuam",
        {
            "alias": "alejr",
            "display_name": "Ale J",
            "channels": [{"name": "phone", "type": "SMS", "address": "+15005550101"}],
            "plan": channel_plan(("phone", 5)),
        },
    ]
)
def test_marker_contacts_are_aliases_or_add_contact_arguments(ssm_contacts: SSMContacts) -> None:
    assert ssm_contacts.contact("akuam").type == "PERSONAL"
    alejr = ssm_contacts.contact("alejr")
    assert alejr.display_name == "Ale J"
    assert [c.name for c in alejr.channels] == ["phone"]


def test_marker_merges_module_class_function_closest_wins(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.ssm_contacts(region="eu-west-1", contacts=["mod"])

        def test_module(ssm_contacts):
            assert ssm_contacts.region == "eu-west-1"
            assert [c.alias for c in ssm_contacts.contacts] == ["mod"]

        @pytest.mark.ssm_contacts(account_id="111122223333", contacts=["cls"])
        class TestClass:
            def test_class(self, ssm_contacts):
                assert ssm_contacts.region == "eu-west-1"
                assert ssm_contacts.account_id == "111122223333"
                assert [c.alias for c in ssm_contacts.contacts] == ["cls"]

            @pytest.mark.ssm_contacts(region="us-west-2")
            def test_function(self, ssm_contacts):
                assert ssm_contacts.region == "us-west-2"
                assert ssm_contacts.account_id == "111122223333"
                assert [c.alias for c in ssm_contacts.contacts] == ["cls"]
        """
    )
    pytester.runpytest("--strict-markers").assert_outcomes(passed=3)


def test_unknown_marker_option_fails_naming_it_and_the_valid_ones(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(contact=["akuam"])
        def test_typo(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    output = result.stdout.str()
    assert "'contact'" in output
    for option in ("account_id", "contacts", "quotas", "region", "rotations", "start_time"):
        assert option in output


# === Issue 2: mock_ssm_contacts ======================================================


def test_mock_as_a_context_manager_with_the_same_options() -> None:
    with mock_ssm_contacts(contacts=["akuam"], account_id="111122223333", region="eu-west-1") as f:
        assert isinstance(f, SSMContacts)
        assert (f.account_id, f.region) == ("111122223333", "eu-west-1")
        engage(arn("akuam", region="eu-west-1", account="111122223333"))
    f.assert_engaged("akuam")


def test_mock_as_a_function_decorator() -> None:
    fake = mock_ssm_contacts(contacts=["akuam"])

    @fake
    def page() -> str:
        return engage(arn("akuam"))

    engagement = page()
    assert [e.arn for e in fake.engagements] == [engagement]


def test_mock_as_a_unittest_class_decorator() -> None:
    fake = mock_ssm_contacts(contacts=["akuam"])

    @fake
    class PagerTest(unittest.TestCase):
        def test_pages(self) -> None:
            engage(arn("akuam"))
            fake.assert_engaged("akuam")

        def test_starts_empty(self) -> None:
            fake.assert_not_engaged()
            assert aliases(fake.contacts) == ["akuam"]

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(PagerTest).run(result)
    assert (result.testsRun, result.failures, result.errors) == (2, [], [])


# === Issue 3 (0.2): the escalation example ===========================================


ESCALATING = [
    {
        "alias": "primary",
        "channels": [{"name": "phone", "type": "SMS", "address": "+15005550101"}],
        "plan": channel_plan(("phone", 5)),
    },
    {
        "alias": "secondary",
        "channels": [{"name": "phone", "type": "SMS", "address": "+15005550102"}],
        "plan": channel_plan(("phone", 5)),
    },
    escalation("db-escalation", ("primary", True, 5), ("secondary", True, 5)),
]


def start_incident() -> None:
    boto3.client("ssm-contacts").start_engagement(
        ContactId=arn("db-escalation"), Sender="incidents", Subject="db down", Content="db-01"
    )


@pytest.mark.ssm_contacts(contacts=ESCALATING)
def test_escalates_to_secondary(ssm_contacts: SSMContacts) -> None:
    start_incident()
    ssm_contacts.assert_paged("primary", channel="sms")
    ssm_contacts.assert_not_paged("secondary")
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged("secondary")


@pytest.mark.ssm_contacts(contacts=ESCALATING)
def test_an_essential_acknowledgement_halts_the_escalation(ssm_contacts: SSMContacts) -> None:
    start_incident()
    ssm_contacts.clock.advance(minutes=2)
    (page,) = ssm_contacts.pages_for("primary")
    client().accept_page(
        PageId=page.arn, AcceptType="READ", AcceptCode=ssm_contacts.accept_code(page)
    )
    ssm_contacts.clock.advance(minutes=10)
    ssm_contacts.assert_not_paged("secondary")


@pytest.mark.ssm_contacts(
    contacts=[
        *ESCALATING[:2],
        escalation("db-escalation", ("primary", False, 5), ("secondary", True, 5)),
    ]
)
def test_a_non_essential_acknowledgement_does_not_halt_it(ssm_contacts: SSMContacts) -> None:
    start_incident()
    (page,) = ssm_contacts.pages_for("primary")
    client().accept_page(
        PageId=page.arn, AcceptType="READ", AcceptCode=ssm_contacts.accept_code(page)
    )
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged("secondary")


# === Issue 3: the virtual clock ======================================================


def test_clock_starts_at_the_real_current_time_in_utc() -> None:
    before = datetime.datetime.now(UTC)
    with mock_ssm_contacts() as fake:
        now = fake.clock.now()
    after = datetime.datetime.now(UTC)
    assert now.utcoffset() == datetime.timedelta(0)
    assert before - datetime.timedelta(milliseconds=1) <= now <= after


@pytest.mark.ssm_contacts(start_time=T0)
def test_clock_now_advance_and_set(ssm_contacts: SSMContacts) -> None:
    clock = ssm_contacts.clock
    assert clock.now() == T0
    clock.advance(minutes=5, seconds=30)
    assert clock.now() == T0 + datetime.timedelta(minutes=5, seconds=30)
    clock.set(datetime.datetime(2024, 1, 2, 0, 0, tzinfo=UTC))
    assert clock.now() == datetime.datetime(2024, 1, 2, 0, 0, tzinfo=UTC)


@pytest.mark.ssm_contacts(start_time="2024-01-01T09:00:00Z", contacts=["akuam"])
def test_every_timestamp_comes_from_the_clock(ssm_contacts: SSMContacts) -> None:
    api = client()
    first = engage(arn("akuam"), api)
    ssm_contacts.clock.advance(minutes=3)
    api.stop_engagement(EngagementId=first)
    described = api.describe_engagement(EngagementId=first)
    assert described["StartTime"] == T0
    assert described["StopTime"] == T0 + datetime.timedelta(minutes=3)
    assert ssm_contacts.clock.now() == T0 + datetime.timedelta(minutes=3)


# === Issue 3: the engagement simulation ==============================================


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_personal_plan_timeline_without_acknowledgement(ssm_contacts: SSMContacts) -> None:
    engagement = engage(arn("akuam"))
    api = client()

    def listed() -> list[str]:
        pages = api.list_pages_by_engagement(EngagementId=engagement)["Pages"]
        return [p["PageArn"] for p in pages]

    assert [p.channel_type for p in ssm_contacts.pages] == ["SMS"]
    ssm_contacts.clock.advance(minutes=4, seconds=59)
    assert len(ssm_contacts.pages) == 1
    assert len(listed()) == 1
    ssm_contacts.clock.advance(seconds=1)
    assert [p.channel_type for p in ssm_contacts.pages] == ["SMS", "VOICE"]
    ssm_contacts.clock.advance(minutes=5)
    pages = ssm_contacts.pages
    assert [p.channel_type for p in pages] == ["SMS", "VOICE", "EMAIL"]
    assert [p.sent_time for p in pages] == [T0 + datetime.timedelta(minutes=m) for m in (0, 5, 10)]
    assert sorted(listed()) == sorted(p.arn for p in pages)
    ssm_contacts.clock.advance(minutes=30)
    assert len(ssm_contacts.pages) == 3
    assert api.describe_engagement(EngagementId=engagement).get("StopTime") is None


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_advancing_past_several_stages_at_once_pages_each_at_its_time(
    ssm_contacts: SSMContacts,
) -> None:
    engage(arn("akuam"))
    ssm_contacts.clock.advance(minutes=20)
    assert [p.sent_time for p in ssm_contacts.pages] == [
        T0 + datetime.timedelta(minutes=m) for m in (0, 5, 10)
    ]


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_read_acknowledges_and_stops_the_plan(ssm_contacts: SSMContacts) -> None:
    engage(arn("akuam"))
    ssm_contacts.clock.advance(minutes=2)
    (page,) = ssm_contacts.pages
    client().accept_page(
        PageId=page.arn,
        AcceptType="READ",
        AcceptCode=ssm_contacts.accept_code(page),
        AcceptCodeValidation="ENFORCE",
    )
    ssm_contacts.clock.advance(minutes=20)
    (read,) = ssm_contacts.pages
    assert read.read_time == T0 + datetime.timedelta(minutes=2)
    assert read.delivery_time is not None


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_delivered_does_not_acknowledge(ssm_contacts: SSMContacts) -> None:
    engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    client().accept_page(
        PageId=page.arn, AcceptType="DELIVERED", AcceptCode=ssm_contacts.accept_code(page)
    )
    ssm_contacts.clock.advance(minutes=5)
    assert len(ssm_contacts.pages) == 2


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_accept_page_with_a_wrong_code_under_enforce_is_refused(
    ssm_contacts: SSMContacts,
) -> None:
    engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    wrong = "999999" if ssm_contacts.accept_code(page) != "999999" else "111111"
    api = client()
    with pytest.raises(api.exceptions.ValidationException):
        api.accept_page(
            PageId=page.arn, AcceptType="READ", AcceptCode=wrong, AcceptCodeValidation="ENFORCE"
        )
    api.accept_page(PageId=page.arn, AcceptType="READ", AcceptCode=wrong)


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_stop_engagement_stops_everything(ssm_contacts: SSMContacts) -> None:
    engagement = engage(arn("akuam"))
    ssm_contacts.clock.advance(minutes=1)
    client().stop_engagement(EngagementId=engagement, Reason="resolved")
    ssm_contacts.clock.advance(minutes=30)
    (page,) = ssm_contacts.pages
    assert "STOP" in [r.type for r in page.receipts]
    assert ssm_contacts.engagements[0].stop_time == T0 + datetime.timedelta(minutes=1)


@pytest.mark.ssm_contacts(contacts=[person("akuam", retry=1)], start_time=T0)
def test_a_failed_delivery_is_resent_every_retry_interval(ssm_contacts: SSMContacts) -> None:
    engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    failed = ssm_contacts.fail_delivery(page)
    assert isinstance(failed, Page)
    assert "ERROR" in [r.type for r in failed.receipts]
    ssm_contacts.clock.advance(minutes=1)
    (resent,) = ssm_contacts.pages
    assert resent.sent_time == T0 + datetime.timedelta(minutes=1)
    assert [r.type for r in resent.receipts].count("SENT") == 2
    receipts = client().list_page_receipts(PageId=page.arn)["Receipts"]
    assert sorted(r["ReceiptType"] for r in receipts) == ["ERROR", "SENT", "SENT"]


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_without_a_retry_interval_a_failure_is_not_resent(ssm_contacts: SSMContacts) -> None:
    engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    ssm_contacts.fail_delivery(page)
    ssm_contacts.clock.advance(minutes=4)
    (same,) = ssm_contacts.pages
    assert [r.type for r in same.receipts].count("SENT") == 1


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_deliver_writes_a_delivered_receipt(ssm_contacts: SSMContacts) -> None:
    engage(arn("akuam"))
    ssm_contacts.clock.advance(seconds=10)
    delivered = ssm_contacts.deliver(ssm_contacts.pages[0])
    assert delivered.delivery_time == T0 + datetime.timedelta(seconds=10)
    receipts = client().list_page_receipts(PageId=delivered.arn)["Receipts"]
    assert sorted(r["ReceiptType"] for r in receipts) == ["DELIVERED", "SENT"]
    described = client().describe_page(PageId=delivered.arn)
    assert described["DeliveryTime"] == T0 + datetime.timedelta(seconds=10)


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_deactivated_and_deleted_channels_are_not_paged(ssm_contacts: SSMContacts) -> None:
    api = client()
    channels = {c.name: c.arn for c in ssm_contacts.contact("akuam").channels}
    api.deactivate_contact_channel(ContactChannelId=channels["sms"])
    api.delete_contact_channel(ContactChannelId=channels["voice"])
    engage(arn("akuam"), api)
    ssm_contacts.clock.advance(minutes=15)
    assert [p.channel_type for p in ssm_contacts.pages] == ["EMAIL"]


# === Issue 3: fixture additions ======================================================


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=T0)
def test_page_records_have_the_promised_fields(ssm_contacts: SSMContacts) -> None:
    engagement = engage(arn("akuam"))
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
    engage(arn("akuam"))
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
    engage(arn("akuam"))
    engage(arn("alejr"))
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
    api = client()
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
    api = client()
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


# === Issue 3: the marker's quotas ====================================================


@pytest.mark.ssm_contacts(contacts=["akuam"], quotas={"contacts": 2})
def test_quotas_marker_makes_create_contact_exceed(ssm_contacts: SSMContacts) -> None:
    api = client()
    api.create_contact(Alias="two", Type="PERSONAL", Plan={"Stages": []})
    with pytest.raises(api.exceptions.ServiceQuotaExceededException) as exc:
        api.create_contact(Alias="three", Type="PERSONAL", Plan={"Stages": []})
    error = error_of(exc)
    assert error["QuotaCode"]
    assert error["ServiceCode"]


def test_quotas_marker_with_an_unknown_quota_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(quotas={"contact": 2})
        def test_typo(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    assert "'contact'" in result.stdout.str()


# === Issue 3: the 28 operations through botocore =====================================


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


# === Issue 4 (0.3): the holiday example and fixture additions ========================


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time="2024-12-23T08:00:00Z")
def test_holiday_override(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "primary",
        members=["alice", "bob"],
        time_zone="Europe/Berlin",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
    )
    christmas = datetime.datetime(2024, 12, 25, 12, 0, tzinfo=UTC)
    assert aliases(ssm_contacts.on_call(rot, at=christmas)) == ["alice"]
    override = ssm_contacts.add_override(
        rot,
        members=["bob"],
        start=datetime.datetime(2024, 12, 25, 8, 0, tzinfo=UTC),
        end=datetime.datetime(2024, 12, 26, 8, 0, tzinfo=UTC),
    )
    assert isinstance(override, RotationOverride)
    assert aliases(ssm_contacts.on_call(rot, at=christmas)) == ["bob"]
    assert aliases(ssm_contacts.on_call("primary", at=christmas)) == ["bob"]
    shifts = client().list_rotation_shifts(
        RotationId=rot.arn,
        StartTime=datetime.datetime(2024, 12, 25, 8, 0, tzinfo=UTC),
        EndTime=datetime.datetime(2024, 12, 26, 8, 0, tzinfo=UTC),
    )["RotationShifts"]
    assert [(s["Type"], s["ContactIds"]) for s in shifts] == [("OVERRIDDEN", [arn("bob")])]
    assert shifts[0]["ShiftDetails"]["OverriddenContactIds"] == [arn("alice")]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time=T0)
def test_add_rotation_returns_a_rotation_record(ssm_contacts: SSMContacts) -> None:
    bob = ssm_contacts.contact("bob")
    rot = ssm_contacts.add_rotation(
        "primary",
        members=["alice", bob.arn],
        time_zone="UTC",
        recurrence=DAILY_AT_9,
        tags={"team": "db"},
    )
    assert isinstance(rot, Rotation)
    assert re.fullmatch(rf"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:rotation/{UUID}", rot.arn)
    assert (rot.name, rot.time_zone, rot.start_time) == ("primary", "UTC", T0)
    assert rot.contact_arns == (arn("alice"), arn("bob"))
    got = client().get_rotation(RotationId=rot.arn)
    assert got["ContactIds"] == [arn("alice"), arn("bob")]
    assert client().list_tags_for_resource(ResourceARN=rot.arn)["Tags"] == [
        {"Key": "team", "Value": "db"}
    ]
    assert ssm_contacts.rotations == [rot]


@pytest.mark.ssm_contacts(contacts=["alice"], start_time=T0)
def test_add_rotation_rejects_what_create_rotation_would(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(ValueError, match="add_rotation"):
        ssm_contacts.add_rotation(
            "r", members=["alice"], time_zone="Mars/Olympus", recurrence=DAILY_AT_9
        )
    with pytest.raises((ValueError, LookupError)):
        ssm_contacts.add_rotation("r", members=["nobody"], time_zone="UTC", recurrence=DAILY_AT_9)


@pytest.mark.ssm_contacts(
    contacts=[
        person("alice"),
        person("bob"),
        {"alias": "db-oncall", "type": "ONCALL_SCHEDULE", "plan": {"RotationIds": ["db"]}},
    ],
    rotations=[
        {
            "name": "db",
            "members": ["alice", "bob"],
            "time_zone": "UTC",
            "recurrence": DAILY_AT_9,
            "start_time": T0,
        }
    ],
    start_time=T0 + datetime.timedelta(hours=1),
)
def test_marker_rotations_and_on_call_for_schedules_and_rotations(
    ssm_contacts: SSMContacts,
) -> None:
    (rot,) = ssm_contacts.rotations
    assert rot.name == "db"
    assert aliases(ssm_contacts.on_call("db-oncall")) == ["alice"]
    assert aliases(ssm_contacts.on_call(ssm_contacts.contact("db-oncall"))) == ["alice"]
    assert aliases(ssm_contacts.on_call(rot)) == ["alice"]
    tomorrow = T0 + datetime.timedelta(days=1, hours=1)
    assert aliases(ssm_contacts.on_call("db-oncall", at=tomorrow)) == ["bob"]
    assert aliases(ssm_contacts.on_call(rot.arn, tomorrow)) == ["bob"]
    before = T0 - datetime.timedelta(hours=1)
    assert ssm_contacts.on_call("db-oncall", at=before) == []
    ssm_contacts.add_override("db", members=["bob"], start=T0, end=T0 + datetime.timedelta(hours=2))
    assert aliases(ssm_contacts.on_call("db-oncall")) == ["bob"]
    schedule = client().get_contact(ContactId=arn("db-oncall"))
    assert schedule["Plan"]["RotationIds"] == [rot.arn]


# === Issue 4: ONCALL_SCHEDULE contacts in engagements ================================

ONCALL = [
    person("alice"),
    person("bob"),
    person("carol"),
    {"alias": "db-oncall", "type": "ONCALL_SCHEDULE", "plan": {"RotationIds": ["db"]}},
    escalation("db-escalation", ("carol", False, 5), ("db-oncall", True, 5)),
]
DB_ROTATION = {
    "name": "db",
    "members": ["bob", "alice"],
    "time_zone": "UTC",
    "recurrence": DAILY_AT_9,
    "start_time": T0,
}


@pytest.mark.ssm_contacts(contacts=ONCALL, rotations=[DB_ROTATION], start_time=T0)
def test_engaging_a_schedule_pages_who_is_on_call_with_their_plan(
    ssm_contacts: SSMContacts,
) -> None:
    engagement = engage(arn("db-oncall"))
    ssm_contacts.assert_paged("bob", channel="sms")
    ssm_contacts.assert_not_paged("alice")
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged("bob", channel="voice")
    (page, _) = ssm_contacts.pages
    assert page.engagement_arn == engagement
    resolutions = client().list_page_resolutions(PageId=page.arn)["PageResolutions"]
    assert [(r["ContactArn"], r["Type"]) for r in resolutions] == [
        (arn("db-oncall"), "ONCALL_SCHEDULE"),
        (arn("bob"), "PERSONAL"),
    ]


@pytest.mark.ssm_contacts(contacts=ONCALL, rotations=[DB_ROTATION], start_time=T0)
def test_schedule_as_escalation_target_resolves_at_the_stage_time(
    ssm_contacts: SSMContacts,
) -> None:
    # Bob is on call when the engagement starts, alice from the 09:00 hand-off, before
    # the escalation stage that reaches the schedule starts.
    ssm_contacts.clock.set(T0 + datetime.timedelta(days=1) - datetime.timedelta(minutes=2))
    engage(arn("db-escalation"))
    ssm_contacts.assert_paged("carol")
    ssm_contacts.assert_not_paged("alice")
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_not_paged("bob")
    (alice_page,) = ssm_contacts.pages_for("alice")
    resolutions = client().list_page_resolutions(PageId=alice_page.arn)["PageResolutions"]
    assert resolutions == [
        {"ContactArn": arn("db-escalation"), "Type": "ESCALATION"},
        {"ContactArn": arn("db-oncall"), "Type": "ONCALL_SCHEDULE", "StageIndex": 1},
        {"ContactArn": arn("alice"), "Type": "PERSONAL"},
    ]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], rotations=[DB_ROTATION], start_time=T0)
def test_create_and_update_contact_take_rotation_ids(ssm_contacts: SSMContacts) -> None:
    api = client()
    rot = ssm_contacts.rotation("db").arn
    schedule = api.create_contact(
        Alias="sched", Type="ONCALL_SCHEDULE", Plan={"RotationIds": [rot]}
    )["ContactArn"]
    assert api.get_contact(ContactId=schedule)["Plan"]["RotationIds"] == [rot]
    other = api.create_rotation(
        Name="other",
        ContactIds=[arn("alice")],
        TimeZoneId="UTC",
        Recurrence=DAILY_AT_9,
        StartTime=T0,
    )["RotationArn"]
    api.update_contact(ContactId=schedule, Plan={"RotationIds": [rot, other]})
    assert api.get_contact(ContactId=schedule)["Plan"]["RotationIds"] == [rot, other]
    assert aliases(ssm_contacts.on_call("sched")) == ["bob", "alice"]


@pytest.mark.ssm_contacts(contacts=ONCALL, rotations=[DB_ROTATION], start_time=T0)
def test_deleting_a_rotation_member_is_a_conflict_naming_the_rotation(
    ssm_contacts: SSMContacts,
) -> None:
    api = client()
    with pytest.raises(api.exceptions.ConflictException) as exc:
        api.delete_contact(ContactId=arn("bob"))
    error = error_of(exc)
    assert error["ResourceId"]
    assert error["ResourceType"]
    dependents = [d for e in error["DependentEntities"] for d in e["DependentResourceIds"]]
    assert dependents == [ssm_contacts.rotation("db").arn]


@pytest.mark.ssm_contacts(contacts=ONCALL, rotations=[DB_ROTATION], start_time=T0)
def test_deleting_a_rotation_a_schedule_uses_removes_it_from_the_schedule(
    ssm_contacts: SSMContacts,
) -> None:
    # AWS's API Reference: DeleteRotation deletes the rotation from every on-call
    # schedule it belongs to; it is not refused.
    api = client()
    api.delete_rotation(RotationId=ssm_contacts.rotation("db").arn)
    assert api.get_contact(ContactId=arn("db-oncall"))["Plan"] == {"RotationIds": []}
    assert ssm_contacts.on_call("db-oncall") == []


# === Issue 4: the 11 rotation operations =============================================


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


# === Issue 4: shift computation ======================================================


def shift_table(response: dict[str, Any]) -> list[tuple[str, str, list[str], str]]:
    def utc(when: datetime.datetime) -> str:
        return when.astimezone(UTC).strftime("%m-%d %H:%M")

    return [
        (
            utc(s["StartTime"]),
            utc(s["EndTime"]),
            [c.rsplit("/", 1)[-1] for c in s["ContactIds"]],
            s["Type"],
        )
        for s in response["RotationShifts"]
    ]


@pytest.mark.ssm_contacts(contacts=["a", "b", "c", "d", "e"], start_time=T0)
def test_worked_example_a_daily(ssm_contacts: SSMContacts) -> None:
    api = client()
    rot = api.create_rotation(
        Name="a",
        ContactIds=[arn("a"), arn("b"), arn("c")],
        StartTime=T0,
        TimeZoneId="UTC",
        Recurrence=DAILY_AT_9,
    )["RotationArn"]
    table = shift_table(
        api.list_rotation_shifts(
            RotationId=rot, StartTime=T0, EndTime=datetime.datetime(2024, 1, 5, 9, tzinfo=UTC)
        )
    )
    assert table == [
        ("01-01 09:00", "01-02 09:00", ["a"], "REGULAR"),
        ("01-02 09:00", "01-03 09:00", ["b"], "REGULAR"),
        ("01-03 09:00", "01-04 09:00", ["c"], "REGULAR"),
        ("01-04 09:00", "01-05 09:00", ["a"], "REGULAR"),
    ]
    start = datetime.datetime(2024, 1, 1, 8, tzinfo=UTC)
    two_by_two = api.list_preview_rotation_shifts(
        RotationStartTime=start,
        StartTime=start,
        EndTime=datetime.datetime(2024, 1, 9, 8, tzinfo=UTC),
        Members=["A", "B", "C", "D", "E"],
        TimeZoneId="UTC",
        Recurrence={
            "NumberOfOnCalls": 2,
            "RecurrenceMultiplier": 2,
            "DailySettings": [{"HourOfDay": 8, "MinuteOfHour": 0}],
        },
    )
    assert [(s[0], s[2]) for s in shift_table(two_by_two)] == [
        ("01-01 08:00", ["A", "B"]),
        ("01-03 08:00", ["C", "D"]),
        ("01-05 08:00", ["E", "A"]),
        ("01-07 08:00", ["B", "C"]),
    ]


@pytest.mark.ssm_contacts(contacts=["a", "b", "c"], start_time="2024-03-04T12:00:00Z")
def test_worked_example_b_weekly_business_hours_dst_and_override(
    ssm_contacts: SSMContacts,
) -> None:
    api = client()
    weekdays = ["MON", "TUE", "WED", "THU", "FRI"]
    recurrence = {
        "NumberOfOnCalls": 1,
        "RecurrenceMultiplier": 1,
        "WeeklySettings": [
            {"DayOfWeek": "MON", "HandOffTime": {"HourOfDay": 9, "MinuteOfHour": 0}}
        ],
        "ShiftCoverages": {
            day: [
                {
                    "Start": {"HourOfDay": 9, "MinuteOfHour": 0},
                    "End": {"HourOfDay": 17, "MinuteOfHour": 0},
                }
            ]
            for day in weekdays
        },
    }
    start = datetime.datetime(2024, 3, 4, 14, tzinfo=UTC)
    rot = api.create_rotation(
        Name="b",
        ContactIds=[arn("a"), arn("b"), arn("c")],
        StartTime=start,
        TimeZoneId="America/New_York",
        Recurrence=recurrence,
    )["RotationArn"]
    api.create_rotation_override(
        RotationId=rot,
        NewContactIds=[arn("c")],
        StartTime=datetime.datetime(2024, 3, 13, 15, tzinfo=UTC),
        EndTime=datetime.datetime(2024, 3, 13, 19, tzinfo=UTC),
    )
    window = {"StartTime": start, "EndTime": datetime.datetime(2024, 3, 16, tzinfo=UTC)}
    response = api.list_rotation_shifts(RotationId=rot, **window)
    assert shift_table(response) == [
        ("03-04 14:00", "03-04 22:00", ["a"], "REGULAR"),
        ("03-05 14:00", "03-05 22:00", ["a"], "REGULAR"),
        ("03-06 14:00", "03-06 22:00", ["a"], "REGULAR"),
        ("03-07 14:00", "03-07 22:00", ["a"], "REGULAR"),
        ("03-08 14:00", "03-08 22:00", ["a"], "REGULAR"),
        ("03-11 13:00", "03-11 21:00", ["b"], "REGULAR"),
        ("03-12 13:00", "03-12 21:00", ["b"], "REGULAR"),
        ("03-13 13:00", "03-13 15:00", ["b"], "REGULAR"),
        ("03-13 15:00", "03-13 19:00", ["c"], "OVERRIDDEN"),
        ("03-13 19:00", "03-13 21:00", ["b"], "REGULAR"),
        ("03-14 13:00", "03-14 21:00", ["b"], "REGULAR"),
        ("03-15 13:00", "03-15 21:00", ["b"], "REGULAR"),
    ]
    overridden = response["RotationShifts"][8]
    assert overridden["ShiftDetails"]["OverriddenContactIds"] == [arn("b")]
    preview = api.list_preview_rotation_shifts(
        RotationStartTime=start,
        Members=[arn("a"), arn("b"), arn("c")],
        TimeZoneId="America/New_York",
        Recurrence=recurrence,
        Overrides=[
            {
                "NewMembers": [arn("c")],
                "StartTime": datetime.datetime(2024, 3, 13, 15, tzinfo=UTC),
                "EndTime": datetime.datetime(2024, 3, 13, 19, tzinfo=UTC),
            }
        ],
        **window,
    )
    assert preview["RotationShifts"] == response["RotationShifts"]


@pytest.mark.ssm_contacts(contacts=["alice", "bob", "carol"], start_time="2024-03-28T00:00:00Z")
def test_berlin_handoff_stays_at_nine_local_across_dst(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "primary",
        members=["alice", "bob", "carol"],
        time_zone="Europe/Berlin",
        recurrence=DAILY_AT_9,
        start_time="2024-03-29T09:00:00+01:00",
    )
    # CET ends on 2024-03-31: 09:00 local is 08:00Z before and 07:00Z after.
    shifts = client().list_rotation_shifts(
        RotationId=rot.arn,
        StartTime=datetime.datetime(2024, 3, 29, 8, tzinfo=UTC),
        EndTime=datetime.datetime(2024, 4, 2, 7, tzinfo=UTC),
    )
    assert [s[0] for s in shift_table(shifts)] == [
        "03-29 08:00",
        "03-30 08:00",
        "03-31 07:00",
        "04-01 07:00",
    ]
    assert aliases(
        ssm_contacts.on_call(rot, at=datetime.datetime(2024, 3, 31, 7, 30, tzinfo=UTC))
    ) == ["carol"]
    assert aliases(
        ssm_contacts.on_call(rot, at=datetime.datetime(2024, 3, 31, 6, 59, tzinfo=UTC))
    ) == ["bob"]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time="2024-04-01T00:00:00Z")
def test_sydney_handoff_stays_at_nine_local_across_dst(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "au",
        members=["alice", "bob"],
        time_zone="Australia/Sydney",
        recurrence=DAILY_AT_9,
        start_time="2024-04-05T09:00:00+11:00",
    )
    # AEDT ends on 2024-04-07: 09:00 local is 22:00Z the day before, then 23:00Z.
    shifts = client().list_rotation_shifts(
        RotationId=rot.arn,
        StartTime=datetime.datetime(2024, 4, 4, 22, tzinfo=UTC),
        EndTime=datetime.datetime(2024, 4, 7, 23, tzinfo=UTC),
    )
    assert [(s[0], s[2]) for s in shift_table(shifts)] == [
        ("04-04 22:00", ["alice"]),
        ("04-05 22:00", ["bob"]),
        ("04-06 23:00", ["alice"]),
    ]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time=T0)
def test_monthly_recurrence(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "monthly",
        members=["alice", "bob"],
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "MonthlySettings": [
                {"DayOfMonth": 1, "HandOffTime": {"HourOfDay": 9, "MinuteOfHour": 0}}
            ],
        },
        start_time=T0,
    )
    assert aliases(ssm_contacts.on_call(rot, at=datetime.datetime(2024, 1, 31, tzinfo=UTC))) == [
        "alice"
    ]
    assert aliases(ssm_contacts.on_call(rot, at=datetime.datetime(2024, 2, 15, tzinfo=UTC))) == [
        "bob"
    ]
    assert aliases(ssm_contacts.on_call(rot, at=datetime.datetime(2024, 3, 2, tzinfo=UTC))) == [
        "alice"
    ]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time=T0)
def test_weekends_outside_coverage_have_nobody_on_call(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "weekdays",
        members=["alice", "bob"],
        time_zone="UTC",
        recurrence={
            **DAILY_AT_9,
            "ShiftCoverages": {
                day: [
                    {
                        "Start": {"HourOfDay": 0, "MinuteOfHour": 0},
                        "End": {"HourOfDay": 23, "MinuteOfHour": 59},
                    }
                ]
                for day in ("MON", "TUE", "WED", "THU", "FRI")
            },
        },
        start_time=T0,
    )
    saturday = datetime.datetime(2024, 1, 6, 12, tzinfo=UTC)
    assert ssm_contacts.on_call(rot, at=saturday) == []
    assert len(ssm_contacts.on_call(rot, at=saturday - datetime.timedelta(days=1))) == 1
