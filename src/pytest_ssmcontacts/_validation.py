"""Input validation driven by botocore's loaded service model.

Every constraint (required, type, min/max length or value, pattern, enum) is read
from the model; nothing about individual fields is written here. Checkers are
compiled once per shape and cached, so a request costs a walk over its own members.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Callable, Union

from botocore.model import Shape

from ._patterns import compile_pattern
from ._violations import MapKey, PathPart, Violation

# Where a value sits, while the walk goes on: () for the request itself, else
# (where its parent sits, its member name or index). One small pair per level: a path
# is spelled out (``_parts``) only for a value that breaks a rule.
Where = Union[tuple[()], tuple["Where", PathPart]]
Checker = Callable[[Any, Where, "list[Violation]"], None]

# Reporting stops here: a request of 100,000 bad list items would otherwise take
# seconds to check and answer with a message of tens of megabytes.
MAX_VIOLATIONS = 100


class _Enough(Exception):
    pass


class _Bounded(list):  # type: ignore[type-arg]
    def append(self, violation: Violation) -> None:
        super().append(violation)
        if len(self) >= MAX_VIOLATIONS:
            raise _Enough


def validate(shape: Shape | None, params: Any) -> list[Violation]:
    """The constraint violations of ``params`` against ``shape``, in member order.

    At most ``MAX_VIOLATIONS`` of them: the first ones found.
    """
    if shape is None:
        return []
    violations: list[Violation] = _Bounded()
    with contextlib.suppress(_Enough):
        checker_for(shape)(params, (), violations)
    return list(violations)


_cache: dict[int, Checker] = {}
# Checkers being built, by the one thread that holds ``_building_lock``: published to
# ``_cache`` all at once when the outermost one is done, so no other thread (another
# fake, another lock) ever calls a placeholder that is not filled yet.
_building: dict[int, Checker] = {}
_building_lock = threading.RLock()


def checker_for(shape: Shape) -> Checker:
    key = id(shape)
    checker = _cache.get(key)
    if checker is not None:
        return checker
    with _building_lock:
        checker = _cache.get(key) or _building.get(key)
        if checker is not None:
            return checker
        outermost = not _building
        try:
            # Placeholder first so a recursive shape refers to its own finished checker.
            slot: list[Checker] = []
            _building[key] = lambda value, where, out: slot[0](value, where, out)
            checker = _build(shape)
            slot.append(checker)
            _building[key] = checker
            _keep_alive.append(shape)
            if outermost:
                _cache.update(_building)
        finally:
            if outermost:
                _building.clear()
    return checker


# Shapes are cached by identity; keep them alive so an id is never reused.
_keep_alive: list[Shape] = []


def _build(shape: Shape) -> Checker:
    kind = shape.type_name
    if kind == "structure":
        return _structure(shape)
    if kind == "list":
        return _list(shape)
    if kind == "map":
        return _map(shape)
    if kind == "string":
        return _string(shape)
    if kind in ("integer", "long"):
        return _integer(shape)
    if kind == "boolean":
        return _typed(bool, "boolean")
    if kind == "timestamp":
        return _timestamp()
    if kind in ("float", "double"):
        return _number(shape)
    return lambda value, where, out: None


def _type_violation(
    type_label: str,
) -> Checker:
    message = f"Member must be of type {type_label}"

    def report(value: Any, where: Where, out: list[Violation]) -> None:
        out.append(Violation(_parts(where), value, message))

    return report


def _structure(shape: Shape) -> Checker:
    required = set(shape.required_members)
    members = [
        (name, checker_for(member), name in required) for name, member in shape.members.items()
    ]
    wrong_type = _type_violation("structure")

    def check(value: Any, where: Where, out: list[Violation]) -> None:
        if not isinstance(value, dict):
            wrong_type(value, where, out)
            return
        for name, member_check, is_required in members:
            member_value = value.get(name)
            if member_value is None:
                if is_required:
                    out.append(Violation(_parts((where, name)), None, "Member must not be null"))
                continue
            member_check(member_value, (where, name), out)

    return check


def _parts(where: Where) -> tuple[PathPart, ...]:
    parts: list[PathPart] = []
    while where:
        where, part = where
        parts.append(part)
    return tuple(reversed(parts))


def _length_rules(shape: Shape) -> tuple[int | None, int | None]:
    metadata = shape.metadata
    return metadata.get("min"), metadata.get("max")


def _list(shape: Shape) -> Checker:
    low, high = _length_rules(shape)
    item_check = checker_for(shape.member)
    wrong_type = _type_violation("list")

    def check(value: Any, where: Where, out: list[Violation]) -> None:
        if not isinstance(value, list):
            wrong_type(value, where, out)
            return
        length = len(value)
        if (low is not None and length < low) or (high is not None and length > high):
            _check_length(length, value, where, out, low, high)
        for index, item in enumerate(value):
            if item is None:
                out.append(Violation(_parts((where, index)), None, "Member must not be null"))
            else:
                item_check(item, (where, index), out)

    return check


def _map(shape: Shape) -> Checker:
    low, high = _length_rules(shape)
    key_check = checker_for(shape.key)
    value_check = checker_for(shape.value)
    wrong_type = _type_violation("map")

    def check(value: Any, where: Where, out: list[Violation]) -> None:
        if not isinstance(value, dict):
            wrong_type(value, where, out)
            return
        _check_length(len(value), value, where, out, low, high)
        for key, item in value.items():
            key_check(key, where, out)
            if item is None:
                out.append(Violation(_parts((where, MapKey(key))), None, "Member must not be null"))
            else:
                value_check(item, (where, MapKey(key)), out)

    return check


def _check_length(
    length: int,
    value: Any,
    where: Where,
    out: list[Violation],
    low: int | None,
    high: int | None,
) -> None:
    if low is not None and length < low:
        out.append(
            Violation(
                _parts(where), value, f"Member must have length greater than or equal to {low}"
            )
        )
    if high is not None and length > high:
        out.append(
            Violation(_parts(where), value, f"Member must have length less than or equal to {high}")
        )


def _string(shape: Shape) -> Checker:
    low, high = _length_rules(shape)
    pattern_text = shape.metadata.get("pattern")
    search = compile_pattern(pattern_text).search if pattern_text is not None else None
    enum = tuple(shape.enum) if shape.enum else None
    enum_message = f"Member must satisfy enum value set: [{', '.join(enum)}]" if enum else ""
    pattern_message = f"Member must satisfy regular expression pattern: {pattern_text}"
    wrong_type = _type_violation("string")

    def check(value: Any, where: Where, out: list[Violation]) -> None:
        if not isinstance(value, str):
            wrong_type(value, where, out)
            return
        length = len(value)
        if (low is not None and length < low) or (high is not None and length > high):
            _check_length(length, value, where, out, low, high)
        if search is not None and search(value) is None:
            out.append(Violation(_parts(where), value, pattern_message))
        if enum is not None and value not in enum:
            out.append(Violation(_parts(where), value, enum_message))

    return check


def _integer(shape: Shape) -> Checker:
    low, high = _length_rules(shape)
    wrong_type = _type_violation("integer")

    def check(value: Any, where: Where, out: list[Violation]) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            wrong_type(value, where, out)
            return
        if (low is not None and value < low) or (high is not None and value > high):
            _check_range(value, where, out, low, high)

    return check


def _number(shape: Shape) -> Checker:
    low, high = _length_rules(shape)
    wrong_type = _type_violation("number")

    def check(value: Any, where: Where, out: list[Violation]) -> None:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            wrong_type(value, where, out)
            return
        if (low is not None and value < low) or (high is not None and value > high):
            _check_range(value, where, out, low, high)

    return check


def _check_range(
    value: float,
    where: Where,
    out: list[Violation],
    low: int | None,
    high: int | None,
) -> None:
    if low is not None and value < low:
        out.append(
            Violation(
                _parts(where), value, f"Member must have value greater than or equal to {low}"
            )
        )
    if high is not None and value > high:
        out.append(
            Violation(_parts(where), value, f"Member must have value less than or equal to {high}")
        )


def _timestamp() -> Checker:
    wrong_type = _type_violation("timestamp")

    def check(value: Any, where: Where, out: list[Violation]) -> None:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            wrong_type(value, where, out)

    return check


def _typed(python_type: type, label: str) -> Checker:
    wrong_type = _type_violation(label)

    def check(value: Any, where: Where, out: list[Violation]) -> None:
        if not isinstance(value, python_type):
            wrong_type(value, where, out)

    return check
