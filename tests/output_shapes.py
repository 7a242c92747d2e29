"""Checking a parsed response against the operation's output shape in the loaded model.

botocore parses whatever the fake sends without checking it, so a missing required
member or a misspelt one would go unnoticed; these checks make it fail the test.
"""

from __future__ import annotations

import datetime
from typing import Any

from pytest_ssmcontacts._patterns import compile_pattern

_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "float": (float, int),
    "double": (float, int),
    "boolean": (bool,),
    "blob": (bytes,),
}


def assert_matches_output(client: Any, operation_name: str, response: dict[str, Any]) -> None:
    """Fail unless ``response`` fits the output shape of ``operation_name``.

    Checks required members, members the shape does not have, the Python type of
    every value, enum membership, lengths and ranges (``min``/``max``) and patterns;
    ``ResponseMetadata`` is botocore's, not the shape's.
    """
    __tracebackhide__ = True
    shape = client.meta.service_model.operation_model(operation_name).output_shape
    body = {key: value for key, value in response.items() if key != "ResponseMetadata"}
    problems: list[str] = []
    if shape is None:
        if body:
            problems.append(f"the operation has no output, got members {sorted(body)}")
    else:
        _check(shape, body, operation_name, problems)
    if problems:
        raise AssertionError(
            f"{operation_name} response does not match its output shape:\n"
            + "\n".join(f"- {problem}" for problem in problems)
        )


def _check(shape: Any, value: Any, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a structure, got {value!r}")
            return
        for name in shape.required_members:
            if name not in value:
                problems.append(f"{path}: required member {name} is missing")
        for name, member_value in value.items():
            member = shape.members.get(name)
            if member is None:
                problems.append(f"{path}: member {name} is not in {shape.name}")
            else:
                _check(member, member_value, f"{path}.{name}", problems)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {value!r}")
            return
        _check_size(shape, len(value), "items", path, problems)
        for index, item in enumerate(value):
            _check(shape.member, item, f"{path}[{index}]", problems)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map, got {value!r}")
            return
        _check_size(shape, len(value), "entries", path, problems)
        for key, item in value.items():
            _check(shape.key, key, f"{path} key {key!r}", problems)
            _check(shape.value, item, f"{path}[{key!r}]", problems)
    elif kind == "timestamp":
        if not isinstance(value, datetime.datetime) or value.tzinfo is None:
            problems.append(f"{path}: expected a timezone-aware datetime, got {value!r}")
    else:
        _check_scalar(shape, kind, value, path, problems)


def _check_scalar(shape: Any, kind: str, value: Any, path: str, problems: list[str]) -> None:
    expected = _SCALARS.get(kind)
    if expected is None:
        problems.append(f"{path}: shape type {kind} is not checked here")
        return
    # bool is an int in Python; a boolean in a number member is still wrong.
    if not isinstance(value, expected) or (isinstance(value, bool) and kind != "boolean"):
        problems.append(f"{path}: expected {kind}, got {value!r}")
        return
    enum = shape.enum if kind == "string" else None
    if enum and value not in enum:
        problems.append(f"{path}: {value!r} is not one of {', '.join(enum)}")
    if isinstance(value, str):
        _check_size(shape, len(value), "characters", path, problems)
        pattern = shape.metadata.get("pattern")
        if pattern is not None and not compile_pattern(pattern).search(value):
            problems.append(f"{path}: {value!r} does not match the pattern {pattern}")
    elif kind in ("integer", "long"):
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            problems.append(f"{path}: {value!r} is outside {low}..{high}")


def _check_size(shape: Any, size: int, unit: str, path: str, problems: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and size < low:
        problems.append(f"{path}: {size} {unit}, fewer than the minimum {low}")
    if high is not None and size > high:
        problems.append(f"{path}: {size} {unit}, more than the maximum {high}")
