"""The documentation's generated parts and its examples, checked against the fake.

The lifecycle timelines and the coverage table are produced by running the fake (or
reading the model). When a page differs from the fresh text, the failure message prints
that text, ready to paste between the page's markers.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, Callable

import boto3
import pytest
from botocore import xform_name

import helpers
from helpers import (
    ACCOUNT,
    DAILY_AT_9,
    UTC,
    UUID,
    aliases,
    arn,
    channel_plan,
    client,
    escalation,
    person,
)
from pytest_ssmcontacts import (
    Contact,
    Page,
    Rotation,
    RotationOverride,
    SSMContacts,
    mock_ssm_contacts,
)
from pytest_ssmcontacts._model import error_names, operation_names
from pytest_ssmcontacts._service._registry import HANDLERS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.timezone.utc)
MINUTE = datetime.timedelta(minutes=1)


# -- the scenarios of the behaviour spec's section 5 ---------------------------------------


def _stage(channel: str, retry: int | None = None) -> dict[str, Any]:
    target: dict[str, Any] = {"ContactChannelId": channel}
    if retry is not None:
        target["RetryIntervalInMinutes"] = retry
    return {"DurationInMinutes": 5, "Targets": [{"ChannelTargetInfo": target}]}


def _add_person(fake: SSMContacts, alias: str) -> Contact:
    """Section 5.2's plan: SMS (retry 1), VOICE (retry 1), EMAIL, five minutes each."""
    return fake.add_contact(
        alias,
        channels=[
            {"name": "sms", "type": "SMS", "address": "+15005550199"},
            {"name": "voice", "type": "VOICE", "address": "+15005550100"},
            {"name": "email", "type": "EMAIL", "address": f"{alias}@example.com"},
        ],
        plan={"Stages": [_stage("sms", retry=1), _stage("voice", retry=1), _stage("email")]},
    )


def escalation_timeline() -> str:
    """Section 5.3: example_escalation engaged at T0 and nobody acknowledges."""
    with mock_ssm_contacts(start_time=T0) as fake:
        for alias in ("akuam", "alejr", "anasi"):
            _add_person(fake, alias)
        escalation = fake.add_contact(
            "example_escalation",
            type="ESCALATION",
            plan={
                "Stages": [
                    {
                        "DurationInMinutes": minutes,
                        "Targets": [
                            {"ContactTargetInfo": {"ContactId": alias, "IsEssential": essential}}
                        ],
                    }
                    for minutes, alias, essential in (
                        (5, "akuam", True),
                        (5, "alejr", False),
                        (0, "anasi", False),
                    )
                ]
            },
        )
        client = boto3.client("ssm-contacts")
        engagement = helpers.engage(escalation, client)
        fake.clock.advance(hours=1)
        return render_timeline(fake, client, engagement)


def personal_timeline() -> str:
    """Section 5.2's contact: a failed SMS, a delivery, a READ on VOICE, then a stop."""
    with mock_ssm_contacts(start_time=T0) as fake:
        client = boto3.client("ssm-contacts")
        engagement = helpers.engage(_add_person(fake, "akuam"), client)
        sms = fake.pages[0]
        fake.fail_delivery(sms, "carrier rejected")
        fake.clock.set(T0 + 2 * MINUTE)
        fake.deliver(sms)
        fake.clock.set(T0 + 6 * MINUTE)
        voice = fake.pages[1]
        client.accept_page(
            PageId=voice.arn,
            AcceptType="READ",
            AcceptCode=fake.accept_code(voice),
            AcceptCodeValidation="ENFORCE",
            Note="on my way",
        )
        fake.clock.set(T0 + 12 * MINUTE)
        client.stop_engagement(EngagementId=engagement, Reason="resolved")
        fake.clock.advance(hours=1)
        return render_timeline(fake, client, engagement)


# -- rendering -------------------------------------------------------------------------


