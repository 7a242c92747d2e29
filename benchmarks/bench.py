"""How fast the fake answers, next to what botocore itself costs and to the alternatives.

Run from the repository root: ``python benchmarks/bench.py`` (or ``make bench``).
It prints one table. The targets are informational: the exit code is 0 whatever the
numbers, because timings belong to the machine, not to the code under test.
``--profile`` prints where a faked call spends its time inside pytest_ssmcontacts
instead of the table.
"""

from __future__ import annotations

import contextlib
import cProfile
import gc
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable

import boto3
import botocore
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

import pytest_ssmcontacts
from pytest_ssmcontacts import mock_ssm_contacts

REPEATS = 7
# Each repeat runs for about this long; with the warm-ups that keeps a run near 15 s.
REPEAT_SECONDS = 0.25
WARMUP_SECONDS = 0.1

REGION = "us-east-1"
CONTACT_ARN = "arn:aws:ssm-contacts:us-east-1:123456789012:contact/akuam"
CANNED_ARN = "arn:aws:ssm-contacts:us-east-1:123456789012:engagement/akuam/bench"
CANNED_BODY = b'{"EngagementArn":"' + CANNED_ARN.encode() + b'"}'
CANNED_HEADERS = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "bench"}
PAGE = {"Sender": "bench", "Subject": "Disk full", "Content": "db-1 is at 99%"}

# Signing needs credentials, and a client that finds none in the environment would go
# looking in config files and on the instance metadata endpoint.
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "FAKEACCESSKEYBENCH",
    "AWS_SECRET_ACCESS_KEY": "fake-secret-key-for-the-benchmarks",
    "AWS_SESSION_TOKEN": "fake-session-token-for-the-benchmarks",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


class Skipped(Exception):
    """A row that cannot be measured here (a missing optional package)."""


@dataclass(frozen=True)
class Timing:
    median_us: float
    loops: int
    repeats: int


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    measure: Callable[[], Timing]


@dataclass(frozen=True)
class Ratio:
    label: str
    numerator: str
    denominator: str
    target: float


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def per_call(op: Callable[[], object]) -> Timing:
    """Median µs per call of ``op`` over REPEATS timed loops, after a warm-up."""
    warm_calls = 0
    started = time.perf_counter()
    while time.perf_counter() - started < WARMUP_SECONDS or warm_calls < 10:
        op()
        warm_calls += 1
    estimate = (time.perf_counter() - started) / warm_calls
    loops = max(10, round(REPEAT_SECONDS / estimate))
    samples = []
    for _ in range(REPEATS):
        with gc_paused():
            begin = time.perf_counter()
            for _ in range(loops):
                op()
            elapsed = time.perf_counter() - begin
        samples.append(elapsed / loops)
    return Timing(statistics.median(samples) * 1e6, loops, REPEATS)


def expect(condition: bool, what: str) -> None:
    # A row that timed the wrong code path would be worse than no row at all.
    if not condition:
        raise RuntimeError(f"benchmark set-up is wrong: {what}")


def ssm_contacts_client() -> Any:
    return boto3.client("ssm-contacts", region_name=REGION)


def import_moto() -> Any:
    try:
        import moto
    except ImportError:
        raise Skipped("moto is not installed") from None
    return moto


# -- rows --------------------------------------------------------------------------


def fake_start_engagement() -> Timing:
    with mock_ssm_contacts(contacts=["akuam"]) as fake:
        client = ssm_contacts_client()
        arn = fake.contact("akuam").arn
        expect(arn == CONTACT_ARN, f"unexpected contact ARN {arn}")
        answer = client.start_engagement(ContactId=arn, **PAGE)
        expect("engagement/akuam/" in answer["EngagementArn"], "the fake did not answer")
        return per_call(lambda: client.start_engagement(ContactId=arn, **PAGE))


class _CannedBody:
    """The raw-response object AWSResponse reads a body from."""

    def stream(self, **_: object) -> Iterator[bytes]:
        yield CANNED_BODY


def _canned_reply(request: Any, **_: object) -> object:
    return AWSResponse(request.url, 200, CANNED_HEADERS, _CannedBody())


def botocore_floor() -> Timing:
    client = ssm_contacts_client()
    # First in line, so no other before-send handler (moto's, if imported) runs either.
    client.meta.events.register_first("before-send.ssm-contacts", _canned_reply)
    signed = []

    def spy(request: Any, **_: object) -> None:
        signed.append("Authorization" in request.headers)

    client.meta.events.register_first("before-send.ssm-contacts", spy)
    answer = client.start_engagement(ContactId=CONTACT_ARN, **PAGE)
    client.meta.events.unregister("before-send.ssm-contacts", spy)
    # An active fake would have answered first, with an ARN of its own.
    expect(answer["EngagementArn"] == CANNED_ARN, "the canned reply did not answer")
    expect(signed == [True], "the floor request was not signed")
    return per_call(lambda: client.start_engagement(ContactId=CONTACT_ARN, **PAGE))


def stubber_start_engagement() -> Timing:
    client = ssm_contacts_client()
    stubber = Stubber(client)
    stubber.activate()
    reply = {"EngagementArn": CANNED_ARN}

    def call() -> Any:
        stubber.add_response("start_engagement", reply)
        return client.start_engagement(ContactId=CONTACT_ARN, **PAGE)

    expect(call()["EngagementArn"] == CANNED_ARN, "the Stubber did not answer")
    timing = per_call(call)
    stubber.assert_no_pending_responses()
    return timing


