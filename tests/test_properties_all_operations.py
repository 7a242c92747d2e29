"""Every operation, any input: an answer that fits the model, or an error the model lists.

Each of the model's operations gets, against a small preloaded world: random requests
through a boto3 client that validates nothing; well-formed requests, which must mostly
succeed; well-formed requests with members set to null, which must mean what leaving
them out means; and raw JSON bodies. Whatever succeeds must leave every resource
readable in its output shape.

Then a state machine drives the fake through random sequences of calls, predicting each
outcome from a simple model and checking after each step what must always hold: lists
page through every item exactly once and agree with the model, no page reaches a
channel or contact that may not be paged, and engagements agree with their pages.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime
import functools
import json
from collections.abc import Iterable, Iterator
from typing import Any, Callable, TypeVar

import attrs
import boto3
import botocore.session
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import Shape
from botocore.parsers import create_parser
from hypothesis import Phase, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from output_shapes import assert_matches_output
from pattern_reference import ascii_reference
from profiles import examples
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

MODEL = botocore.session.get_session().get_service_model("ssm-contacts")
OPERATIONS = tuple(MODEL.operation_names)
REASONS = set(MODEL.shape_for("ValidationExceptionReason").enum)

REGION = "us-east-1"
ACCOUNT = "123456789012"
ARN = f"arn:aws:ssm-contacts:{REGION}:{ACCOUNT}"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
UTC = datetime.timezone.utc
T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=UTC)  # a Monday, at the daily hand-off
MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)

# The fake answers these only when a test injects them.
INJECTED_ONLY = {
    "AccessDeniedException",
    "DataEncryptionException",
    "InternalServerException",
    "ThrottlingException",
}
# The model lists no ResourceNotFoundException for CreateContactChannel; for an unknown
# contact the fake answers it anyway, as every other channel call does (the behaviour
# spec's recommendation, section 4.2).
UNMODELED_ON_PURPOSE = {("CreateContactChannel", "ResourceNotFoundException")}


def modeled_errors(operation: str) -> set[str]:
    names = {shape.name for shape in MODEL.operation_model(operation).error_shapes}
    return names | {code for op, code in UNMODELED_ON_PURPOSE if op == operation}


# -- the preloaded world ----------------------------------------------------------------

HAND_OFF = {"HourOfDay": 9, "MinuteOfHour": 0}
DAILY = {"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1, "DailySettings": [HAND_OFF]}
WEEKLY = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "WeeklySettings": [{"DayOfWeek": "MON", "HandOffTime": HAND_OFF}],
}


def _stage(minutes: int, targets: list[dict[str, Any]]) -> dict[str, Any]:
    return {"DurationInMinutes": minutes, "Targets": targets}


def _to_channel(channel: str, retry: int = 0) -> dict[str, Any]:
    return {"ChannelTargetInfo": {"ContactChannelId": channel, "RetryIntervalInMinutes": retry}}


def _to_contact(contact: str, essential: bool = False) -> dict[str, Any]:
    return {"ContactTargetInfo": {"ContactId": contact, "IsEssential": essential}}


CONTACTS: list[dict[str, Any]] = [
    {
        "alias": "alice",
        "display_name": "Alice",
        "channels": [
            {"name": "sms", "type": "SMS", "address": "+15005550101"},
            {"name": "mail", "type": "EMAIL", "address": "alice@example.com"},
        ],
        "plan": {"Stages": [_stage(5, [_to_channel("sms", 1)]), _stage(5, [_to_channel("mail")])]},
        "tags": {"team": "core"},
    },
    {
        "alias": "bob",
        "channels": [{"name": "voice", "type": "VOICE", "address": "+15005550102"}],
        "plan": {"Stages": [_stage(0, [_to_channel("voice")])]},
    },
    {"alias": "carol"},
    {
        "alias": "team",
        "type": "ESCALATION",
        "plan": {
            "Stages": [_stage(5, [_to_contact("alice")]), _stage(5, [_to_contact("bob", True)])]
        },
    },
    {"alias": "oncall", "type": "ONCALL_SCHEDULE", "plan": {"RotationIds": ["primary"]}},
]
ROTATIONS: list[dict[str, Any]] = [
    {"name": "primary", "members": ["alice", "bob"], "time_zone": "UTC", "recurrence": DAILY},
    {"name": "spare", "members": ["carol"], "time_zone": "Europe/Berlin", "recurrence": WEEKLY},
]


def _new_fake() -> SSMContacts:
    return mock_ssm_contacts(
        contacts=CONTACTS, rotations=ROTATIONS, start_time=T0, region=REGION, account_id=ACCOUNT
    )


@attrs.frozen
class Ref:
    """A value of the world by kind and name, resolved once the world exists.

    The world's channel, engagement and page ARNs are random, so strategies draw
    these references and each example resolves them against its own world.
    """

    kind: str
    name: str


class World:
    """The preloaded service while it is active, and named values of each kind.

    Every kind has existing resources and missing ones (unknown ARNs, other regions and
    accounts), so a strategy that samples a kind reaches found and not-found paths.
    """

    def __init__(self, fake: SSMContacts) -> None:
        self.fake = fake
        client = checked_client()
        contact = {c.alias: c.arn for c in fake.contacts}
        channel = {f"{c.alias}-{ch.name}": ch.arn for c in fake.contacts for ch in c.channels}
        pager = client.create_contact_channel(
            ContactId=contact["carol"],
            Name="pager",
            Type="SMS",
            DeliveryAddress={"SimpleAddress": "+15005550103"},
        )["ContactChannelArn"]
        channel["carol-pager"] = pager
        override = fake.add_override(
            "primary", members=["bob"], start=T0 + 60 * MINUTE, end=T0 + 120 * MINUTE
        ).id
        engagement = {
            "team": client.start_engagement(
                ContactId=contact["team"],
                Sender="monitor",
                Subject="disk full",
                Content="db1 is at 99%",
                IncidentId="inc-1",
            )["EngagementArn"],
            "oncall": client.start_engagement(
                ContactId=contact["oncall"], Sender="monitor", Subject="cpu", Content="web1"
            )["EngagementArn"],
        }
        # Later stages page bob and alice's second channel; one engagement is over.
        fake.clock.advance(minutes=6)
        client.stop_engagement(EngagementId=engagement["oncall"], Reason="resolved")
        pages = fake.pages
        rotation = {r.name: r.arn for r in fake.rotations}
        missing_contact = f"{ARN}:contact/nobody"
        missing_rotation = f"{ARN}:rotation/{UNKNOWN_ID}"
        self.pools: dict[str, dict[str, str]] = {
            "contact": {
                **contact,
                "missing": missing_contact,
                "other-region": contact["alice"].replace(f":{REGION}:", ":eu-west-1:"),
                "other-account": contact["alice"].replace(f":{ACCOUNT}:", ":210987654321:"),
            },
            "personal": {
                **{alias: contact[alias] for alias in ("alice", "bob", "carol")},
                "missing": missing_contact,
            },
            "channel": {**channel, "missing": f"{ARN}:contact-channel/alice/{UNKNOWN_ID}"},
            "engagement": {**engagement, "missing": f"{ARN}:engagement/team/{UNKNOWN_ID}"},
            "page": {
                **{str(i): page.arn for i, page in enumerate(pages)},
                "missing": f"{ARN}:page/alice/{UNKNOWN_ID}",
            },
            "page_channel": {str(i): page.channel_arn for i, page in enumerate(pages)},
            "accept_code": {
                **{str(i): fake.accept_code(page) for i, page in enumerate(pages)},
                "wrong": "0000000",
            },
            "rotation": {**rotation, "missing": missing_rotation},
            "override": {"primary-bob": override, "unknown": UNKNOWN_ID},
            "activation_code": {"carol-pager": fake.activation_code(pager), "wrong": "0000000"},
            "resource": {
                **contact,
                **rotation,
                "channel": channel["alice-sms"],
                "engagement": engagement["team"],
                "page": pages[0].arn,
                "missing-contact": missing_contact,
                "missing-rotation": missing_rotation,
                "other-service": "arn:aws:s3:::bucket",
                "no-arn": "alice",
            },
        }

    def resolve(self, value: Any) -> Any:
        if isinstance(value, Ref):
            return self.pools[value.kind][value.name]
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        return value


@contextlib.contextmanager
def world() -> Iterator[World]:
    with _new_fake() as fake:
        yield World(fake)


@functools.cache
def layout() -> dict[str, tuple[str, ...]]:
    """The names of each kind: the same in every world, since the fake is deterministic
    about everything but the random parts of its ARNs."""
    with world() as sample:
        return {kind: tuple(pool) for kind, pool in sample.pools.items()}


T = TypeVar("T")

# Names of the world's values that name nothing that exists.
MISSING = {
    "missing",
    "other-region",
    "other-account",
    "unknown",
    "wrong",
    "missing-contact",
    "missing-rotation",
    "other-service",
    "no-arn",
}


def refs(kind: str, *names: str) -> st.SearchStrategy[Ref]:
    return st.sampled_from([Ref(kind, name) for name in names or layout()[kind]])


def mostly(common: st.SearchStrategy[T], rare: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """``common`` three times in four, else ``rare``."""
    return st.integers(0, 3).flatmap(lambda n: rare if n == 3 else common)


def existing(kind: str) -> st.SearchStrategy[Ref]:
    return refs(kind, *[name for name in layout()[kind] if name not in MISSING])


# -- strategies from the model ------------------------------------------------------------

# Members whose values are resources of the world: by member name (list members by the
# name of the list).
KINDS = {
    "ContactId": "contact",
    "ContactArn": "contact",
    "ContactChannelId": "channel",
    "EngagementId": "engagement",
    "PageId": "page",
    "RotationId": "rotation",
    "RotationOverrideId": "override",
    "ResourceARN": "resource",
    "ActivationCode": "activation_code",
    "AcceptCode": "accept_code",
    "ContactIds": "personal",
    "NewContactIds": "personal",
    "RotationIds": "rotation",
}
# Members with a few telling values, (good ones, bad ones); the rest are made from the model.
SAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "SimpleAddress": (["+15005550199", "+442071838750", "oncall@example.com"], ["123", "x@y"]),
    "TimeZoneId": (["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"], ["PST", "X/Y"]),
    "Policy": (
        [
            json.dumps({"Version": "2012-10-17", "Statement": []}),
            json.dumps({"Statement": [{"Effect": "Allow", "Action": "ssm-contacts:*"}]}),
        ],
        ["[]", "not a policy"],
    ),
    "Alias": (["dave", "on-call_2"], ["alice"]),
}
# Members the model makes optional but the fake needs, by structure.
NEEDED = {
    "Tag": {"Key", "Value"},
    "ContactChannelAddress": {"SimpleAddress"},
    "ContactTargetInfo": {"ContactId"},
    "PreviewOverride": {"StartTime", "EndTime"},
}
PERSONAL_ALIASES = ("alice", "bob", "carol")
CHANNELS_OF = {
    "alice": ("alice-sms", "alice-mail"),
    "bob": ("bob-voice",),
    "carol": ("carol-pager",),
}
ADDRESSES = {
    "SMS": ["+15005550199", "+442071838750"],
    "VOICE": ["+15005550198"],
    "EMAIL": ["oncall@example.com", "pager@example.com"],
}
WEEKDAYS: list[str] = MODEL.shape_for("DayOfWeek").enum

NEAR_T0 = st.datetimes(
    min_value=(T0 - 30 * DAY).replace(tzinfo=None),
    max_value=(T0 + 60 * DAY).replace(tzinfo=None),
    timezones=st.just(UTC),
)
# Wide enough for dates long past and far ahead; the ends of the calendar have tests
# of their own below.
ANY_TIME = st.datetimes(
    min_value=datetime.datetime(1970, 1, 1), max_value=datetime.datetime(2100, 1, 1)
).map(lambda value: value.replace(tzinfo=UTC)) | st.integers(0, 4_102_444_800)
JUNK: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=4,
)


def _model_string(shape: Shape) -> st.SearchStrategy[str]:
    if shape.enum:
        return st.sampled_from(shape.enum)
    low: int = shape.metadata.get("min", 0)
    high: int = min(shape.metadata.get("max", 40), 40)
    pattern = shape.metadata.get("pattern")
    if pattern is None:
        return st.text(min_size=low, max_size=high)
    reference = ascii_reference(pattern)
    return (
        st.from_regex(reference, fullmatch=True)
        .map(lambda text: text[:high])
        .filter(lambda text: len(text) >= low and reference.search(text) is not None)
    )


def valid(shape: Shape, name: str | None = None) -> st.SearchStrategy[Any]:
    """Values within the model's constraints: types, lengths, ranges, enums, patterns.

    Resources are existing ones (missing ones are for ``loose``); NextToken is left out,
    as only a token the fake issued is valid (the state machine follows real ones).
    """
    kind = shape.type_name
    if kind == "structure":
        required = set(shape.required_members) | NEEDED.get(shape.name, set())
        members = {m: s for m, s in shape.members.items() if m != "NextToken"}
        return st.fixed_dictionaries(
            {m: valid(s, m) for m, s in members.items() if m in required},
            optional={m: valid(s, m) for m, s in members.items() if m not in required},
        )
    low = shape.metadata.get("min", 0)
    if kind == "list":
        high = max(low, min(shape.metadata.get("max", 3), 3))
        return st.lists(valid(shape.member, name), min_size=low, max_size=high)
    if kind == "map":
        # A coverage map of empty days covers nothing, so shift listings step through the
        # whole window one shift at a time; keep days non-empty to stay quick.
        values = valid(shape.value, name).filter(lambda value: value != [])
        return st.dictionaries(valid(shape.key), values, max_size=2)
    if name in KINDS:
        return existing(KINDS[name])
    if name in SAMPLES:
        return st.sampled_from(SAMPLES[name][0])
    if kind == "string":
        return _model_string(shape)
    if kind in ("integer", "long"):
        return st.integers(low, shape.metadata.get("max", low + 3))
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return NEAR_T0
    raise AssertionError(f"no strategy for {shape.name} ({kind})")


def loose(shape: Shape, name: str | None = None) -> st.SearchStrategy[Any]:
    """Values of about the right type that ignore every constraint, else null or junk."""
    kind = shape.type_name
    typed: st.SearchStrategy[Any]
    if kind == "structure":
        typed = _loose_structure(shape)
    elif kind == "list":
        typed = st.lists(loose(shape.member, name), max_size=3)
    elif kind == "map":
        typed = st.dictionaries(st.sampled_from(WEEKDAYS) | st.text(max_size=6), loose(shape.value))
    elif name in KINDS:
        typed = refs(KINDS[name])
    elif name in SAMPLES:
        typed = st.sampled_from([*SAMPLES[name][0], *SAMPLES[name][1]])
    elif kind == "string":
        typed = _model_string(shape) | st.text(max_size=20)
    elif kind in ("integer", "long"):
        typed = st.integers()
    elif kind == "boolean":
        typed = st.booleans()
    else:
        assert kind == "timestamp", kind
        typed = ANY_TIME
    return st.one_of(typed, typed, st.none(), JUNK)


def _loose_structure(shape: Shape) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {m: loose(s, m) for m, s in shape.members.items() if m in shape.required_members},
        optional={
            m: loose(s, m) for m, s in shape.members.items() if m not in shape.required_members
        },
    )


def input_shape(operation: str) -> Shape:
    shape = MODEL.operation_model(operation).input_shape
    assert shape is not None, operation
    return shape


@functools.cache
def loose_params(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    shape = input_shape(operation)
    extra = st.dictionaries(
        st.text(max_size=8).filter(lambda key: key not in shape.members),
        JUNK,
        min_size=1,
        max_size=1,
    )
    return st.builds(
        lambda members, more: {**members, **more},
        _loose_structure(shape),
        mostly(st.just({}), extra),
    )


# -- mostly-valid requests: the model's constraints plus the rules between members --------


def hand_offs() -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries(
        {"HourOfDay": st.integers(0, 23), "MinuteOfHour": st.sampled_from([0, 15, 30, 45])}
    )


def _listed(item: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(item, min_size=1, max_size=2)


def recurrences(most_on_call: int) -> st.SearchStrategy[dict[str, Any]]:
    """RecurrenceSettings the fake accepts for ``most_on_call`` members, but for coverage
    windows shorter than 30 minutes now and then."""
    weekly = st.fixed_dictionaries(
        {"DayOfWeek": st.sampled_from(WEEKDAYS), "HandOffTime": hand_offs()}
    )
    monthly = st.fixed_dictionaries({"DayOfMonth": st.integers(1, 31), "HandOffTime": hand_offs()})
    kind = st.one_of(
        st.fixed_dictionaries({"DailySettings": _listed(hand_offs())}),
        st.fixed_dictionaries({"WeeklySettings": _listed(weekly)}),
        st.fixed_dictionaries({"MonthlySettings": _listed(monthly)}),
    )
    coverage = st.dictionaries(
        st.sampled_from(WEEKDAYS),
        _listed(st.fixed_dictionaries({"Start": hand_offs(), "End": hand_offs()})),
        max_size=3,
    )
    rest = st.fixed_dictionaries(
        {
            "NumberOfOnCalls": st.integers(1, most_on_call),
            "RecurrenceMultiplier": st.integers(1, 3),
        },
        optional={"ShiftCoverages": coverage},
    )
    return st.builds(lambda settings, other: {**settings, **other}, kind, rest)


def windows(start: str = "StartTime", end: str = "EndTime") -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda first, minutes: {start: first, end: first + minutes * MINUTE},
        NEAR_T0,
        st.integers(1, 30 * 24 * 60),
    )


def plans(contact: str) -> st.SearchStrategy[dict[str, Any]]:
    """Plans the fake accepts for the world's contact ``contact`` (an alias), or for a
    new contact of type ``contact``."""
    target: st.SearchStrategy[dict[str, Any]]
    if contact in ("oncall", "ONCALL_SCHEDULE"):
        return st.fixed_dictionaries(
            {"RotationIds": st.lists(refs("rotation", "primary", "spare"), unique=True)}
        )
    if contact in ("team", "ESCALATION"):
        target = st.builds(_to_contact, refs("contact", *PERSONAL_ALIASES, "oncall"), st.booleans())
    elif contact == "PERSONAL":
        return st.just({"Stages": []})  # the contact has no channels yet
    else:
        target = st.builds(_to_channel, refs("channel", *CHANNELS_OF[contact]), st.integers(0, 5))
    stage = st.builds(_stage, st.integers(0, 30), st.lists(target, min_size=1, max_size=2))
    return st.fixed_dictionaries({"Stages": st.lists(stage, max_size=3)})


def _new_contact() -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from(["PERSONAL", "ESCALATION", "ONCALL_SCHEDULE"]).flatmap(
        lambda kind: st.fixed_dictionaries({"Type": st.just(kind), "Plan": plans(kind)})
    )


def _contact_update() -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from([*PERSONAL_ALIASES, "team", "oncall"]).flatmap(
        lambda alias: st.fixed_dictionaries(
            {"ContactId": st.just(Ref("contact", alias)), "Plan": plans(alias)}
        )
    )


def _new_channel() -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from(sorted(ADDRESSES)).flatmap(
        lambda kind: st.fixed_dictionaries(
            {
                "ContactId": refs("personal", *PERSONAL_ALIASES),
                "Type": st.just(kind),
                "DeliveryAddress": st.fixed_dictionaries(
                    {"SimpleAddress": st.sampled_from(ADDRESSES[kind])}
                ),
            }
        )
    )


def _members() -> st.SearchStrategy[list[Ref]]:
    return st.lists(refs("personal", *PERSONAL_ALIASES), min_size=1, max_size=3, unique=True)


def _new_rotation() -> st.SearchStrategy[dict[str, Any]]:
    return _members().flatmap(
        lambda chosen: st.fixed_dictionaries(
            {
                "ContactIds": st.just(chosen),
                "TimeZoneId": st.just("America/Los_Angeles"),
                "Recurrence": recurrences(len(chosen)),
            }
        )
    )


def _rotation_update() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"RotationId": refs("rotation", "primary", "spare"), "Recurrence": recurrences(1)},
        optional={"ContactIds": _members()},
    )


def _preview() -> st.SearchStrategy[dict[str, Any]]:
    names = st.sampled_from(["alice", "bob", "carol", "dave"])
    override = st.builds(
        lambda members, window: {"NewMembers": members, **window},
        st.lists(names, max_size=2),
        windows(),
    )
    return st.builds(
        lambda members, recurrence, window, overrides: {
            "Members": members,
            "Recurrence": recurrence,
            "TimeZoneId": "Europe/Berlin",
            "Overrides": overrides,
            **window,
        },
        st.lists(names, min_size=1, max_size=3),
        recurrences(1),
        windows(),
        st.lists(override, max_size=2),
    )


def _new_override() -> st.SearchStrategy[dict[str, Any]]:
    members = {"primary": ("alice", "bob"), "spare": ("carol",)}
    return st.sampled_from(sorted(members)).flatmap(
        lambda rotation: st.builds(
            lambda chosen, start, minutes: {
                "RotationId": Ref("rotation", rotation),
                "NewContactIds": chosen,
                "StartTime": start,
                "EndTime": start + minutes * MINUTE,
            },
            st.lists(refs("personal", *members[rotation]), unique=True),
            NEAR_T0,
            st.integers(30, 3 * 24 * 60),
        )
    )


def _override() -> st.SearchStrategy[dict[str, Any]]:
    return st.just(
        {
            "RotationId": Ref("rotation", "primary"),
            "RotationOverrideId": Ref("override", "primary-bob"),
        }
    )


def _accept() -> st.SearchStrategy[dict[str, Any]]:
    pages = [name for name in layout()["page"] if name not in MISSING]
    return st.sampled_from(pages).flatmap(
        lambda page: st.fixed_dictionaries(
            {
                "PageId": st.just(Ref("page", page)),
                "AcceptCode": st.just(Ref("accept_code", page)),
                "ContactChannelId": st.just(Ref("page_channel", page)),
            }
        )
    )


def _activation() -> st.SearchStrategy[dict[str, Any]]:
    return st.just(
        {
            "ContactChannelId": Ref("channel", "carol-pager"),
            "ActivationCode": Ref("activation_code", "carol-pager"),
        }
    )


def _channel_update() -> st.SearchStrategy[dict[str, Any]]:
    kinds = {"alice-sms": "SMS", "alice-mail": "EMAIL", "bob-voice": "VOICE", "carol-pager": "SMS"}
    return st.sampled_from(sorted(kinds)).flatmap(
        lambda channel: st.fixed_dictionaries(
            {
                "ContactChannelId": st.just(Ref("channel", channel)),
                "DeliveryAddress": st.fixed_dictionaries(
                    {"SimpleAddress": st.sampled_from(ADDRESSES[kinds[channel]])}
                ),
            }
        )
    )


def _tagging() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"ResourceARN": refs("resource", "alice", "team", "primary")})


# For the operations whose members depend on each other: members drawn together so
# that they fit, in place of the ones drawn alone.
COHERENT: dict[str, Callable[[], st.SearchStrategy[dict[str, Any]]]] = {
    "AcceptPage": _accept,
    "ActivateContactChannel": _activation,
    "CreateContact": _new_contact,
    "CreateContactChannel": _new_channel,
    "CreateRotation": _new_rotation,
    "CreateRotationOverride": _new_override,
    "DeleteContact": lambda: st.fixed_dictionaries(
        {"ContactId": refs("contact", "team", "oncall")}
    ),
    "DeleteRotationOverride": _override,
    "GetRotationOverride": _override,
    "ListEngagements": lambda: st.fixed_dictionaries({"TimeRangeValue": windows()}),
    "ListPreviewRotationShifts": _preview,
    "ListRotationOverrides": windows,
    "ListRotationShifts": windows,
    "ListTagsForResource": _tagging,
    "TagResource": _tagging,
    "UntagResource": _tagging,
    "UpdateContact": _contact_update,
    "UpdateContactChannel": _channel_update,
    "UpdateRotation": _rotation_update,
}


@functools.cache
def valid_params(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    base = valid(input_shape(operation))
    coherent = COHERENT.get(operation)
    if coherent is None:
        return base
    return st.builds(lambda first, fix: {**first, **fix}, base, coherent())


def members_in(shape: Shape, value: Any, path: tuple[Any, ...] = ()) -> Iterator[Any]:
    """(path, shape, member name, optional?) of each member and list item in ``value``."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                yield (*path, name), member, name, name not in shape.required_members
                yield from members_in(member, value[name], (*path, name))
    elif kind == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index), shape.member, path[-1] if path else None, False
            yield from members_in(shape.member, item, (*path, index))
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            yield from members_in(shape.value, item, (*path, key))