def _channel_stage(contact: Contact, channel_arn: str) -> dict[str, Any]:
    """The stage index and target of the contact's plan that pages this channel."""
    for index, stage in enumerate(contact.plan.get("Stages", [])):
        for target in stage["Targets"]:
            info = target.get("ChannelTargetInfo") or {}
            if info.get("ContactChannelId") == channel_arn:
                return {"index": index, **info}
    raise AssertionError(f"no stage of {contact.alias} pages {channel_arn}")


def _reached_by(fake: SSMContacts, client: Any, page: Page) -> tuple[int, bool] | None:
    """(escalation stage, IsEssential) that engaged the paged contact, if one did."""
    path = client.list_page_resolutions(PageId=page.arn)["PageResolutions"]
    stage = path[-1].get("StageIndex")
    if stage is None:
        return None
    escalation = fake.contact(path[0]["ContactArn"])
    for target in escalation.plan["Stages"][stage]["Targets"]:
        info = target.get("ContactTargetInfo") or {}
        if info.get("ContactId") == page.contact_arn:
            return stage, bool(info.get("IsEssential"))
    raise AssertionError(f"stage {stage} of {escalation.alias} does not target {page.contact_arn}")


def _event(fake: SSMContacts, client: Any, page: Page, index: int, first_of_contact: bool) -> str:
    receipt = page.receipts[index]
    alias = page.contact_alias
    reached = _reached_by(fake, client, page)
    if receipt.type == "SENT":
        stage = _channel_stage(fake.contact(page.contact_arn), page.channel_arn)
        if index > 0:
            return f"re-send, `RetryIntervalInMinutes` ({stage['RetryIntervalInMinutes']}) later"
        parts = []
        if first_of_contact and reached is not None:
            essential = " (essential)" if reached[1] else ""
            parts.append(f"escalation stage {reached[0]} engages {alias}{essential}")
        parts.append(f"{alias}'s stage {stage['index']}")
        return "; ".join(parts)
    if receipt.type == "ERROR":
        return "`fail_delivery()`"
    if receipt.type == "DELIVERED":
        if receipt.info is None:
            return "`deliver()`: no more re-sends"
        following = page.receipts[index + 1 : index + 2]
        if following and following[0].type == "READ" and following[0].time == receipt.time:
            return "`AcceptPage` READ records DELIVERED first"
        return "`AcceptPage` DELIVERED"
    if receipt.type == "READ":
        event = f"`AcceptPage` READ: {alias} acknowledges, the rest of {alias}'s plan is dropped"
        if reached is not None and reached[1]:
            event += "; essential, so later escalation stages never start"
        return event
    if receipt.type == "STOP":
        return "`StopEngagement`: STOP on every unread page"
    raise AssertionError(f"unexpected receipt {receipt}")


def _receipt(page: Page, index: int) -> str:
    receipt = page.receipts[index]
    if receipt.info is None:
        return f"`{receipt.type}`"
    if receipt.type == "SENT":
        return f"`{receipt.type}` (a message id)"
    if receipt.info == page.accept_code:
        return f"`{receipt.type}` (the accept code)"
    return f'`{receipt.type}` ("{receipt.info}")'


def render_timeline(fake: SSMContacts, client: Any, engagement_arn: str) -> str:
    """One row per receipt of the engagement's pages, by time and then page."""
    pages = [p for p in fake.pages if p.engagement_arn == engagement_arn]
    start = next(e.start_time for e in fake.engagements if e.arn == engagement_arn)
    assert start is not None
    first_page: dict[str, int] = {}
    for number, page in enumerate(pages, 1):
        first_page.setdefault(page.contact_alias, number)
    rows: list[tuple[datetime.datetime, int, int, str]] = []
    for number, page in enumerate(pages, 1):
        label = f"#{number} {page.contact_alias} {page.channel_type}"
        for index, receipt in enumerate(page.receipts):
            first = first_page[page.contact_alias] == number
            event = _event(fake, client, page, index, first)
            if (number, index) == (1, 0):
                event = f"`StartEngagement`; {event}"
            minute = (receipt.time - start) / MINUTE
            cells = [f"{minute:g}", event, label, _receipt(page, index)]
            rows.append((receipt.time, number, index, "| " + " | ".join(cells) + " |"))
    lines = ["| Minute | Event | Page | Receipt |", "| --- | --- | --- | --- |"]
    lines += [row[-1] for row in sorted(rows)]
    return "\n".join(lines)


