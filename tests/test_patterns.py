"""The model's Java patterns in Python: ``\\p{..}``, ASCII ``\\w``/``\\s``/``\\d``, no hangs.

``ascii_reference`` and ``witness`` are shared with the other generated tests: they read
patterns straight from botocore's model and never go through ``_patterns``.
"""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
import unicodedata

import botocore.session
import pytest

from pattern_reference import ascii_reference, witness
from pytest_ssmcontacts._patterns import compile_expanded, compile_pattern

MODEL = botocore.session.get_session().get_service_model("ssm-contacts")


def _patterned_shapes() -> dict[str, tuple[str, int]]:
    """For each distinct pattern in the model: the shape allowing the longest string."""
    longest: dict[str, tuple[str, int]] = {}
    for name in MODEL.shape_names:
        metadata = MODEL.shape_for(name).metadata
        pattern = metadata.get("pattern")
        if pattern is None:
            continue
        length = metadata.get("max", 10_000)
        if pattern not in longest or longest[pattern][1] < length:
            longest[pattern] = (name, length)
    return {name: (pattern, length) for pattern, (name, length) in longest.items()}


PATTERNED = _patterned_shapes()


# -- \p{..} translation ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["Zoë", "Ωμέγα", "名前", "Jürgen_O.Neil-2", "abc"])
def test_letter_property_inside_a_class(text: str) -> None:
    assert compile_pattern(r"^[\p{L}_.\-0-9]*$").search(text)


@pytest.mark.parametrize("text", ["٣", "!", "a b", "<"])
def test_letter_property_inside_a_class_rejects_the_rest(text: str) -> None:
    assert compile_pattern(r"^[\p{L}]*$").search(text) is None


def test_property_outside_a_class_takes_a_quantifier() -> None:
    pattern = compile_pattern(r"^\p{N}{2}$")
    assert pattern.search("٣4")
    assert pattern.search("Ⅻ½")  # letter-like and fraction numbers are category N too
    assert pattern.search("٣") is None
    assert pattern.search("4a") is None


def test_property_after_a_closed_class_is_outside_it() -> None:
    pattern = compile_pattern(r"^[_]\p{N}$")
    assert pattern.search("_٣")
    assert pattern.search("_a") is None
    assert pattern.search("]٣") is None


def test_negated_class_with_property() -> None:
    pattern = compile_pattern(r"^[^\p{L}]+$")
    assert pattern.search("12 !")
    assert pattern.search("1é") is None


@pytest.mark.parametrize("separator", [" ", "\u00a0", "\u3000", "\u2028", "\u2029"])
def test_separator_property_covers_every_unicode_separator(separator: str) -> None:
    assert compile_pattern(r"^a[\p{Z}]b$").search(f"a{separator}b")


@pytest.mark.parametrize("control", ["\t", "\n", "\x1c"])
def test_separator_property_is_not_whitespace(control: str) -> None:
    assert compile_pattern(r"^a[\p{Z}]b$").search(f"a{control}b") is None


def test_escaped_backslash_before_a_property() -> None:
    pattern = compile_pattern(r"^[\\\p{L}]+$")
    assert pattern.search("\\é")
    assert pattern.search("{") is None


def test_escaped_backslash_then_literal_p_is_not_a_property() -> None:
    pattern = compile_pattern(r"^[\\p{L}]+$")
    assert pattern.search("p{L}\\")
    assert pattern.search("é") is None


def test_escaped_bracket_keeps_the_class_open() -> None:
    pattern = compile_pattern(r"^[\]\p{L}]+$")
    assert pattern.search("]é")
    assert pattern.search("[") is None


def test_property_classes_match_unicodedata_for_every_code_point() -> None:
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    majors = [unicodedata.category(char)[0] for char in everything]
    for major in "LNZ":
        expected = "".join(char for char, cat in zip(everything, majors) if cat == major)
        assert "".join(compile_expanded(rf"\p{{{major}}}").findall(everything)) == expected


# A value made of one class with property members is checked character by character
# rather than through the expanded ranges: both must give the same verdict.
MODEL_CLASS_RUNS = sorted(p for p, _ in _patterned_shapes().values() if "\\p{" in p)
CLASS_RUNS = [
    *MODEL_CLASS_RUNS,
    r"^[\p{L}_.\-0-9]*$",
    r"^[\]\p{L}]+$",
    r"^[\\\p{L}]+$",
    r"^[\w\p{N}]*$",
    r"^[\s\p{Z}]+$",
]
# Classes whose meaning would change with the properties taken out: expanded instead.
EXPANDED_CLASSES = [
    r"^[\p{N}^a]*$",
    r"^[\p{L}^]*$",
    r"^[a\p{L}-z]*$",
    r"^[\p{L}-a]*$",
    r"^[\\p{L}]+$",
]
ONE_OF_EACH_CATEGORY = sorted(
    {unicodedata.category(chr(code)): chr(code) for code in range(sys.maxunicode + 1)}.values()
)
PROBES = [
    "",
    "a",
    "Zoë Ωμέγα_名前-٣",
    "a\nb",
    "oncall\n",
    "\\",
    "]",
    "^",
    "-",
    "p{L}",
    "a b\u3000c",
    "é\x1c",
    "\ud800",
    *ONE_OF_EACH_CATEGORY,
    "".join(ONE_OF_EACH_CATEGORY),
    *string.printable,
]


