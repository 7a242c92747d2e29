"""The fixture's seeding (``add_contact``, ``add_rotation``, ``add_override``, the marker)
cannot create what the API would refuse: the same rules, quotas included, answered
with the fixture's own ValueErrors."""

from __future__ import annotations

import datetime
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from helpers import client
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

PREFIX = "arn:aws:ssm-contacts:us-east-1:123456789012:"
DAILY = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
}
SMS = {"name": "sms", "type": "SMS", "address": "+15005550199"}


def stages(count: int, target: str) -> dict[str, Any]:
    return {
        "Stages": [
            {
                "DurationInMinutes": 1,
                "Targets": [{"ContactTargetInfo": {"ContactId": target, "IsEssential": False}}],
            }
            for _ in range(count)
        ]
    }


def test_an_escalation_plan_of_104_stages_is_refused_by_the_stage_quota(
    ssm_contacts: SSMContacts,
) -> None:
    ssm_contacts.add_contact("bob")
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_contact("team", type="ESCALATION", plan=stages(104, "bob"))
    assert str(excinfo.value) == (
        "add_contact(): plan: A plan can have at most 10 stages (quota 'stages_per_plan')"
    )
    assert [c.alias for c in ssm_contacts.contacts] == ["bob"]


@pytest.mark.ssm_contacts(quotas={"stages_per_plan": 500})
def test_no_quota_lets_a_plan_outgrow_the_model_stage_index(ssm_contacts: SSMContacts) -> None:
    bob = ssm_contacts.add_contact("bob")
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_contact("team", type="ESCALATION", plan=stages(104, "bob"))
    assert str(excinfo.value) == (
        "add_contact(): plan: A plan can have at most 101 stages (StageIndex 0 to 100)"
    )
    api = client(region_name="us-east-1")
    with pytest.raises(ClientError) as api_error:
        api.create_contact(Alias="team", Type="ESCALATION", Plan=stages(102, bob.arn))
    assert api_error.value.response["Error"]["Code"] == "ValidationException"
    assert "at most 101 stages" in api_error.value.response["Error"]["Message"]
    # The largest plan the model allows engages up to StageIndex 100, within the model.
    team = ssm_contacts.add_contact("team", type="ESCALATION", plan=stages(101, "bob"))
    engagement = api.start_engagement(ContactId=team.arn, Sender="s", Subject="s", Content="c")[
        "EngagementArn"
    ]
    ssm_contacts.clock.advance(minutes=200)
    assert len(ssm_contacts.engagements) == 1
    assert engagement