def _between(text: str, name: str) -> str:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)\n<!-- {name}:end -->", text, re.DOTALL)
    assert match is not None, f"docs/lifecycle.md has no <!-- {name}:start/end --> markers"
    return match.group(1).strip()


TIMELINES: dict[str, Callable[[], str]] = {
    "timeline": escalation_timeline,
    "timeline-personal": personal_timeline,
}


@pytest.mark.parametrize("name", sorted(TIMELINES))
def test_lifecycle_timeline_is_the_fakes(name: str) -> None:
    fresh = TIMELINES[name]()
    current = _between((DOCS / "lifecycle.md").read_text(encoding="utf-8"), name)
    assert current == fresh, (
        f"docs/lifecycle.md: the {name} table is not what the fake does now; put this "
        f"between <!-- {name}:start --> and <!-- {name}:end -->:\n\n{fresh}\n"
    )


def test_the_escalation_timeline_is_the_specs() -> None:
    # Section 5.3's sends, so a change of the fake that breaks the spec is not pasted blindly.
    sends = [
        (row.split(" | ")[0].lstrip("| "), row.split(" | ")[2])
        for row in escalation_timeline().splitlines()[2:]
    ]
    assert sends == [
        ("0", "#1 akuam SMS"),
        ("5", "#2 akuam VOICE"),
        ("5", "#3 alejr SMS"),
        ("10", "#4 akuam EMAIL"),
        ("10", "#5 alejr VOICE"),
        ("10", "#6 anasi SMS"),
        ("15", "#7 alejr EMAIL"),
        ("15", "#8 anasi VOICE"),
        ("20", "#9 anasi EMAIL"),
    ]


# -- claims of the behaviour choices page ---------------------------------------------------


def test_pages_of_an_escalation_are_listed_newest_first_by_first_send() -> None:
    with mock_ssm_contacts(start_time=T0) as fake:
        first, second = (_add_person(fake, alias) for alias in ("akuam", "alejr"))
        team = fake.add_contact(
            "team",
            type="ESCALATION",
            plan={
                "Stages": [
                    {
                        "DurationInMinutes": minutes,
                        "Targets": [
                            {"ContactTargetInfo": {"ContactId": alias, "IsEssential": False}}
                        ],
                    }
                    for minutes, alias in ((2, "akuam"), (0, "alejr"))
                ]
            },
        )
        client = boto3.client("ssm-contacts")
        helpers.engage(team, client)
        fake.fail_delivery(fake.pages[0])
        fake.clock.set(T0 + 2 * MINUTE)
        one = client.list_pages_by_contact(ContactId=team.arn, MaxResults=1)
        # akuam's page is re-sent between the two calls; it keeps its place in the list.
        fake.clock.set(T0 + 3 * MINUTE)
        two = client.list_pages_by_contact(
            ContactId=team.arn, MaxResults=1, NextToken=one["NextToken"]
        )
        everything = client.list_pages_by_contact(ContactId=team.arn)

    paged = [p["ContactArn"] for p in [*one["Pages"], *two["Pages"]]]
    assert paged == [second.arn, first.arn]
    assert [p["ContactArn"] for p in everything["Pages"]] == [second.arn, first.arn]


_ESCALATION_TARGET = {"ContactTargetInfo": {"ContactId": "team", "IsEssential": True}}


