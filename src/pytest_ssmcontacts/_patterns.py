"""Translation of the model's Java/ECMAScript regular expressions to Python's ``re``.

The model's patterns are matched the way the service matches them: unanchored
(``search``), with ASCII ``\\w``/``\\s``/``\\d`` as in Java, with the Unicode
property classes ``\\p{L}``, ``\\p{N}`` and ``\\p{Z}`` that ``re`` lacks, and with ``$``
meaning the end of the input (Python's ``$`` would also match before a final newline,
letting ``"oncall\\n"`` pass as an alias). The model's property classes all stand in
patterns that are one character class over the whole value (names and tag values):
those are checked a character at a time against ``unicodedata``; anywhere else a
property class is expanded into code-point ranges for ``re``.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from typing import Protocol

_PROPERTY = re.compile(r"\\p\{([A-Z])\}")
# A whole value made of one character class: ``^[...]*$`` or ``^[...]+$``, not negated.
_CLASS_RUN = re.compile(r"\^\[(?!\^)((?:\\.|[^\]\\])*)\]([*+])\$")


class Matcher(Protocol):
    """What the fake asks of a compiled model pattern: ``search``, truthy on a match."""

    def search(self, text: str) -> object: ...


@functools.cache
def _category_ranges(major: str) -> str:
    """Code-point ranges of a Unicode major category, ready for a character class."""
    ranges: list[str] = []
    start = None
    for code in range(sys.maxunicode + 2):
        inside = code <= sys.maxunicode and unicodedata.category(chr(code))[0] == major
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            end = code - 1
            ranges.append(_escape(start) if start == end else f"{_escape(start)}-{_escape(end)}")
            start = None
    return "".join(ranges)


def _escape(code: int) -> str:
    return f"\\U{code:08x}"


def _translate(pattern: str) -> str:
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            match = _PROPERTY.match(pattern, i)
            if match:
                ranges = _category_ranges(match.group(1))
                out.append(ranges if in_class else f"[{ranges}]")
                i = match.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "$" and not in_class:
            char = "\\Z"
        out.append(char)
        i += 1
    return "".join(out)


def _without_free_ends(pattern: str) -> str:
    """Drop a leading and a trailing ``.*`` of an unanchored pattern.

    Under ``search`` both can match the empty string, so whether a string matches is
    unchanged; but ``.*\\S.*`` kept as written backtracks quadratically on a long run
    of spaces (a 395,000-character Policy), while ``\\S`` alone is a linear scan.
    """
    if pattern.startswith(".*") and not pattern.startswith((".*?", ".*+")):
        pattern = pattern[2:]
    if pattern.endswith(".*") and not pattern.endswith("\\.*"):
        pattern = pattern[:-2]
    return pattern


def _class_tokens(members: str) -> list[tuple[str, str]]:
    """The members of a character class: ("property", major), ("escape", text), ("char", c)."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(members):
        match = _PROPERTY.match(members, i)
        if match:
            tokens.append(("property", match.group(1)))
            i = match.end()
        elif members[i] == "\\":
            tokens.append(("escape", members[i : i + 2]))
            i += 2
        else:
            tokens.append(("char", members[i]))
            i += 1
    return tokens


def _read_alone(tokens: list[tuple[str, str]]) -> bool:
    """Whether the class keeps its meaning with its properties taken out.

    Not when a ``-`` stands next to a property (a range bound in Java), when what is
    left would start with ``^`` (a negation), or with nested classes or ``&&``.
    """
    for index, (kind, text) in enumerate(tokens):
        if kind == "property":
            beside = tokens[max(index - 1, 0) : index + 2]
            if ("char", "-") in beside:
                return False
        elif kind == "char" and text in "[&":
            return False
    others = [token for token in tokens if token[0] != "property"]
    return not others or others[0] != ("char", "^")


class _ClassRun:
    """``^[...]*$`` with Unicode property classes: every character is in the class.

    Expanding ``\\p{L}`` into code-point ranges means asking ``unicodedata`` about all
    1.1 million code points, a third of a second at the first call that checks a name;
    this asks about the characters of the value instead. The other members of the class
    keep their regular-expression meaning (ASCII shorthands, ranges, escapes).
    """

    __slots__ = ("_empty_ok", "_majors", "_others")

    def __init__(self, tokens: list[tuple[str, str]], quantifier: str) -> None:
        self._majors = frozenset(text for kind, text in tokens if kind == "property")
        others = "".join(text for kind, text in tokens if kind != "property")
        self._others = re.compile(f"[{others}]", re.ASCII).fullmatch if others else None
        self._empty_ok = quantifier == "*"

    def search(self, text: str) -> bool | None:
        if not text and not self._empty_ok:
            return None
        for char in set(text):
            if unicodedata.category(char)[0] in self._majors:
                continue
            if self._others is not None and self._others(char):
                continue
            return None
        return True


@functools.cache
def compile_pattern(pattern: str) -> Matcher:
    """Compile a model pattern; callers use ``.search`` (the service's semantics)."""
    whole_class = _CLASS_RUN.fullmatch(pattern)
    if whole_class:
        tokens = _class_tokens(whole_class.group(1))
        if any(kind == "property" for kind, _ in tokens) and _read_alone(tokens):
            return _ClassRun(tokens, whole_class.group(2))
    return compile_expanded(pattern)


@functools.cache
def compile_expanded(pattern: str) -> re.Pattern[str]:
    """A model pattern as one ``re`` pattern, property classes expanded into ranges."""
    pattern = _translate(_without_free_ends(pattern))
    # ASCII mode keeps \\w, \\s and \\d to their Java meaning; the expanded \\p classes
    # list their non-ASCII code points explicitly.
    return re.compile(pattern, re.ASCII)
