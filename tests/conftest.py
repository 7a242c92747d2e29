from __future__ import annotations

import functools
import os
import socket
from typing import Any, Callable

# pytester's in-process runs unload every module first imported during the run, and
# hypothesis's pytest plugin imports hypothesis in each one: a second or so per run
# unless it is already loaded here.
import boto3
import hypothesis  # noqa: F401
import pytest

import helpers

# The plugin loads the fake on first use; loading it here keeps it out of pytester's
# unloading too, so every in-process run shares one fake module and its botocore patches.
import pytest_ssmcontacts._fake  # noqa: F401

# The fast or the thorough hypothesis profile, as HYPOTHESIS_PROFILE says.
from profiles import PROFILE  # noqa: F401
from pytest_ssmcontacts import SSMContacts


@pytest.fixture(autouse=True)
def _no_local_aws_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's AWS region, profile and config files out of every test.

    Autouse fixtures are set up before ``ssm_contacts``, so the fixture sees the
    cleaned environment; pytester's in-process runs inherit it too.
    """
    for name in (
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_PROFILE",
        "AWS_RETRY_MODE",
        "AWS_MAX_ATTEMPTS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """pytester, with pytest-asyncio's loop scope set in its runs as in this suite's."""
    # pytester clears PYTEST_ADDOPTS when it starts, so this comes after it.
    monkeypatch.setenv("PYTEST_ADDOPTS", "-o asyncio_default_fixture_loop_scope=function")
    return pytester


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Sockets and name look-ups refuse to work; every attempt is recorded."""
    attempts: list[Any] = []

    def refuse(*args: Any, **_: Any) -> Any:
        attempts.append(args)
        raise OSError("network access is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def client(ssm_contacts: SSMContacts) -> Any:
    """A boto3 ssm-contacts client, made while the test's fake is active."""
    return boto3.client("ssm-contacts")


@pytest.fixture
def engage(client: Any) -> Callable[..., str]:
    """``helpers.engage`` through the test's ``client``: ``engage(contact, **params)``."""
    return functools.partial(helpers.engage, api=client)