@pytest.mark.parametrize(
    ("kind", "plan"),
    [
        pytest.param(
            "ESCALATION",
            {"Stages": [{"DurationInMinutes": 5, "Targets": [_ESCALATION_TARGET]}]},
            id="escalation-targets-an-escalation",
        ),
        pytest.param(
            "ONCALL_SCHEDULE",
            {"Stages": [{"DurationInMinutes": 5, "Targets": []}]},
            id="schedule-with-stages",
        ),
        pytest.param(
            "ESCALATION",
            {"Stages": [{"DurationInMinutes": 0, "Targets": []}]},
            id="zero-minutes-and-no-target",
        ),
    ],
)
def test_add_contact_refuses_a_plan_that_create_contact_refuses(
    kind: str, plan: dict[str, Any]
) -> None:
    with mock_ssm_contacts() as fake:
        fake.add_contact("team", type="ESCALATION")
        client = boto3.client("ssm-contacts")
        resolved = {"Stages": [dict(stage) for stage in plan["Stages"]]}
        if plan["Stages"][0]["Targets"]:
            arn = fake.contact("team").arn
            target = {"ContactTargetInfo": {"ContactId": arn, "IsEssential": True}}
            resolved["Stages"][0]["Targets"] = [target]
        with pytest.raises(client.exceptions.ValidationException):
            client.create_contact(Alias="api", Type=kind, Plan=resolved)
        with pytest.raises(ValueError, match=r"^add_contact\(\): "):
            fake.add_contact("fixture", type=kind, plan=plan)


# -- the coverage table ------------------------------------------------------------------

_ROW = re.compile(r"^\| `(?P<operation>\w+)` \| `(?P<method>\w+)` \| (?P<status>[^|]+) \| (.*) \|$")


def _coverage_rows() -> dict[str, tuple[str, str, str]]:
    rows: dict[str, tuple[str, str, str]] = {}
    for line in (DOCS / "coverage.md").read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match is not None:
            operation = match["operation"]
            assert operation not in rows, f"{operation} has two rows"
            rows[operation] = (match["method"], match["status"].strip(), match[4])
    return rows


def modeled_errors(operation: str) -> str:
    return ", ".join(name.removesuffix("Exception") for name in error_names(operation))


def test_coverage_lists_every_operation_of_the_model_once() -> None:
    rows = _coverage_rows()
    assert sorted(rows) == sorted(operation_names())
    assert len(rows) == 39


def test_coverage_rows_match_the_model_and_are_all_supported() -> None:
    for operation, (method, status, errors) in _coverage_rows().items():
        assert method == xform_name(operation), operation
        assert status == "supported", operation
        assert operation in HANDLERS, f"{operation} is marked supported but has no handler"
        assert errors == modeled_errors(operation), operation


# -- the examples ---------------------------------------------------------------------------

_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
_TEST = re.compile(r"^def test_", re.MULTILINE)


@pytest.mark.parametrize(
    "page",
    [
        "README.md",
        "docs/lifecycle.md",
        "docs/schedules.md",
        "docs/other-processes.md",
        "docs/validation.md",
    ],
)
def test_the_examples_of_a_page_pass(pytester: pytest.Pytester, page: str) -> None:
    # A page's examples build on each other, so they run as one module, in order.
    source = "\n\n".join(_PYTHON_BLOCK.findall((ROOT / page).read_text(encoding="utf-8")))
    tests = len(_TEST.findall(source))
    assert tests > 0, f"{page} has no example tests"
    pytester.makepyfile(test_examples=source)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=tests)


# -- the quick-start example -----------------------------------------------------------


def raise_alarm(message: str) -> None:
    """A tiny app: pages the DBA on call through boto3."""
    boto3.client("ssm-contacts").start_engagement(
        ContactId="arn:aws:ssm-contacts:us-east-2:111122223333:contact/akuam",
        Sender="my-app",
        Subject=f"{message.capitalize()} on db-01",
        Content="Please look at db-01",
    )