def test_the_model_names_and_tag_values_take_the_class_run() -> None:
    assert len(MODEL_CLASS_RUNS) == 2
    for pattern in MODEL_CLASS_RUNS:
        assert not isinstance(compile_pattern(pattern), re.Pattern), pattern


@pytest.mark.parametrize("pattern", CLASS_RUNS + EXPANDED_CLASSES)
def test_a_class_run_agrees_with_the_expanded_pattern(pattern: str) -> None:
    fast, expanded = compile_pattern(pattern), compile_expanded(pattern)
    # The premise: the first list takes the per-character path, the second does not.
    assert isinstance(fast, re.Pattern) == (pattern in EXPANDED_CLASSES)
    for probe in PROBES:
        assert bool(fast.search(probe)) == bool(expanded.search(probe)), (pattern, probe)


# -- Java's ASCII-only shorthand classes ------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "accepted", "rejected"),
    [
        (r"^\w+$", "a_Z9", "é"),
        (r"^\w+$", "a_Z9", "٣"),
        (r"^\d+$", "0123456789", "٣"),
        (r"^\s+$", " \t\n\r\f\x0b", "\u00a0"),
        (r"^\s+$", " \t\n\r\f\x0b", "\x1c"),
        (r"^\s+$", " \t\n\r\f\x0b", "\u2003"),
        # \p{..} expansion must not switch the shorthand classes to Unicode.
        (r"^[\w\p{N}]+$", "a٣", "é"),
        (r"^[\s\p{N}]+$", " ٣", "\x1c"),
    ],
)
def test_shorthand_classes_are_ascii(pattern: str, accepted: str, rejected: str) -> None:
    compiled = compile_pattern(pattern)
    assert compiled.search(accepted)
    assert compiled.search(rejected) is None


# -- every model pattern ----------------------------------------------------------------


def _ascii_probes(pattern: str, length: int) -> list[str]:
    seed = witness(pattern)
    chars = string.printable
    return [
        "",
        seed,
        *(char * max(1, min(length, 40)) for char in chars),
        *(seed + char for char in chars),
        *(char + seed for char in chars),
    ]


@pytest.mark.parametrize("shape_name", sorted(PATTERNED))
def test_model_pattern_agrees_with_the_service_on_ascii(shape_name: str) -> None:
    pattern, length = PATTERNED[shape_name]
    compiled = compile_pattern(pattern)
    reference = ascii_reference(pattern)
    disagreements = [
        text
        for text in _ascii_probes(pattern, length)
        if (compiled.search(text) is None) != (reference.search(text) is None)
    ]
    assert disagreements == []


# -- hang guard ---------------------------------------------------------------------------

_RUNS = ["a", "0", " ", "\t", "-", ":", "/", "\\", ".", "é", "名"]
_TAILS = ["", "!", ",", "\n", "<"]

_CHECK_HOSTILE = """
import json, sys
import botocore.session
from pytest_ssmcontacts._validation import validate

job = json.load(sys.stdin)
shape = botocore.session.get_session().get_service_model("ssm-contacts").shape_for(job["shape"])
for prefix, run, tail in job["cases"]:
    validate(shape, prefix + run * (job["length"] - len(prefix) - len(tail)) + tail)
"""


@pytest.mark.parametrize("shape_name", sorted(PATTERNED))
def test_hostile_input_of_maximum_length_does_not_hang(shape_name: str) -> None:
    # A hang guard, not a timing assertion: catastrophic backtracking takes minutes to
    # hours, so the 20 s limit only turns a hung suite into a failed test.
    pattern, length = PATTERNED[shape_name]
    seed = witness(pattern)
    # Every prefix of an accepted string, then a long run, then maybe a rejected char:
    # this walks the regex as deep as it goes before it has to backtrack.
    cases = [
        (seed[:cut], run, tail)
        for cut in range(len(seed) + 1)
        for run in _RUNS
        for tail in _TAILS
        if cut + len(tail) < length
    ]
    job = json.dumps({"shape": shape_name, "length": length, "cases": cases})
    try:
        result = subprocess.run(
            [sys.executable, "-c", _CHECK_HOSTILE],
            input=job,
            capture_output=True,
            text=True,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        result = None
    if result is None:
        pytest.fail(
            f"validating {length}-character hostile strings against {shape_name} hangs: "
            f"its pattern {pattern!r} backtracks catastrophically",
            pytrace=False,
        )
    assert result.returncode == 0, result.stderr


def test_dollar_ends_the_input_like_the_service() -> None:
    alias = compile_pattern(r"^[a-z0-9_\-]*$")
    assert alias.search("oncall")
    assert not alias.search("oncall\n")
