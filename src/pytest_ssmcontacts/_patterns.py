"""Translation of the model's Java/ECMAScript regular expressions to Python's ``re``.

The model's patterns are matched the way the service matches them: unanchored
(``search``), with ASCII ``\\w``/``\\s``/``\\d`` as in Java, with the Unicode
property classes ``\\p{L}``, ``\\p{N}`` and ``\\p{Z}`` that ``re`` lacks expanded into
code-point ranges, and with ``$`` meaning the end of the input (Python's ``$`` would
also match before a final newline, letting ``"oncall\\n"`` pass as an alias).
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

_PROPERTY = re.compile(r"\\p\{([A-Z])\}")


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


@functools.cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a model pattern; callers use ``.search`` (the service's semantics)."""
    pattern = _translate(_without_free_ends(pattern))
    # ASCII mode keeps \\w, \\s and \\d to their Java meaning; the expanded \\p classes
    # list their non-ASCII code points explicitly.
    return re.compile(pattern, re.ASCII)
