"""``python -m pytest_ssmcontacts serve``: the standalone server, its options and its exit."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_ssmcontacts._cli import main

T0 = "2024-01-01T09:00:00Z"
CONTACTS = [
    {
        "alias": "akuam",
        "channels": [{"name": "sms", "type": "SMS", "address": "+15005550199"}],
        "plan": {
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}],
                }
            ]
        },
    },
    "alejr",
]
ROTATIONS = [
    {
        "name": "primary",
        "members": ["akuam", "alejr"],
        "time_zone": "UTC",
        "recurrence": {
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
    }
]


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def control(self, path: str, payload: Any = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(f"{self.url}/_ssmcontacts/{path}", data=data)
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(signum)
        _, stderr = self.process.communicate(timeout=30)
        return self.process.returncode, stderr


def serve(*args: str) -> Served:
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest_ssmcontacts", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url:
        process.kill()
        _, stderr = process.communicate()
        pytest.fail(f"the server did not start: {stderr}")
    return Served(process, url)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, content in (
        ("contacts", CONTACTS),
        ("rotations", ROTATIONS),
        ("quotas", {"contacts": 3}),
    ):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(content))
        paths[name] = str(path)
    return paths


@pytest.fixture
def served(files: dict[str, str]) -> Iterator[Served]:
    server = serve(
        "--region",
        "eu-west-1",
        "--account-id",
        "111122223333",
        "--contacts",
        files["contacts"],
        "--rotations",
        files["rotations"],
        "--start-time",
        T0,
        "--quotas",
        files["quotas"],
        "--port",
        "0",
    )
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.communicate()


def client(url: str) -> Any:
    return boto3.client(
        "ssm-contacts",
        endpoint_url=url,
        region_name="eu-west-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
    )


def test_the_standalone_server_is_driven_by_boto3_and_its_control_api(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    ssm = client(served.url)
    contacts = ssm.list_contacts()["Contacts"]
    assert [c["Alias"] for c in contacts] == ["akuam", "alejr"]
    assert contacts[0]["ContactArn"] == "arn:aws:ssm-contacts:eu-west-1:111122223333:contact/akuam"
    rotations = ssm.list_rotations()["Rotations"]
    assert [r["Name"] for r in rotations] == ["primary"]

    arn = ssm.start_engagement(
        ContactId=contacts[0]["ContactArn"], Sender="go-service", Subject="s", Content="c"
    )["EngagementArn"]
    engagements = served.control("engagements")["engagements"]
    assert [(e["arn"], e["sender"], e["start_time"]) for e in engagements] == [
        (arn, "go-service", "2024-01-01T09:00:00.000+00:00")
    ]
    pages = served.control("pages")["pages"]
    assert len(pages) == 1
    code = served.control(f"accept-code?page={pages[0]['arn']}")["code"]
    ssm.accept_page(PageId=pages[0]["arn"], AcceptType="READ", AcceptCode=code)

    served.control("faults", {"operation": "ListContacts", "error": "AccessDeniedException"})
    with pytest.raises(ClientError) as caught:
        ssm.list_contacts()
    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"

    assert served.control("clock", {"advance_seconds": 600}) == {
        "now": "2024-01-01T09:10:00.000+00:00"
    }
    assert served.control("contacts", {"alias": "anasi"})["alias"] == "anasi"
    calls = served.control("calls")["calls"]
    assert [c["operation"] for c in calls][-2:] == ["AcceptPage", "ListContacts"]

    assert served.control("reset", {}) == {"status": "ok", "now": "2024-01-01T09:00:00.000+00:00"}
    assert [c["Alias"] for c in ssm.list_contacts()["Contacts"]] == ["akuam", "alejr"]
    assert served.control("engagements") == {"engagements": []}
    assert served.control("health")["status"] == "ok"

    status, stderr = served.stop(signal.SIGTERM)
    assert status == 0
    lines = stderr.splitlines()
    # One line per request, nothing else: 6 API calls, 10 control requests.
    assert len(lines) == 16, stderr
    assert " POST / SSMContacts.StartEngagement 200 " in lines[2]
    assert " GET /_ssmcontacts/engagements - 200 " in lines[3]
    assert " POST / SSMContacts.ListContacts 400 " in lines[8]
    assert " POST /_ssmcontacts/reset - 200 " in lines[12]


def test_sigint_stops_it_with_status_0_and_the_port_closes() -> None:
    server = serve()
    port = int(server.url.rsplit(":", 1)[1])
    assert server.control("health")["status"] == "ok"
    status, stderr = server.stop(signal.SIGINT)
    assert status == 0, stderr
    assert "Traceback" not in stderr
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)


def test_a_non_loopback_host_warns_that_there_is_no_authentication() -> None:
    server = serve("--host", "0.0.0.0")
    assert server.url.startswith("http://0.0.0.0:")
    status, stderr = server.stop()
    assert status == 0
    assert "warning: listening on 0.0.0.0, not a loopback address" in stderr


def test_an_explicit_loopback_host_does_not_warn() -> None:
    server = serve("--host", "localhost")
    assert server.url.startswith("http://localhost:")
    status, stderr = server.stop()
    assert status == 0
    assert "warning" not in stderr


def test_a_bad_option_exits_2_naming_it_in_a_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest_ssmcontacts", "serve", "--region", "moon"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "error: --region: region must be an AWS region name" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["serve", "--port", "http"], "--port: expected a port number from 0 to 65535, got 'http'"),
        (["serve", "--port", "70000"], "--port: expected a port number from 0 to 65535"),
        (["serve", "--region", "Mars"], "--region: region must be an AWS region name"),
        (["serve", "--account-id", "42"], "--account-id: account_id must be a string of 12"),
        (["serve", "--start-time", "noon"], "--start-time: start_time must be an ISO 8601"),
        (["serve", "--host", ""], "--host: expected an address or a host name"),
        (["serve", "--colour"], "unrecognized arguments: --colour"),
        (["serve", "--contacts", "{missing}"], "--contacts: cannot read"),
        (["serve", "--contacts", "{bad_json}"], "--contacts: '{bad_json}' is not valid JSON"),
        (["serve", "--contacts", "{object}"], "--contacts: '{object}' must hold a JSON list"),
        (["serve", "--contacts", "{bad_contact}"], "--contacts: contacts[0]: unknown key 'nick'"),
        (["serve", "--rotations", "{object}"], "--rotations: '{object}' must hold a JSON list"),
        (["serve", "--rotations", "{bad_rotation}"], "--rotations: rotations[0]: missing"),
        (["serve", "--quotas", "{bad_json}"], "--quotas: '{bad_json}' is not valid JSON"),
        (["serve", "--quotas", "{list}"], "--quotas: '{list}' must hold a JSON object"),
        (["serve", "--quotas", "{bad_quota}"], "--quotas: "),
    ],
)
def test_a_bad_option_or_file_exits_2_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    contents = {
        "bad_json": "{",
        "object": "{}",
        "list": "[]",
        "bad_contact": json.dumps([{"alias": "a", "nick": "b"}]),
        "bad_rotation": json.dumps([{"name": "r"}]),
        "bad_quota": json.dumps({"no_such_quota": 1}),
    }
    paths = {"missing": str(tmp_path / "missing.json")}
    for name, content in contents.items():
        (tmp_path / f"{name}.json").write_text(content)
        paths[name] = str(tmp_path / f"{name}.json")
    args = [arg.format(**paths) for arg in args]
    message = message.format(**paths)
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err, err


def test_a_port_in_use_exits_2_naming_the_port(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exited:
            main(["serve", "--port", str(port)])
    assert exited.value.code == 2
    assert f"--port: cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
