"""Hostile request bodies get an AWS-style 400 in bounded time, never RecursionError.

A ``request-created`` handler can send any body, such as one nested thousands of
levels deep or a list of a hundred thousand invalid items: the fake refuses it as AWS
would, without recursing through it or listing every violation.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_ssmcontacts import SSMContacts
from pytest_ssmcontacts._protocol import MAX_DEPTH
from pytest_ssmcontacts._validation import MAX_VIOLATIONS

DEPTHS = [MAX_DEPTH + 1, 1000, 5000, 100_000]


def _nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def _nested_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _bodies(depth: int) -> dict[str, str]:
    return {
        "array-in-member": '{"AliasPrefix":' + _nested_list(depth - 1) + "}",
        "object-in-member": '{"AliasPrefix":' + _nested_object(depth - 1) + "}",
        "array-in-unknown-member": '{"Whatever":' + _nested_list(depth - 1) + "}",
        "nulls-inside": '{"AliasPrefix":' + "[" * (depth - 1) + "null" + "]" * (depth - 1) + "}",
        "top-level-array": _nested_list(depth),
    }


def _client_sending(body: str) -> Any:
    client = boto3.client("ssm-contacts", region_name="us-east-1")

    def replace_body(request: Any, **_: Any) -> None:
        request.data = body.encode()

    client.meta.events.register("request-created.ssm-contacts.ListContacts", replace_body)
    return client


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("kind", sorted(_bodies(40)))
def test_a_deeply_nested_body_is_a_validation_exception(
    ssm_contacts: SSMContacts, depth: int, kind: str
) -> None:
    body = _bodies(depth)[kind]
    client = _client_sending(body)
    with pytest.raises(ClientError) as excinfo:
        client.list_contacts()
    response = excinfo.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Reason"] == "CANNOT_PARSE"
    if kind == "top-level-array" and depth <= 1000:
        # Python's parser reads this one; the nesting check refuses it.
        assert response["Error"]["Message"] in (
            f"Cannot parse request body: it nests more than {MAX_DEPTH} levels",
            "Request body must be a JSON object",
        )
    else:
        assert response["Error"]["Message"] == (
            f"Cannot parse request body: it nests more than {MAX_DEPTH} levels"
        )
    # Logged like any other failed call; nothing else changed.
    assert ssm_contacts.calls[-1].error == "ValidationException"
    assert ssm_contacts.contacts == []


def test_nesting_up_to_the_limit_reaches_validation(ssm_contacts: SSMContacts) -> None:
    # One level below the limit parses, and validation reports the wrong type.
    body = '{"AliasPrefix":' + _nested_list(MAX_DEPTH - 1) + "}"
    client = _client_sending(body)
    with pytest.raises(ClientError) as excinfo:
        client.list_contacts()
    response = excinfo.value.response
    assert response["Reason"] == "FIELD_VALIDATION_FAILED"
    assert response["Error"]["Message"].startswith(
        "1 validation error detected: Value '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]"
        "]]]]]]]]' at 'aliasPrefix' failed to satisfy constraint: Member must be of type string"
    )


@pytest.mark.parametrize("innermost", ["", "1", '"a"', "null", "{}"])
def test_the_limit_counts_objects_and_arrays_not_what_they_hold(
    ssm_contacts: SSMContacts, innermost: str
) -> None:
    # The request object and 31 arrays: 32 levels, whatever the innermost one holds
    # (an empty object there would be the 33rd level).
    inner = "[" * (MAX_DEPTH - 1) + innermost + "]" * (MAX_DEPTH - 1)
    client = _client_sending('{"AliasPrefix":' + inner + "}")
    with pytest.raises(ClientError) as excinfo:
        client.list_contacts()
    expected = "CANNOT_PARSE" if innermost == "{}" else "FIELD_VALIDATION_FAILED"
    assert excinfo.value.response["Reason"] == expected


def test_the_limit_leaves_room_for_every_request_the_model_allows() -> None:
    model = boto3.client("ssm-contacts", region_name="us-east-1").meta.service_model

    def depth(shape: Any, seen: frozenset[str]) -> int:
        if shape.name in seen:
            return MAX_DEPTH  # a recursive shape would need a bigger limit
        seen = seen | {shape.name}
        if shape.type_name == "structure":
            return 1 + max([depth(m, seen) for m in shape.members.values()] or [0])
        if shape.type_name == "list":
            return 1 + depth(shape.member, seen)
        if shape.type_name == "map":
            return 1 + depth(shape.value, seen)
        return 0

    deepest = max(
        depth(model.operation_model(name).input_shape, frozenset())
        for name in model.operation_names
    )
    assert deepest * 2 <= MAX_DEPTH


def test_the_wire_entry_refuses_deep_bodies_directly(ssm_contacts: SSMContacts) -> None:
    headers = {"X-Amz-Target": "SSMContacts.ListContacts"}
    body = json.dumps({"AliasPrefix": "a"})[:-1] + ',"X":' + _nested_list(50_000) + "}"
    status, _, raw = ssm_contacts._serve(headers, body.encode(), None)
    assert status == 400
    answer = json.loads(raw)
    assert answer["__type"] == "ValidationException"
    assert answer["Reason"] == "CANNOT_PARSE"


def test_a_huge_invalid_list_reports_the_first_hundred_violations(
    ssm_contacts: SSMContacts,
) -> None:
    headers = {"X-Amz-Target": "SSMContacts.CreateRotationOverride"}
    body = {
        "RotationId": "arn:aws:ssm-contacts:us-east-1:123456789012:rotation/x",
        "NewContactIds": ["x"] * 100_000,
        "StartTime": 1,
        "EndTime": 2,
    }
    status, _, raw = ssm_contacts._serve(headers, json.dumps(body).encode(), None)
    assert status == 400
    answer = json.loads(raw)
    assert answer["Reason"] == "FIELD_VALIDATION_FAILED"
    assert len(answer["Fields"]) == MAX_VIOLATIONS
    assert answer["Fields"][:2] == [
        {
            "Name": "newContactIds",
            "Message": "Member must have length less than or equal to 30",
        },
        {
            "Name": "newContactIds.1.member",
            "Message": "Member must satisfy regular expression pattern: "
            "arn:(aws|aws-cn|aws-us-gov):ssm-contacts:[-\\w+=\\/,.@]*:[0-9]+:([\\w+=\\/,.@:-]+)*",
        },
    ]
    assert answer["message"].startswith(f"{MAX_VIOLATIONS} validation errors detected: ")
    assert ssm_contacts.calls[-1].error == "ValidationException"
