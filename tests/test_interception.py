"""Which clients reach the fake, and that botocore's own pipeline stays intact around it."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import boto3
import botocore.exceptions
import botocore.httpsession
import botocore.session
import moto
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

import helpers
from helpers import NOWHERE, ONE_TRY, arn, client, stand_in_for_aws
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

OUTSIDE_ARN = "arn:aws:ssm-contacts:us-east-1:111122223333:engagement/outside/0"

ENGAGE_ARGS = {"Sender": "cli", "Subject": "Disk full", "Content": "db-1 is at 100%"}


def engage(client: Any, contact_arn: str) -> dict[str, Any]:
    response: dict[str, Any] = client.start_engagement(ContactId=contact_arn, **ENGAGE_ARGS)
    return response


# Stands in for AWS, so "not faked" needs no network.
answer_outside_the_fake = stand_in_for_aws({"EngagementArn": OUTSIDE_ARN})


class NetworkAttempts:
    """What tried to reach the network: refused socket connects and HTTP sends."""

    def __init__(self) -> None:
        self.connects: list[tuple[Any, ...]] = []
        self.sends: list[str] = []


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> NetworkAttempts:
    """Sockets and lookups refuse to work; every attempt is recorded."""
    attempts = NetworkAttempts()

    def refuse(*args: Any, **_: Any) -> Any:
        attempts.connects.append(args)
        raise OSError("network access is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    original_send = botocore.httpsession.URLLib3Session.send

    def recording_send(self: Any, request: Any) -> Any:
        attempts.sends.append(request.url)
        return original_send(self, request)

    monkeypatch.setattr(botocore.httpsession.URLLib3Session, "send", recording_send)
    return attempts


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Back-off sleeps, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(time, "sleep", recorded.append)
    return recorded


UNREACHABLE = "http://192.0.2.1:8080"


def unreachable_client(service: str) -> Any:
    """A client of another service, one retry allowed, aimed at a documentation-only address."""
    return boto3.session.Session().client(
        service, endpoint_url=UNREACHABLE, config=Config(retries={"total_max_attempts": 2})
    )


# -- clients of every age and origin -------------------------------------------------


def test_client_created_before_the_fake_is_routed_only_while_it_is_active(
    network: NetworkAttempts,
) -> None:
    client = boto3.session.Session().client(
        "ssm-contacts",
        region_name="us-east-1",
        aws_access_key_id="created-before",
        aws_secret_access_key="created-before",
    )
    client.meta.events.register("before-send", answer_outside_the_fake)

    assert engage(client, "arn:aws:ssm-contacts:us-east-1:1:contact/a")["EngagementArn"] == (
        OUTSIDE_ARN
    )
    with mock_ssm_contacts() as fake:
        contact = fake.add_contact("oncall")
        inside = engage(client, contact.arn)["EngagementArn"]
    after = engage(client, contact.arn)["EngagementArn"]

    assert [e.arn for e in fake.engagements] == [inside]
    assert after == OUTSIDE_ARN
    assert len(fake.calls) == 1
    assert network.sends == []


def test_module_level_client_of_an_app_is_routed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        app="""
        import boto3

        client = boto3.client(
            "ssm-contacts",
            region_name="us-east-1",
            aws_access_key_id="app",
            aws_secret_access_key="app",
        )
        """,
        test_app=f"""
        import json

        from app import client
        from botocore.awsrequest import AWSResponse

        ARGS = {ENGAGE_ARGS!r}


        class Body:
            def stream(self, **_):
                yield json.dumps({{"EngagementArn": "outside"}}).encode()


        def stand_in(request, **_):
            return AWSResponse(request.url, 200, {{}}, Body())


        def test_inside(ssm_contacts):
            contact = ssm_contacts.add_contact("oncall")
            arn = client.start_engagement(ContactId=contact.arn, **ARGS)["EngagementArn"]
            assert [e.arn for e in ssm_contacts.engagements] == [arn]


        def test_outside():
            client.meta.events.register("before-send", stand_in)
            arn = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/oncall"
            response = client.start_engagement(ContactId=arn, **ARGS)
            assert response["EngagementArn"] == "outside"
        """,
    )
    pytester.runpytest().assert_outcomes(passed=2)


@pytest.mark.parametrize(
    "make_client",
    [
        pytest.param(lambda: boto3.client("ssm-contacts"), id="boto3.client"),
        pytest.param(lambda: boto3.Session().client("ssm-contacts"), id="boto3.Session"),
        pytest.param(
            lambda: botocore.session.get_session().create_client("ssm-contacts"),
            id="botocore.session",
        ),
    ],
)
def test_every_way_of_making_a_client_is_routed(
    ssm_contacts: SSMContacts, network: NetworkAttempts, make_client: Callable[[], Any]
) -> None:
    contact = ssm_contacts.add_contact("oncall")

    arn = engage(make_client(), contact.arn)["EngagementArn"]

    assert [e.arn for e in ssm_contacts.engagements_for("oncall")] == [arn]
    assert network.connects == []


def test_works_on_a_machine_without_any_aws_configuration(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    pytester.makeconftest(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access is blocked in this run")

        # Before collection, so creating the import-time client cannot reach the network.
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        """
    )
    pytester.makepyfile(
        app="""
        import boto3

        client = boto3.client("ssm-contacts", region_name="eu-west-1")
        """,
        test_bare_machine=f"""
        import os

        import boto3
        import botocore.exceptions
        import pytest

        from app import client

        ARGS = {ENGAGE_ARGS!r}
        ARN = "arn:aws:ssm-contacts:eu-west-1:123456789012:contact/oncall"
        SETUP = {{"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED"}}


        def test_the_machine_has_no_credentials():
            assert sorted(set(n for n in os.environ if n.startswith("AWS_")) - SETUP) == []
            with pytest.raises(botocore.exceptions.NoCredentialsError):
                client.start_engagement(ContactId=ARN, **ARGS)


        @pytest.mark.ssm_contacts(region="eu-west-1", contacts=["oncall"])
        def test_import_time_client(ssm_contacts):
            response = client.start_engagement(ContactId=ARN, **ARGS)
            assert [e.arn for e in ssm_contacts.engagements] == [response["EngagementArn"]]


        def test_client_created_in_the_test(ssm_contacts):
            contact = ssm_contacts.add_contact("oncall")
            response = boto3.client("ssm-contacts").start_engagement(
                ContactId=contact.arn, **ARGS
            )
            assert [e.arn for e in ssm_contacts.engagements] == [response["EngagementArn"]]


        def test_the_fixture_left_no_credentials_behind():
            test_the_machine_has_no_credentials()
        """,
    )
    with monkeypatch.context() as env:
        for name in list(os.environ):
            if name.startswith("AWS_"):
                env.delenv(name)
        env.setenv("HOME", str(home))
        env.setenv("AWS_CONFIG_FILE", str(home / "no-config"))
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "no-credentials"))
        env.setenv("AWS_EC2_METADATA_DISABLED", "true")
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


