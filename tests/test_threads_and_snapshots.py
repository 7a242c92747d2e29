"""The fixture's members while the app calls the API from other threads, and records that
share nothing with the fake's state."""

from __future__ import annotations

import copy
import datetime
import json
import pickle
import threading
from typing import Any, Callable

import pytest

from helpers import client
from pytest_ssmcontacts import SSMContacts
from pytest_ssmcontacts._frozen import FrozenDict, FrozenList, freeze

THREADS = 8
ROUNDS = 15
DAILY = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
}


def _app_thread(
    api: Any, worker: int, errors: list[BaseException], start: threading.Barrier
) -> None:
    try:
        start.wait()
        for index in range(ROUNDS):
            alias = f"w{worker}-{index}"
            arn = api.create_contact(Alias=alias, Type="PERSONAL", Plan={"Stages": []})[
                "ContactArn"
            ]
            channel = api.create_contact_channel(
                ContactId=arn,
                Name="sms",
                Type="SMS",
                DeliveryAddress={"SimpleAddress": "+15005550199"},
                DeferActivation=False,
            )["ContactChannelArn"]
            api.update_contact(
                ContactId=arn,
                Plan={
                    "Stages": [
                        {
                            "DurationInMinutes": 5,
                            "Targets": [{"ChannelTargetInfo": {"ContactChannelId": channel}}],
                        }
                    ]
                },
            )
            api.start_engagement(ContactId=arn, Sender="app", Subject="s", Content="c")
            api.create_rotation(
                Name=f"r-{alias}", ContactIds=[arn], TimeZoneId="UTC", Recurrence=DAILY
            )
            api.list_contacts()
            api.list_pages_by_contact(ContactId=arn)
    except BaseException as exc:
        errors.append(exc)


def _read_everything(fake: SSMContacts) -> None:
    contacts = fake.contacts
    aliases = [c.alias for c in contacts]
    assert len(aliases) == len(set(aliases))
    for contact in contacts:
        # A contact and its channels come from the same moment.
        assert all(ch.contact_arn == contact.arn for ch in contact.channels)
        assert fake.contact(contact.arn).arn == contact.arn
    engagements = fake.engagements
    known = {c.arn for c in fake.contacts}
    assert {e.contact_arn for e in engagements} <= known
    pages = fake.pages
    engaged = {e.arn for e in fake.engagements}
    assert {p.engagement_arn for p in pages} <= engaged
    for page in pages[-3:]:
        fake.accept_code(page)
        fake.fail_delivery(page, "no signal")
        fake.deliver(page)
        assert fake.pages_for(page.contact_arn)
        fake.assert_paged(page.contact_arn, channel="sms")
    if engagements:
        fake.engagements_for(engagements[0].contact_arn)
        fake.assert_engaged(engagements[0].contact_arn)
    for rotation in fake.rotations[-2:]:
        fake.rotation(rotation.arn)
        fake.on_call(rotation.arn)
    calls = fake.calls
    assert all(call.operation for call in calls)
    for contact in contacts[-4:]:
        for channel in contact.channels:
            if channel.activation_status == "NOT_ACTIVATED":
                assert len(fake.activation_code(channel)) == 6
    fake.fail_next("GetContact", "ThrottlingException")
    fake.clock.advance(seconds=1)
    fake.clock.now()


