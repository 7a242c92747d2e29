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


class _ClassRun:
    """``^[...]*$`` with Unicode property classes: every character is in the class.

    Expanding ``\\p{L}`` into code-point ranges means asking ``unicodedata`` about all
    1.1 million code points, a third of a second at the first call that checks a name;
    this asks about the characters of the value instead. The other members of the class
    keep their regular-expression meaning (ASCII shorthands, ranges, escapes).
    """

    __slots__ = ("_empty_ok", "_majors", "_others")

    def __init__(self, members: str, quantifier: str) -> None:
        majors: set[str] = set()
        others: list[str] = []
        i = 0
        while i < len(members):
            match = _PROPERTY.match(members, i)
            if match:
                majors.add(match.group(1))
                i = match.end()
            elif members[i] == "\\":
                others.append(members[i : i + 2])
                i += 2
            else:
                others.append(members[i])
                i += 1
        self._majors = frozenset(majors)
        self._others = re.compile(f"[{''.join(others)}]", re.ASCII).fullmatch if others else None
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
    if whole_class and _PROPERTY.search(whole_class.group(1)):
        return _ClassRun(whole_class.group(1), whole_class.group(2))
    return compile_expanded(pattern)


@functools.cache
def compile_expanded(pattern: str) -> re.Pattern[str]:
    """A model pattern as one ``re`` pattern, property classes expanded into ranges."""
    pattern = _translate(_without_free_ends(pattern))
    # ASCII mode keeps \\w, \\s and \\d to their Java meaning; the expanded \\p classes
    # list their non-ASCII code points explicitly.
    return re.compile(pattern, re.ASCII)
