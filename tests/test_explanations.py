"""Failure messages of empty assertions explain themselves: failed calls, unpageable contacts."""

from __future__ import annotations

import datetime

import boto3
import pytest
from botocore.config import Config

from helpers import engage
from pytest_ssmcontacts import Call, SSMContacts, mock_ssm_contacts

T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.timezone.utc)
SMS = {"name": "sms", "type": "SMS", "address": "+15005550199"}
MAIL = {"name": "mail", "type": "EMAIL", "address": "bob@example.com"}


def _stage(minutes: int, *targets: dict[str, object]) -> dict[str, object]:
    return {"DurationInMinutes": minutes, "Targets": list(targets)}


def _channel(name: str) -> dict[str, object]:
    return {"ChannelTargetInfo": {"ContactChannelId": name}}


def _failure(check: object) -> str:
    assert callable(check)
    with pytest.raises(AssertionError) as raised:
        check()
    return str(raised.value)


def test_a_region_mismatch_is_named_in_assert_engaged(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        # The app's module-level client lives in another region than the fake's default.
        APP = boto3.client("ssm-contacts", region_name="eu-west-1")


        @pytest.mark.ssm_contacts(contacts=["dba"])
        def test_pages_the_dba(ssm_contacts):
            try:
                APP.start_engagement(
                    ContactId="arn:aws:ssm-contacts:eu-west-1:123456789012:contact/dba",
                    Sender="app", Subject="Disk full", Content="db-01",
                )
            except APP.exceptions.ResourceNotFoundException:
                pass
            ssm_contacts.assert_engaged("dba")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected an engagement of 'dba'; none matched.",
            "E       Engagements started: none.",
            "E       Failed calls that could explain it:",
            "E       - StartEngagement failed 1 time: ResourceNotFoundException in eu-west-1 "
            "for contact/dba (the fake's default region is us-east-1; "
            "'dba' exists in us-east-1)",
        ]
    )


def test_failed_calls_are_counted_per_error_region_and_resource() -> None:
    with mock_ssm_contacts(contacts=["dba"], assert_all_faults_used=False) as fake:
        arn = fake.contact("dba").arn
        fake.fail_next("StartEngagement", "AccessDeniedException", times=2)
        for _ in range(2):
            with pytest.raises(Exception, match="AccessDenied"):
                engage(arn)
        with pytest.raises(Exception, match="ResourceNotFound"):
            engage(arn.replace("dba", "dbb"))
        message = _failure(lambda: fake.assert_engaged("dba", times=1))
    assert message == (
        "Expected 1 engagement of 'dba'; 0 matched.\n"
        "Engagements started: none.\n"
        "Failed calls that could explain it:\n"
        "- StartEngagement failed 2 times: AccessDeniedException in us-east-1 for contact/dba\n"
        "- StartEngagement failed 1 time: ResourceNotFoundException in us-east-1 for contact/dbb"
    )


def test_a_contact_of_another_region_is_pointed_at() -> None:
    with mock_ssm_contacts(region="eu-west-1") as fake:
        client = boto3.client("ssm-contacts", region_name="us-east-2")
        client.create_contact(Alias="dba", Type="PERSONAL", Plan={"Stages": []})
        with pytest.raises(Exception, match="ResourceNotFound"):
            engage(
                "arn:aws:ssm-contacts:eu-west-1:123456789012:contact/dba",
                boto3.client("ssm-contacts", region_name="eu-west-1"),
            )
        message = _failure(lambda: fake.assert_engaged("dba"))
    assert message.splitlines()[-1] == (
        "- StartEngagement failed 1 time: ResourceNotFoundException in eu-west-1 "
        "for contact/dba ('dba' exists in us-east-2)"
    )


