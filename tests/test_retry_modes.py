"""Injected retryable errors are retried as botocore decides, in every mode, at no wall time."""

from __future__ import annotations

import time

import boto3
import pytest
from botocore.config import Config

from helpers import stand_in_for_aws
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

ENGAGE_ARGS = {"Sender": "cli", "Subject": "Disk full", "Content": "db-1 is at 100%"}


@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
def test_ten_throttles_cost_no_wall_time(ssm_contacts: SSMContacts, mode: str) -> None:
    contact = ssm_contacts.add_contact("oncall")
    # A Config's max_attempts counts retries: 10 retries, 11 attempts.
    client = boto3.client("ssm-contacts", config=Config(retries={"mode": mode, "max_attempts": 10}))
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=10)

    started = time.perf_counter()
    response = client.start_engagement(ContactId=contact.arn, **ENGAGE_ARGS)
    for _ in range(10):
        client.list_contacts()
    elapsed = time.perf_counter() - started

    assert response["ResponseMetadata"]["RetryAttempts"] == 10
    assert [c.error for c in ssm_contacts.calls[:11]] == ["ThrottlingException"] * 10 + [None]
    # Real back-off or rate limiting takes well over 5 s here; faked calls take ms.
    assert elapsed < 5


def test_adaptive_client_leaves_the_fake_as_fast_as_it_came_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "outside")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "outside")
    client = boto3.client(
        "ssm-contacts",
        region_name="us-east-1",
        config=Config(retries={"mode": "adaptive", "max_attempts": 10}),
    )
    with mock_ssm_contacts(contacts=["oncall"]) as fake:
        fake.fail_next("ListContacts", "ThrottlingException", times=10)
        client.list_contacts()
    # Outside the fake, a stand-in for AWS answers at once: only the client's own rate
    # limiter could make these calls slow, had it learnt from the injected throttles.
    client.meta.events.register("before-send", stand_in_for_aws({"Contacts": []}))
    started = time.perf_counter()
    for _ in range(20):
        client.list_contacts()
    assert time.perf_counter() - started < 2
