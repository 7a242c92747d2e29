"""Rotations as tests set them up: ``add_rotation``, ``add_override``, ``on_call``, the
``rotations`` records and the ``rotations=`` option of the marker and the constructor."""

from __future__ import annotations

import datetime
import re
from typing import Any

import boto3
import pytest

from pytest_ssmcontacts import Rotation, RotationOverride, SSMContacts, mock_ssm_contacts

UTC = datetime.timezone.utc
PREFIX = "arn:aws:ssm-contacts:us-east-1:123456789012:"
ROTATION_ARN = re.compile(
    r"^arn:aws:ssm-contacts:us-east-1:123456789012:rotation/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
NOW = datetime.datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def daily(on_call: int = 1) -> dict[str, Any]:
    """A fresh recurrence each time, so no test can change another's."""
    return {
        "NumberOfOnCalls": on_call,
        "RecurrenceMultiplier": 1,
        "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
    }


SMS = {"name": "sms", "type": "SMS", "address": "+15005550199"}
PAGED_BY_SMS = {
    "Stages": [
        {"DurationInMinutes": 5, "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}]}
    ]
}

pytestmark = pytest.mark.ssm_contacts(
    contacts=["alice", "bob", "carol", {"alias": "team", "type": "ESCALATION"}],
    start_time="2024-01-01T08:00:00Z",
)


def at(text: str) -> datetime.datetime:
    """A UTC instant written as '2024-01-01 09:00'."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def _aliases(contacts: list[Any]) -> list[str]:
    return [c.alias for c in contacts]


@pytest.fixture
def primary(ssm_contacts: SSMContacts) -> Rotation:
    """Alice, Bob, Carol in turn, handing off at 09:00 UTC; Alice is on call at 08:00."""
    return ssm_contacts.add_rotation(
        "primary",
        members=["alice", "bob", "carol"],
        time_zone="UTC",
        recurrence=daily(),
        start_time="2023-12-31T09:00:00Z",
    )


# -- add_rotation / rotations / rotation() ------------------------------------------------


def test_add_rotation_returns_the_stored_rotation(ssm_contacts: SSMContacts) -> None:
    bob = ssm_contacts.contact("bob")
    rotation = ssm_contacts.add_rotation(
        "primary",
        members=["alice", bob, PREFIX + "contact/carol"],
        time_zone="Europe/Berlin",
        recurrence=daily(),
        start_time=datetime.datetime(2024, 1, 1, 9, tzinfo=UTC),
        tags={"team": "db"},
    )
    assert ROTATION_ARN.match(rotation.arn)
    assert rotation == Rotation(
        arn=rotation.arn,
        name="primary",
        contact_arns=tuple(PREFIX + f"contact/{a}" for a in ("alice", "bob", "carol")),
        start_time=at("2024-01-01 09:00"),
        time_zone="Europe/Berlin",
        recurrence=daily(),
        tags={"team": "db"},
    )
    client = boto3.client("ssm-contacts")
    stored = client.get_rotation(RotationId=rotation.arn)
    assert stored["ContactIds"] == list(rotation.contact_arns)
    assert stored["Recurrence"] == daily()
    assert stored["StartTime"] == at("2024-01-01 09:00")
    tags = client.list_tags_for_resource(ResourceARN=rotation.arn)["Tags"]
    assert tags == [{"Key": "team", "Value": "db"}]


def test_add_rotation_starts_now_by_default(ssm_contacts: SSMContacts) -> None:
    rotation = ssm_contacts.add_rotation(
        "primary", members=["alice"], time_zone="UTC", recurrence=daily()
    )
    assert rotation.start_time == NOW
    assert rotation.tags == {}


def test_rotations_in_creation_order_and_by_name_or_arn(ssm_contacts: SSMContacts) -> None:
    assert ssm_contacts.rotations == []
    second = ssm_contacts.add_rotation("zulu", members=["bob"], time_zone="UTC", recurrence=daily())
    first = ssm_contacts.add_rotation(
        "alpha", members=["alice"], time_zone="UTC", recurrence=daily()
    )
    assert ssm_contacts.rotations == [second, first]
    assert ssm_contacts.rotation("alpha") == first
    assert ssm_contacts.rotation(second.arn) == second


def test_rotation_lookup_of_an_unknown_rotation_names_the_known_ones(
    ssm_contacts: SSMContacts, primary: Rotation
) -> None:
    with pytest.raises(LookupError) as excinfo:
        ssm_contacts.rotation("secondary")
    assert str(excinfo.value) == "rotation(): no rotation 'secondary'; known rotations: 'primary'"
    missing = PREFIX + "rotation/00000000-0000-0000-0000-000000000000"
    with pytest.raises(LookupError, match=r"^rotation\(\): no rotation 'arn:"):
        ssm_contacts.rotation(missing)


def test_rotation_lookup_by_a_shared_name_asks_for_the_arn(ssm_contacts: SSMContacts) -> None:
    for members in (["alice"], ["bob"]):
        ssm_contacts.add_rotation("twin", members=members, time_zone="UTC", recurrence=daily())
    with pytest.raises(LookupError) as excinfo:
        ssm_contacts.rotation("twin")
    assert str(excinfo.value) == "rotation(): 2 rotations are named 'twin'; pass its ARN"


def test_returned_rotations_are_snapshots(ssm_contacts: SSMContacts, primary: Rotation) -> None:
    with pytest.raises(TypeError, match="read-only record"):
        primary.recurrence["DailySettings"].append({"HourOfDay": 21, "MinuteOfHour": 0})
    with pytest.raises(TypeError, match="read-only record"):
        primary.tags["mutated"] = "yes"
    stored = ssm_contacts.rotation("primary")
    assert stored.recurrence == daily()
    assert stored.tags == {}


def test_add_rotation_keeps_its_own_copy_of_the_recurrence(ssm_contacts: SSMContacts) -> None:
    recurrence: dict[str, Any] = {
        "NumberOfOnCalls": 1,
        "RecurrenceMultiplier": 1,
        "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
    }
    rotation = ssm_contacts.add_rotation(
        "primary", members=["alice"], time_zone="UTC", recurrence=recurrence
    )
    recurrence["DailySettings"][0]["HourOfDay"] = 23
    recurrence["DailySettings"].append({"HourOfDay": 3, "MinuteOfHour": 0})
    assert ssm_contacts.rotation(rotation.arn).recurrence == daily()


HAND_OFF_9 = {"HourOfDay": 9, "MinuteOfHour": 0}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"members": ["alice", "zed"]},
            "add_rotation(): members[1] 'zed' is not the alias of a contact",
            id="unknown-alias",
        ),
        pytest.param(
            {"members": ["zed"]},
            "add_rotation(): members[0] 'zed' is not the alias of a contact",
            id="only-an-unknown-alias",
        ),
        pytest.param(
            {"members": ["alice", PREFIX + "contact/ghost"]},
            f"add_rotation(): members: no contact {PREFIX}contact/ghost",
            id="unknown-arn",
        ),
        pytest.param(
            {"members": ["alice", "team"]},
            f"add_rotation(): members: Contact {PREFIX}contact/team is ESCALATION; "
            "rotations take PERSONAL contacts",
            id="not-personal",
        ),
        pytest.param(
            {"members": ["alice", "alice"]},
            "add_rotation(): members must not repeat a contact",
            id="repeated-member",
        ),
        pytest.param(
            {"members": []},
            "add_rotation(): members [] must have length greater than or equal to 1",
            id="no-members",
        ),
        pytest.param(
            {"members": "alice"},
            "add_rotation(): members must be a list of contact aliases or ARNs, got 'alice'",
            id="members-not-a-list",
        ),
        pytest.param(
            {"name": "bad name!"},
            "add_rotation(): name 'bad name!' must satisfy regular expression pattern: "
            "^[a-zA-Z0-9_\\-\\s\\.]*$",
            id="name-pattern",
        ),
        pytest.param(
            {"recurrence": {"DailySettings": [HAND_OFF_9]}},
            "add_rotation(): recurrence['NumberOfOnCalls'] is required; "
            "recurrence['RecurrenceMultiplier'] is required",
            id="recurrence-incomplete",
        ),
        pytest.param(
            {"recurrence": {**daily(), "RecurrenceMultiplier": 101}},
            "add_rotation(): recurrence['RecurrenceMultiplier'] 101 must have value less than "
            "or equal to 100",
            id="multiplier-range",
        ),
        pytest.param(
            {"time_zone": None},
            "add_rotation(): time_zone is required",
            id="no-time-zone",
        ),
        pytest.param(
            {"start_time": "yesterday"},
            "add_rotation(): start_time must be an ISO 8601 date-time such as "
            "'2024-01-01T09:00:00+00:00', got 'yesterday'",
            id="unparseable-start-time",
        ),
        pytest.param(
            {"tags": ["team"]},
            "add_rotation(): tags must be a dict of tag keys to values, got ['team']",
            id="tags-not-a-dict",
        ),
    ],
)
def test_add_rotation_rejects(
    ssm_contacts: SSMContacts, kwargs: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {
        "name": "primary",
        "members": ["alice"],
        "time_zone": "UTC",
        "recurrence": daily(),
        **kwargs,
    }
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_rotation(**arguments)
    assert str(excinfo.value) == message
    assert ssm_contacts.rotations == []


@pytest.mark.parametrize(
    ("kwargs", "argument", "detail"),
    [
        pytest.param({"time_zone": "PST"}, "time_zone", "PST", id="abbreviation"),
        pytest.param({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Mars", id="unknown-zone"),
        pytest.param(
            {"recurrence": daily(on_call=2)},
            "recurrence",
            "NumberOfOnCalls",
            id="more-on-call-than-members",
        ),
        pytest.param(
            {"recurrence": {"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1}},
            "recurrence",
            "DailySettings",
            id="no-hand-offs",
        ),
        pytest.param(
            {
                "recurrence": {
                    **daily(),
                    "ShiftCoverages": {
                        "MON": [{"Start": HAND_OFF_9, "End": {"HourOfDay": 9, "MinuteOfHour": 10}}]
                    },
                }
            },
            "recurrence",
            "30 minutes",
            id="short-coverage",
        ),
        pytest.param({"tags": {"bad key": "x"}}, "tags", "bad key", id="tag-key-pattern"),
    ],
)
def test_add_rotation_rules_name_the_argument(
    ssm_contacts: SSMContacts, kwargs: dict[str, Any], argument: str, detail: str
) -> None:
    arguments: dict[str, Any] = {
        "name": "primary",
        "members": ["alice"],
        "time_zone": "UTC",
        "recurrence": daily(),
        **kwargs,
    }
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_rotation(**arguments)
    message = str(excinfo.value)
    assert message.startswith(f"add_rotation(): {argument}"), message
    assert detail in message
    assert ssm_contacts.rotations == []


# -- add_override --------------------------------------------------------------------------


def test_add_override_changes_who_is_on_call(ssm_contacts: SSMContacts, primary: Rotation) -> None:
    ssm_contacts.clock.advance(minutes=3)
    override = ssm_contacts.add_override(
        "primary",
        members=["carol", ssm_contacts.contact("bob")],
        start="2024-01-01T10:00:00Z",
        end=datetime.datetime(2024, 1, 1, 12, tzinfo=UTC),
    )
    assert override == RotationOverride(
        id=override.id,
        rotation_arn=primary.arn,
        contact_arns=(PREFIX + "contact/carol", PREFIX + "contact/bob"),
        start=at("2024-01-01 10:00"),
        end=at("2024-01-01 12:00"),
        create_time=NOW + datetime.timedelta(minutes=3),
    )
    assert _aliases(ssm_contacts.on_call(primary, at=at("2024-01-01 11:00"))) == ["carol", "bob"]
    assert _aliases(ssm_contacts.on_call(primary, at=at("2024-01-01 12:00"))) == ["bob"]
    client = boto3.client("ssm-contacts")
    stored = client.get_rotation_override(RotationId=primary.arn, RotationOverrideId=override.id)
    assert stored["NewContactIds"] == list(override.contact_arns)
    assert stored["CreateTime"] == override.create_time


def test_add_override_with_nobody(ssm_contacts: SSMContacts, primary: Rotation) -> None:
    ssm_contacts.add_override(primary, members=[], start=NOW, end=at("2024-01-01 09:00"))
    assert ssm_contacts.on_call(primary) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"members": ["zed"]},
            "add_override(): members[0] 'zed' is not the alias of a contact",
            id="unknown-alias",
        ),
        pytest.param(
            {"members": ["team"]},
            f"add_override(): members: Contact {PREFIX}contact/team is not a member of rotation "
            "{rotation}",
            id="not-a-member",
        ),
        pytest.param(
            {"members": "alice"},
            "add_override(): members must be a list of contact aliases or ARNs, got 'alice'",
            id="members-not-a-list",
        ),
        pytest.param(
            {"end": "2024-01-01T10:29:00Z"},
            "add_override(): end must be at least 30 minutes after start",
            id="short",
        ),
        pytest.param(
            {"end": "2024-01-01T09:00:00Z"},
            "add_override(): end must be after start",
            id="backwards",
        ),
        pytest.param(
            {"end": "soon"},
            "add_override(): end must be an ISO 8601 date-time such as "
            "'2024-01-01T09:00:00+00:00', got 'soon'",
            id="unparseable-end",
        ),
    ],
)
def test_add_override_rejects(
    ssm_contacts: SSMContacts, primary: Rotation, kwargs: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {
        "members": ["bob"],
        "start": "2024-01-01T10:00:00Z",
        "end": "2024-01-01T12:00:00Z",
        **kwargs,
    }
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_override(primary, **arguments)
    assert str(excinfo.value) == message.replace("{rotation}", primary.arn)
    assert _aliases(ssm_contacts.on_call(primary, at=at("2024-01-01 11:00"))) == ["bob"]


def test_add_override_refuses_what_the_api_refuses_more_than_six_months_ahead(
    ssm_contacts: SSMContacts, primary: Rotation
) -> None:
    with pytest.raises(ValueError, match=r"^add_override\(\): start "):
        ssm_contacts.add_override(
            primary, members=["bob"], start="2024-07-03T10:00:00Z", end="2024-07-03T12:00:00Z"
        )
    ssm_contacts.add_override(
        primary, members=["bob"], start="2024-06-28T10:00:00Z", end="2024-06-28T12:00:00Z"
    )


def test_add_override_to_an_unknown_rotation(ssm_contacts: SSMContacts, primary: Rotation) -> None:
    with pytest.raises(LookupError) as excinfo:
        ssm_contacts.add_override("secondary", members=[], start=NOW, end=at("2024-01-01 09:00"))
    assert str(excinfo.value) == (
        "add_override(): no rotation 'secondary'; known rotations: 'primary'"
    )


# -- on_call --------------------------------------------------------------------------------


def test_on_call_of_a_rotation_by_record_name_or_arn(
    ssm_contacts: SSMContacts, primary: Rotation
) -> None:
    for rotation in (primary, "primary", primary.arn):
        assert _aliases(ssm_contacts.on_call(rotation)) == ["alice"]
        assert _aliases(ssm_contacts.on_call(rotation, at=at("2024-01-01 09:00"))) == ["bob"]
    assert ssm_contacts.on_call(primary, at=at("2023-12-31 08:59")) == []
    ssm_contacts.clock.advance(days=1)
    (bob,) = ssm_contacts.on_call(primary)
    assert bob == ssm_contacts.contact("bob")


def test_on_call_of_a_schedule_follows_its_rotations(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_rotation("day", members=["alice", "bob"], time_zone="UTC", recurrence=daily())
    ssm_contacts.add_rotation(
        "pair",
        members=["carol", "alice"],
        time_zone="UTC",
        recurrence=daily(on_call=2),
    )
    schedule = ssm_contacts.add_contact(
        "oncall", type="ONCALL_SCHEDULE", plan={"RotationIds": ["day", "pair"]}
    )
    assert schedule.plan["RotationIds"] == [r.arn for r in ssm_contacts.rotations]
    for target in (schedule, "oncall", schedule.arn):
        assert _aliases(ssm_contacts.on_call(target)) == ["alice", "carol"]


def test_on_call_rejects_what_has_no_one_on_call(
    ssm_contacts: SSMContacts, primary: Rotation
) -> None:
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.on_call("team")
    assert str(excinfo.value) == (
        "on_call(): 'team' is a contact of type ESCALATION; pass an ONCALL_SCHEDULE contact or "
        "a rotation"
    )
    with pytest.raises(LookupError) as lookup:
        ssm_contacts.on_call("secondary")
    assert str(lookup.value) == "on_call(): no rotation 'secondary'; known rotations: 'primary'"
    naive = datetime.datetime(2024, 1, 1, 9)
    assert ssm_contacts.on_call(primary, at=naive) == ssm_contacts.on_call(
        primary, at=naive.replace(tzinfo=datetime.timezone.utc)
    )


def test_on_call_reads_an_arn_as_naming_a_contact_or_a_rotation(
    ssm_contacts: SSMContacts, primary: Rotation
) -> None:
    # No contact of that ARN exists: the lookup says so rather than seeking a rotation.
    with pytest.raises(LookupError) as contact:
        ssm_contacts.on_call(f"{PREFIX}contact/nobody")
    assert str(contact.value).startswith(f"no contact '{PREFIX}contact/nobody'; known aliases: ")
    with pytest.raises(LookupError) as rotation:
        ssm_contacts.on_call(f"{PREFIX}rotation/nothing")
    assert str(rotation.value) == (
        f"on_call(): no rotation '{PREFIX}rotation/nothing'; known rotations: 'primary'"
    )


def test_a_schedule_naming_an_unknown_rotation_is_refused(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_contact("oncall", type="ONCALL_SCHEDULE", plan={"RotationIds": ["nope"]})
    assert str(excinfo.value) == (
        "add_contact(): plan['RotationIds'][0] 'nope' is neither a rotation ARN nor the name "
        "of a rotation added before this contact"
    )


# -- rotations= in the marker and the constructor ---------------------------------------------


@pytest.mark.ssm_contacts(
    contacts=[
        {"alias": "oncall", "type": "ONCALL_SCHEDULE", "plan": {"RotationIds": ["primary"]}},
        {"alias": "dave", "channels": [SMS], "plan": PAGED_BY_SMS},
        {"alias": "erin", "channels": [SMS], "plan": PAGED_BY_SMS},
    ],
    rotations=[
        {
            "name": "primary",
            "members": ["dave", "erin"],
            "time_zone": "UTC",
            "recurrence": daily(),
            "start_time": "2023-12-31T09:00:00Z",
            "tags": {"team": "db"},
        }
    ],
)
def test_marker_preloads_rotations_and_schedules_that_use_them(
    ssm_contacts: SSMContacts,
) -> None:
    (rotation,) = ssm_contacts.rotations
    assert rotation.name == "primary"
    assert rotation.tags == {"team": "db"}
    assert rotation.contact_arns == (PREFIX + "contact/dave", PREFIX + "contact/erin")
    assert ssm_contacts.contact("oncall").plan == {"RotationIds": [rotation.arn]}
    client = boto3.client("ssm-contacts")
    client.start_engagement(
        ContactId=PREFIX + "contact/oncall", Sender="cli", Subject="s", Content="c"
    )
    ssm_contacts.assert_paged("dave", times=1)
    ssm_contacts.assert_not_paged("erin")


@pytest.mark.ssm_contacts(
    rotations=[{"name": "primary", "members": ["alice"], "time_zone": "UTC", "recurrence": daily()}]
)
def test_marker_rotations_start_at_the_virtual_start_time(ssm_contacts: SSMContacts) -> None:
    assert ssm_contacts.rotation("primary").start_time == NOW


def test_constructor_rotations_are_recreated_at_each_activation() -> None:
    fake = mock_ssm_contacts(
        contacts=["alice"],
        rotations=[
            {"name": "primary", "members": ["alice"], "time_zone": "UTC", "recurrence": daily()}
        ],
    )
    with fake:
        first = fake.rotation("primary")
        fake.add_override(first, members=[], start=first.start_time, end="2099-01-01T00:00:00Z")
        assert fake.on_call(first) == []
    with fake:
        (again,) = fake.rotations
        assert _aliases(fake.on_call(again)) == ["alice"]


@pytest.mark.parametrize(
    ("rotations", "message"),
    [
        pytest.param(
            {"name": "primary"},
            "rotations must be a list of dicts of add_rotation() arguments, got {'name': "
            "'primary'}",
            id="not-a-list",
        ),
        pytest.param(
            ["primary"],
            "rotations[0]: expected a dict of add_rotation() arguments, got 'primary'",
            id="not-a-dict",
        ),
        pytest.param(
            [{"name": "primary", "member": ["alice"]}],
            "rotations[0]: unknown key 'member'; expected: members, name, recurrence, "
            "start_time, tags, time_zone",
            id="unknown-key",
        ),
        pytest.param(
            [{"name": "primary", "members": ["alice"]}],
            "rotations[0]: missing 'time_zone', 'recurrence'",
            id="missing-keys",
        ),
        pytest.param(
            [
                {
                    "name": "primary",
                    "members": ["alice", "zed"],
                    "time_zone": "UTC",
                    "recurrence": daily(),
                }
            ],
            "rotations[0]: add_rotation(): members[1] 'zed' is not the alias of a contact",
            id="bad-arguments",
        ),
    ],
)
def test_constructor_rejects_bad_rotations(rotations: Any, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        mock_ssm_contacts(contacts=["alice"], rotations=rotations)
    assert str(excinfo.value) == message


def test_marker_reports_a_bad_rotation(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(
            contacts=["alice"],
            rotations=[{"name": "primary", "members": ["alice"], "time_zone": "PST",
                        "recurrence": {"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1,
                                       "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}]}}],
        )
        def test_never_runs(ssm_contacts):
            pass

        @pytest.mark.ssm_contacts(rotations=[{"name": "primary"}])
        def test_never_runs_either(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ssm_contacts marker: rotations[[]0[]]: add_rotation(): *PST*",
            "*ssm_contacts marker: rotations[[]0[]]: missing 'members', 'time_zone', 'recurrence'",
        ]
    )


def test_records_name_their_members_like_the_arguments(ssm_contacts: SSMContacts) -> None:
    for alias in ("ann", "ben"):
        ssm_contacts.add_contact(alias)
    rotation = ssm_contacts.add_rotation(
        "pair", members=["ann", "ben"], time_zone="UTC", recurrence=daily()
    )
    assert (
        rotation.members
        == rotation.contact_arns
        == tuple(ssm_contacts.contact(alias).arn for alias in ("ann", "ben"))
    )
    start = ssm_contacts.clock.now() + datetime.timedelta(days=1)
    override = ssm_contacts.add_override(
        rotation, members=["ben"], start=start, end=start + datetime.timedelta(hours=1)
    )
    assert override.members == override.contact_arns == (ssm_contacts.contact("ben").arn,)


def test_bad_argument_types_are_value_errors_naming_the_argument(
    ssm_contacts: SSMContacts,
) -> None:
    ssm_contacts.add_contact("ann")
    not_a_list: Any = 5
    with pytest.raises(ValueError, match=r"^add_rotation\(\): members must be a list"):
        ssm_contacts.add_rotation("r", members=not_a_list, time_zone="UTC", recurrence=daily())
    with pytest.raises(ValueError, match=r"^add_contact\(\): channels must be a list"):
        ssm_contacts.add_contact("bob", channels=not_a_list)
    too_many = {f"k{i}": "v" for i in range(51)}
    with pytest.raises(ValueError, match=r"^add_rotation\(\): tags \[.* less than or equal to 50$"):
        ssm_contacts.add_rotation(
            "r", members=["ann"], time_zone="UTC", recurrence=daily(), tags=too_many
        )