def test_no_failed_calls_no_section_and_surplus_gets_none() -> None:
    with mock_ssm_contacts(contacts=["dba"], start_time=T0) as fake:
        message = _failure(lambda: fake.assert_engaged("dba"))
        assert message == (
            "Expected an engagement of 'dba'; none matched.\nEngagements started: none."
        )
        fake.fail_next("StartEngagement", "ThrottlingException")
        client = boto3.client("ssm-contacts", config=Config(retries={"total_max_attempts": 1}))
        with pytest.raises(client.exceptions.ThrottlingException):
            client.start_engagement(
                ContactId=fake.contact("dba").arn, Sender="a", Subject="s", Content="c"
            )
        engage(fake.contact("dba"))
        engage(fake.contact("dba"))
        # Too many engagements: failed calls cannot explain that.
        message = _failure(lambda: fake.assert_engaged("dba", times=1))
    assert "Failed calls" not in message


def test_assert_paged_says_there_is_no_activated_channel_and_no_plan() -> None:
    with mock_ssm_contacts(contacts=["dba"], start_time=T0) as fake:
        engage(fake.contact("dba"))
        message = _failure(lambda: fake.assert_paged("dba"))
    assert message == (
        "Expected a page to 'dba'; none matched.\n"
        "Pages sent: none.\n"
        "Why 'dba' was not paged:\n"
        "- 'dba' has no activated channel (it has no channels)\n"
        "- 'dba' has no plan: no stages to page its channels"
    )


def test_assert_paged_lists_channels_that_are_not_activated(ssm_contacts: SSMContacts) -> None:
    client = boto3.client("ssm-contacts")
    arn = client.create_contact(Alias="dba", Type="PERSONAL", Plan={"Stages": []})["ContactArn"]
    client.create_contact_channel(
        ContactId=arn,
        Name="sms",
        Type="SMS",
        DeliveryAddress={"SimpleAddress": "+15005550199"},
        DeferActivation=True,
    )
    message = _failure(lambda: ssm_contacts.assert_paged("dba"))
    assert "- 'dba' has no activated channel (sms NOT_ACTIVATED)" in message.splitlines()


def test_assert_paged_says_the_plan_targets_no_activated_channel() -> None:
    with mock_ssm_contacts(start_time=T0) as fake:
        fake.add_contact("dba", channels=[SMS], plan={"Stages": [_stage(5)]})
        message = _failure(lambda: fake.assert_paged("dba"))
    assert message.splitlines()[2:] == [
        "Why 'dba' was not paged:",
        "- the plan of 'dba' targets none of its activated channels",
    ]


def test_assert_paged_says_no_engagement_reached_the_contact() -> None:
    with mock_ssm_contacts(start_time=T0) as fake:
        fake.add_contact("dba", channels=[SMS], plan={"Stages": [_stage(5, _channel("sms"))]})
        message = _failure(lambda: fake.assert_paged("dba"))
    assert message.splitlines()[2:] == [
        "Why 'dba' was not paged:",
        "- no engagement reached 'dba'",
    ]


