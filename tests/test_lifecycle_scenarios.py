"""Engagements unfolding in virtual time: the worked examples of the behaviour spec.

Every test starts the clock at ``T0`` so a table of sends reads as minutes after it.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, Optional

import pytest

import helpers
from helpers import arn, person
from message_ids import MESSAGE_ID
from output_shapes import assert_matches_output
from pytest_ssmcontacts import Contact, Page, SSMContacts

T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.timezone.utc)
MINUTE = datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)

pytestmark = pytest.mark.ssm_contacts(start_time=T0)

# (minutes after T0, paged alias, channel type): one row per send, re-sends included.
Send = tuple[int, str, str]
# (receipt type, minutes after T0, receipt info)
Row = tuple[str, int, Optional[str]]


def at(minutes: int) -> datetime.datetime:
    return T0 + minutes * MINUTE


def minutes_after_t0(when: datetime.datetime) -> int:
    elapsed = when - T0
    assert elapsed % MINUTE == datetime.timedelta(0), f"{when} is not on a whole minute"
    return elapsed // MINUTE


def timeline(fake: SSMContacts) -> list[Send]:
    """Every send so far, in time order (ties by alias, then channel type)."""
    return sorted(
        (minutes_after_t0(receipt.time), page.contact_alias, page.channel_type)
        for page in fake.pages
        for receipt in page.receipts
        if receipt.type == "SENT"
    )


def receipts(client: Any, page_arn: str) -> list[Row]:
    """A page's receipts as the API lists them."""
    response = client.list_page_receipts(PageId=page_arn)
    assert_matches_output(client, "ListPageReceipts", response)
    return [
        (r["ReceiptType"], minutes_after_t0(r["ReceiptTime"]), r.get("ReceiptInfo"))
        for r in response["Receipts"]
    ]


def channel_stage(channel: str, *, retry: int | None = None, minutes: int = 5) -> dict[str, Any]:
    target: dict[str, Any] = {"ContactChannelId": channel}
    if retry is not None:
        target["RetryIntervalInMinutes"] = retry
    return {"DurationInMinutes": minutes, "Targets": [{"ChannelTargetInfo": target}]}


def spec_plan() -> list[dict[str, Any]]:
    """Section 5.2: SMS (retry 1), VOICE (retry 1), EMAIL, five minutes each."""
    return [channel_stage("sms", retry=1), channel_stage("voice", retry=1), channel_stage("email")]


def add_person(
    fake: SSMContacts, alias: str, stages: list[dict[str, Any]] | None = None
) -> Contact:
    return fake.add_contact(
        alias,
        channels=[
            {"name": "sms", "type": "SMS", "address": "+15005550199"},
            {"name": "voice", "type": "VOICE", "address": "+15005550100"},
            {"name": "email", "type": "EMAIL", "address": f"{alias}@example.com"},
        ],
        plan={"Stages": spec_plan() if stages is None else stages},
    )


def add_escalation(fake: SSMContacts, *stages: tuple[int, str, bool]) -> Contact:
    """An escalation plan of (duration, target alias, essential) stages."""
    return fake.add_contact(
        "example_escalation",
        type="ESCALATION",
        plan={
            "Stages": [
                {
                    "DurationInMinutes": minutes,
                    "Targets": [{"ContactTargetInfo": {"ContactId": alias, "IsEssential": flag}}],
                }
                for minutes, alias, flag in stages
            ]
        },
    )


SPEC_ESCALATION = ((5, "akuam", True), (5, "alejr", False), (0, "anasi", False))


def engage(client: Any, contact: Contact) -> str:
    response = client.start_engagement(
        ContactId=contact.arn, Sender="cli", Subject="Disk full", Content="db-1 is at 100%"
    )
    assert_matches_output(client, "StartEngagement", response)
    return str(response["EngagementArn"])


def read(client: Any, fake: SSMContacts, page: Page) -> None:
    response = client.accept_page(
        PageId=page.arn,
        AcceptType="READ",
        AcceptCode=fake.accept_code(page),
        AcceptCodeValidation="ENFORCE",
    )
    assert_matches_output(client, "AcceptPage", response)


def describe(client: Any, engagement_arn: str) -> dict[str, Any]:
    response: dict[str, Any] = client.describe_engagement(EngagementId=engagement_arn)
    assert_matches_output(client, "DescribeEngagement", response)
    return response


def follow(fake: SSMContacts, steps: dict[int, list[Send]]) -> None:
    """Move the clock to each minute in turn and compare every send so far."""
    for minute, sends in steps.items():
        fake.clock.set(at(minute))
        assert timeline(fake) == sends, f"at T0+{minute}m"


# -- 5.2: a personal contact --------------------------------------------------------


