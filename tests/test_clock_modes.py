"""The two clock modes: the fake's own virtual clock, and the process's system clock."""

from __future__ import annotations

import datetime
from typing import Any, Callable

import boto3
import freezegun
import pytest
import time_machine

import helpers
from helpers import arn, client, engage
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

UTC = datetime.timezone.utc
T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
FIVE_MINUTES = datetime.timedelta(minutes=5)
NOT_MOVABLE = (
    "clock.{method}() is not available with clock='system': the fake follows the system "
    "clock, so move that with your time-travel library, e.g. time-machine's "
    "traveller.shift(datetime.timedelta(minutes=5)) or freezegun's "
    "frozen.tick(datetime.timedelta(minutes=5)); or use clock='virtual' (the default)"
)


def _two_stage_contact(fake: SSMContacts) -> str:
    contact = fake.add_contact(
        "dba",
        channels=[
            {"name": "sms", "type": "SMS", "address": "+15005550199"},
            {"name": "mail", "type": "EMAIL", "address": "dba@example.com"},
        ],
        plan={
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}],
                },
                {
                    "DurationInMinutes": 5,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "mail"}}],
                },
            ]
        },
    )
    return contact.arn


# -- clock.advance(timedelta) -------------------------------------------------------------


def test_advance_takes_a_timedelta_positionally_and_keywords() -> None:
    with mock_ssm_contacts(start_time=T0) as fake:
        assert fake.clock.advance(FIVE_MINUTES) == T0 + FIVE_MINUTES
        assert fake.clock.advance(minutes=5) == T0 + 2 * FIVE_MINUTES
        assert fake.clock.advance(FIVE_MINUTES, seconds=30) == T0 + datetime.timedelta(
            minutes=15, seconds=30
        )


def test_advance_by_a_timedelta_runs_due_work() -> None:
    with mock_ssm_contacts(start_time=T0) as fake:
        engage(_two_stage_contact(fake))
        fake.clock.advance(FIVE_MINUTES)
        assert [p.channel_name for p in fake.pages] == ["sms", "mail"]


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (5, "advance() takes a datetime.timedelta or keyword units"),
        (-FIVE_MINUTES, "advance() cannot go backwards, got -1 day, 23:55:00"),
    ],
)
def test_advance_refuses_a_bad_delta(argument: Any, message: str) -> None:
    with mock_ssm_contacts(start_time=T0) as fake:
        with pytest.raises((TypeError, ValueError)) as raised:
            fake.clock.advance(argument)
        assert str(raised.value).startswith(message)
        assert fake.clock.now() == T0


# -- the clock option ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["wall", "System", 1, None])
def test_a_bad_clock_value_names_the_option_and_the_choices(value: Any) -> None:
    with pytest.raises(ValueError) as raised:
        mock_ssm_contacts(clock=value)
    assert str(raised.value) == f"clock must be 'virtual' or 'system', got {value!r}"


def test_a_bad_clock_marker_value_errors_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(clock="wall")
        def test_it(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["ssm_contacts marker: clock must be 'virtual' or 'system', got 'wall'"]
    )


def test_start_time_and_the_system_clock_do_not_mix() -> None:
    with pytest.raises(ValueError, match="start_time cannot be combined with clock='system'"):
        mock_ssm_contacts(clock="system", start_time=T0)


def test_the_virtual_clock_is_the_default_and_ignores_time_travel() -> None:
    with mock_ssm_contacts(start_time=T0) as fake:
        assert fake.clock.mode == "virtual"
        with time_machine.travel(datetime.datetime(2030, 1, 1, tzinfo=UTC), tick=False):
            assert fake.clock.now() == T0


@pytest.mark.parametrize("method", ["advance", "set"])
def test_the_system_clock_cannot_be_moved_by_hand(method: str) -> None:
    with mock_ssm_contacts(clock="system") as fake:
        assert fake.clock.mode == "system"
        move: Callable[..., Any] = getattr(fake.clock, method)
        with pytest.raises(RuntimeError) as raised:
            move(T0) if method == "set" else move(minutes=1)
        assert str(raised.value) == NOT_MOVABLE.format(method=method)


# -- the system clock under time-machine and freezegun ----------------------------------


def test_time_machine_drives_an_escalation_from_stage_1_to_stage_2() -> None:
    with (
        time_machine.travel(T0, tick=False) as traveller,
        mock_ssm_contacts(clock="system") as fake,
    ):
        engage(_two_stage_contact(fake))
        assert fake.engagements[0].start_time == T0
        fake.assert_paged("dba", channel="sms")
        fake.assert_paged("dba", channel="mail", times=0)
        traveller.shift(datetime.timedelta(minutes=4, seconds=59))
        fake.assert_paged("dba", channel="mail", times=0)
        traveller.shift(datetime.timedelta(seconds=1))
        # No call since: the inspection itself runs what fell due.
        fake.assert_paged("dba", channel="mail")
        assert fake.pages[1].sent_time == T0 + FIVE_MINUTES
        assert fake.clock.now() == T0 + FIVE_MINUTES