@pytest.mark.ssm_contacts(start_time=T0)
def test_assert_paged_says_the_stage_is_not_reached_yet(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact(
        "dba",
        channels=[SMS, MAIL],
        plan={"Stages": [_stage(5), _stage(5, _channel("mail"))]},
    )
    engage(ssm_contacts.contact("dba"))
    ssm_contacts.clock.advance(minutes=2)
    message = _failure(lambda: ssm_contacts.assert_paged("dba"))
    assert message.splitlines()[2:] == [
        "Why 'dba' was not paged:",
        "- stage 2 of the plan of 'dba', the first to page an activated channel, starts at "
        "2024-01-01 09:05:00Z: not reached yet at 2024-01-01 09:02:00Z",
    ]
    ssm_contacts.clock.advance(minutes=3)
    ssm_contacts.assert_paged("dba", channel="mail")


def test_assert_paged_names_the_escalation_stage_not_reached_yet() -> None:
    with mock_ssm_contacts(start_time=T0) as fake:
        fake.add_contact("dba", channels=[SMS], plan={"Stages": [_stage(5, _channel("sms"))]})
        fake.add_contact(
            "escalation",
            type="ESCALATION",
            plan={
                "Stages": [
                    _stage(10),
                    _stage(5, {"ContactTargetInfo": {"ContactId": "dba", "IsEssential": False}}),
                ]
            },
        )
        engage(fake.contact("escalation"))
        fake.clock.advance(minutes=1)
        message = _failure(lambda: fake.assert_paged("dba"))
        assert message.splitlines()[2:] == [
            "Why 'dba' was not paged:",
            "- stage 2 of 'escalation', which engages 'dba', starts at 2024-01-01 09:10:00Z: "
            "not reached yet at 2024-01-01 09:01:00Z",
        ]
        message = _failure(lambda: fake.assert_paged("escalation"))
        assert message.splitlines()[2:] == [
            "Why 'escalation' was not paged:",
            "- 'escalation' is an ESCALATION contact: pages go to the personal contacts it engages",
        ]


@pytest.mark.ssm_contacts(start_time=T0)
def test_assert_paged_says_the_engagement_was_stopped(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact(
        "dba", channels=[SMS], plan={"Stages": [_stage(5), _stage(5, _channel("sms"))]}
    )
    engagement = engage(ssm_contacts.contact("dba"))
    ssm_contacts.clock.advance(minutes=1)
    boto3.client("ssm-contacts").stop_engagement(EngagementId=engagement)
    ssm_contacts.clock.advance(minutes=10)
    message = _failure(lambda: ssm_contacts.assert_paged("dba"))
    assert message.splitlines()[2:] == [
        "Why 'dba' was not paged:",
        "- the engagement of 'dba' started at 2024-01-01 09:00:00Z was stopped at "
        "2024-01-01 09:01:00Z, before stage 2 of the plan of 'dba'",
    ]


def test_assert_paged_lists_failed_engagements_too(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        SMS = {"name": "sms", "type": "SMS", "address": "+15005550199"}
        PLAN = {"Stages": [{"DurationInMinutes": 5, "Targets": [
            {"ChannelTargetInfo": {"ContactChannelId": "sms"}}]}]}


        @pytest.mark.ssm_contacts(
            contacts=[{"alias": "dba", "channels": [SMS], "plan": PLAN}],
            start_time="2024-01-01T09:00:00Z",
        )
        def test_pages(ssm_contacts):
            client = boto3.client("ssm-contacts", region_name="eu-west-1")
            try:
                client.start_engagement(
                    ContactId=ssm_contacts.contact("dba").arn,
                    Sender="app", Subject="s", Content="c",
                )
            except client.exceptions.ResourceNotFoundException:
                pass
            ssm_contacts.assert_paged("dba", channel="sms")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected a page to 'dba' via 'sms'; none matched.",
            "E       Pages sent: none.",
            "E       Why 'dba' was not paged:",
            "E       - no engagement reached 'dba'",
            "E       Failed calls that could explain it:",
            "E       - StartEngagement failed 1 time: ResourceNotFoundException in eu-west-1 "
            "for contact/dba (the fake's default region is us-east-1; "
            "'dba' exists in us-east-1)",
        ]
    )


def test_calls_record_region_account_and_time() -> None:
    with mock_ssm_contacts(account_id="111122223333", region="eu-west-2", start_time=T0) as fake:
        boto3.client("ssm-contacts").list_contacts()
        fake.clock.advance(datetime.timedelta(minutes=5))
        boto3.client("ssm-contacts", region_name="us-west-2").list_contacts()
    assert [(c.region, c.account_id, c.time) for c in fake.calls] == [
        ("eu-west-2", "111122223333", T0),
        ("us-west-2", "111122223333", T0 + datetime.timedelta(minutes=5)),
    ]
    call = fake.calls[0]
    assert call == Call(
        "ListContacts", call.params, None, region="eu-west-2", account_id="111122223333", time=T0
    )
    assert repr(call).startswith("Call(operation='ListContacts', params={")
    assert "region='eu-west-2', account_id='111122223333', time=datetime.datetime(2024" in repr(
        call
    )
    with pytest.raises(AttributeError):
        call.region = "us-east-1"  # type: ignore[misc]
