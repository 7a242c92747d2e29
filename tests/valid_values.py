"""Values built from the model's shapes: valid ones, and strings of a given length.

Shared by the validation tests and the coverage tests.
"""

from __future__ import annotations

import string
from typing import Any, Union

from botocore.model import Shape

from pattern_reference import ascii_reference, witness

# Fill characters to lengthen an accepted string, most readable first.
_PADDING = "a0A_-. " + string.printable


# Characters tried when a pattern must be broken, most typical first.
_BREAKERS = string.punctuation + " " + string.ascii_letters + string.digits


class Entry(str):
    """A map key a path goes through; AWS paths show it verbatim."""


Part = Union[str, int]  # member name, 0-based list index, or Entry


def aws_path(parts: tuple[Part, ...]) -> str:
    """AWS's name for a place: lower-camel members, ``<n>.member`` for the n-th list item."""
    words: list[str] = []
    for part in parts:
        if isinstance(part, int):
            words.append(f"{part + 1}.member")
        elif isinstance(part, Entry):
            words.append(str(part))
        else:
            words.append(part[:1].lower() + part[1:])
    return ".".join(words)


def sized(pattern: str | None, length: int) -> str:
    """An ASCII string of ``length`` the pattern accepts (cut short if it needs more)."""
    seed = witness(pattern) if pattern else ""
    if len(seed) >= length:
        return seed[:length]
    for pad in _PADDING:
        candidate = seed + pad * (length - len(seed))
        if pattern is None or ascii_reference(pattern).search(candidate):
            return candidate
    raise AssertionError(f"no ASCII string of length {length} fits {pattern!r}")


def shortest_valid_length(shape: Shape) -> int:
    pattern = shape.metadata.get("pattern")
    low: int = shape.metadata.get("min", 0)
    return max(low, 1, len(witness(pattern)) if pattern else 0)


def rejected(shape: Shape) -> str | None:
    """A value of allowed length the pattern refuses: an accepted one plus a bad char, or
    a run of one bad char; None when the pattern accepts everything."""
    pattern = shape.metadata["pattern"]
    reference = ascii_reference(pattern)
    low, high = shape.metadata.get("min", 0), shape.metadata.get("max")
    accepted = sized(pattern, shortest_valid_length(shape))
    for char in _BREAKERS:
        for candidate in (accepted + char, char * max(low, 1)):
            fits = low <= len(candidate) and (high is None or len(candidate) <= high)
            if fits and reference.search(candidate) is None:
                return candidate
    return None


def scalar(shape: Shape) -> Any:
    """The smallest valid value of a scalar shape."""
    kind = shape.type_name
    if kind == "string" and shape.enum:
        return shape.enum[0]
    if kind == "string":
        return sized(shape.metadata.get("pattern"), shortest_valid_length(shape))
    if kind in ("integer", "long"):
        return shape.metadata.get("min", 0)
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return 1_700_000_000
    if kind in ("float", "double"):
        return 0.0
    raise NotImplementedError(f"no valid value for {kind} shape {shape.name}")


def skeleton(shape: Shape, parts: tuple[Part, ...] = ()) -> Any:
    """The smallest valid value of ``shape`` that contains every container on ``parts``."""
    head, rest = (parts[0], parts[1:]) if parts else (None, ())
    kind = shape.type_name
    if kind == "structure":
        return {
            name: skeleton(member, rest if name == head else ())
            for name, member in shape.members.items()
            if name in shape.required_members or name == head
        }
    if kind == "list":
        count = max(shape.metadata.get("min", 0), head + 1 if isinstance(head, int) else 0)
        return [skeleton(shape.member, rest if i == head else ()) for i in range(count)]
    if kind == "map":
        return {} if head is None else {head: skeleton(shape.value, rest)}
    return scalar(shape)