@pytest.mark.ssm_contacts(contacts=["akuam"], account_id="111122223333", region="us-east-2")
def test_quick_start_example_pages_oncall(ssm_contacts: SSMContacts) -> None:
    raise_alarm("disk full")
    ssm_contacts.assert_engaged("akuam", subject="Disk full on db-01")


# -- the escalation example ------------------------------------------------------------


ESCALATING = [
    {
        "alias": "primary",
        "channels": [{"name": "phone", "type": "SMS", "address": "+15005550101"}],
        "plan": channel_plan(("phone", 5)),
    },
    {
        "alias": "secondary",
        "channels": [{"name": "phone", "type": "SMS", "address": "+15005550102"}],
        "plan": channel_plan(("phone", 5)),
    },
    escalation("db-escalation", ("primary", True, 5), ("secondary", True, 5)),
]


def start_incident() -> None:
    boto3.client("ssm-contacts").start_engagement(
        ContactId=arn("db-escalation"), Sender="incidents", Subject="db down", Content="db-01"
    )


@pytest.mark.ssm_contacts(contacts=ESCALATING)
def test_escalates_to_secondary(ssm_contacts: SSMContacts) -> None:
    start_incident()
    ssm_contacts.assert_paged("primary", channel="sms")
    ssm_contacts.assert_not_paged("secondary")
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged("secondary")


@pytest.mark.ssm_contacts(contacts=ESCALATING)
def test_an_essential_acknowledgement_halts_the_escalation(ssm_contacts: SSMContacts) -> None:
    start_incident()
    ssm_contacts.clock.advance(minutes=2)
    (page,) = ssm_contacts.pages_for("primary")
    client().accept_page(
        PageId=page.arn, AcceptType="READ", AcceptCode=ssm_contacts.accept_code(page)
    )
    ssm_contacts.clock.advance(minutes=10)
    ssm_contacts.assert_not_paged("secondary")


@pytest.mark.ssm_contacts(
    contacts=[
        *ESCALATING[:2],
        escalation("db-escalation", ("primary", False, 5), ("secondary", True, 5)),
    ]
)
def test_a_non_essential_acknowledgement_does_not_halt_it(ssm_contacts: SSMContacts) -> None:
    start_incident()
    (page,) = ssm_contacts.pages_for("primary")
    client().accept_page(
        PageId=page.arn, AcceptType="READ", AcceptCode=ssm_contacts.accept_code(page)
    )
    ssm_contacts.clock.advance(minutes=5)
    ssm_contacts.assert_paged("secondary")


# -- the holiday example and fixture additions -----------------------------------------


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time="2024-12-23T08:00:00Z")
def test_holiday_override(ssm_contacts: SSMContacts) -> None:
    rot = ssm_contacts.add_rotation(
        "primary",
        members=["alice", "bob"],
        time_zone="Europe/Berlin",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
    )
    christmas = datetime.datetime(2024, 12, 25, 12, 0, tzinfo=UTC)
    assert aliases(ssm_contacts.on_call(rot, at=christmas)) == ["alice"]
    override = ssm_contacts.add_override(
        rot,
        members=["bob"],
        start=datetime.datetime(2024, 12, 25, 8, 0, tzinfo=UTC),
        end=datetime.datetime(2024, 12, 26, 8, 0, tzinfo=UTC),
    )
    assert isinstance(override, RotationOverride)
    assert aliases(ssm_contacts.on_call(rot, at=christmas)) == ["bob"]
    assert aliases(ssm_contacts.on_call("primary", at=christmas)) == ["bob"]
    shifts = client().list_rotation_shifts(
        RotationId=rot.arn,
        StartTime=datetime.datetime(2024, 12, 25, 8, 0, tzinfo=UTC),
        EndTime=datetime.datetime(2024, 12, 26, 8, 0, tzinfo=UTC),
    )["RotationShifts"]
    assert [(s["Type"], s["ContactIds"]) for s in shifts] == [("OVERRIDDEN", [arn("bob")])]
    assert shifts[0]["ShiftDetails"]["OverriddenContactIds"] == [arn("alice")]