_LEFT_OUT = object()


def replace(params: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    """Put ``value`` at ``path`` (member names and list indexes), or leave it out."""
    *parents, last = path
    holder = functools.reduce(lambda node, key: node[key], parents, params)
    if value is _LEFT_OUT:
        del holder[last]
    else:
        holder[last] = value


@st.composite
def mutants(draw: st.DrawFn, operation: str) -> dict[str, Any]:
    """A well-formed request with one member, at any depth, made loose or left out."""
    params = copy.deepcopy(draw(valid_params(operation)))
    places = list(members_in(input_shape(operation), params))
    if places:
        path, shape, name, _optional = draw(st.sampled_from(places))
        replace(params, path, draw(loose(shape, name) | st.just(_LEFT_OUT)))
    return params


@functools.cache
def random_params(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    """Requests that ignore the model, and well-formed ones with one thing wrong."""
    return loose_params(operation) | mutants(operation)


# -- clients ---------------------------------------------------------------------------

_sent: list[str] = []


def _count_sent(event_name: str, **_: Any) -> None:
    _sent.append(event_name)


def _client(validate: bool) -> Any:
    return boto3.client(
        "ssm-contacts",
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(parameter_validation=validate, retries={"total_max_attempts": 1}),
    )


@functools.cache
def raw_client() -> Any:
    """A client that sends whatever it is given, and counts what it sends.

    before-call fires once botocore has serialized the request, just before sending:
    an exception without it is botocore's own doing and never reached the fake.
    """
    client = _client(validate=False)
    client.meta.events.register("before-call.ssm-contacts", _count_sent)
    return client


@functools.cache
def checked_client() -> Any:
    return _client(validate=True)


def call(client: Any, operation: str, **params: Any) -> dict[str, Any]:
    """Call ``operation`` (model name) and check the answer against its output shape."""
    response: dict[str, Any] = getattr(client, xform_name(operation))(**params)
    assert_matches_output(client, operation, response)
    return response


# -- one call, judged ----------------------------------------------------------------------

OK = "success"
NOT_SENT = "not sent"
MUTATING = (
    "Accept",
    "Activate",
    "Create",
    "Deactivate",
    "Delete",
    "Put",
    "Send",
    "Start",
    "Stop",
    "Tag",
    "Untag",
    "Update",
)


def judge(operation: str, params: dict[str, Any], fake: SSMContacts) -> str:
    """How one call through boto3 ends: success, a modeled error code, or not sent."""
    sent, answered = len(_sent), len(fake.calls)
    error: dict[str, Any] | None = None
    try:
        call(raw_client(), operation, **params)
    except ClientError as exc:
        error = exc.response
    except Exception:
        if len(_sent) != sent:
            raise  # the fake failed, or botocore could not read its answer
        assert fake.calls[answered:] == []
        return NOT_SENT
    assert len(_sent) == sent + 1
    if error is None:
        assert [c.error for c in fake.calls[answered:]] == [None]
        if operation.startswith(MUTATING):
            assert_reads_back(fake)
        return OK
    code: str = error["Error"]["Code"]
    check_error(operation, code, {"Message": error["Error"]["Message"], **error})
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert [c.error for c in fake.calls[answered:]] == [code]
    return code


def check_error(operation: str, code: str, members: dict[str, Any]) -> None:
    """An error the model lists for ``operation``, with the members its shape requires."""
    assert code in modeled_errors(operation), f"{operation} answered {code}, not modeled"
    assert code not in INJECTED_ONLY, members
    missing = [name for name in MODEL.shape_for(code).required_members if name not in members]
    assert not missing, f"{code} lacks required members {missing}: {members}"
    assert isinstance(members["Message"], str)
    if code == "ValidationException":
        assert members.get("Reason", "OTHER") in REASONS, members
        for field in members.get("Fields", []):
            assert set(field) == {"Name", "Message"}, members


def assert_reads_back(fake: SSMContacts) -> None:
    """Whatever a call stored, every resource still reads back in its output shape."""
    client = checked_client()
    for operation in ("ListContacts", "ListRotations", "ListEngagements"):
        call(client, operation)
    for contact in fake.contacts:
        call(client, "GetContact", ContactId=contact.arn)
        call(client, "GetContactPolicy", ContactArn=contact.arn)
        call(client, "ListContactChannels", ContactId=contact.arn)
        call(client, "ListPagesByContact", ContactId=contact.arn)
        for channel in contact.channels:
            call(client, "GetContactChannel", ContactChannelId=channel.arn)
    for arn in [c.arn for c in fake.contacts] + [r.arn for r in fake.rotations]:
        for tag in call(client, "ListTagsForResource", ResourceARN=arn)["Tags"]:
            # Both members are optional in the model, but a tag needs both.
            assert set(tag) == {"Key", "Value"}, f"{arn} has a tag {tag}"
    for rotation in fake.rotations:
        call(client, "GetRotation", RotationId=rotation.arn)
        call(client, "ListRotationShifts", RotationId=rotation.arn, EndTime=T0 + 7 * DAY)
        call(
            client,
            "ListRotationOverrides",
            RotationId=rotation.arn,
            StartTime=T0 - 400 * DAY,
            EndTime=T0 + 400 * DAY,
        )
    for engagement in fake.engagements:
        call(client, "DescribeEngagement", EngagementId=engagement.arn)
        call(client, "ListPagesByEngagement", EngagementId=engagement.arn)
    for page in fake.pages:
        call(client, "DescribePage", PageId=page.arn)
        call(client, "ListPageReceipts", PageId=page.arn)
        call(client, "ListPageResolutions", PageId=page.arn)


# Without the explain phase: it replays a failing example many times over, and each
# example here builds a whole world and reads it back.
PER_OPERATION = settings(
    max_examples=examples(15), deadline=None, phases=[p for p in Phase if p is not Phase.explain]
)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_any_input_gets_a_result_or_a_modeled_error(operation: str) -> None:
    @PER_OPERATION
    @given(random_params(operation))
    def check(params: dict[str, Any]) -> None:
        with world() as w:
            event(judge(operation, w.resolve(params), w.fake))

    check()


# Well-formed requests of every operation must succeed this often, so that its success
# path is exercised and not only the checks before it.
SUCCESS_SHARE = 0.5


@pytest.mark.parametrize("operation", OPERATIONS)
def test_well_formed_input_mostly_succeeds(operation: str) -> None:
    outcomes: list[str] = []

    @PER_OPERATION
    @given(valid_params(operation))
    def check(params: dict[str, Any]) -> None:
        with world() as w:
            outcome = judge(operation, w.resolve(params), w.fake)
        event(outcome)
        outcomes.append(outcome)

    check()
    counts = collections.Counter(outcomes)
    assert counts[OK] >= SUCCESS_SHARE * len(outcomes), f"{operation}: {dict(counts)}"


# -- straight onto the wire ---------------------------------------------------------------


def wire_form(value: Any) -> Any:
    """A request value as JSON carries it: timestamps in epoch seconds."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {key: wire_form(item) for key, item in value.items()}
    if isinstance(value, list):
        return [wire_form(item) for item in value]
    return value


def judge_on_the_wire(operation: str, params: dict[str, Any], fake: SSMContacts) -> str:
    """How one request sent as JSON ends, with no botocore in front: success or a code."""
    target = {"X-Amz-Target": f"{MODEL.metadata['targetPrefix']}.{operation}"}
    body = json.dumps(wire_form(params)).encode()
    status, _headers, raw = fake._serve(target, body, REGION)
    answer = json.loads(raw)
    if status == 200:
        output = MODEL.operation_model(operation).output_shape
        parsed = create_parser("json").parse(
            {"status_code": 200, "headers": {}, "body": raw}, output
        )
        assert_matches_output(raw_client(), operation, parsed)
        if operation.startswith(MUTATING):
            assert_reads_back(fake)
        return OK
    assert status == 400, answer
    code: str = answer["__type"]
    check_error(operation, code, {"Message": answer["message"], **answer})
    return code


@pytest.mark.parametrize("operation", OPERATIONS)
def test_any_body_on_the_wire_gets_a_result_or_a_modeled_error(operation: str) -> None:
    """Without botocore in front, unknown members and nulls anywhere reach the fake too."""

    @PER_OPERATION
    @given(random_params(operation) | valid_params(operation))
    def check(params: dict[str, Any]) -> None:
        with world() as w:
            event(judge_on_the_wire(operation, w.resolve(params), w.fake))

    check()


# -- null is no value ----------------------------------------------------------------------

SCALARS = {"string", "integer", "long", "boolean"}


def has_optional_scalars(shape: Shape) -> bool:
    """Whether ``valid`` requests of ``shape`` can have optional scalar members."""
    if shape.type_name == "structure":
        return any(
            (member.type_name in SCALARS and name not in shape.required_members)
            or has_optional_scalars(member)
            for name, member in shape.members.items()
            if name != "NextToken"
        )
    if shape.type_name == "list":
        return has_optional_scalars(shape.member)
    if shape.type_name == "map":
        return has_optional_scalars(shape.value)
    return False


def state_of(fake: SSMContacts) -> Any:
    """What the fake holds, leaving out the random parts of its ARNs and codes."""
    return (
        [
            (
                c.alias,
                c.type,
                c.display_name,
                c.tags,
                *((ch.name, ch.type, ch.address, ch.activation_status) for ch in c.channels),
            )
            for c in fake.contacts
        ],
        [
            (r.name, r.contact_arns, r.start_time, r.time_zone, r.recurrence, r.tags)
            for r in fake.rotations
        ],
        [attrs.evolve(e, arn="", idempotency_token=None) for e in fake.engagements],
        [
            (
                p.contact_arn,
                p.channel_name,
                p.delivery_time,
                p.read_time,
                *(receipt.type for receipt in p.receipts),
            )
            for p in fake.pages
        ],
    )


def _outcome_and_state(operation: str, params: dict[str, Any]) -> tuple[str, Any]:
    with world() as w:
        return judge(operation, w.resolve(params), w.fake), state_of(w.fake)


@pytest.mark.parametrize(
    "operation", [op for op in OPERATIONS if has_optional_scalars(input_shape(op))]
)
def test_a_null_member_counts_as_absent(operation: str) -> None:
    """JSON null for an optional member means what leaving it out means."""

    @PER_OPERATION
    @given(valid_params(operation), st.data())
    def check(params: dict[str, Any], data: st.DataObject) -> None:
        # Only scalars: botocore itself cannot send a null structure, list or timestamp.
        paths = [
            path
            for path, shape, _name, optional in members_in(input_shape(operation), params)
            if optional and shape.type_name in SCALARS
        ]
        assume(paths)
        chosen = data.draw(st.lists(st.sampled_from(paths), min_size=1, unique=True))
        absent, null = copy.deepcopy(params), copy.deepcopy(params)
        for path in chosen:
            replace(absent, path, _LEFT_OUT)
            replace(null, path, None)
        assert _outcome_and_state(operation, null) == _outcome_and_state(operation, absent)

    check()


# -- what the properties found -----------------------------------------------------------
# Failing examples of the properties above, kept as plain tests of the right behaviour.


def test_a_null_channel_name_leaves_the_name_as_it_was() -> None:
    with world() as w:
        channel = w.pools["channel"]["alice-sms"]
        raw_client().update_contact_channel(ContactChannelId=channel, Name=None)
        described = call(checked_client(), "GetContactChannel", ContactChannelId=channel)
        assert described["Name"] == "sms"


def test_a_null_display_name_leaves_the_display_name_as_it_was() -> None:
    with world() as w:
        alice = w.pools["contact"]["alice"]
        raw_client().update_contact(ContactId=alice, DisplayName=None)
        described = call(checked_client(), "GetContact", ContactId=alice)
        assert described.get("DisplayName") == "Alice"


TAGGED_REQUESTS: dict[str, dict[str, Any]] = {
    "TagResource": {"ResourceARN": Ref("contact", "bob")},
    "CreateContact": {"Alias": "dave", "Type": "PERSONAL", "Plan": {"Stages": []}},
    "CreateRotation": {
        "Name": "night",
        "ContactIds": [Ref("personal", "bob")],
        "TimeZoneId": "UTC",
        "Recurrence": DAILY,
    },
}


@pytest.mark.parametrize("tag", [{"Key": None, "Value": "core"}, {"Key": "team", "Value": None}])
@pytest.mark.parametrize("operation", sorted(TAGGED_REQUESTS))
def test_a_tag_with_a_null_key_or_value_is_refused(operation: str, tag: dict[str, Any]) -> None:
    with world() as w:
        before = state_of(w.fake)
        params = w.resolve({**TAGGED_REQUESTS[operation], "Tags": [tag]})
        assert judge(operation, params, w.fake) == "ValidationException"
        assert state_of(w.fake) == before


def test_a_deeply_nested_policy_gets_a_modeled_error() -> None:
    with world() as w:
        params = {"ContactArn": w.pools["contact"]["alice"], "Policy": "[" * 100_000}
        assert judge("PutContactPolicy", params, w.fake) == "ValidationException"


def _far(year: int, month: int, day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


MONDAYS = {"MON": [{"Start": HAND_OFF, "End": {"HourOfDay": 17, "MinuteOfHour": 0}}]}
PREVIEW = {"Members": ["alice"], "TimeZoneId": "UTC", "Recurrence": DAILY}


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        pytest.param(
            "ListPreviewRotationShifts",
            {**PREVIEW, "StartTime": _far(9999, 12, 31), "EndTime": _far(9999, 12, 31, 23)},
            id="preview-last-day",
        ),
        pytest.param(
            "ListPreviewRotationShifts",
            {
                **PREVIEW,
                "Recurrence": {**DAILY, "ShiftCoverages": MONDAYS},
                "RotationStartTime": _far(1, 1, 1),
                "EndTime": _far(1, 2, 1),
            },
            id="preview-first-month-with-coverage",
        ),
        pytest.param(
            "ListRotationShifts",
            {
                "RotationId": Ref("rotation", "spare"),
                "StartTime": _far(9999, 12, 25),
                "EndTime": _far(9999, 12, 31, 23),
            },
            id="shifts-last-week",
        ),
    ],
)
def test_shifts_at_the_ends_of_the_calendar_get_a_result_or_a_modeled_error(
    operation: str, params: dict[str, Any]
) -> None:
    with world() as w:
        judge(operation, w.resolve(params), w.fake)


def test_a_null_delivery_address_on_the_wire_leaves_the_address_as_it_was() -> None:
    with world() as w:
        params = {"ContactChannelId": w.pools["channel"]["alice-sms"], "DeliveryAddress": None}
        assert judge_on_the_wire("UpdateContactChannel", params, w.fake) == OK
        assert w.fake.contact("alice").channels[0].address == "+15005550101"


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("ListEngagements", {"TimeRangeValue": {"StartTime": 1e20}}),
        ("ListRotationShifts", {"RotationId": Ref("rotation", "primary"), "EndTime": 1e20}),
    ],
)
def test_a_time_beyond_the_calendar_on_the_wire_gets_a_result_or_a_modeled_error(
    operation: str, params: dict[str, Any]
) -> None:
    with world() as w:
        judge_on_the_wire(operation, w.resolve(params), w.fake)


# -- random sequences of calls ------------------------------------------------------------

HOUR = datetime.timedelta(hours=1)
NEW_ALIASES = ("dana", "erin", "alice")  # alice exists from the start
NOT_FOUND = "ResourceNotFoundException"
INVALID = "ValidationException"
CONFLICT = "ConflictException"
QUOTA = "ServiceQuotaExceededException"


@attrs.define
class ChannelModel:
    contact: str
    type: str
    address: str
    activated: bool
    code_pending: bool
    codes_sent: list[datetime.datetime] = attrs.Factory(list)


@attrs.define
class ContactModel:
    alias: str
    type: str
    channels: list[str] = attrs.Factory(list)  # ARNs, in creation order
    rotations: list[str] = attrs.Factory(list)  # an on-call schedule's


class ServiceLifecycle(RuleBasedStateMachine):
    """Random calls against a model of what exists; after each, the fake must agree.

    Every call's outcome is predicted by the model (success or which error), and every
    answer is checked against the operation's output shape.
    """

    def __init__(self) -> None:
        super().__init__()
        self.fake = _new_fake().start()
        self.client = checked_client()
        self.listings = 0
        self.contacts: dict[str, ContactModel] = {}
        self.channels: dict[str, ChannelModel] = {}
        self.rotations: dict[str, list[str]] = {}  # members by rotation ARN
        self.overrides: dict[str, list[str]] = {}  # override ids by rotation ARN
        self.tags: dict[str, dict[str, str]] = {}  # by contact or rotation ARN
        self.engagements: dict[str, str] = {}  # engaged contact by engagement ARN, start order
        self.stopped: set[str] = set()
        # Lists, not sets: draws must not depend on how random ARNs fall in a set.
        self.gone_contacts = [f"{ARN}:contact/nobody"]
        self.gone_channels = [f"{ARN}:contact-channel/nobody/{UNKNOWN_ID}"]
        self.gone_rotations = [f"{ARN}:rotation/{UNKNOWN_ID}"]
        self.checked_receipts: dict[str, int] = {}
        for contact in self.fake.contacts:
            self.contacts[contact.arn] = ContactModel(
                contact.alias,
                contact.type,
                [channel.arn for channel in contact.channels],
                list(contact.plan.get("RotationIds") or []),
            )
            self.tags[contact.arn] = dict(contact.tags)
            for channel in contact.channels:
                self.channels[channel.arn] = ChannelModel(
                    contact.arn, channel.type, channel.address, True, code_pending=False
                )
        for rotation in self.fake.rotations:
            self.rotations[rotation.arn] = list(rotation.contact_arns)
            self.overrides[rotation.arn] = []
            self.tags[rotation.arn] = dict(rotation.tags)

    def teardown(self) -> None:
        self.fake.stop()

    # -- calls and choices

    def now(self) -> datetime.datetime:
        return self.fake.clock.now()

    def expect(self, error: str | None, operation: str, **params: Any) -> dict[str, Any]:
        """Call, and check the outcome the model predicts: success (None) or ``error``."""
        outcome: str | None = None
        response: dict[str, Any] = {}
        try:
            response = call(self.client, operation, **params)
        except ClientError as exc:
            outcome = exc.response["Error"]["Code"]
        assert outcome == error, f"{operation}({params}): {outcome or OK}, not {error or OK}"
        event(f"{operation}: {outcome or OK}")
        return response

    def pick(self, data: st.DataObject, likely: Iterable[str], unlikely: Iterable[str]) -> str:
        """Mostly one of ``likely`` (what exists), else one of ``unlikely`` (what does not)."""
        common, rare = list(likely), st.sampled_from(list(unlikely))
        return data.draw(mostly(st.sampled_from(common), rare) if common else rare)

    def of_type(self, *types: str) -> list[str]:
        return [arn for arn, contact in self.contacts.items() if contact.type in types]

    def listed(self, operation: str, key: str, **params: Any) -> list[dict[str, Any]]:
        """Every item, following NextToken through small pages: the same as one big page."""
        self.listings += 1
        size = 1 + self.listings % 3
        whole = call(self.client, operation, **params)
        assert "NextToken" not in whole
        items: list[dict[str, Any]] = []
        token: dict[str, str] = {}
        for _ in range(500):
            page = call(self.client, operation, MaxResults=size, **params, **token)
            assert len(page[key]) <= size
            items += page[key]
            if "NextToken" not in page:
                break
            token = {"NextToken": page["NextToken"]}
        else:
            raise AssertionError(f"{operation} pages never end")
        assert items == whole[key]
        return items

    def draw_plan(self, data: st.DataObject, kind: str, arn: str) -> dict[str, Any]:
        if kind == "ONCALL_SCHEDULE":
            rotations = list(self.rotations)
            chosen = st.lists(st.sampled_from(rotations), unique=True, max_size=2)
            return {"RotationIds": data.draw(chosen) if rotations else []}
        if kind == "ESCALATION":
            candidates = self.of_type("PERSONAL", "ONCALL_SCHEDULE")
            target = st.builds(_to_contact, st.sampled_from(candidates), st.booleans())
        else:
            candidates = self.contacts[arn].channels if arn in self.contacts else []
            target = st.builds(_to_channel, st.sampled_from(candidates), st.integers(0, 2))
        if not candidates:
            return {"Stages": []}
        targets = st.lists(target, min_size=1, max_size=2)
        stages = st.lists(st.builds(_stage, st.integers(0, 10), targets), max_size=3)
        return {"Stages": data.draw(stages)}

    # -- contacts

    @rule(
        data=st.data(),
        alias=st.sampled_from(NEW_ALIASES),
        kind=st.sampled_from(["PERSONAL", "ESCALATION", "ONCALL_SCHEDULE"]),
    )
    def create_contact(self, data: st.DataObject, alias: str, kind: str) -> None:
        arn = f"{ARN}:contact/{alias}"
        plan = self.draw_plan(data, kind, arn)
        error = CONFLICT if arn in self.contacts else None
        response = self.expect(error, "CreateContact", Alias=alias, Type=kind, Plan=plan)
        if error is None:
            assert response["ContactArn"] == arn
            self.contacts[arn] = ContactModel(alias, kind, rotations=plan.get("RotationIds", []))
            self.tags[arn] = {}
            if arn in self.gone_contacts:
                self.gone_contacts.remove(arn)

    @rule(data=st.data())
    def update_plan(self, data: st.DataObject) -> None:
        arn = self.pick(data, self.contacts, self.gone_contacts)
        contact = self.contacts.get(arn)
        if contact is None:
            self.expect(NOT_FOUND, "UpdateContact", ContactId=arn, Plan={"Stages": []})
            return
        plan = self.draw_plan(data, contact.type, arn)
        self.expect(None, "UpdateContact", ContactId=arn, Plan=plan)
        if contact.type == "ONCALL_SCHEDULE":
            contact.rotations = plan["RotationIds"]

    @rule(data=st.data())
    def delete_contact(self, data: st.DataObject) -> None:
        arn = self.pick(data, self.contacts, self.gone_contacts)
        if arn not in self.contacts:
            error: str | None = NOT_FOUND
        elif any(arn in members for members in self.rotations.values()):
            error = CONFLICT
        else:
            error = None
        self.expect(error, "DeleteContact", ContactId=arn)
        if error is None:
            for channel in self.contacts.pop(arn).channels:
                del self.channels[channel]
                self.gone_channels.append(channel)
            del self.tags[arn]
            self.gone_contacts.append(arn)

    # -- channels

    @rule(data=st.data(), kind=st.sampled_from(sorted(ADDRESSES)), defer=st.booleans())
    def create_channel(self, data: st.DataObject, kind: str, defer: bool) -> None:
        arn = self.pick(data, self.contacts, self.gone_contacts)
        address = data.draw(st.sampled_from(ADDRESSES[kind]))
        contact = self.contacts.get(arn)
        error: str | None = None
        if contact is None:
            error = NOT_FOUND
        elif contact.type != "PERSONAL":
            error = INVALID
        elif any(
            (self.channels[c].type, self.channels[c].address) == (kind, address)
            for c in contact.channels
        ):
            error = CONFLICT
        elif len(contact.channels) >= 10:
            error = QUOTA
        response = self.expect(
            error,
            "CreateContactChannel",
            ContactId=arn,
            Name=kind.lower(),
            Type=kind,
            DeliveryAddress={"SimpleAddress": address},
            DeferActivation=defer,
        )
        if contact is not None and error is None:
            channel = response["ContactChannelArn"]
            sent = [] if defer else [self.now()]
            self.channels[channel] = ChannelModel(arn, kind, address, False, not defer, sent)
            contact.channels.append(channel)

    @rule(data=st.data(), right_code=st.sampled_from([True, True, False]))
    def activate_channel(self, data: st.DataObject, right_code: bool) -> None:
        pending = [arn for arn, channel in self.channels.items() if channel.code_pending]
        others = [arn for arn in self.channels if arn not in pending]
        arn = self.pick(data, pending or others, [*others, *self.gone_channels])
        channel = self.channels.get(arn)
        code = "000000"
        if channel is None:
            error: str | None = NOT_FOUND
        elif not channel.code_pending:
            with pytest.raises(LookupError):
                self.fake.activation_code(arn)
            error = INVALID
        elif right_code:
            code, error = self.fake.activation_code(arn), None
        else:
            code = "000000" if self.fake.activation_code(arn) != "000000" else "111111"
            error = INVALID
        self.expect(error, "ActivateContactChannel", ContactChannelId=arn, ActivationCode=code)
        if channel is not None and error is None:
            channel.activated = True

    @rule(data=st.data())
    def deactivate_channel(self, data: st.DataObject) -> None:
        arn = self.pick(data, self.channels, self.gone_channels)
        channel = self.channels.get(arn)
        error = None if channel else NOT_FOUND
        self.expect(error, "DeactivateContactChannel", ContactChannelId=arn)
        if channel is not None:
            # The code last sent stays valid: the channel can be activated again with it.
            channel.activated = False

    @rule(data=st.data())
    def send_activation_code(self, data: st.DataObject) -> None:
        arn = self.pick(data, self.channels, self.gone_channels)
        channel = self.channels.get(arn)
        if channel is None:
            self.expect(NOT_FOUND, "SendActivationCode", ContactChannelId=arn)
            return
        recent = [sent for sent in channel.codes_sent if sent > self.now() - HOUR]
        error = QUOTA if len(recent) >= 5 else None
        self.expect(error, "SendActivationCode", ContactChannelId=arn)
        if error is None:
            channel.codes_sent.append(self.now())
            channel.code_pending = True

    @rule(data=st.data())
    def update_channel(self, data: st.DataObject) -> None:
        arn = self.pick(data, self.channels, self.gone_channels)
        channel = self.channels.get(arn)
        kind = channel.type if channel else "EMAIL"
        address = data.draw(st.sampled_from(ADDRESSES[kind]))
        error: str | None = None
        if channel is None:
            error = NOT_FOUND
        elif any(
            other != arn
            and (self.channels[other].type, self.channels[other].address) == (kind, address)
            for other in self.contacts[channel.contact].channels
        ):
            error = CONFLICT
        self.expect(
            error,
            "UpdateContactChannel",
            ContactChannelId=arn,
            Name="renamed",
            DeliveryAddress={"SimpleAddress": address},
        )
        if channel is not None and error is None and address != channel.address:
            # A new address has to be activated before it is paged.
            channel.address, channel.activated, channel.code_pending = address, False, True
            channel.codes_sent.append(self.now())

    @rule(data=st.data())
    def delete_channel(self, data: st.DataObject) -> None:
        arn = self.pick(data, self.channels, self.gone_channels)
        channel = self.channels.pop(arn, None)
        error = None if channel else NOT_FOUND
        self.expect(error, "DeleteContactChannel", ContactChannelId=arn)
        if channel is not None:
            self.contacts[channel.contact].channels.remove(arn)
            self.gone_channels.append(arn)

    # -- engagements and pages

    @initialize()
    def engage_the_team(self) -> None:
        self.engage(f"{ARN}:contact/team", incident="inc-1")

    def engage(self, contact: str, incident: str) -> None:
        response = self.expect(
            None if contact in self.contacts else NOT_FOUND,
            "StartEngagement",
            ContactId=contact,
            Sender="monitor",
            Subject="disk full",
            Content="db1 is at 99%",
            **({"IncidentId": incident} if incident else {}),
        )
        if response:
            self.engagements[response["EngagementArn"]] = contact

    @rule(data=st.data(), incident=st.sampled_from(["", "inc-1", "inc-2"]))
    def start_engagement(self, data: st.DataObject, incident: str) -> None:
        self.engage(self.pick(data, self.contacts, self.gone_contacts), incident)

    @rule(data=st.data())
    def stop_engagement(self, data: st.DataObject) -> None:
        arn = self.pick(data, self.engagements, [f"{ARN}:engagement/nobody/{UNKNOWN_ID}"])
        error = None if arn in self.engagements else NOT_FOUND
        self.expect(error, "StopEngagement", EngagementId=arn, Reason="resolved")
        if error is None:
            self.stopped.add(arn)

    @precondition(lambda self: self.fake.pages)
    @rule(
        data=st.data(),
        answer=st.sampled_from(["READ", "DELIVERED", "failed delivery"]),
        enforce=st.booleans(),
    )
    def answer_page(self, data: st.DataObject, answer: str, enforce: bool) -> None:
        page = data.draw(st.sampled_from(self.fake.pages))
        if answer == "failed delivery":
            self.fake.fail_delivery(page)  # re-sent later, while the channel may be paged
            return
        self.expect(
            None,
            "AcceptPage",
            PageId=page.arn,
            ContactChannelId=page.channel_arn,
            AcceptType=answer,
            AcceptCode=self.fake.accept_code(page),
            AcceptCodeValidation="ENFORCE" if enforce else "IGNORE",
        )
        described = call(self.client, "DescribePage", PageId=page.arn)
        assert described["EngagementArn"] == page.engagement_arn

    @rule(minutes=st.integers(0, 30))
    def advance_clock(self, minutes: int) -> None:
        self.fake.clock.advance(minutes=minutes)

    # -- rotations

    @precondition(lambda self: self.of_type("PERSONAL"))
    @rule(data=st.data(), name=st.sampled_from(["day", "night"]))
    def create_rotation(self, data: st.DataObject, name: str) -> None:
        members = st.lists(st.sampled_from(self.of_type("PERSONAL")), min_size=1, max_size=3)
        chosen = data.draw(members.map(lambda arns: list(dict.fromkeys(arns))))
        response = self.expect(
            None, "CreateRotation", Name=name, ContactIds=chosen, TimeZoneId="UTC", Recurrence=DAILY
        )
        arn = response["RotationArn"]
        self.rotations[arn], self.overrides[arn], self.tags[arn] = chosen, [], {}

    @rule(data=st.data())
    def delete_rotation(self, data: st.DataObject) -> None:
        arn = self.pick(data, self.rotations, self.gone_rotations)
        error = NOT_FOUND if arn not in self.rotations else None
        self.expect(error, "DeleteRotation", RotationId=arn)
        if error is None:
            # Deleted from every on-call schedule that used it, as the API Reference says.
            for contact in self.contacts.values():
                contact.rotations = [r for r in contact.rotations if r != arn]
            del self.rotations[arn], self.overrides[arn], self.tags[arn]
            self.gone_rotations.append(arn)

    @precondition(lambda self: self.rotations)
    @rule(data=st.data(), start=st.integers(0, 2 * 24 * 60), minutes=st.integers(30, 6 * 60))
    def create_override(self, data: st.DataObject, start: int, minutes: int) -> None:
        arn = data.draw(st.sampled_from(list(self.rotations)))
        members = data.draw(st.lists(st.sampled_from(self.rotations[arn]), unique=True, max_size=2))
        begin = self.now() + start * MINUTE
        response = self.expect(
            None,
            "CreateRotationOverride",
            RotationId=arn,
            NewContactIds=members,
            StartTime=begin,
            EndTime=begin + minutes * MINUTE,
        )
        self.overrides[arn].append(response["RotationOverrideId"])

    @precondition(lambda self: any(self.overrides.values()))
    @rule(data=st.data())
    def delete_override(self, data: st.DataObject) -> None:
        arn = data.draw(st.sampled_from([a for a, ids in self.overrides.items() if ids]))
        override = data.draw(mostly(st.sampled_from(self.overrides[arn]), st.just(UNKNOWN_ID)))
        error = None if override in self.overrides[arn] else NOT_FOUND
        self.expect(error, "DeleteRotationOverride", RotationId=arn, RotationOverrideId=override)
        if error is None:
            self.overrides[arn].remove(override)

    # -- tags

    @rule(
        data=st.data(),
        key=st.sampled_from(["k1", "k2", "team"]),
        value=st.sampled_from(["a", "b", None]),
    )
    def tag_or_untag(self, data: st.DataObject, key: str, value: str | None) -> None:
        arn = self.pick(data, self.tags, [*self.gone_contacts, *self.gone_rotations])
        tags = self.tags.get(arn)
        error = None if tags is not None else NOT_FOUND
        if value is None:
            self.expect(error, "UntagResource", ResourceARN=arn, TagKeys=[key])
        else:
            self.expect(error, "TagResource", ResourceARN=arn, Tags=[{"Key": key, "Value": value}])
        if tags is None:
            return
        if value is None:
            tags.pop(key, None)
        else:
            tags[key] = value
        listed = call(self.client, "ListTagsForResource", ResourceARN=arn)["Tags"]
        assert {tag["Key"]: tag["Value"] for tag in listed} == tags

    # -- listing while things change

    @precondition(lambda self: len(self.engagements) >= 2)
    @rule(data=st.data(), size=st.integers(1, 3))
    def list_engagements_while_engaging(self, data: st.DataObject, size: int) -> None:
        before = list(self.engagements)
        first = call(self.client, "ListEngagements", MaxResults=size)
        self.engage(self.pick(data, self.contacts, self.gone_contacts), incident="")
        listed = [e["EngagementArn"] for e in first["Engagements"]]
        token = first.get("NextToken")
        while token:
            page = call(self.client, "ListEngagements", MaxResults=size, NextToken=token)
            listed += [e["EngagementArn"] for e in page["Engagements"]]
            token = page.get("NextToken")
        assert len(listed) == len(set(listed)), f"an engagement listed twice: {listed}"
        assert [arn for arn in listed if arn in before] == before[::-1]

    # -- invariants

    @invariant()
    def lists_page_through_what_exists(self) -> None:
        contacts = self.listed("ListContacts", "Contacts")
        assert [(c["ContactArn"], c["Type"]) for c in contacts] == sorted(
            ((arn, c.type) for arn, c in self.contacts.items()),
            key=lambda item: self.contacts[item[0]].alias,
        )
        engagements = self.listed("ListEngagements", "Engagements")
        assert [e["EngagementArn"] for e in engagements] == list(self.engagements)[::-1]
        rotations = self.listed("ListRotations", "Rotations")
        assert {r["RotationArn"]: r["ContactIds"] for r in rotations} == self.rotations
        for arn, contact in self.contacts.items():
            if contact.type == "ONCALL_SCHEDULE":
                plan = call(self.client, "GetContact", ContactId=arn)["Plan"]
                assert plan.get("RotationIds", []) == contact.rotations
            channels = self.listed("ListContactChannels", "ContactChannels", ContactId=arn)
            assert [c["ContactChannelArn"] for c in channels] == contact.channels
            for channel in channels:
                model = self.channels[channel["ContactChannelArn"]]
                assert channel["DeliveryAddress"]["SimpleAddress"] == model.address
                assert (channel["ActivationStatus"] == "ACTIVATED") == model.activated
        for arn, ids in self.overrides.items():
            overrides = self.listed(
                "ListRotationOverrides",
                "RotationOverrides",
                RotationId=arn,
                StartTime=T0,
                EndTime=self.now() + 3 * DAY,
            )
            assert sorted(o["RotationOverrideId"] for o in overrides) == sorted(ids)

    @invariant()
    def pages_reach_only_who_may_be_paged(self) -> None:
        for page in self.fake.pages:
            assert page.engagement_arn in self.engagements
            checked = self.checked_receipts.get(page.arn, 0)
            # Receipts since the last check came during the last step, and a step that
            # sends pages changes no channel: the model's state now is the state then.
            for receipt in page.receipts[checked:]:
                if receipt.type != "SENT":
                    continue
                channel = self.channels.get(receipt.channel_arn or "")
                assert channel is not None, f"{page.arn} was sent to a deleted channel"
                assert channel.activated, f"{page.arn} was sent to a deactivated channel"
                assert channel.contact == page.contact_arn
                assert page.contact_arn in self.contacts
                assert page.engagement_arn not in self.stopped, f"{page.arn} sent after the stop"
            self.checked_receipts[page.arn] = len(page.receipts)

    @invariant()
    def engagements_agree_with_their_pages(self) -> None:
        listed: list[str] = []
        for arn, contact in self.engagements.items():
            described = call(self.client, "DescribeEngagement", EngagementId=arn)
            assert (described["EngagementArn"], described["ContactArn"]) == (arn, contact)
            assert ("StopTime" in described) == (arn in self.stopped)
            pages = self.listed("ListPagesByEngagement", "Pages", EngagementId=arn)
            assert {page["EngagementArn"] for page in pages} <= {arn}
            listed += [page["PageArn"] for page in pages]
        assert sorted(listed) == sorted(page.arn for page in self.fake.pages)


ServiceLifecycle.TestCase.settings = settings(
    max_examples=examples(10), stateful_step_count=30, deadline=None
)
TestServiceLifecycle = ServiceLifecycle.TestCase
