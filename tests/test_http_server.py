"""The fake over HTTP, in-process: the AWS JSON 1.1 wire, bad requests, keep-alive, load."""

from __future__ import annotations

import configparser
import http.client
import json
import socket
import threading
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest

from http_wire import JSON_11, SIGNED_EU, Wire
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts


@pytest.fixture
def wire(ssm_contacts: SSMContacts) -> Any:
    connection = Wire(ssm_contacts.endpoint_url)
    yield connection
    connection.close()


def test_endpoint_url_is_a_loopback_server_that_stays_the_same(ssm_contacts: SSMContacts) -> None:
    url = ssm_contacts.endpoint_url
    parts = urlsplit(url)
    assert parts.scheme == "http"
    assert parts.hostname == "127.0.0.1"
    assert parts.port
    assert ssm_contacts.endpoint_url == url


def test_endpoint_url_and_environ_need_an_active_fake() -> None:
    fake = mock_ssm_contacts()
    with pytest.raises(RuntimeError, match="only available while the fake is active"):
        _ = fake.endpoint_url
    with pytest.raises(RuntimeError, match="only available while the fake is active"):
        _ = fake.environ
    with fake:
        assert fake.endpoint_url.startswith("http://127.0.0.1:")
    with pytest.raises(RuntimeError, match="only available while the fake is active"):
        _ = fake.endpoint_url


def test_the_server_closes_with_the_fake_and_its_connections_too() -> None:
    with mock_ssm_contacts(contacts=["akuam"]) as fake:
        url = fake.endpoint_url
        wire = Wire(url)
        assert wire.call("ListContacts")[0] == 200
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((wire.host, wire.port), timeout=5)
    # The keep-alive connection opened while the fake was active is closed as well.
    with pytest.raises((http.client.HTTPException, OSError)):
        wire.call("ListContacts")
    wire.close()
    # The next activation has a server of its own.
    with fake:
        again = Wire(fake.endpoint_url)
        assert again.call("ListContacts")[0] == 200
        again.close()