def moto_get_parameter() -> Timing:
    moto = import_moto()
    with moto.mock_aws():
        client = boto3.client("ssm", region_name=REGION)
        client.put_parameter(Name="/bench/parameter", Value="v", Type="String")
        answer = client.get_parameter(Name="/bench/parameter")
        expect(answer["Parameter"]["Value"] == "v", "moto did not answer")
        return per_call(lambda: client.get_parameter(Name="/bench/parameter"))


def fake_setup_teardown() -> Timing:
    def cycle() -> None:
        with mock_ssm_contacts(contacts=["akuam"]):
            pass

    return per_call(cycle)


def moto_start_stop() -> Timing:
    moto = import_moto()

    def cycle() -> None:
        with moto.mock_aws():
            pass

    return per_call(cycle)


ROWS = [
    Row("fake", "start_engagement via the pytest-ssmcontacts fake", fake_start_engagement),
    Row("floor", "start_engagement, botocore floor (signed, canned)", botocore_floor),
    Row("stubber", "start_engagement via botocore Stubber", stubber_start_engagement),
    Row("moto-call", "ssm.get_parameter inside moto.mock_aws()", moto_get_parameter),
    Row("setup", 'mock_ssm_contacts(contacts=["akuam"]) enter + exit', fake_setup_teardown),
    Row("moto-setup", "moto.mock_aws() enter + exit", moto_start_stop),
]

RATIOS = [
    Ratio("fake / floor", "fake", "floor", 1.0),
    Ratio("set-up+teardown / moto start+stop", "setup", "moto-setup", 0.1),
]


# -- output ------------------------------------------------------------------------


def table(lines: list[tuple[str, ...]]) -> str:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    rule = tuple("-" * width for width in widths)
    text = []
    for index, line in enumerate(lines):
        # Names and verdicts read left to right, numbers line up on the right.
        cells = [
            cell.ljust(width) if column in (0, len(widths) - 1) else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths))
        ]
        text.append("  ".join(cells).rstrip())
        if index == 0:
            text.append("  ".join(rule))
    return "\n".join(text)


def run() -> str:
    results: dict[str, Timing] = {}
    lines: list[tuple[str, ...]] = [
        ("measurement", "median", "loops x repeats", "target", "result")
    ]
    for row in ROWS:
        try:
            timing = row.measure()
        except Skipped as reason:
            lines.append((row.label, "-", "-", "", f"skipped: {reason}"))
            continue
        results[row.key] = timing
        lines.append(
            (row.label, f"{timing.median_us:.1f} µs", f"{timing.loops} x {timing.repeats}", "", "")
        )
    for ratio in RATIOS:
        numerator, denominator = results.get(ratio.numerator), results.get(ratio.denominator)
        target = f"<= {ratio.target:g}"
        if numerator is None or denominator is None:
            lines.append((ratio.label, "-", "", target, "SKIP"))
            continue
        value = numerator.median_us / denominator.median_us
        verdict = "PASS" if value <= ratio.target else "MISS"
        lines.append((ratio.label, f"{value:.3f}", "", target, verdict))
    return table(lines)


def profile(calls: int = 5000) -> str:
    """The costliest functions of pytest_ssmcontacts while the fake answers calls."""
    with mock_ssm_contacts(contacts=["akuam"]) as fake:
        client = ssm_contacts_client()
        arn = fake.contact("akuam").arn
        for _ in range(200):
            client.start_engagement(ContactId=arn, **PAGE)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            client.start_engagement(ContactId=arn, **PAGE)
        profiler.disable()
    package = os.path.dirname(pytest_ssmcontacts.__file__)

    def where(function: tuple[str, int, str]) -> str:
        path, line, name = function
        if path.startswith(package):
            path = os.path.relpath(path, package)
        else:
            path = os.path.join(*path.split(os.sep)[-2:])
        return f"{path}:{line} {name}"

    costs: list[tuple[float, str, str]] = []
    stats: dict[Any, tuple[Any, ...]] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for function, (_, _, own, cumulative, callers) in stats.items():
        if function[0].startswith(package):
            costs.append((cumulative, f"{own / calls * 1e6:.1f} µs", where(function)))
            continue
        # Library code the package calls directly is a cost of the fake as well
        # (say, botocore work it triggers); the time is the share of that edge only.
        for caller, (_, _, _, edge_cumulative) in callers.items():
            if caller[0].startswith(package):
                label = f"{where(function)} (from {caller[2]})"
                costs.append((edge_cumulative, "", label))
    costs.sort(reverse=True)
    lines: list[tuple[str, ...]] = [(f"function ({calls} faked calls)", "cumulative", "own")]
    for cumulative, own, label in costs[:25]:
        lines.append((label, f"{cumulative / calls * 1e6:.1f} µs", own))
    return table(lines)


def main(argv: list[str]) -> int:
    saved = {name: os.environ.get(name) for name in FAKE_ENV}
    os.environ.update(FAKE_ENV)
    try:
        versions = (
            f"pytest-ssmcontacts {pytest_ssmcontacts.__version__}, botocore {botocore.__version__},"
            f" Python {platform.python_version()}"
        )
        print(f"{versions}\n")
        print(profile() if "--profile" in argv else run())
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