# The reader queues faults that the threads may or may not reach before the end.
@pytest.mark.ssm_contacts(
    quotas={"rotations": 1000, "contacts": 5000}, assert_all_faults_used=False
)
def test_every_member_reads_while_eight_threads_call_the_api(ssm_contacts: SSMContacts) -> None:
    seeded = ssm_contacts.add_contact(
        "seed", channels=[{"name": "sms", "type": "SMS", "address": "+15005550100"}]
    )
    clients = [client(region_name="us-east-1") for _ in range(THREADS)]
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS + 1)
    threads = [
        threading.Thread(target=_app_thread, args=(api, worker, errors, start))
        for worker, api in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    reads = 0
    seeded_count = 0
    while any(thread.is_alive() for thread in threads) or reads < 5:
        _read_everything(ssm_contacts)
        ssm_contacts.add_contact(f"seeded-{seeded_count}")
        rotation = ssm_contacts.add_rotation(
            f"seeded-{seeded_count}", members=["seed"], time_zone="UTC", recurrence=DAILY
        )
        now = ssm_contacts.clock.now()
        ssm_contacts.add_override(
            rotation, members=[], start=now, end=now + datetime.timedelta(hours=1)
        )
        assert ssm_contacts.on_call(rotation, at=now) == []
        seeded_count += 1
        ssm_contacts.assert_not_engaged("seed")
        ssm_contacts.assert_not_paged("seed")
        assert ssm_contacts.active
        assert (ssm_contacts.account_id, ssm_contacts.region) == ("123456789012", "us-east-1")
        reads += 1
    for thread in threads:
        thread.join()
    assert errors == []
    # What the threads did is all there, exactly once.
    assert len(ssm_contacts.engagements) == THREADS * ROUNDS
    assert len(ssm_contacts.rotations) == THREADS * ROUNDS + seeded_count
    assert len(ssm_contacts.contacts) == THREADS * ROUNDS + 1 + seeded_count
    creates = [c for c in ssm_contacts.calls if c.operation == "CreateContact"]
    assert len(creates) == THREADS * ROUNDS
    # Injected faults the reader queued were consumed by nobody: GetContact was never called.
    with pytest.raises(Exception, match="ThrottlingException"):
        client(region_name="us-east-1").get_contact(ContactId=seeded.arn)


def test_clock_moves_and_due_work_are_one_step(ssm_contacts: SSMContacts) -> None:
    bob = ssm_contacts.add_contact(
        "bob",
        channels=[{"name": "sms", "type": "SMS", "address": "+15005550100"}],
        plan={
            "Stages": [
                {"DurationInMinutes": 1, "Targets": []},
                {
                    "DurationInMinutes": 1,
                    "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}],
                },
            ]
        },
    )
    api = client(region_name="us-east-1")
    for _ in range(20):
        api.start_engagement(ContactId=bob.arn, Sender="s", Subject="s", Content="c")
    advancing = [
        threading.Thread(target=ssm_contacts.clock.advance, kwargs={"seconds": 20})
        for _ in range(THREADS)
    ]
    for thread in advancing:
        thread.start()
    for thread in advancing:
        thread.join()
    # Eight moves of 20 s each: none lost to a race, and the second stage ran once.
    assert ssm_contacts.clock.now() - bob_start(ssm_contacts) == datetime.timedelta(seconds=160)
    assert len(ssm_contacts.pages) == 20


def bob_start(fake: SSMContacts) -> datetime.datetime:
    start = fake.engagements[0].start_time
    assert start is not None
    return start


# -- records are snapshots --------------------------------------------------------------


def test_mutating_a_call_params_does_not_change_the_stored_rotation(
    ssm_contacts: SSMContacts,
) -> None:
    ssm_contacts.add_contact("alice")
    api = client(region_name="us-east-1")
    arn = api.create_rotation(
        Name="primary",
        ContactIds=[ssm_contacts.contact("alice").arn],
        TimeZoneId="UTC",
        Recurrence=copy.deepcopy(DAILY),
    )["RotationArn"]
    params = ssm_contacts.calls[-1].params
    with pytest.raises(TypeError, match="read-only record"):
        params["Recurrence"]["DailySettings"].append({"HourOfDay": 1, "MinuteOfHour": 0})
    with pytest.raises(TypeError, match="read-only record"):
        params["Recurrence"]["NumberOfOnCalls"] = 2
    # Even bypassing the read-only guard, the log holds a copy of its own.
    dict.__setitem__(params["Recurrence"], "NumberOfOnCalls", 5)
    list.append(params["Recurrence"]["DailySettings"], {"HourOfDay": 1, "MinuteOfHour": 0})
    assert api.get_rotation(RotationId=arn)["Recurrence"] == DAILY
    assert ssm_contacts.rotation("primary").recurrence == DAILY
    # The same after an update.
    api.update_rotation(RotationId=arn, Recurrence=copy.deepcopy(DAILY))
    params = ssm_contacts.calls[-1].params
    dict.__setitem__(params["Recurrence"], "NumberOfOnCalls", 5)
    assert api.get_rotation(RotationId=arn)["Recurrence"] == DAILY


def test_mutating_what_was_sent_does_not_change_the_call_log(ssm_contacts: SSMContacts) -> None:
    bob = ssm_contacts.add_contact("bob")
    plan: dict[str, Any] = {"Stages": [{"DurationInMinutes": 1, "Targets": []}]}
    client(region_name="us-east-1").update_contact(ContactId=bob.arn, Plan=plan)
    plan["Stages"].clear()
    assert ssm_contacts.calls[-1].params == {
        "ContactId": bob.arn,
        "Plan": {"Stages": [{"DurationInMinutes": 1, "Targets": []}]},
    }


def test_records_compare_print_and_serialise_as_plain_values(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    rotation = ssm_contacts.add_rotation(
        "primary", members=["alice"], time_zone="UTC", recurrence=DAILY, tags={"team": "db"}
    )
    assert rotation.recurrence == DAILY
    assert isinstance(rotation.recurrence, dict)
    assert isinstance(rotation.recurrence["DailySettings"], list)
    assert repr(rotation.tags) == "{'team': 'db'}"
    assert json.loads(json.dumps(rotation.recurrence)) == DAILY
    editable = copy.deepcopy(rotation.recurrence)
    assert type(editable) is dict
    assert type(editable["DailySettings"]) is list
    editable["DailySettings"].append({"HourOfDay": 1, "MinuteOfHour": 0})
    assert type(copy.copy(rotation.tags)) is dict
    assert pickle.loads(pickle.dumps(rotation)) == rotation
    assert rotation == ssm_contacts.rotation("primary")


MUTATIONS: list[tuple[str, Callable[[Any], Any]]] = [
    ("setitem", lambda d: d.__setitem__("k", 1)),
    ("delitem", lambda d: d.__delitem__("a")),
    ("update", lambda d: d.update(k=1)),
    ("setdefault", lambda d: d.setdefault("k", 1)),
    ("pop", lambda d: d.pop("a")),
    ("popitem", lambda d: d.popitem()),
    ("clear", lambda d: d.clear()),
    ("ior", lambda d: d.__ior__({"k": 1})),
    ("list-append", lambda d: d["b"].append(1)),
    ("list-extend", lambda d: d["b"].extend([1])),
    ("list-insert", lambda d: d["b"].insert(0, 1)),
    ("list-setitem", lambda d: d["b"].__setitem__(0, 9)),
    ("list-delitem", lambda d: d["b"].__delitem__(0)),
    ("list-pop", lambda d: d["b"].pop()),
    ("list-remove", lambda d: d["b"].remove(1)),
    ("list-sort", lambda d: d["b"].sort()),
    ("list-reverse", lambda d: d["b"].reverse()),
    ("list-iadd", lambda d: d["b"].__iadd__([1])),
    ("list-imul", lambda d: d["b"].__imul__(2)),
    ("list-clear", lambda d: d["b"].clear()),
    ("nested", lambda d: d["c"][0].__setitem__("x", 2)),
]


@pytest.mark.parametrize("mutate", [m for _, m in MUTATIONS], ids=[n for n, _ in MUTATIONS])
def test_frozen_values_refuse_every_change(mutate: Callable[[Any], Any]) -> None:
    source: dict[str, Any] = {"a": 1, "b": [1, 2], "c": [{"x": 1}]}
    frozen = freeze(source)
    with pytest.raises(TypeError, match="read-only record"):
        mutate(frozen)
    assert frozen == {"a": 1, "b": [1, 2], "c": [{"x": 1}]}
    source["b"].append(3)
    assert frozen["b"] == [1, 2]


def test_freeze_copies_deeply_and_keeps_frozen_values() -> None:
    value = {"a": [{"b": ("x", ["y"])}]}
    frozen = freeze(value)
    assert isinstance(frozen, FrozenDict)
    assert isinstance(frozen["a"], FrozenList)
    assert isinstance(frozen["a"][0]["b"][1], FrozenList)
    assert freeze(frozen) is frozen


def test_records_and_the_call_log_share_no_container_with_the_state(
    ssm_contacts: SSMContacts,
) -> None:
    # Even going around the read-only guard changes nothing the fake keeps.
    alice = ssm_contacts.add_contact("alice", tags={"team": "db"})
    api = client(region_name="us-east-1")
    api.create_rotation(
        Name="primary", ContactIds=[alice.arn], TimeZoneId="UTC", Recurrence=copy.deepcopy(DAILY)
    )
    record = ssm_contacts.rotation("primary")
    dict.__setitem__(record.recurrence, "NumberOfOnCalls", 5)
    dict.__setitem__(ssm_contacts.contact("alice").tags, "team", "web")
    dict.__setitem__(ssm_contacts.contact("alice").plan, "Stages", None)
    assert ssm_contacts.rotation("primary").recurrence == DAILY
    assert ssm_contacts.contact("alice").tags == {"team": "db"}
    assert ssm_contacts.contact("alice").plan == {"Stages": []}