def test_environ_points_children_at_the_fake_and_at_nothing_real(
    ssm_contacts: SSMContacts,
) -> None:
    environ = ssm_contacts.environ
    assert environ["AWS_ENDPOINT_URL_SSM_CONTACTS"] == ssm_contacts.endpoint_url
    assert environ["AWS_DEFAULT_REGION"] == environ["AWS_REGION"] == ssm_contacts.region
    assert environ["AWS_ACCESS_KEY_ID"]
    assert environ["AWS_SECRET_ACCESS_KEY"]
    assert environ["AWS_SESSION_TOKEN"]
    assert environ["AWS_EC2_METADATA_DISABLED"] == "true"
    assert environ["AWS_PROFILE"] == environ["AWS_DEFAULT_PROFILE"] == "default"
    # The one profile of the config file holds the same fake credentials.
    assert environ["AWS_SHARED_CREDENTIALS_FILE"] == environ["AWS_CONFIG_FILE"]
    config = configparser.ConfigParser()
    assert config.read(environ["AWS_CONFIG_FILE"], encoding="utf-8")
    assert config.sections() == ["default"]
    assert dict(config["default"]) == {
        "aws_access_key_id": environ["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": environ["AWS_SECRET_ACCESS_KEY"],
        "aws_session_token": environ["AWS_SESSION_TOKEN"],
    }
    assert all(isinstance(value, str) for value in environ.values())


# -- the wire -------------------------------------------------------------------------------


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_a_success_is_json_1_1_with_a_request_id(ssm_contacts: SSMContacts, wire: Wire) -> None:
    status, headers, body = wire.call("ListContacts")
    assert status == 200
    assert headers["Content-Type"] == JSON_11
    assert headers["x-amzn-RequestId"]
    assert body == {
        "Contacts": [
            {"ContactArn": ssm_contacts.contact("akuam").arn, "Alias": "akuam", "Type": "PERSONAL"}
        ]
    }
    assert ssm_contacts.calls[-1].operation == "ListContacts"


def test_an_error_has_its_status_type_message_and_members(
    ssm_contacts: SSMContacts, wire: Wire
) -> None:
    arn = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/nobody"
    status, headers, body = wire.call("GetContact", {"ContactId": arn})
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert headers["x-amzn-RequestId"]
    assert body["__type"] == "ResourceNotFoundException"
    assert "does not exist" in body["message"]
    assert body["ResourceId"] == arn
    assert body["ResourceType"] == "CONTACT"

    status, headers, body = wire.call("CreateContact", {"Alias": "x"})
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "ValidationException"
    assert body["Reason"] == "FIELD_VALIDATION_FAILED"
    assert {field["Name"] for field in body["Fields"]} >= {"type", "plan"}
    assert [call.error for call in ssm_contacts.calls] == [
        "ResourceNotFoundException",
        "ValidationException",
    ]


def test_an_internal_error_is_a_500(ssm_contacts: SSMContacts, wire: Wire) -> None:
    ssm_contacts.fail_next("ListContacts", "InternalServerException", message="boom")
    status, headers, body = wire.call("ListContacts")
    assert (status, headers["x-amzn-ErrorType"], body["message"]) == (
        500,
        "InternalServerException",
        "boom",
    )


def test_the_region_is_the_credential_scopes(ssm_contacts: SSMContacts, wire: Wire) -> None:
    create = {"Alias": "eu", "Type": "PERSONAL", "Plan": {"Stages": []}}
    assert wire.call("CreateContact", create, headers={"Authorization": SIGNED_EU})[0] == 200
    assert ssm_contacts.contacts[0].arn.split(":")[3] == "eu-west-1"
    # A presigned request carries the scope in its query string.
    credential = "AKID%2F20240101%2Fap-south-1%2Fssm-contacts%2Faws4_request"
    status, _, _ = wire.request(
        "POST",
        f"/?X-Amz-Credential={credential}",
        json.dumps({**create, "Alias": "ap"}),
        {"X-Amz-Target": "SSMContacts.CreateContact", "Content-Type": JSON_11},
    )
    assert status == 200
    # Unsigned: the fake's default region.
    assert wire.call("CreateContact", {**create, "Alias": "home"})[0] == 200
    assert [c.arn.split(":")[3] for c in ssm_contacts.contacts] == [
        "eu-west-1",
        "ap-south-1",
        "us-east-1",
    ]


def test_requests_on_one_connection_are_kept_alive(ssm_contacts: SSMContacts, wire: Wire) -> None:
    wire.call("ListContacts")
    sock = wire.connection.sock
    for _ in range(20):
        assert wire.call("ListContacts")[0] == 200
    assert wire.connection.sock is sock
    assert len(ssm_contacts.calls) == 21


# -- bad requests ---------------------------------------------------------------------------

_TARGET = {"X-Amz-Target": "SSMContacts.ListContacts", "Content-Type": JSON_11}
_UNKNOWN = ("ValidationException", "UNKNOWN_OPERATION")
_UNREADABLE = ("ValidationException", "CANNOT_PARSE")
_NOT_HERE = ("UnknownOperationException", None)
# Each: method, path, body, headers, status, (error type, Reason). What the body says
# is judged by the same pipeline as in-process calls, which logs it as a failed call;
# what HTTP itself gets wrong (method, path, content type) never reaches it.
BAD_REQUESTS: dict[str, tuple[str, str, Any, dict[str, str], int, tuple[str, Any]]] = {
    "no target": ("POST", "/", "{}", {"Content-Type": JSON_11}, 400, _UNKNOWN),
    "another service's target": (
        "POST",
        "/",
        "{}",
        {**_TARGET, "X-Amz-Target": "AmazonSSM.GetParameter"},
        400,
        _UNKNOWN,
    ),
    "an unknown operation": (
        "POST",
        "/",
        "{}",
        {**_TARGET, "X-Amz-Target": "SSMContacts.Nope"},
        400,
        _UNKNOWN,
    ),
    "GET": ("GET", "/", None, {}, 405, _NOT_HERE),
    "PUT": ("PUT", "/", "{}", _TARGET, 405, _NOT_HERE),
    "DELETE": ("DELETE", "/", None, _TARGET, 405, _NOT_HERE),
    "an unknown method": ("BREW", "/", None, _TARGET, 405, _NOT_HERE),
    "another path": ("POST", "/v1/contacts", "{}", _TARGET, 404, _NOT_HERE),
    "malformed JSON": ("POST", "/", '{"Alias": ', _TARGET, 400, _UNREADABLE),
    "a JSON list": ("POST", "/", "[1, 2]", _TARGET, 400, _UNREADABLE),
    "a JSON string": ("POST", "/", '"x"', _TARGET, 400, _UNREADABLE),
    "JSON null": ("POST", "/", "null", _TARGET, 400, _UNREADABLE),
    "deeply nested JSON": ("POST", "/", "[" * 100_000, _TARGET, 400, _UNREADABLE),
    "JSON nested 100 deep": (
        "POST",
        "/",
        '{"Tags": ' + '{"a": ' * 100 + "1" + "}" * 101,
        _TARGET,
        400,
        _UNREADABLE,
    ),
    "not UTF-8": ("POST", "/", b"{\xff\xfe}", _TARGET, 400, _UNREADABLE),
    "a JSON content type": (
        "POST",
        "/",
        "{}",
        {**_TARGET, "Content-Type": "application/json"},
        415,
        ("UnsupportedMediaTypeException", None),
    ),
    "no content type": (
        "POST",
        "/",
        "{}",
        {"X-Amz-Target": "SSMContacts.ListContacts"},
        415,
        ("UnsupportedMediaTypeException", None),
    ),
}


@pytest.mark.parametrize("case", BAD_REQUESTS)
def test_a_bad_request_gets_an_aws_style_4xx_and_the_server_goes_on(
    ssm_contacts: SSMContacts, wire: Wire, case: str
) -> None:
    method, path, body, headers, expected_status, (expected_type, reason) = BAD_REQUESTS[case]
    if isinstance(body, str):
        body = body.encode()
    status, answer_headers, answer = wire.request(method, path, body, headers)
    assert status == expected_status
    assert answer_headers["x-amzn-ErrorType"] == expected_type
    assert answer_headers["x-amzn-RequestId"]
    assert answer["__type"] == expected_type
    assert answer["message"]
    assert answer.get("Reason") == reason
    # The pipeline logs what it judged; the same connection still serves the next request.
    logged = [call.error for call in ssm_contacts.calls]
    assert logged == ([expected_type] if reason else [])
    assert wire.call("ListContacts")[0] == 200


def test_a_body_over_8_mib_is_a_413(ssm_contacts: SSMContacts) -> None:
    wire = Wire(ssm_contacts.endpoint_url)
    body = b'{"Alias": "' + b"x" * (8 * 1024 * 1024) + b'"}'
    try:
        status, headers, answer = wire.request("POST", "/", body, _TARGET)
    except (ConnectionError, http.client.HTTPException):  # pragma: no cover - platform
        pytest.fail("the server dropped the connection instead of answering 413")
    wire.close()
    assert status == 413
    assert headers["x-amzn-ErrorType"] == answer["__type"] == "RequestEntityTooLargeException"
    # A body of exactly 8 MiB is still read.
    exact = b"{" + b" " * (8 * 1024 * 1024 - 2) + b"}"
    wire = Wire(ssm_contacts.endpoint_url)
    status, _, _ = wire.request("POST", "/", exact, _TARGET)
    wire.close()
    assert status == 200
    assert [call.operation for call in ssm_contacts.calls] == ["ListContacts"]


def _raw(url: str, data: bytes) -> bytes:
    parts = urlsplit(url)
    assert parts.hostname is not None
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"garbage\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: nine\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
        b"POST / HTTP/9.9\r\n\r\n",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
    ids=["no method", "bad length", "negative length", "bad version", "long line", "bad chunk"],
)
def test_a_malformed_http_request_gets_a_4xx(
    ssm_contacts: SSMContacts, request_bytes: bytes
) -> None:
    answer = _raw(ssm_contacts.endpoint_url, request_bytes)
    status = int(answer.split(b" ", 2)[1])
    assert 400 <= status < 500, answer
    assert b'"__type"' in answer
    wire = Wire(ssm_contacts.endpoint_url)
    assert wire.call("ListContacts")[0] == 200
    wire.close()