# -- the network ----------------------------------------------------------------------


def test_no_network_is_needed_and_nothing_is_sent(
    ssm_contacts: SSMContacts, network: NetworkAttempts
) -> None:
    contact = ssm_contacts.add_contact("oncall")

    response = engage(boto3.client("ssm-contacts"), contact.arn)

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    ssm_contacts.assert_engaged("oncall", times=1)
    assert network.connects == []
    assert network.sends == []


@pytest.mark.parametrize(
    ("service", "operation"),
    [("s3", "list_buckets"), ("sts", "get_caller_identity")],
)
def test_other_services_still_go_to_the_network(
    ssm_contacts: SSMContacts,
    network: NetworkAttempts,
    sleeps: list[float],
    service: str,
    operation: str,
) -> None:
    client = unreachable_client(service)
    authorization: list[str] = []
    client.meta.events.register(
        "before-send",
        lambda request, **_: authorization.append(str(request.headers.get("Authorization"))),
    )

    with pytest.raises(botocore.exceptions.EndpointConnectionError):
        getattr(client, operation)()

    assert network.sends == [f"{UNREACHABLE}/"] * 2
    assert network.connects
    # Signed and backed off as botocore does: only ssm-contacts calls go unsigned and sleepless.
    assert len(authorization) == 2
    assert all("Credential=FAKEACCESSKEYSSMCONTACTS/" in header for header in authorization)
    assert len(sleeps) == 1
    assert ssm_contacts.calls == []