@pytest.mark.ssm_contacts(contacts=["alice", "bob"], start_time=helpers.T0)
def test_add_rotation_returns_a_rotation_record(ssm_contacts: SSMContacts) -> None:
    bob = ssm_contacts.contact("bob")
    rot = ssm_contacts.add_rotation(
        "primary",
        members=["alice", bob.arn],
        time_zone="UTC",
        recurrence=DAILY_AT_9,
        tags={"team": "db"},
    )
    assert isinstance(rot, Rotation)
    assert re.fullmatch(rf"arn:aws:ssm-contacts:us-east-1:{ACCOUNT}:rotation/{UUID}", rot.arn)
    assert (rot.name, rot.time_zone, rot.start_time) == ("primary", "UTC", helpers.T0)
    assert rot.contact_arns == (arn("alice"), arn("bob"))
    got = client().get_rotation(RotationId=rot.arn)
    assert got["ContactIds"] == [arn("alice"), arn("bob")]
    assert client().list_tags_for_resource(ResourceARN=rot.arn)["Tags"] == [
        {"Key": "team", "Value": "db"}
    ]
    assert ssm_contacts.rotations == [rot]


@pytest.mark.ssm_contacts(contacts=["alice"], start_time=helpers.T0)
def test_add_rotation_rejects_what_create_rotation_would(ssm_contacts: SSMContacts) -> None:
    with pytest.raises(ValueError, match="add_rotation"):
        ssm_contacts.add_rotation(
            "r", members=["alice"], time_zone="Mars/Olympus", recurrence=DAILY_AT_9
        )
    with pytest.raises((ValueError, LookupError)):
        ssm_contacts.add_rotation("r", members=["nobody"], time_zone="UTC", recurrence=DAILY_AT_9)


@pytest.mark.ssm_contacts(
    contacts=[
        person("alice"),
        person("bob"),
        {"alias": "db-oncall", "type": "ONCALL_SCHEDULE", "plan": {"RotationIds": ["db"]}},
    ],
    rotations=[
        {
            "name": "db",
            "members": ["alice", "bob"],
            "time_zone": "UTC",
            "recurrence": DAILY_AT_9,
            "start_time": helpers.T0,
        }
    ],
    start_time=helpers.T0 + datetime.timedelta(hours=1),
)
def test_marker_rotations_and_on_call_for_schedules_and_rotations(
    ssm_contacts: SSMContacts,
) -> None:
    (rot,) = ssm_contacts.rotations
    assert rot.name == "db"
    assert aliases(ssm_contacts.on_call("db-oncall")) == ["alice"]
    assert aliases(ssm_contacts.on_call(ssm_contacts.contact("db-oncall"))) == ["alice"]
    assert aliases(ssm_contacts.on_call(rot)) == ["alice"]
    tomorrow = helpers.T0 + datetime.timedelta(days=1, hours=1)
    assert aliases(ssm_contacts.on_call("db-oncall", at=tomorrow)) == ["bob"]
    assert aliases(ssm_contacts.on_call(rot.arn, tomorrow)) == ["bob"]
    before = helpers.T0 - datetime.timedelta(hours=1)
    assert ssm_contacts.on_call("db-oncall", at=before) == []
    ssm_contacts.add_override(
        "db", members=["bob"], start=helpers.T0, end=helpers.T0 + datetime.timedelta(hours=2)
    )
    assert aliases(ssm_contacts.on_call("db-oncall")) == ["bob"]
    schedule = client().get_contact(ContactId=arn("db-oncall"))
    assert schedule["Plan"]["RotationIds"] == [rot.arn]