@pytest.mark.ssm_contacts(quotas={"contacts": 2})
def test_add_contact_counts_towards_the_contacts_quota(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    ssm_contacts.add_contact("bob")
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_contact("carol")
    assert str(excinfo.value) == (
        "add_contact(): alias: You have reached the limit of 2 contacts in this Region "
        "(quota 'contacts')"
    )


@pytest.mark.ssm_contacts(quotas={"channels_per_contact": 1})
def test_add_contact_channels_follow_the_channel_quota(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_contact(
            "alice", channels=[SMS, {"name": "mail", "type": "EMAIL", "address": "a@b.example"}]
        )
    assert str(excinfo.value) == (
        "add_contact(): channels[1]: A contact can have at most 1 contact channels "
        "(quota 'channels_per_contact')"
    )
    assert ssm_contacts.contacts == []


def test_add_contact_refuses_two_channels_with_one_address(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(ValueError, match=r"^add_contact\(\): channels\[1\]: Contact .* already "):
        ssm_contacts.add_contact("alice", channels=[SMS, {**SMS, "name": "sms-2"}])
    assert ssm_contacts.contacts == []


@pytest.mark.ssm_contacts(quotas={"targets_per_stage": 1})
def test_add_contact_plans_follow_the_target_quota(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    ssm_contacts.add_contact("bob")
    plan = {
        "Stages": [
            {
                "DurationInMinutes": 1,
                "Targets": [
                    {"ContactTargetInfo": {"ContactId": "alice", "IsEssential": False}},
                    {"ContactTargetInfo": {"ContactId": "bob", "IsEssential": False}},
                ],
            }
        ]
    }
    with pytest.raises(ValueError, match=r"quota 'targets_per_stage'"):
        ssm_contacts.add_contact("team", type="ESCALATION", plan=plan)


@pytest.mark.ssm_contacts(quotas={"rotations": 1})
def test_add_rotation_counts_towards_the_rotations_quota(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    ssm_contacts.add_rotation("one", members=["alice"], time_zone="UTC", recurrence=DAILY)
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_rotation("two", members=["alice"], time_zone="UTC", recurrence=DAILY)
    assert str(excinfo.value) == (
        "add_rotation(): name: You have reached the limit of 1 rotations in this Region "
        "(quota 'rotations')"
    )
    assert [r.name for r in ssm_contacts.rotations] == ["one"]


@pytest.mark.ssm_contacts(quotas={"overrides_per_rotation": 1}, start_time="2024-01-01T00:00Z")
def test_add_override_follows_the_overrides_quota(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    rotation = ssm_contacts.add_rotation(
        "one", members=["alice"], time_zone="UTC", recurrence=DAILY
    )
    window = {"start": "2024-01-02T00:00Z", "end": "2024-01-02T01:00Z"}
    ssm_contacts.add_override(rotation, members=["alice"], **window)
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_override(rotation, members=["alice"], **window)
    assert str(excinfo.value) == (
        "add_override(): rotation: A rotation can have at most 1 overrides "
        "(quota 'overrides_per_rotation')"
    )


@pytest.mark.ssm_contacts(start_time="2024-01-01T00:00Z")
def test_add_override_six_months_rule_names_start(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    rotation = ssm_contacts.add_rotation(
        "one", members=["alice"], time_zone="UTC", recurrence=DAILY
    )
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_override(
            rotation, members=[], start="2024-08-01T00:00Z", end="2024-08-01T01:00Z"
        )
    assert str(excinfo.value) == "add_override(): start must be at most six months ahead"


def test_a_schedule_of_too_many_rotations_is_refused(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    names = [f"r{index}" for index in range(9)]
    for name in names:
        ssm_contacts.add_rotation(name, members=["alice"], time_zone="UTC", recurrence=DAILY)
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_contact("oncall", type="ONCALL_SCHEDULE", plan={"RotationIds": names})
    assert str(excinfo.value) == (
        "add_contact(): plan: An on-call schedule can have at most 8 rotations"
    )


def test_the_marker_goes_through_the_quotas(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(contacts=["alice", "bob"], quotas={"contacts": 1})
        def test_it(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ssm_contacts marker: contacts[[]1[]]: add_contact(): alias: You have reached the "
            "limit of 1 contacts in this Region (quota 'contacts')*"
        ]
    )


def test_mock_ssm_contacts_rotations_go_through_the_quotas() -> None:
    with pytest.raises(ValueError, match=r"^rotations\[1\]: add_rotation\(\): .*'rotations'"):
        mock_ssm_contacts(
            contacts=["alice"],
            rotations=[
                {"name": n, "members": ["alice"], "time_zone": "UTC", "recurrence": DAILY}
                for n in ("one", "two")
            ],
            quotas={"rotations": 1},
        )


# -- the same answer from both doors -------------------------------------------------------

# Each case: a seeding call, and the API call that asks for the same thing. Both refuse,
# or both accept.
Case = Callable[[SSMContacts, Any], Any]


def _seed_contact(**kwargs: Any) -> Case:
    return lambda fake, _: fake.add_contact(**kwargs)


def _api_contact(**kwargs: Any) -> Case:
    def call(fake: SSMContacts, api: Any) -> Any:
        plan = kwargs.get("plan") or {"Stages": []}
        return api.create_contact(
            Alias=kwargs["alias"], Type=kwargs.get("type", "PERSONAL"), Plan=plan
        )

    return call


PAIRS = [
    pytest.param(
        _seed_contact(alias="team", type="ESCALATION", plan=stages(11, PREFIX + "contact/bob")),
        _api_contact(alias="team", type="ESCALATION", plan=stages(11, PREFIX + "contact/bob")),
        False,
        id="stages-over-quota",
    ),
    pytest.param(
        _seed_contact(alias="team", type="ESCALATION", plan=stages(10, PREFIX + "contact/bob")),
        _api_contact(alias="team", type="ESCALATION", plan=stages(10, PREFIX + "contact/bob")),
        True,
        id="stages-at-quota",
    ),
    pytest.param(
        _seed_contact(alias="bob"),
        _api_contact(alias="bob"),
        False,
        id="alias-taken",
    ),
    pytest.param(
        _seed_contact(alias="team", type="ESCALATION", plan=stages(1, PREFIX + "contact/ghost")),
        _api_contact(alias="team", type="ESCALATION", plan=stages(1, PREFIX + "contact/ghost")),
        False,
        id="unknown-target",
    ),
    pytest.param(
        lambda fake, _: fake.add_rotation(
            "r", members=["bob", "bob"], time_zone="UTC", recurrence=DAILY
        ),
        lambda fake, api: api.create_rotation(
            Name="r",
            ContactIds=[PREFIX + "contact/bob"] * 2,
            TimeZoneId="UTC",
            Recurrence=DAILY,
        ),
        False,
        id="repeated-member",
    ),
    pytest.param(
        lambda fake, _: fake.add_rotation("r", members=["bob"], time_zone="PST", recurrence=DAILY),
        lambda fake, api: api.create_rotation(
            Name="r", ContactIds=[PREFIX + "contact/bob"], TimeZoneId="PST", Recurrence=DAILY
        ),
        False,
        id="abbreviated-zone",
    ),
    pytest.param(
        lambda fake, _: fake.add_rotation(
            "r", members=["bob"], time_zone="UTC", recurrence={**DAILY, "NumberOfOnCalls": 2}
        ),
        lambda fake, api: api.create_rotation(
            Name="r",
            ContactIds=[PREFIX + "contact/bob"],
            TimeZoneId="UTC",
            Recurrence={**DAILY, "NumberOfOnCalls": 2},
        ),
        False,
        id="more-on-call-than-members",
    ),
]


@pytest.mark.parametrize(("seed", "api_call", "accepted"), PAIRS)
def test_seeding_and_the_api_agree(seed: Case, api_call: Case, accepted: bool) -> None:
    outcomes = []
    for door in (seed, api_call):
        with mock_ssm_contacts(contacts=["bob"], start_time="2024-01-01T00:00Z") as fake:
            try:
                door(fake, client(region_name="us-east-1"))
            except (ValueError, ClientError):
                outcomes.append(False)
            else:
                outcomes.append(True)
            state = (len(fake.contacts), len(fake.rotations))
            if not outcomes[-1]:
                # A refused call leaves the fake as it was: bob alone.
                assert state == (1, 0)
    assert outcomes == [accepted, accepted]


def test_seeded_start_time_is_the_rotation_start(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    rotation = ssm_contacts.add_rotation(
        "r", members=["alice"], time_zone="UTC", recurrence=DAILY, start_time="2024-01-01T09:00Z"
    )
    assert rotation.start_time == datetime.datetime(2024, 1, 1, 9, tzinfo=datetime.timezone.utc)


@pytest.mark.ssm_contacts(start_time="2024-01-01T00:00Z")
def test_add_override_members_follow_the_model_list_limit(ssm_contacts: SSMContacts) -> None:
    names = [f"m{index}" for index in range(30)]
    for name in names:
        ssm_contacts.add_contact(name)
    rotation = ssm_contacts.add_rotation("r", members=names, time_zone="UTC", recurrence=DAILY)
    with pytest.raises(ValueError) as excinfo:
        ssm_contacts.add_override(
            rotation, members=[*names, names[0]], start="2024-01-02T00:00Z", end="2024-01-02T01:00Z"
        )
    message = str(excinfo.value)
    assert message.startswith("add_override(): members [")
    assert message.endswith("] must have length less than or equal to 30")