# -- botocore's pipeline --------------------------------------------------------------

PIPELINE_EVENTS = (
    "provide-client-params",
    "before-parameter-build",
    "before-call",
    "request-created",
    "before-send",
    "needs-retry",
    "after-call",
)


def test_user_event_handlers_see_the_call(ssm_contacts: SSMContacts) -> None:
    contact = ssm_contacts.add_contact("oncall")
    client = boto3.client("ssm-contacts")
    seen: list[str] = []
    sent: list[bytes] = []

    def observe(event_name: str, **kwargs: Any) -> None:
        seen.append(event_name)
        if "request" in kwargs and event_name.startswith("before-send"):
            sent.append(kwargs["request"].headers["X-Amz-Target"])

    for event in PIPELINE_EVENTS:
        client.meta.events.register(f"{event}.ssm-contacts.StartEngagement", observe)
    client.meta.events.register("before-send", observe)

    response = engage(client, contact.arn)

    # botocore runs the catch-all before-send handler after the operation-specific one.
    events = (*PIPELINE_EVENTS[:5], "before-send", *PIPELINE_EVENTS[5:])
    assert seen == [f"{event}.ssm-contacts.StartEngagement" for event in events]
    assert sent == [b"SSMContacts.StartEngagement"] * 2
    assert [e.arn for e in ssm_contacts.engagements] == [response["EngagementArn"]]


def test_botocore_still_validates_parameters_client_side(ssm_contacts: SSMContacts) -> None:
    contact = ssm_contacts.add_contact("oncall")
    client = boto3.client("ssm-contacts")

    with pytest.raises(botocore.exceptions.ParamValidationError, match="Content"):
        client.start_engagement(ContactId=contact.arn, Sender="cli", Subject="Disk full")

    assert ssm_contacts.calls == []


def test_without_client_side_validation_the_fake_answers_validation_exception(
    ssm_contacts: SSMContacts,
) -> None:
    contact = ssm_contacts.add_contact("oncall")
    client = boto3.client("ssm-contacts", config=Config(parameter_validation=False))

    with pytest.raises(client.exceptions.ValidationException) as caught:
        client.start_engagement(ContactId=contact.arn, Sender="cli", Subject="Disk full")

    response = caught.value.response
    assert response["Reason"] == "FIELD_VALIDATION_FAILED"
    assert response["Fields"] == [{"Name": "content", "Message": "Member must not be null"}]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert [call.error for call in ssm_contacts.calls] == ["ValidationException"]
    ssm_contacts.assert_not_engaged()


# -- moto ------------------------------------------------------------------------------


def check_fake_and_moto_side_by_side(fake: SSMContacts) -> None:
    contact = fake.add_contact("oncall")
    arn = engage(boto3.client("ssm-contacts"), contact.arn)["EngagementArn"]
    ssm = boto3.client("ssm")
    ssm.put_parameter(Name="/pager/route", Value="oncall", Type="String")

    assert ssm.get_parameter(Name="/pager/route")["Parameter"]["Value"] == "oncall"
    assert [e.arn for e in fake.engagements] == [arn]
    assert [call.operation for call in fake.calls] == ["StartEngagement"]


@pytest.fixture
def moto_aws() -> Iterator[None]:
    with moto.mock_aws():
        yield


def test_moto_started_before_the_fixture(
    network: NetworkAttempts, moto_aws: None, ssm_contacts: SSMContacts
) -> None:
    check_fake_and_moto_side_by_side(ssm_contacts)
    assert network.sends == []


def test_moto_started_inside_the_fixture(
    network: NetworkAttempts, ssm_contacts: SSMContacts
) -> None:
    with moto.mock_aws():
        check_fake_and_moto_side_by_side(ssm_contacts)
    assert network.sends == []


def test_moto_started_around_the_context_manager(network: NetworkAttempts) -> None:
    with moto.mock_aws(), mock_ssm_contacts() as fake:
        check_fake_and_moto_side_by_side(fake)
    assert network.sends == []


