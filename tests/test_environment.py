"""The fake owns the AWS environment while active and gives it back exactly."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import boto3
import pytest

from pytest_ssmcontacts import mock_ssm_contacts

ENGAGE_ARGS = {"Sender": "cli", "Subject": "Disk full", "Content": "db-1 is at 100%"}
CREDENTIALS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
WATCHED = (
    *CREDENTIALS,
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_EC2_METADATA_DISABLED",
)


def _aws_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("AWS_")}


@pytest.fixture
def real_looking(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment like a developer's: keys, a region and a profile of their own."""
    values = {
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEREALKEY01",
        "AWS_SECRET_ACCESS_KEY": "real-secret",
        "AWS_DEFAULT_REGION": "ap-southeast-2",
        "AWS_PROFILE": "prod-sso",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    return values


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")], ids=["in-order", "out-of-order"])
def test_environment_is_given_back_whatever_the_stop_order(
    real_looking: dict[str, str], order: tuple[str, str]
) -> None:
    before = _aws_environment()
    fakes = {"a": mock_ssm_contacts(region="eu-west-1"), "b": mock_ssm_contacts(region="us-west-2")}
    fakes["a"].start()
    fakes["b"].start()
    assert os.environ["AWS_DEFAULT_REGION"] == "us-west-2"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "FAKEACCESSKEYSSMCONTACTS"

    first, second = order
    fakes[first].stop()
    assert os.environ["AWS_DEFAULT_REGION"] == fakes[second].region
    assert os.environ["AWS_ACCESS_KEY_ID"] == "FAKEACCESSKEYSSMCONTACTS"
    fakes[second].stop()

    assert _aws_environment() == before


def test_machine_configuration_is_neutral_while_active(real_looking: dict[str, str]) -> None:
    with mock_ssm_contacts():
        assert "AWS_PROFILE" not in os.environ
        assert os.environ["AWS_CONFIG_FILE"] == os.devnull
        assert os.environ["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
        assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
    assert os.environ["AWS_PROFILE"] == "prod-sso"


MONKEYPATCH_FIRST = """
    def test_changes_the_fakes_variables(monkeypatch, ssm_contacts):
        monkeypatch.setenv("AWS_SESSION_TOKEN", "set-by-the-test")
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.setenv("AWS_PROFILE", "set-by-the-test")
"""
FIXTURE_FIRST = """
    def test_changes_the_fakes_variables(ssm_contacts, monkeypatch):
        monkeypatch.setenv("AWS_SESSION_TOKEN", "set-by-the-test")
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.setenv("AWS_PROFILE", "set-by-the-test")
"""
NEXT_TEST = """
    import os

    def test_the_next_test_sees_the_environment_as_before():
        assert os.environ.get("AWS_SESSION_TOKEN") is None
        assert os.environ.get("AWS_ACCESS_KEY_ID") == "AKIAEXAMPLEREALKEY01"
        assert os.environ.get("AWS_PROFILE") == "prod-sso"
        assert os.environ.get("AWS_DEFAULT_REGION") == "ap-southeast-2"
"""


@pytest.mark.parametrize(
    "first", [MONKEYPATCH_FIRST, FIXTURE_FIRST], ids=["monkeypatch-first", "fixture-first"]
)
def test_monkeypatch_in_either_order_leaves_nothing_behind(
    pytester: pytest.Pytester, real_looking: dict[str, str], first: str
) -> None:
    before = _aws_environment()
    pytester.makepyfile(test_a=first, test_b=NEXT_TEST)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    assert _aws_environment() == before


def test_session_made_inside_keeps_no_fake_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CREDENTIALS:
        monkeypatch.delenv(name, raising=False)
    with mock_ssm_contacts(contacts=["oncall"]) as fake:
        session = boto3.Session()
        session.client("ssm-contacts").list_contacts()
        assert session.get_credentials().access_key == "FAKEACCESSKEYSSMCONTACTS"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEREALKEY01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")

    assert session._session._credentials is None
    s3 = session.client("s3", region_name="us-east-1")
    assert s3._request_signer._credentials.access_key == "AKIAEXAMPLEREALKEY01"
    assert fake.calls[0].error is None


def test_missing_profile_does_not_break_clients_made_inside(
    monkeypatch: pytest.MonkeyPatch, connects: list[Any]
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "prod-sso")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "prod-sso")
    with mock_ssm_contacts(contacts=["oncall"]) as fake:
        boto3.client("ssm-contacts").start_engagement(
            ContactId=fake.contact("oncall").arn, **ENGAGE_ARGS
        )
        boto3.Session().client("ssm-contacts").list_contacts()
    fake.assert_engaged("oncall", times=1)
    assert connects == []


def _config_with_credential_process(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "credential_process-ran"
    script = tmp_path / "credentials.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, pathlib
            pathlib.Path({str(marker)!r}).write_text("ran")
            print(json.dumps({{"Version": 1, "AccessKeyId": "AKIAPROCESS",
                               "SecretAccessKey": "process-secret"}}))
            """
        )
    )
    config = tmp_path / "config"
    command = f"{sys.executable} {script}"
    config.write_text(
        f"[default]\ncredential_process = {command}\n"
        f"[profile work]\ncredential_process = {command}\n"
        "sso_start_url = https://example.awsapps.com/start\n"
    )
    return config, marker


@pytest.mark.parametrize("profile", [None, "work"])
def test_credential_process_in_the_config_never_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, connects: list[Any], profile: str | None
) -> None:
    config, marker = _config_with_credential_process(tmp_path)
    for name in CREDENTIALS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    if profile:
        monkeypatch.setenv("AWS_PROFILE", profile)
    with mock_ssm_contacts(contacts=["oncall"]) as fake:
        boto3.Session().client("ssm-contacts").start_engagement(
            ContactId=fake.contact("oncall").arn, **ENGAGE_ARGS
        )
    assert not marker.exists()
    assert connects == []


def test_broken_config_file_does_not_break_clients_made_inside(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "config"
    broken.write_text("[default\nregion = = =\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(broken))
    with mock_ssm_contacts(contacts=["oncall"]):
        assert boto3.Session().client("ssm-contacts").list_contacts()["Contacts"]


def test_no_instance_metadata_look_up_without_credentials(
    monkeypatch: pytest.MonkeyPatch, connects: list[Any]
) -> None:
    for name in CREDENTIALS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED", raising=False)
    with mock_ssm_contacts(contacts=["oncall"]):
        session = boto3.Session()
        session.client("ssm-contacts", region_name="us-east-1").list_contacts()
        session.client("sqs", region_name="us-east-1")  # another service: still no look-up
    assert connects == []


HERMETIC_CONFTEST = """
    import socket

    import botocore.session

    ATTEMPTS = []

    def refuse(*args, **kwargs):
        ATTEMPTS.append(args)
        raise OSError("network access is blocked in this test")

    socket.socket.connect = refuse
    socket.getaddrinfo = refuse
    socket.create_connection = refuse

    # An app's client made at import time, on a machine without credentials.
    EARLY = botocore.session.get_session().create_client("ssm-contacts", region_name="us-east-1")
"""
HERMETIC_TEST = """
    import conftest

    def test_engages(ssm_contacts):
        ssm_contacts.add_contact("oncall")
        assert conftest.EARLY.list_contacts()["Contacts"]
        assert conftest.ATTEMPTS == []
"""


def _without_any_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (*CREDENTIALS, "AWS_EC2_METADATA_DISABLED", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    config, _ = _config_with_credential_process(tmp_path)
    config.write_text("[default]\nregion = us-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))


def test_hermetic_option_covers_clients_made_at_import_time(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _without_any_credentials(monkeypatch, tmp_path)
    pytester.makeini("[pytest]\nssm_contacts_hermetic = true\n")
    pytester.makeconftest(HERMETIC_CONFTEST)
    pytester.makepyfile(test_app=HERMETIC_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_without_the_hermetic_option_import_time_clients_look_for_credentials(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _without_any_credentials(monkeypatch, tmp_path)
    pytester.makeconftest(HERMETIC_CONFTEST)
    pytester.makepyfile(test_app=HERMETIC_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*first extra item: (*169.254.169.254*"])


def test_hermetic_environment_is_given_back_at_the_end(
    pytester: pytest.Pytester, real_looking: dict[str, str]
) -> None:
    before = _aws_environment()
    pytester.makeini("[pytest]\nssm_contacts_hermetic = true\n")
    pytester.makepyfile(
        """
        import os

        def test_neutral():
            assert os.environ["AWS_ACCESS_KEY_ID"] == "FAKEACCESSKEYSSMCONTACTS"
            assert "AWS_PROFILE" not in os.environ
            assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
            assert os.environ["AWS_DEFAULT_REGION"] == "ap-southeast-2"
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert _aws_environment() == before


def test_the_child_config_file_holds_the_fakes_own_keys() -> None:
    import configparser

    from pytest_ssmcontacts import _child_env, _environment

    config = configparser.ConfigParser()
    config.read(_child_env.CONFIG_FILE)
    assert dict(config["default"]) == {
        name.lower(): value for name, value in _environment.FAKE_CREDENTIALS.items()
    }
