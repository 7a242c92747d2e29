"""A broken constraint of a request, and AWS's wording of a list of them.

Below both the validation that finds violations and the errors that report them, so
the error module need not import the validator.
"""

from __future__ import annotations

from typing import Any, Union

import attrs


class MapKey(str):
    """A map key in a violation's path (kept verbatim, unlike member names)."""


PathPart = Union[str, int]


@attrs.frozen
class Violation:
    """One broken constraint: where (model member names and list indexes) and which rule."""

    parts: tuple[PathPart, ...]
    value: Any
    constraint: str

    @property
    def path(self) -> str:
        """The field path in AWS's wire form: ``plan.stages.1.member.durationInMinutes``."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, int):
                out.append(f"{part + 1}.member")
            elif isinstance(part, MapKey):
                out.append(str(part))
            else:
                out.append(part[:1].lower() + part[1:])
        return ".".join(out)

    @property
    def rule(self) -> str:
        """The constraint as a phrase about the value: ``must not be null``."""
        return (
            self.constraint[len("Member ") :]
            if self.constraint.startswith("Member ")
            else self.constraint
        )

    def describe(self) -> str:
        return (
            f"Value {render_value(self.value)} at '{self.path}' failed to satisfy constraint: "
            f"{self.constraint}"
        )


def render_value(value: Any) -> str:
    """Render a value the way AWS's validation messages quote it."""
    if value is None:
        return "null"
    return f"'{_java_str(value)}'"


def _java_str(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_java_str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java_str(v)}" for k, v in value.items()) + "}"
    return str(value)


def summarize(violations: list[Violation]) -> str:
    count = len(violations)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(v.describe() for v in violations)