def test_moto_imported_before_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        early_moto="""
        import sys

        PLUGIN_WAS_LOADED = "pytest_ssmcontacts" in sys.modules

        import moto
        """,
        test_moto_first=f"""
        import boto3
        import moto

        import early_moto
        from pytest_ssmcontacts import mock_ssm_contacts

        ARGS = {ENGAGE_ARGS!r}


        def test_moto_came_first():
            assert not early_moto.PLUGIN_WAS_LOADED


        def check(fake):
            contact = fake.add_contact("oncall")
            boto3.client("ssm-contacts").start_engagement(ContactId=contact.arn, **ARGS)
            ssm = boto3.client("ssm")
            ssm.put_parameter(Name="/p", Value="v", Type="String")
            assert ssm.get_parameter(Name="/p")["Parameter"]["Value"] == "v"
            fake.assert_engaged("oncall", times=1)


        def test_moto_inside_the_fixture(ssm_contacts):
            with moto.mock_aws():
                check(ssm_contacts)


        @moto.mock_aws
        def test_moto_around_the_fake():
            with mock_ssm_contacts() as fake:
                check(fake)
        """,
    )
    result = pytester.runpytest_subprocess("-p", "early_moto", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


# -- retries ---------------------------------------------------------------------------


def test_throttling_is_retried_by_botocore_without_sleeping(
    ssm_contacts: SSMContacts, sleeps: list[float]
) -> None:
    contact = ssm_contacts.add_contact("oncall")
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=2)

    response = engage(boto3.client("ssm-contacts"), contact.arn)

    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert [call.error for call in ssm_contacts.calls] == [
        "ThrottlingException",
        "ThrottlingException",
        None,
    ]
    ssm_contacts.assert_engaged("oncall", times=1)
    assert sleeps == []


def test_throttling_surfaces_once_retries_run_out(
    ssm_contacts: SSMContacts, sleeps: list[float]
) -> None:
    contact = ssm_contacts.add_contact("oncall")
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=2)
    # botocore reads max_attempts as retries: one retry, two attempts in all.
    client = boto3.client(
        "ssm-contacts", config=Config(retries={"max_attempts": 1, "mode": "standard"})
    )

    with pytest.raises(client.exceptions.ThrottlingException) as caught:
        engage(client, contact.arn)

    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 1
    assert [call.error for call in ssm_contacts.calls] == ["ThrottlingException"] * 2
    ssm_contacts.assert_not_engaged()
    assert sleeps == []


# -- threads and processes -------------------------------------------------------------