def test_a_chunked_body_is_read(ssm_contacts: SSMContacts) -> None:
    body = b'{"MaxResults": 5}'
    request = (
        b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: SSMContacts.ListContacts\r\n"
        b"Content-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n"
        b"Connection: close\r\n\r\n" + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    )
    answer = _raw(ssm_contacts.endpoint_url, request)
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert ssm_contacts.calls[0].params == {"MaxResults": 5}


# -- load -----------------------------------------------------------------------------------

CLIENTS = 16
CALLS_PER_CLIENT = 200


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_16_concurrent_clients_of_200_calls_lose_nothing(ssm_contacts: SSMContacts) -> None:
    url = ssm_contacts.endpoint_url
    arn = ssm_contacts.contact("akuam").arn
    results: dict[int, list[str]] = {}
    failures: list[str] = []
    start = threading.Barrier(CLIENTS)

    def client(number: int) -> None:
        wire = Wire(url)
        arns = []
        try:
            start.wait()
            for call in range(CALLS_PER_CLIENT):
                status, _, body = wire.call(
                    "StartEngagement",
                    {
                        "ContactId": arn,
                        "Sender": f"client-{number}",
                        "Subject": f"call {call}",
                        "Content": "load",
                    },
                )
                if status != 200:
                    failures.append(f"client {number} call {call}: {status} {body}")
                    return
                arns.append(body["EngagementArn"])
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(f"client {number}: {exc!r}")
        finally:
            wire.close()
            results[number] = arns

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    total = CLIENTS * CALLS_PER_CLIENT
    every_arn = [arn for arns in results.values() for arn in arns]
    assert len(every_arn) == len(set(every_arn)) == total
    assert len(ssm_contacts.engagements) == len(ssm_contacts.calls) == total
    assert {e.arn for e in ssm_contacts.engagements} == set(every_arn)
    for number in range(CLIENTS):
        subjects = [e.subject for e in ssm_contacts.engagements if e.sender == f"client-{number}"]
        assert subjects == [f"call {call}" for call in range(CALLS_PER_CLIENT)]


def test_an_error_status_declared_by_the_model_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    # botocore's ssm-contacts model declares no status today; a newer one may.
    from pytest_ssmcontacts import _errors, _model

    class Shape:
        metadata: ClassVar[dict[str, Any]] = {"error": {"httpStatusCode": 429}}

    monkeypatch.setattr(_model, "error_shape", lambda name: Shape())
    _errors._status.cache_clear()
    try:
        assert _errors.ServiceError("ThrottlingException", "slow down").status == 429
    finally:
        monkeypatch.undo()
        _errors._status.cache_clear()
    assert _errors.ServiceError("ThrottlingException", "slow down").status == 400
