"""Tests of the pager app: every page goes to a fake Incident Manager, never to AWS."""

from __future__ import annotations

import logging
import unittest
from typing import Any

import pytest
from botocore.exceptions import ClientError

from pager_app import alerts, config
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts


def _escalation(alias: str, target: str) -> dict[str, Any]:
    stage = {
        "DurationInMinutes": 5,
        "Targets": [{"ContactTargetInfo": {"ContactId": target, "IsEssential": True}}],
    }
    return {"alias": alias, "type": "ESCALATION", "plan": {"Stages": [stage]}}


def _person(alias: str, channel_type: str, phone: str) -> dict[str, Any]:
    # The plan names the channel; add_contact() swaps in the channel's ARN.
    target = {"ChannelTargetInfo": {"ContactChannelId": "phone", "RetryIntervalInMinutes": 1}}
    return {
        "alias": alias,
        "channels": [{"name": "phone", "type": channel_type, "address": phone}],
        "plan": {"Stages": [{"DurationInMinutes": 0, "Targets": [target]}]},
    }


# The contacts the production account has, as far as the app is concerned.
CONTACTS = [
    _person("dana", "SMS", "+15005550101"),
    _person("sre-duty-phone", "VOICE", "+15005550199"),
    _escalation("dba-escalation", "dana"),
    _escalation("web-escalation", "sre-duty-phone"),
    _escalation("sre-escalation", "sre-duty-phone"),
]

# Every test here gets these contacts in the app's region; a test's own marker can
# override either option.
pytestmark = pytest.mark.ssm_contacts(region=config.REGION, contacts=CONTACTS)


def test_pages_the_team_that_owns_the_host(ssm_contacts: SSMContacts) -> None:
    arn = alerts.raise_alarm("db-01", "Disk full")

    ssm_contacts.assert_engaged(
        "dba-escalation",
        times=1,
        arn=arn,
        sender="pager-app",
        subject="Disk full on db-01",
        public_subject="Production alarm",
    )
    ssm_contacts.assert_not_engaged("sre-escalation")


def test_unowned_hosts_go_to_the_sre_team(ssm_contacts: SSMContacts) -> None:
    alerts.raise_alarm("batch-07", "Load above 40")

    ssm_contacts.assert_engaged("sre-escalation", subject="Load above 40 on batch-07")
    ssm_contacts.assert_not_engaged("dba-escalation")


def test_public_fields_carry_no_host_name(ssm_contacts: SSMContacts) -> None:
    alerts.raise_alarm("web-03", "5xx rate above 5%", incident_id="inc-2041")

    [engagement] = ssm_contacts.engagements
    assert engagement.contact_alias == "web-escalation"
    assert engagement.incident_id == "inc-2041"
    assert "web-03" in engagement.content
    assert engagement.public_content is not None
    assert "web-03" not in engagement.public_content


@pytest.mark.ssm_contacts(contacts=[c for c in CONTACTS if c["alias"] != "dba-escalation"])
def test_missing_escalation_plan_pages_the_fallback_contact(
    ssm_contacts: SSMContacts, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        alerts.raise_alarm("db-01", "Disk full")

    ssm_contacts.assert_engaged("sre-duty-phone", subject="Disk full on db-01")
    assert "escalation plan for this host is missing" in ssm_contacts.engagements[0].content
    assert [call.error for call in ssm_contacts.calls] == ["ResourceNotFoundException", None]
    assert "no escalation plan for db-01" in caplog.text


def test_injected_not_found_also_reaches_the_fallback(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.fail_next("StartEngagement", "ResourceNotFoundException")

    alerts.raise_alarm("db-01", "Disk full")

    ssm_contacts.assert_engaged("sre-duty-phone", times=1)
    ssm_contacts.assert_not_engaged("dba-escalation")


def test_brief_throttling_is_absorbed_by_botocore_retries(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.fail_next("start_engagement", "ThrottlingException", times=2)

    alerts.raise_alarm("db-01", "Disk full")

    # The fake saw every attempt; botocore's back-off between them took no real time.
    assert [call.error for call in ssm_contacts.calls] == [
        "ThrottlingException",
        "ThrottlingException",
        None,
    ]
    ssm_contacts.assert_engaged("dba-escalation", times=1)


def test_lasting_throttling_raises_paging_failed(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=3)

    with pytest.raises(alerts.PagingFailed, match="throttling pages: Disk full on db-01"):
        alerts.raise_alarm("db-01", "Disk full")

    ssm_contacts.assert_not_engaged()


def test_unexpected_errors_reach_the_caller(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.fail_next("StartEngagement", "AccessDeniedException")

    with pytest.raises(ClientError) as raised:
        alerts.raise_alarm("db-01", "Disk full")

    assert raised.value.response["Error"]["Code"] == "AccessDeniedException"
    ssm_contacts.assert_not_engaged()


# Without pytest fixtures: the same fake as a class decorator, for unittest suites.
fake = mock_ssm_contacts(region=config.REGION, contacts=CONTACTS)


@fake
class RaiseAlarmTest(unittest.TestCase):
    def test_pages_the_web_team(self) -> None:
        alerts.raise_alarm("web-03", "5xx rate above 5%")

        fake.assert_engaged("web-escalation", subject="5xx rate above 5% on web-03")

    def test_state_is_fresh_in_every_test(self) -> None:
        # Runs after test_pages_the_web_team (unittest sorts by name): nothing carries over.
        assert fake.engagements == []
        assert len(fake.contacts) == len(CONTACTS)