def test_personal_contact_acknowledged_during_the_first_stage(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    sms = akuam.channels[0]
    engagement = engage(client, akuam)
    [page] = ssm_contacts.pages
    assert page.sent_time == T0
    assert page.channel_arn == sms.arn

    ssm_contacts.clock.set(at(2))
    read(client, ssm_contacts, page)
    code = ssm_contacts.accept_code(page)
    assert receipts(client, page.arn) == [
        ("SENT", 0, MESSAGE_ID),
        ("DELIVERED", 2, code),
        ("READ", 2, code),
    ]
    listed = client.list_page_receipts(PageId=page.arn)["Receipts"]
    assert {r["ContactChannelArn"] for r in listed} == {sms.arn}
    described = client.describe_page(PageId=page.arn)
    assert_matches_output(client, "DescribePage", described)
    assert (described["SentTime"], described["DeliveryTime"], described["ReadTime"]) == (
        T0,
        at(2),
        at(2),
    )

    follow(ssm_contacts, {5: [(0, "akuam", "SMS")], 10: [(0, "akuam", "SMS")]})
    ssm_contacts.clock.advance(hours=2)
    assert timeline(ssm_contacts) == [(0, "akuam", "SMS")]
    ssm_contacts.assert_paged("akuam", times=1)
    ssm_contacts.assert_paged("akuam", channel="VOICE", times=0)
    # Acknowledging is not stopping: only StopEngagement sets StopTime.
    assert "StopTime" not in describe(client, engagement)


def test_personal_contact_not_acknowledged_runs_every_stage_once(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engagement = engage(client, add_person(ssm_contacts, "akuam"))
    sms = [(0, "akuam", "SMS")]
    voice = [*sms, (5, "akuam", "VOICE")]
    everything = [*voice, (10, "akuam", "EMAIL")]
    follow(
        ssm_contacts,
        {0: sms, 4: sms, 5: voice, 9: voice, 10: everything, 15: everything, 180: everything},
    )
    response = client.list_pages_by_engagement(EngagementId=engagement)
    assert_matches_output(client, "ListPagesByEngagement", response)
    assert [p["SentTime"] for p in response["Pages"]] == [at(0), at(5), at(10)]
    assert all("DeliveryTime" not in p and "ReadTime" not in p for p in response["Pages"])
    assert "StopTime" not in describe(client, engagement)
    assert ssm_contacts.engagements[0].stop_time is None


def test_page_arns_name_the_paged_contact(ssm_contacts: SSMContacts, client: Any) -> None:
    engage(client, add_person(ssm_contacts, "akuam"))
    [page] = ssm_contacts.pages
    assert page.arn.startswith("arn:aws:ssm-contacts:us-east-1:123456789012:page/akuam/")


# -- 5.3: an escalation plan -----------------------------------------------------------


def test_escalation_without_acknowledgement_follows_the_spec_timeline(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr", "anasi"):
        add_person(ssm_contacts, alias)
    engagement = engage(client, add_escalation(ssm_contacts, *SPEC_ESCALATION))
    t0 = [(0, "akuam", "SMS")]
    t5 = [*t0, (5, "akuam", "VOICE"), (5, "alejr", "SMS")]
    t10 = [*t5, (10, "akuam", "EMAIL"), (10, "alejr", "VOICE"), (10, "anasi", "SMS")]
    t15 = [*t10, (15, "alejr", "EMAIL"), (15, "anasi", "VOICE")]
    t20 = [*t15, (20, "anasi", "EMAIL")]
    follow(ssm_contacts, {0: t0, 4: t0, 5: t5, 10: t10, 15: t15, 20: t20, 120: t20})

    pages = client.list_pages_by_engagement(EngagementId=engagement)["Pages"]
    assert {p["EngagementArn"] for p in pages} == {engagement}
    # Pages name the person paged, never the escalation plan.
    assert [p["ContactArn"].rsplit("/", 1)[1] for p in pages] == [
        "akuam",
        "akuam",
        "alejr",
        "akuam",
        "alejr",
        "anasi",
        "alejr",
        "anasi",
        "anasi",
    ]
    assert "StopTime" not in describe(client, engagement)


def test_essential_acknowledgement_halts_the_escalation(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr", "anasi"):
        add_person(ssm_contacts, alias)
    engage(client, add_escalation(ssm_contacts, *SPEC_ESCALATION))
    ssm_contacts.clock.set(at(2))
    [first] = ssm_contacts.pages
    read(client, ssm_contacts, first)

    only_akuam = [(0, "akuam", "SMS")]
    follow(ssm_contacts, {5: only_akuam, 10: only_akuam, 15: only_akuam, 240: only_akuam})
    ssm_contacts.assert_not_paged("alejr")
    ssm_contacts.assert_not_paged("anasi")


def test_non_essential_acknowledgement_stops_only_that_contacts_plan(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr", "anasi"):
        add_person(ssm_contacts, alias)
    engage(client, add_escalation(ssm_contacts, *SPEC_ESCALATION))
    ssm_contacts.clock.set(at(6))
    [alejr_sms] = ssm_contacts.pages_for("alejr")
    read(client, ssm_contacts, alejr_sms)

    ssm_contacts.clock.set(at(60))
    assert timeline(ssm_contacts) == [
        (0, "akuam", "SMS"),
        (5, "akuam", "VOICE"),
        (5, "alejr", "SMS"),
        (10, "akuam", "EMAIL"),
        (10, "anasi", "SMS"),
        (15, "anasi", "VOICE"),
        (20, "anasi", "EMAIL"),
    ]


def test_contacts_engaged_before_an_essential_acknowledgement_keep_their_plans(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr", "anasi"):
        add_person(ssm_contacts, alias)
    engage(
        client,
        add_escalation(ssm_contacts, (5, "alejr", False), (5, "akuam", True), (5, "anasi", False)),
    )
    ssm_contacts.clock.set(at(6))
    [akuam_sms] = ssm_contacts.pages_for("akuam")
    read(client, ssm_contacts, akuam_sms)

    ssm_contacts.clock.set(at(60))
    assert timeline(ssm_contacts) == [
        (0, "alejr", "SMS"),
        (5, "akuam", "SMS"),
        (5, "alejr", "VOICE"),
        (10, "alejr", "EMAIL"),
    ]


def test_zero_minute_stage_starts_the_next_stage_at_once(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr"):
        add_person(ssm_contacts, alias)
    engagement = engage(
        client, add_escalation(ssm_contacts, (0, "akuam", False), (5, "alejr", False))
    )
    both = [(0, "akuam", "SMS"), (0, "alejr", "SMS")]
    # Visible without moving the clock: the API answers as of "now".
    assert timeline(ssm_contacts) == both
    pages = client.list_pages_by_engagement(EngagementId=engagement)["Pages"]
    assert len(pages) == 2


# -- re-sends after a failed delivery --------------------------------------------------


def test_failed_send_is_retried_every_interval_while_its_stage_is_current(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engage(client, add_person(ssm_contacts, "akuam"))
    [sms] = ssm_contacts.pages
    failed = ssm_contacts.fail_delivery(sms, "carrier rejected")
    assert [(r.type, r.time, r.info) for r in failed.receipts] == [
        ("SENT", T0, MESSAGE_ID),
        ("ERROR", T0, "carrier rejected"),
    ]

    ssm_contacts.clock.advance(minutes=30)
    assert timeline(ssm_contacts) == [
        (0, "akuam", "SMS"),
        (1, "akuam", "SMS"),
        (2, "akuam", "SMS"),
        (3, "akuam", "SMS"),
        (4, "akuam", "SMS"),
        # T0+5m: the VOICE stage is current, so the SMS is not sent again.
        (5, "akuam", "VOICE"),
        (10, "akuam", "EMAIL"),
    ]
    assert receipts(client, sms.arn) == [
        ("SENT", 0, MESSAGE_ID),
        ("ERROR", 0, "carrier rejected"),
        ("SENT", 1, MESSAGE_ID),
        ("SENT", 2, MESSAGE_ID),
        ("SENT", 3, MESSAGE_ID),
        ("SENT", 4, MESSAGE_ID),
    ]
    # The page is reused; SentTime is the latest send.
    assert ssm_contacts.pages[0].sent_time == at(4)
    assert client.describe_page(PageId=sms.arn)["SentTime"] == at(4)


def test_each_failed_resend_keeps_a_single_retry_going(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engage(client, add_person(ssm_contacts, "akuam"))
    [sms] = ssm_contacts.pages
    ssm_contacts.fail_delivery(sms)
    ssm_contacts.clock.advance(minutes=1)
    ssm_contacts.fail_delivery(sms)  # the re-send failed too
    ssm_contacts.clock.advance(minutes=1)
    assert timeline(ssm_contacts) == [
        (0, "akuam", "SMS"),
        (1, "akuam", "SMS"),
        (2, "akuam", "SMS"),
    ]


def test_retries_of_a_later_stage_run_on_that_stages_clock(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engage(client, add_person(ssm_contacts, "akuam"))
    ssm_contacts.clock.set(at(7))
    voice = ssm_contacts.pages[1]
    assert voice.channel_type == "VOICE"
    ssm_contacts.fail_delivery(voice)
    ssm_contacts.clock.set(at(30))
    voice_sends = [minute for minute, _, kind in timeline(ssm_contacts) if kind == "VOICE"]
    assert voice_sends == [5, 8, 9]


def test_a_failure_after_the_stage_ended_is_not_retried(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engage(client, add_person(ssm_contacts, "akuam"))
    ssm_contacts.clock.set(at(6))
    sms = ssm_contacts.pages[0]
    ssm_contacts.fail_delivery(sms)
    ssm_contacts.clock.set(at(30))
    assert receipts(client, sms.arn) == [("SENT", 0, MESSAGE_ID), ("ERROR", 6, None)]
    assert ssm_contacts.pages[0].sent_time == T0


def test_no_retry_after_delivery(ssm_contacts: SSMContacts, client: Any) -> None:
    engage(client, add_person(ssm_contacts, "akuam"))
    [sms] = ssm_contacts.pages
    ssm_contacts.fail_delivery(sms)
    ssm_contacts.clock.set(at(2))
    delivered = ssm_contacts.deliver(sms)
    assert delivered.delivery_time == at(2)
    ssm_contacts.clock.set(at(4))
    sms_sends = [minute for minute, _, kind in timeline(ssm_contacts) if kind == "SMS"]
    assert sms_sends == [0, 1, 2]


def test_no_retry_after_read(ssm_contacts: SSMContacts, client: Any) -> None:
    engage(client, add_person(ssm_contacts, "akuam"))
    [sms] = ssm_contacts.pages
    ssm_contacts.fail_delivery(sms)
    ssm_contacts.clock.set(at(1))
    read(client, ssm_contacts, sms)
    ssm_contacts.clock.set(at(30))
    assert timeline(ssm_contacts) == [(0, "akuam", "SMS"), (1, "akuam", "SMS")]


def test_no_retry_after_stop_engagement(ssm_contacts: SSMContacts, client: Any) -> None:
    engagement = engage(client, add_person(ssm_contacts, "akuam"))
    [sms] = ssm_contacts.pages
    ssm_contacts.fail_delivery(sms)
    ssm_contacts.clock.set(at(1))
    client.stop_engagement(EngagementId=engagement)
    ssm_contacts.clock.set(at(30))
    assert timeline(ssm_contacts) == [(0, "akuam", "SMS"), (1, "akuam", "SMS")]


@pytest.mark.parametrize(
    "make_unreachable",
    [
        lambda client, channel, contact: client.deactivate_contact_channel(
            ContactChannelId=channel
        ),
        lambda client, channel, contact: client.delete_contact_channel(ContactChannelId=channel),
        lambda client, channel, contact: client.delete_contact(ContactId=contact),
    ],
    ids=["channel-deactivated", "channel-deleted", "contact-deleted"],
)
def test_no_retry_to_a_channel_that_can_no_longer_be_paged(
    ssm_contacts: SSMContacts, client: Any, make_unreachable: Callable[[Any, str, str], Any]
) -> None:
    akuam = add_person(ssm_contacts, "akuam", [channel_stage("sms", retry=1, minutes=10)])
    engage(client, akuam)
    [sms] = ssm_contacts.pages
    ssm_contacts.fail_delivery(sms)
    ssm_contacts.clock.set(at(1) + 30 * SECOND)
    make_unreachable(client, sms.channel_arn, akuam.arn)
    ssm_contacts.clock.set(at(30))
    assert [(kind, minute) for kind, minute, _ in receipts(client, sms.arn)] == [
        ("SENT", 0),
        ("ERROR", 0),
        ("SENT", 1),
    ]


@pytest.mark.parametrize("retry", [None, 0], ids=["absent", "zero"])
def test_without_a_retry_interval_a_failed_send_is_not_retried(
    ssm_contacts: SSMContacts, client: Any, retry: int | None
) -> None:
    engage(client, add_person(ssm_contacts, "akuam", [channel_stage("sms", retry=retry)]))
    [sms] = ssm_contacts.pages
    ssm_contacts.fail_delivery(sms)
    ssm_contacts.clock.advance(minutes=30)
    assert timeline(ssm_contacts) == [(0, "akuam", "SMS")]
    assert receipts(client, sms.arn) == [("SENT", 0, MESSAGE_ID), ("ERROR", 0, None)]


# -- plans, channels and contacts changing under a running engagement ----------------------


def test_plan_edits_do_not_change_an_engagement_under_way(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    email = akuam.channels[2]
    engage(client, akuam)
    ssm_contacts.clock.set(at(1))
    # Only e-mail from now on, at once.
    only_email = {"Stages": [{**channel_stage(email.arn), "DurationInMinutes": 0}]}
    client.update_contact(ContactId=akuam.arn, Plan=only_email)
    ssm_contacts.clock.set(at(2))
    engage(client, akuam)
    ssm_contacts.clock.set(at(30))
    assert timeline(ssm_contacts) == [
        (0, "akuam", "SMS"),
        (2, "akuam", "EMAIL"),
        (5, "akuam", "VOICE"),
        (10, "akuam", "EMAIL"),
    ]


# -- channels and contacts that cannot be paged ------------------------------------------


def test_deactivated_and_deleted_channels_are_skipped(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    sms, voice, _ = akuam.channels
    client.deactivate_contact_channel(ContactChannelId=sms.arn)
    engage(client, akuam)
    assert timeline(ssm_contacts) == []
    # Deleted while the engagement is under way, before its stage starts.
    client.delete_contact_channel(ContactChannelId=voice.arn)
    ssm_contacts.clock.set(at(30))
    assert timeline(ssm_contacts) == [(10, "akuam", "EMAIL")]


def test_a_channel_activated_again_is_paged_again(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = add_person(ssm_contacts, "akuam", [channel_stage("sms")])
    sms = akuam.channels[0]
    client.deactivate_contact_channel(ContactChannelId=sms.arn)
    engage(client, akuam)
    client.send_activation_code(ContactChannelId=sms.arn)
    client.activate_contact_channel(
        ContactChannelId=sms.arn, ActivationCode=ssm_contacts.activation_code(sms)
    )
    ssm_contacts.clock.set(at(10))
    engage(client, akuam)
    assert timeline(ssm_contacts) == [(10, "akuam", "SMS")]


def test_a_deleted_target_contact_pages_nobody(ssm_contacts: SSMContacts, client: Any) -> None:
    for alias in ("akuam", "alejr", "anasi"):
        add_person(ssm_contacts, alias)
    escalation = add_escalation(ssm_contacts, *SPEC_ESCALATION)
    client.delete_contact(ContactId=ssm_contacts.contact("alejr").arn)
    engagement = engage(client, escalation)
    ssm_contacts.clock.set(at(7))
    # Deleted after the escalation started, before its stage comes.
    client.delete_contact(ContactId=ssm_contacts.contact("anasi").arn)
    ssm_contacts.clock.set(at(60))
    assert timeline(ssm_contacts) == [
        (0, "akuam", "SMS"),
        (5, "akuam", "VOICE"),
        (10, "akuam", "EMAIL"),
    ]
    assert "StopTime" not in describe(client, engagement)


# -- StopEngagement -----------------------------------------------------------------


def test_stop_engagement_freezes_everything_and_writes_stop_receipts(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr", "anasi"):
        add_person(ssm_contacts, alias)
    engagement = engage(client, add_escalation(ssm_contacts, *SPEC_ESCALATION))
    ssm_contacts.clock.set(at(6))
    akuam_sms, akuam_voice, alejr_sms = ssm_contacts.pages
    ssm_contacts.deliver(akuam_voice)
    ssm_contacts.clock.set(at(7))
    response = client.stop_engagement(EngagementId=engagement, Reason="Resolved by hand")
    assert_matches_output(client, "StopEngagement", response)

    ssm_contacts.clock.advance(hours=3)
    assert timeline(ssm_contacts) == [
        (0, "akuam", "SMS"),
        (5, "akuam", "VOICE"),
        (5, "alejr", "SMS"),
    ]
    stop = ("STOP", 7, "Resolved by hand")
    assert receipts(client, akuam_sms.arn) == [("SENT", 0, MESSAGE_ID), stop]
    assert receipts(client, akuam_voice.arn) == [
        ("SENT", 5, MESSAGE_ID),
        ("DELIVERED", 6, None),
        stop,
    ]
    assert receipts(client, alejr_sms.arn) == [("SENT", 5, MESSAGE_ID), stop]

    assert describe(client, engagement)["StopTime"] == at(7)
    listed = client.list_engagements()["Engagements"]
    assert [e.get("StopTime") for e in listed] == [at(7)]
    assert ssm_contacts.engagements[0].stop_time == at(7)


def test_stop_receipts_only_on_unread_pages_and_without_info_when_no_reason(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr"):
        add_person(ssm_contacts, alias)
    engagement = engage(
        client, add_escalation(ssm_contacts, (5, "akuam", False), (5, "alejr", False))
    )
    ssm_contacts.clock.set(at(6))
    akuam_sms = ssm_contacts.pages_for("akuam")[0]
    [alejr_sms] = ssm_contacts.pages_for("alejr")
    read(client, ssm_contacts, alejr_sms)
    client.stop_engagement(EngagementId=engagement)
    assert [r[0] for r in receipts(client, alejr_sms.arn)] == ["SENT", "DELIVERED", "READ"]
    assert receipts(client, akuam_sms.arn) == [("SENT", 0, MESSAGE_ID), ("STOP", 6, None)]


def test_an_empty_stop_reason_writes_stop_receipts_without_info(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    # StopEngagement allows a Reason of 0 characters, a receipt's ReceiptInfo needs 1.
    engagement = engage(client, add_person(ssm_contacts, "akuam"))
    ssm_contacts.clock.set(at(2))
    client.stop_engagement(EngagementId=engagement, Reason="")
    [sms] = ssm_contacts.pages
    response = client.list_page_receipts(PageId=sms.arn)
    assert_matches_output(client, "ListPageReceipts", response)
    assert [r["ReceiptType"] for r in response["Receipts"]] == ["SENT", "STOP"]
    assert "ReceiptInfo" not in response["Receipts"][1]
    assert ssm_contacts.pages[0].receipts[1].info is None


def test_a_second_stop_keeps_the_first_stop_time(ssm_contacts: SSMContacts, client: Any) -> None:
    engagement = engage(client, add_person(ssm_contacts, "akuam"))
    ssm_contacts.clock.set(at(3))
    client.stop_engagement(EngagementId=engagement, Reason="first")
    ssm_contacts.clock.set(at(8))
    client.stop_engagement(EngagementId=engagement, Reason="second")
    assert describe(client, engagement)["StopTime"] == at(3)
    [sms] = ssm_contacts.pages
    assert receipts(client, sms.arn) == [("SENT", 0, MESSAGE_ID), ("STOP", 3, "first")]


def test_stopping_one_engagement_leaves_the_others_running(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    first = engage(client, akuam)
    engage(client, akuam)
    client.stop_engagement(EngagementId=first)
    ssm_contacts.clock.set(at(5))
    assert timeline(ssm_contacts) == [
        (0, "akuam", "SMS"),
        (0, "akuam", "SMS"),
        (5, "akuam", "VOICE"),
    ]


# -- the clock moving in one jump ----------------------------------------------------


def test_one_big_jump_sends_every_page_at_its_own_due_time(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr", "anasi"):
        add_person(ssm_contacts, alias)
    engagement = engage(client, add_escalation(ssm_contacts, *SPEC_ESCALATION))
    assert ssm_contacts.clock.advance(hours=6) == at(360)
    assert timeline(ssm_contacts) == [
        (0, "akuam", "SMS"),
        (5, "akuam", "VOICE"),
        (5, "alejr", "SMS"),
        (10, "akuam", "EMAIL"),
        (10, "alejr", "VOICE"),
        (10, "anasi", "SMS"),
        (15, "alejr", "EMAIL"),
        (15, "anasi", "VOICE"),
        (20, "anasi", "EMAIL"),
    ]
    pages = client.list_pages_by_engagement(EngagementId=engagement)["Pages"]
    assert [minutes_after_t0(p["SentTime"]) for p in pages] == [0, 5, 5, 10, 10, 10, 15, 15, 20]


def test_a_jump_runs_retries_and_later_stages_in_time_order(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    engage(client, add_person(ssm_contacts, "akuam", [channel_stage("sms", retry=2, minutes=7)]))
    ssm_contacts.fail_delivery(ssm_contacts.pages[0])
    ssm_contacts.clock.set(at(45))
    assert [minute for minute, _, _ in timeline(ssm_contacts)] == [0, 2, 4, 6]


# -- the API and the fixture tell the same story ------------------------------------------


def _all(client: Any, operation: str, key: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for response in client.get_paginator(operation).paginate(**params):
        assert_matches_output(client, _operation_name(operation), response)
        items += response[key]
    return items


def _operation_name(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def test_pages_read_the_same_through_the_api_and_the_fixture(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    for alias in ("akuam", "alejr", "anasi"):
        add_person(ssm_contacts, alias)
    escalation = add_escalation(ssm_contacts, *SPEC_ESCALATION)
    engagement = client.start_engagement(
        ContactId=escalation.arn,
        Sender="cli",
        Subject="Disk full",
        Content="db-1 is at 100%",
        PublicSubject="Disk",
        PublicContent="db-1 full",
        IncidentId="inc-42",
    )["EngagementArn"]
    ssm_contacts.clock.set(at(6))
    ssm_contacts.fail_delivery(ssm_contacts.pages_for("alejr")[0])
    ssm_contacts.deliver(ssm_contacts.pages[1])
    ssm_contacts.clock.set(at(8))
    read(client, ssm_contacts, ssm_contacts.pages[0])
    ssm_contacts.clock.set(at(12))

    pages = ssm_contacts.pages
    listed = _all(client, "list_pages_by_engagement", "Pages", EngagementId=engagement)
    assert [p["PageArn"] for p in listed] == [p.arn for p in pages]
    for alias in ("akuam", "alejr", "anasi"):
        by_contact = _all(
            client, "list_pages_by_contact", "Pages", ContactId=ssm_contacts.contact(alias).arn
        )
        assert [p["PageArn"] for p in by_contact] == [
            p.arn for p in reversed(ssm_contacts.pages_for(alias))
        ]

    for page in pages:
        described = client.describe_page(PageId=page.arn)
        assert_matches_output(client, "DescribePage", described)
        described.pop("ResponseMetadata")
        expected = {
            "PageArn": page.arn,
            "EngagementArn": page.engagement_arn,
            "ContactArn": page.contact_arn,
            "Sender": page.sender,
            "IncidentId": page.incident_id,
            "SentTime": page.sent_time,
            "DeliveryTime": page.delivery_time,
            "ReadTime": page.read_time,
            "Subject": "Disk full",
            "Content": "db-1 is at 100%",
            "PublicSubject": "Disk",
            "PublicContent": "db-1 full",
        }
        assert described == {k: v for k, v in expected.items() if v is not None}
        listed_receipts = _all(client, "list_page_receipts", "Receipts", PageId=page.arn)
        assert [
            (r["ReceiptType"], r["ReceiptTime"], r.get("ReceiptInfo"), r["ContactChannelArn"])
            for r in listed_receipts
        ] == [(r.type, r.time, r.info, r.channel_arn) for r in page.receipts]
        path = _all(client, "list_page_resolutions", "PageResolutions", PageId=page.arn)
        assert path[0] == {"ContactArn": escalation.arn, "Type": "ESCALATION"}
        assert path[-1]["ContactArn"] == page.contact_arn

    akuam_sms = pages[0]
    assert (akuam_sms.delivery_time, akuam_sms.read_time) == (at(8), at(8))
    assert (pages[1].delivery_time, pages[1].read_time) == (at(6), None)


# -- 5.6: how a page was reached -----------------------------------------------------------


def test_resolution_of_a_direct_personal_engagement(ssm_contacts: SSMContacts, client: Any) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    engage(client, akuam)
    response = client.list_page_resolutions(PageId=ssm_contacts.pages[0].arn)
    assert_matches_output(client, "ListPageResolutions", response)
    assert response["PageResolutions"] == [{"ContactArn": akuam.arn, "Type": "PERSONAL"}]


def test_resolution_through_an_escalation_stage_and_an_on_call_schedule(
    ssm_contacts: SSMContacts, client: Any
) -> None:
    akuam = add_person(ssm_contacts, "akuam")
    alejr = add_person(ssm_contacts, "alejr")
    ssm_contacts.add_rotation(
        "primary",
        members=["alejr"],
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
        start_time=T0 - datetime.timedelta(days=1),
    )
    oncall = ssm_contacts.add_contact(
        "oncall", type="ONCALL_SCHEDULE", plan={"RotationIds": ["primary"]}
    )
    escalation = add_escalation(ssm_contacts, (5, "akuam", False), (5, "oncall", False))
    engage(client, escalation)
    ssm_contacts.clock.set(at(5))
    [via_schedule] = ssm_contacts.pages_for("alejr")
    assert client.list_page_resolutions(PageId=via_schedule.arn)["PageResolutions"] == [
        {"ContactArn": escalation.arn, "Type": "ESCALATION"},
        {"ContactArn": oncall.arn, "Type": "ONCALL_SCHEDULE", "StageIndex": 1},
        {"ContactArn": alejr.arn, "Type": "PERSONAL"},
    ]
    direct = ssm_contacts.pages_for("akuam")[0]
    assert client.list_page_resolutions(PageId=direct.arn)["PageResolutions"] == [
        {"ContactArn": escalation.arn, "Type": "ESCALATION"},
        {"ContactArn": akuam.arn, "Type": "PERSONAL", "StageIndex": 0},
    ]


# -- the engagement simulation ---------------------------------------------------------


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_personal_plan_timeline_without_acknowledgement(ssm_contacts: SSMContacts) -> None:
    engagement = helpers.engage(arn("akuam"))
    api = helpers.client()

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
    assert [p.sent_time for p in pages] == [
        helpers.T0 + datetime.timedelta(minutes=m) for m in (0, 5, 10)
    ]
    assert sorted(listed()) == sorted(p.arn for p in pages)
    ssm_contacts.clock.advance(minutes=30)
    assert len(ssm_contacts.pages) == 3
    assert api.describe_engagement(EngagementId=engagement).get("StopTime") is None


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_advancing_past_several_stages_at_once_pages_each_at_its_time(
    ssm_contacts: SSMContacts,
) -> None:
    helpers.engage(arn("akuam"))
    ssm_contacts.clock.advance(minutes=20)
    assert [p.sent_time for p in ssm_contacts.pages] == [
        helpers.T0 + datetime.timedelta(minutes=m) for m in (0, 5, 10)
    ]


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_read_acknowledges_and_stops_the_plan(ssm_contacts: SSMContacts) -> None:
    helpers.engage(arn("akuam"))
    ssm_contacts.clock.advance(minutes=2)
    (page,) = ssm_contacts.pages
    helpers.client().accept_page(
        PageId=page.arn,
        AcceptType="READ",
        AcceptCode=ssm_contacts.accept_code(page),
        AcceptCodeValidation="ENFORCE",
    )
    ssm_contacts.clock.advance(minutes=20)
    (read,) = ssm_contacts.pages
    assert read.read_time == helpers.T0 + datetime.timedelta(minutes=2)
    assert read.delivery_time is not None


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_delivered_does_not_acknowledge(ssm_contacts: SSMContacts) -> None:
    helpers.engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    helpers.client().accept_page(
        PageId=page.arn, AcceptType="DELIVERED", AcceptCode=ssm_contacts.accept_code(page)
    )
    ssm_contacts.clock.advance(minutes=5)
    assert len(ssm_contacts.pages) == 2


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_accept_page_with_a_wrong_code_under_enforce_is_refused(
    ssm_contacts: SSMContacts,
) -> None:
    helpers.engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    wrong = "999999" if ssm_contacts.accept_code(page) != "999999" else "111111"
    api = helpers.client()
    with pytest.raises(api.exceptions.ValidationException):
        api.accept_page(
            PageId=page.arn, AcceptType="READ", AcceptCode=wrong, AcceptCodeValidation="ENFORCE"
        )
    api.accept_page(PageId=page.arn, AcceptType="READ", AcceptCode=wrong)


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_stop_engagement_stops_everything(ssm_contacts: SSMContacts) -> None:
    engagement = helpers.engage(arn("akuam"))
    ssm_contacts.clock.advance(minutes=1)
    helpers.client().stop_engagement(EngagementId=engagement, Reason="resolved")
    ssm_contacts.clock.advance(minutes=30)
    (page,) = ssm_contacts.pages
    assert "STOP" in [r.type for r in page.receipts]
    assert ssm_contacts.engagements[0].stop_time == helpers.T0 + datetime.timedelta(minutes=1)


@pytest.mark.ssm_contacts(contacts=[person("akuam", retry=1)], start_time=helpers.T0)
def test_a_failed_delivery_is_resent_every_retry_interval(ssm_contacts: SSMContacts) -> None:
    helpers.engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    failed = ssm_contacts.fail_delivery(page)
    assert isinstance(failed, Page)
    assert "ERROR" in [r.type for r in failed.receipts]
    ssm_contacts.clock.advance(minutes=1)
    (resent,) = ssm_contacts.pages
    assert resent.sent_time == helpers.T0 + datetime.timedelta(minutes=1)
    assert [r.type for r in resent.receipts].count("SENT") == 2
    receipts = helpers.client().list_page_receipts(PageId=page.arn)["Receipts"]
    assert sorted(r["ReceiptType"] for r in receipts) == ["ERROR", "SENT", "SENT"]


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_without_a_retry_interval_a_failure_is_not_resent(ssm_contacts: SSMContacts) -> None:
    helpers.engage(arn("akuam"))
    (page,) = ssm_contacts.pages
    ssm_contacts.fail_delivery(page)
    ssm_contacts.clock.advance(minutes=4)
    (same,) = ssm_contacts.pages
    assert [r.type for r in same.receipts].count("SENT") == 1


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_deliver_writes_a_delivered_receipt(ssm_contacts: SSMContacts) -> None:
    helpers.engage(arn("akuam"))
    ssm_contacts.clock.advance(seconds=10)
    delivered = ssm_contacts.deliver(ssm_contacts.pages[0])
    assert delivered.delivery_time == helpers.T0 + datetime.timedelta(seconds=10)
    receipts = helpers.client().list_page_receipts(PageId=delivered.arn)["Receipts"]
    assert sorted(r["ReceiptType"] for r in receipts) == ["DELIVERED", "SENT"]
    described = helpers.client().describe_page(PageId=delivered.arn)
    assert described["DeliveryTime"] == helpers.T0 + datetime.timedelta(seconds=10)


@pytest.mark.ssm_contacts(contacts=[person("akuam")], start_time=helpers.T0)
def test_deactivated_and_deleted_channels_are_not_paged(ssm_contacts: SSMContacts) -> None:
    api = helpers.client()
    channels = {c.name: c.arn for c in ssm_contacts.contact("akuam").channels}
    api.deactivate_contact_channel(ContactChannelId=channels["sms"])
    api.delete_contact_channel(ContactChannelId=channels["voice"])
    helpers.engage(arn("akuam"), api)
    ssm_contacts.clock.advance(minutes=15)
    assert [p.channel_type for p in ssm_contacts.pages] == ["EMAIL"]