def test_freezegun_drives_an_escalation_from_stage_1_to_stage_2() -> None:
    with (
        freezegun.freeze_time("2024-01-01 09:00:00") as frozen,
        mock_ssm_contacts(clock="system") as fake,
    ):
        engage(_two_stage_contact(fake))
        frozen.tick(FIVE_MINUTES)
        pages = boto3.client("ssm-contacts").list_pages_by_contact(
            ContactId=fake.contact("dba").arn
        )["Pages"]
    assert len(pages) == 2
    assert [p.channel_name for p in fake.pages] == ["sms", "mail"]
    # Records hold plain datetimes, not freezegun's own class.
    assert type(fake.pages[1].sent_time) is type(T0)
    assert fake.pages[1].sent_time == T0 + FIVE_MINUTES


def test_the_system_clock_reads_the_wall_clock_without_travel() -> None:
    before = datetime.datetime.now(UTC) - datetime.timedelta(seconds=1)
    with mock_ssm_contacts(clock="system") as fake:
        boto3.client("ssm-contacts").list_contacts()
        now = fake.clock.now()
    after = datetime.datetime.now(UTC) + datetime.timedelta(seconds=1)
    assert before <= fake.calls[0].time <= now <= after  # type: ignore[operator]


def test_the_fixture_follows_time_machine(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import datetime

        import boto3
        import pytest

        T0 = datetime.datetime(2024, 1, 1, 9, tzinfo=datetime.timezone.utc)
        PLAN = {"Stages": [
            {"DurationInMinutes": 5, "Targets": [
                {"ChannelTargetInfo": {"ContactChannelId": "sms"}}]},
            {"DurationInMinutes": 5, "Targets": [
                {"ChannelTargetInfo": {"ContactChannelId": "mail"}}]},
        ]}
        DBA = {
            "alias": "dba",
            "channels": [
                {"name": "sms", "type": "SMS", "address": "+15005550199"},
                {"name": "mail", "type": "EMAIL", "address": "dba@example.com"},
            ],
            "plan": PLAN,
        }


        def engagements_in_the_last_hour(client):
            since = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
            listed = client.list_engagements(
                TimeRangeValue={"StartTime": since, "EndTime": since + datetime.timedelta(hours=2)}
            )
            return listed["Engagements"]


        @pytest.mark.ssm_contacts(clock="system", contacts=[DBA])
        def test_app_and_fake_share_the_time(ssm_contacts, time_machine):
            traveller = time_machine.move_to(T0, tick=False)
            client = boto3.client("ssm-contacts")
            client.start_engagement(
                ContactId=ssm_contacts.contact("dba").arn, Sender="a", Subject="s", Content="c"
            )
            assert len(engagements_in_the_last_hour(client)) == 1
            ssm_contacts.assert_paged("dba", channel="sms")
            time_machine.shift(datetime.timedelta(minutes=5))
            ssm_contacts.assert_paged("dba", channel="mail")
            with pytest.raises(RuntimeError, match="time-machine's traveller.shift"):
                ssm_contacts.clock.advance(datetime.timedelta(minutes=5))
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


# -- the virtual clock -----------------------------------------------------------------


def test_clock_starts_at_the_real_current_time_in_utc() -> None:
    before = datetime.datetime.now(helpers.UTC)
    with mock_ssm_contacts() as fake:
        now = fake.clock.now()
    after = datetime.datetime.now(helpers.UTC)
    assert now.utcoffset() == datetime.timedelta(0)
    assert before - datetime.timedelta(milliseconds=1) <= now <= after


@pytest.mark.ssm_contacts(start_time=helpers.T0)
def test_clock_now_advance_and_set(ssm_contacts: SSMContacts) -> None:
    clock = ssm_contacts.clock
    assert clock.now() == helpers.T0
    clock.advance(minutes=5, seconds=30)
    assert clock.now() == helpers.T0 + datetime.timedelta(minutes=5, seconds=30)
    clock.set(datetime.datetime(2024, 1, 2, 0, 0, tzinfo=helpers.UTC))
    assert clock.now() == datetime.datetime(2024, 1, 2, 0, 0, tzinfo=helpers.UTC)


@pytest.mark.ssm_contacts(start_time="2024-01-01T09:00:00Z", contacts=["akuam"])
def test_every_timestamp_comes_from_the_clock(ssm_contacts: SSMContacts) -> None:
    api = client()
    first = engage(arn("akuam"), api)
    ssm_contacts.clock.advance(minutes=3)
    api.stop_engagement(EngagementId=first)
    described = api.describe_engagement(EngagementId=first)
    assert described["StartTime"] == helpers.T0
    assert described["StopTime"] == helpers.T0 + datetime.timedelta(minutes=3)
    assert ssm_contacts.clock.now() == helpers.T0 + datetime.timedelta(minutes=3)
