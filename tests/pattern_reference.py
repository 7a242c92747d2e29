"""An independent reading of the model's patterns, for tests to check ``_patterns`` against.

``ascii_reference`` judges ASCII strings as the service does; ``witness`` builds a short
string a pattern accepts.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

# re's own parser: the public API offers no parse tree, and this is how witnesses stay generic.
_sre: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")


# On ASCII text the three Unicode classes the model uses are exactly these, so a pattern
# with them swapped in matches ASCII strings the way the service does. The model only
# writes \p{..} inside character classes.
_ASCII_PROPERTY = {"L": "A-Za-z", "N": "0-9", "Z": " "}


def ascii_reference(pattern: str) -> re.Pattern[str]:
    """The service's verdict on ASCII strings, independent of ``_patterns``: use ``.search``."""
    plain = re.sub(r"\\p\{(\w)\}", lambda m: _ASCII_PROPERTY[m.group(1)], pattern)
    # The service's `$` ends the input; Python's would also match before a final newline.
    plain = re.sub(r"(?<!\\)\$$", r"\\Z", plain)
    return re.compile(plain, re.ASCII)


def witness(pattern: str) -> str:
    """A short ASCII string the pattern accepts, built from its parse tree."""
    plain = re.sub(r"\\p\{(\w)\}", lambda m: _ASCII_PROPERTY[m.group(1)], pattern)
    found = _witness(_sre.parse(plain, re.ASCII))
    assert ascii_reference(pattern).search(found), (pattern, found)
    return found


def _witness(items: Any) -> str:
    out: list[str] = []
    for op, arg in items:
        if op == _sre.LITERAL:
            out.append(chr(arg))
        elif op == _sre.IN:
            out.append(_class_member(arg))
        elif op == _sre.ANY:
            out.append("a")
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            low, _high, body = arg
            out.append(_witness(body) * low)
        elif op == _sre.SUBPATTERN:
            out.append(_witness(arg[-1]))
        elif op == _sre.BRANCH:
            out.append(_witness(arg[1][0]))
        elif op != _sre.AT:
            raise NotImplementedError(f"no witness for regex node {op}")
    return "".join(out)


def _class_member(items: Any) -> str:
    op, arg = items[0]
    if op == _sre.LITERAL:
        return chr(arg)
    if op == _sre.RANGE:
        return chr(arg[0])
    categories = {
        _sre.CATEGORY_WORD: "a",
        _sre.CATEGORY_NOT_SPACE: "a",
        _sre.CATEGORY_DIGIT: "0",
        _sre.CATEGORY_SPACE: " ",
    }
    if op == _sre.CATEGORY and arg in categories:
        return categories[arg]
    raise NotImplementedError(f"no witness for character class item {op} {arg}")
