"""Input validation, with every case generated from botocore's ssm-contacts model.

The expected verdict on a value comes from ``expected_constraints``: the model's metadata
read directly, with patterns judged by ``ascii_reference`` (generated values are ASCII),
never from ``_validation`` itself.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any, NamedTuple

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import Shape

from pattern_reference import ascii_reference
from pytest_ssmcontacts import SSMContacts
from pytest_ssmcontacts._validation import validate
from valid_values import (
    Entry,
    Part,
    aws_path,
    rejected,
    scalar,
    shortest_valid_length,
    sized,
    skeleton,
)

MODEL = botocore.session.get_session().get_service_model("ssm-contacts")
START = MODEL.operation_model("StartEngagement").input_shape


# -- values derived from the model ------------------------------------------------------


def expected_constraints(shape: Shape, value: Any) -> list[str]:
    """What the service objects to in ``value`` (ASCII) for ``shape``, read from the model."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if shape.type_name in ("integer", "long"):
        measure, size = "value", value
    else:
        measure, size = "length", len(value)
    out = []
    if low is not None and size < low:
        out.append(f"Member must have {measure} greater than or equal to {low}")
    if high is not None and size > high:
        out.append(f"Member must have {measure} less than or equal to {high}")
    if shape.type_name == "string":
        pattern = shape.metadata.get("pattern")
        if pattern is not None and ascii_reference(pattern).search(value) is None:
            out.append(f"Member must satisfy regular expression pattern: {pattern}")
        if shape.enum and value not in shape.enum:
            out.append(f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    return out


# -- every constrained place of every operation --------------------------------------


class Place(NamedTuple):
    operation: str
    parts: tuple[Part, ...]
    shape: Shape
    role: str  # "value", "required" (the member itself) or "key" (the map key at parts[-1])


def _list_index(shape: Shape) -> int:
    # The second item where the list allows two, so the 1-based numbering is visible.
    high = shape.metadata.get("max")
    return 1 if high is None or high >= 2 else 0


def _constrained(shape: Shape) -> bool:
    metadata = shape.metadata
    if shape.type_name == "string":
        return bool(shape.enum) or any(key in metadata for key in ("min", "max", "pattern"))
    return shape.type_name in ("integer", "long", "list") and (
        "min" in metadata or "max" in metadata
    )


def places(
    operation: str, shape: Shape, parts: tuple[Part, ...] = (), seen: frozenset[str] = frozenset()
) -> Iterator[Place]:
    kind = shape.type_name
    if kind == "structure":
        if shape.name in seen:
            return
        for name, member in shape.members.items():
            if name in shape.required_members:
                yield Place(operation, (*parts, name), member, "required")
            yield from places(operation, member, (*parts, name), seen | {shape.name})
        return
    if _constrained(shape):
        yield Place(operation, parts, shape, "value")
    if kind == "list":
        yield from places(operation, shape.member, (*parts, _list_index(shape)), seen)
    elif kind == "map":
        key = Entry(scalar(shape.key))
        if _constrained(shape.key):
            yield Place(operation, (*parts, key), shape.key, "key")
        yield from places(operation, shape.value, (*parts, key), seen)


PLACES = [
    place
    for operation in MODEL.operation_names
    for place in places(operation, MODEL.operation_model(operation).input_shape)
]


class Case(NamedTuple):
    place: Place
    kind: str
    value: Any  # None: the member is left out

    @property
    def id(self) -> str:
        where = aws_path(self.place.parts) + ("(key)" if self.place.role == "key" else "")
        return f"{self.place.operation}:{where}:{self.kind}"

    @property
    def path(self) -> str:
        parts = self.place.parts
        return aws_path(parts[:-1] if self.place.role == "key" else parts)

    def params(self) -> dict[str, Any]:
        """The operation's smallest valid input, with this case's value put in place."""
        params: dict[str, Any] = skeleton(
            MODEL.operation_model(self.place.operation).input_shape, self.place.parts
        )
        self.apply(params)
        return params

    def apply(self, params: dict[str, Any]) -> None:
        *outer, last = self.place.parts
        container: Any = params
        for part in outer:
            container = container[part]
        if self.place.role == "required":
            del container[last]
        elif self.place.role == "key":
            container[self.value] = container.pop(last)
        else:
            container[last] = self.value

    def expected(self) -> list[tuple[str, str, Any]]:
        if self.place.role == "required":
            return [(self.path, "Member must not be null", None)]
        return [
            (self.path, c, self.value) for c in expected_constraints(self.place.shape, self.value)
        ]


VALID_KINDS = ("shortest", "longest", "lowest", "highest", "first", "last")

# The phrase each kind of broken value must make the oracle say, so no case is vacuous.
_MEANT = {
    "missing": "must not be null",
    "too-short": "greater than or equal to",
    "too-long": "less than or equal to",
    "too-low": "greater than or equal to",
    "too-high": "less than or equal to",
    "pattern": "regular expression pattern",
    "enum": "enum value set",
}


def cases_for(place: Place) -> Iterator[Case]:
    shape = place.shape
    if place.role == "required":
        yield Case(place, "missing", None)
        return
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    kind = shape.type_name
    if kind in ("integer", "long"):
        if low is not None:
            yield Case(place, "lowest", low)
            yield Case(place, "too-low", low - 1)
        if high is not None:
            yield Case(place, "highest", high)
            yield Case(place, "too-high", high + 1)
    elif kind == "list":
        sizes = {"shortest": low or 0}
        if high is not None:
            sizes.update({"longest": high, "too-long": high + 1})
        if low:
            sizes["too-short"] = low - 1
        for name, size in sizes.items():
            yield Case(place, name, [skeleton(shape.member) for _ in range(size)])
    elif shape.enum:
        yield Case(place, "first", shape.enum[0])
        yield Case(place, "last", shape.enum[-1])
        outsider = shape.enum[0].lower()
        yield Case(place, "enum", outsider if outsider not in shape.enum else outsider + "_")
    else:
        pattern = shape.metadata.get("pattern")
        shortest = shortest_valid_length(shape)
        if high is None or shortest <= high:
            yield Case(place, "shortest", sized(pattern, shortest))
        if high is not None:
            yield Case(place, "longest", sized(pattern, high))
            yield Case(place, "too-long", sized(pattern, high + 1))
        if low:
            yield Case(place, "too-short", sized(pattern, low - 1))
        if pattern is not None:
            broken = rejected(shape)
            if broken is not None:
                yield Case(place, "pattern", broken)


CASES = [case for place in PLACES for case in cases_for(place)]


def _check_generated(case: Case) -> list[tuple[str, str, Any]]:
    expected = case.expected()
    if case.kind in VALID_KINDS:
        assert expected == [], f"generated a bad 'valid' value: {expected}"
    else:
        assert any(_MEANT[case.kind] in constraint for _, constraint, _ in expected), expected
    return expected


def _comparable(found: list[tuple[str, str, Any]]) -> list[tuple[str, str, str]]:
    return sorted((path, constraint, repr(value)) for path, constraint, value in found)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_constraint_of_every_operation(case: Case) -> None:
    expected = _check_generated(case)
    shape = MODEL.operation_model(case.place.operation).input_shape
    found = validate(shape, case.params())
    assert _comparable([(v.path, v.constraint, v.value) for v in found]) == _comparable(expected)


def test_generation_covers_every_operation_and_constraint_kind() -> None:
    assert {case.place.operation for case in CASES} == set(MODEL.operation_names)
    assert set(_MEANT) <= {case.kind for case in CASES}
    paths = {case.path for case in CASES}
    assert "plan.stages.2.member.durationInMinutes" in paths
    assert "plan.stages.2.member.targets.2.member.channelTargetInfo.contactChannelId" in paths


def test_list_items_are_numbered_from_one() -> None:
    create_contact = MODEL.operation_model("CreateContact").input_shape
    stage = create_contact.members["Plan"].members["Stages"].member
    longest = stage.members["DurationInMinutes"].metadata["max"]
    durations = [longest + 1, longest, longest + 1]
    plan = {"Stages": [{"DurationInMinutes": d, "Targets": []} for d in durations]}
    params = {"Alias": "oncall", "Type": "ESCALATION", "Plan": plan}
    assert [v.path for v in validate(create_contact, params)] == [
        "plan.stages.1.member.durationInMinutes",
        "plan.stages.3.member.durationInMinutes",
    ]


# -- Unicode classes, ASCII shorthand classes, unanchored patterns --------------------


def _first_place(shape_name: str) -> Place:
    return next(p for p in PLACES if p.shape.name == shape_name and p.role == "value")


def _verdict(place: Place, value: str) -> list[tuple[str, str, Any]]:
    case = Case(place, "probe", value)
    found = validate(MODEL.operation_model(place.operation).input_shape, case.params())
    return [(v.path, v.constraint, v.value) for v in found]


UNICODE_PLACES: dict[str, Place] = {}
for _place in PLACES:
    if _place.role == "value" and "\\p{" in _place.shape.metadata.get("pattern", ""):
        UNICODE_PLACES.setdefault(_place.shape.name, _place)


def test_unicode_patterns_are_found_in_the_model() -> None:
    assert sorted(UNICODE_PLACES) == ["ChannelName", "ContactName", "TagValue"]


@pytest.mark.parametrize("shape_name", sorted(UNICODE_PLACES))
@pytest.mark.parametrize("text", ["Zoë", "Ωμέγα", "名前", "٣", "Zoë Ωμέγα_名前-٣", "a\u3000b"])
def test_unicode_letters_digits_and_separators_pass(shape_name: str, text: str) -> None:
    assert _verdict(UNICODE_PLACES[shape_name], text) == []


@pytest.mark.parametrize("shape_name", sorted(UNICODE_PLACES))
@pytest.mark.parametrize("text", ["!", "<", "Zoë!", "名前<", "a\tb"])
def test_unicode_patterns_reject_punctuation_and_controls(shape_name: str, text: str) -> None:
    place = UNICODE_PLACES[shape_name]
    pattern = place.shape.metadata["pattern"]
    assert _verdict(place, text) == [
        (aws_path(place.parts), f"Member must satisfy regular expression pattern: {pattern}", text)
    ]


@pytest.mark.parametrize(
    ("shape_name", "java_accepts", "python_unicode_only"),
    [
        # Java's \w is [a-zA-Z_0-9]: an accented region is no region.
        (
            "SsmContactsArn",
            "arn:aws:ssm-contacts:us-east-1:123456789012:contact/oncall",
            "arn:aws:ssm-contacts:us-éast-1:123456789012:contact/oncall",
        ),
        # Java's \s is [ \t\n\x0B\f\r]: no-break space is not white space there.
        ("Sender", "on call\tbot", "on\u00a0call"),
    ],
)
def test_shorthand_classes_are_ascii_only(
    shape_name: str, java_accepts: str, python_unicode_only: str
) -> None:
    place = _first_place(shape_name)
    pattern = place.shape.metadata["pattern"]
    # The premise: only the meaning of \w / \s separates the two values.
    assert re.search(pattern, python_unicode_only)
    assert re.search(pattern, python_unicode_only, re.ASCII) is None
    assert _verdict(place, java_accepts) == []
    assert _verdict(place, python_unicode_only) == [
        (
            aws_path(place.parts),
            f"Member must satisfy regular expression pattern: {pattern}",
            python_unicode_only,
        )
    ]


UUID = "0f7b6a4e-2c1d-4e5f-9a8b-7c6d5e4f3a2b"


@pytest.mark.parametrize(
    ("shape_name", "value"),
    [
        ("Uuid", f"id:{UUID}"),
        ("Uuid", f"{UUID}xyz"),
        ("SsmContactsArn", "see arn:aws:ssm-contacts:us-east-1:123456789012:contact/a!"),
    ],
)
def test_unanchored_patterns_accept_a_match_anywhere(shape_name: str, value: str) -> None:
    place = _first_place(shape_name)
    pattern = place.shape.metadata["pattern"]
    # The premise, read from the model: no anchors, so the service searches.
    assert not pattern.startswith("^")
    assert not pattern.endswith("$")
    assert re.fullmatch(pattern, value) is None
    assert re.search(pattern, value)
    assert _verdict(place, value) == []


def test_unanchored_uuid_pattern_still_needs_a_uuid() -> None:
    place = _first_place("Uuid")
    not_hex = UUID[:-1] + "g"
    assert _verdict(place, not_hex) == [
        (
            aws_path(place.parts),
            f"Member must satisfy regular expression pattern: {place.shape.metadata['pattern']}",
            not_hex,
        )
    ]


# -- StartEngagement through a real client ------------------------------------------------


def _client() -> Any:
    # Without botocore's own checks, every constraint reaches the fake.
    return boto3.client("ssm-contacts", config=Config(parameter_validation=False))


def _quoted(value: Any) -> str:
    return "null" if value is None else f"'{value}'"


def _describe(path: str, constraint: str, value: Any) -> str:
    return f"Value {_quoted(value)} at '{path}' failed to satisfy constraint: {constraint}"


def _validation_error(params: dict[str, Any]) -> dict[str, Any]:
    with pytest.raises(ClientError) as caught:
        _client().start_engagement(**params)
    response: dict[str, Any] = caught.value.response
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Reason"] == "FIELD_VALIDATION_FAILED"
    return response


START_CASES = [
    case
    for case in CASES
    if case.place.operation == "StartEngagement" and case.kind not in VALID_KINDS
]
SINGLE_START_CASES = [case for case in START_CASES if len(case.expected()) == 1]


def test_every_member_of_start_engagement_has_a_single_violation_case() -> None:
    assert {case.place.parts[0] for case in SINGLE_START_CASES} == set(START.members)
    assert {case.place.parts[0] for case in START_CASES if case.kind == "missing"} == set(
        START.required_members
    )


def test_generated_minimal_input_is_accepted(ssm_contacts: SSMContacts) -> None:
    params = skeleton(START)
    params["ContactId"] = ssm_contacts.add_contact("oncall").arn
    assert _client().start_engagement(**params)["EngagementArn"]


@pytest.mark.parametrize("case", SINGLE_START_CASES, ids=[c.id for c in SINGLE_START_CASES])
def test_start_engagement_reports_one_violation(ssm_contacts: SSMContacts, case: Case) -> None:
    _check_generated(case)
    [(path, constraint, value)] = case.expected()
    response = _validation_error(case.params())
    assert response["Fields"] == [{"Name": path, "Message": constraint}]
    assert response["Error"]["Message"] == (
        f"1 validation error detected: {_describe(path, constraint, value)}"
    )
    assert constraint.startswith("Member must ")
    assert ssm_contacts.engagements == []


def test_start_engagement_reports_every_member_in_member_order(
    ssm_contacts: SSMContacts,
) -> None:
    first_per_member: dict[Part, Case] = {}
    for case in SINGLE_START_CASES:
        first_per_member.setdefault(case.place.parts[0], case)
    broken = list(first_per_member.values())
    params = skeleton(START)
    for case in broken:
        case.apply(params)
    expected = [case.expected()[0] for case in broken]
    response = _validation_error(params)
    assert response["Fields"] == [{"Name": p, "Message": c} for p, c, _ in expected]
    assert response["Error"]["Message"] == (
        f"{len(expected)} validation errors detected: "
        + "; ".join(_describe(*violation) for violation in expected)
    )


TWO_ON_ONE_MEMBER = [
    Case(place, "too-long+pattern", broken + "a" * (place.shape.metadata["max"] + 1 - len(broken)))
    for place in PLACES
    if place.operation == "StartEngagement"
    and place.role == "value"
    and "max" in place.shape.metadata
    and "pattern" in place.shape.metadata
    for broken in [rejected(place.shape)]
    if broken is not None
]


@pytest.mark.parametrize(
    "case",
    [*TWO_ON_ONE_MEMBER, *(c for c in START_CASES if len(c.expected()) == 2)],
    ids=lambda case: case.id,
)
def test_start_engagement_reports_two_violations_of_one_member(
    ssm_contacts: SSMContacts, case: Case
) -> None:
    expected = case.expected()
    assert len(expected) == 2
    response = _validation_error(case.params())
    fields = [(f["Name"], f["Message"]) for f in response["Fields"]]
    assert sorted(fields) == sorted((path, constraint) for path, constraint, _ in expected)
    described = [_describe(*violation) for violation in expected]
    assert response["Error"]["Message"] in {
        "2 validation errors detected: " + "; ".join(described),
        "2 validation errors detected: " + "; ".join(reversed(described)),
    }


def test_checkers_built_by_several_threads_at_once_are_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Fakes in different threads hold different locks: the first validations of a
    # process may build the same checkers at the same time.
    from pytest_ssmcontacts import _validation

    shapes = [
        shape
        for shape in (MODEL.operation_model(name).input_shape for name in MODEL.operation_names)
        if shape is not None
    ]
    failures: list[BaseException] = []

    def validate_all() -> None:
        try:
            for shape in shapes:
                validate(shape, {})
        except BaseException as error:  # reported by the test thread
            failures.append(error)

    for _ in range(100):
        monkeypatch.setattr(_validation, "_cache", {})
        workers = [threading.Thread(target=validate_all) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert failures == []