def test_clients_used_from_worker_threads_reach_the_tests_fake(
    ssm_contacts: SSMContacts, network: NetworkAttempts
) -> None:
    contact = ssm_contacts.add_contact("oncall")
    shared = boto3.client("ssm-contacts")
    barrier = threading.Barrier(4)

    def work(index: int) -> list[str]:
        own = boto3.session.Session().client("ssm-contacts")
        barrier.wait(timeout=10)
        client = shared if index % 2 else own
        return [engage(client, contact.arn)["EngagementArn"] for _ in range(3)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        arns = [arn for batch in pool.map(work, range(4)) for arn in batch]

    assert len(set(arns)) == 12
    assert sorted(e.arn for e in ssm_contacts.engagements) == sorted(arns)
    assert network.sends == []


def test_a_faked_call_in_flight_leaves_other_threads_calls_alone(
    ssm_contacts: SSMContacts, network: NetworkAttempts, sleeps: list[float]
) -> None:
    contact = ssm_contacts.add_contact("oncall")
    client = boto3.client("ssm-contacts")
    in_flight, release = threading.Event(), threading.Event()

    def hold(**_: Any) -> None:
        in_flight.set()
        release.wait(timeout=10)

    client.meta.events.register("before-send.ssm-contacts.StartEngagement", hold)
    other = unreachable_client("sts")

    with ThreadPoolExecutor(max_workers=1) as pool:
        faked = pool.submit(engage, client, contact.arn)
        assert in_flight.wait(timeout=10)
        try:
            with pytest.raises(botocore.exceptions.EndpointConnectionError):
                other.get_caller_identity()
        finally:
            release.set()
        faked.result()

    assert len(sleeps) == 1
    assert network.sends == [f"{UNREACHABLE}/"] * 2
    ssm_contacts.assert_engaged("oncall", times=1)


def test_parallel_workers_do_not_share_state(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_parallel=f"""
        import boto3
        import pytest

        ARGS = {ENGAGE_ARGS!r}


        @pytest.mark.parametrize("n", range(6))
        def test_engage_the_same_alias(ssm_contacts, n):
            contact = ssm_contacts.add_contact("oncall")
            boto3.client("ssm-contacts").start_engagement(ContactId=contact.arn, **ARGS)
            ssm_contacts.assert_engaged("oncall", times=1)
            assert len(ssm_contacts.calls) == 1
        """
    )
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*2 workers [[]6 items[]]*"])
    result.assert_outcomes(passed=6)


# -- errors ----------------------------------------------------------------------------


def test_missing_resource_is_a_modeled_client_error(ssm_contacts: SSMContacts) -> None:
    client = boto3.client("ssm-contacts")
    missing = f"arn:aws:ssm-contacts:us-east-1:{ssm_contacts.account_id}:contact/nobody"

    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        engage(client, missing)

    error = caught.value
    assert isinstance(error, botocore.exceptions.ClientError)
    assert error.operation_name == "StartEngagement"
    assert error.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.response["ResourceId"] == missing
    assert error.response["ResourceType"] == "CONTACT"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_invalid_input_is_a_modeled_validation_exception(ssm_contacts: SSMContacts) -> None:
    client = boto3.client("ssm-contacts")

    # botocore does not check patterns client-side: this reaches the fake.
    with pytest.raises(client.exceptions.ValidationException) as caught:
        engage(client, "not-an-arn")

    response = caught.value.response
    assert isinstance(caught.value, botocore.exceptions.ClientError)
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Reason"] == "FIELD_VALIDATION_FAILED"
    assert [field["Name"] for field in response["Fields"]] == ["contactId"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_concurrent_calls_from_many_threads_are_each_applied_once(
    ssm_contacts: SSMContacts,
) -> None:
    arn = ssm_contacts.add_contact("akuam").arn
    client = boto3.client("ssm-contacts")

    with ThreadPoolExecutor(max_workers=8) as pool:
        arns = list(
            pool.map(lambda index: helpers.engage(arn, client, Subject=f"call {index}"), range(200))
        )

    assert len(set(arns)) == 200
    assert sorted(e.arn for e in ssm_contacts.engagements) == sorted(arns)
    # Each call applied once, with its own parameters.
    subjects = {e.arn: e.subject for e in ssm_contacts.engagements}
    assert [subjects[engaged] for engaged in arns] == [f"call {index}" for index in range(200)]
    listed = [
        e["EngagementArn"]
        for page in client.get_paginator("list_engagements").paginate()
        for e in page["Engagements"]
    ]
    assert sorted(listed) == sorted(arns)


# -- interception ----------------------------------------------------------------------


# Created at import, during collection, before any fixture runs.
EARLY_CLIENT = boto3.client(
    "ssm-contacts", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
)


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_every_way_of_making_a_client_is_routed_to_the_fake(ssm_contacts: SSMContacts) -> None:
    clients = [
        boto3.client("ssm-contacts"),
        boto3.Session().client("ssm-contacts"),
        botocore.session.get_session().create_client("ssm-contacts"),
        EARLY_CLIENT,
    ]
    for api in clients:
        helpers.engage(arn("akuam"), api)
    ssm_contacts.assert_engaged("akuam", times=4)


def test_moto_started_first_still_leaves_ssm_contacts_to_the_fake() -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_ssm_contacts(contacts=["akuam"]) as fake:
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="pages")
        helpers.engage(arn("akuam"))
        queues = boto3.client("sqs", region_name="us-east-1").list_queues()["QueueUrls"]
        assert len(queues) == 1
    fake.assert_engaged("akuam")


def test_a_client_created_before_the_fake_starts_is_routed_too() -> None:
    api = client(region_name="us-east-1")
    with mock_ssm_contacts(contacts=["akuam"]) as fake:
        helpers.engage(arn("akuam"), api)
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
    helpers.engage(arn("akuam"), client())


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
        helpers.engage(arn("akuam"), early)
        helpers.engage(arn("akuam"))  # created inside: no region, no credentials of its own
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
        helpers.engage(contact_arn)
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
    helpers.engage(
        arn("akuam"), client(config=Config(retries={"mode": "standard", "max_attempts": 5}))
    )
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
