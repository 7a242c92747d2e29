"""How fast the fake answers, next to what botocore itself costs and to the alternatives;
how listing scales with what is listed, and what an engagement costs in memory.

Run from the repository root: ``python benchmarks/bench.py`` (or ``make bench``).
It prints one table. The targets are informational: the exit code is 0 whatever the
numbers, because timings belong to the machine, not to the code under test.
``--profile`` prints where a faked call spends its time inside pytest_ssmcontacts
instead of the table.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import datetime
import gc
import json
import logging
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Callable, Union

import boto3
import botocore
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.stub import Stubber

import pytest_ssmcontacts
from pytest_ssmcontacts import _activation, _model, mock_ssm_contacts

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

# Engagements whose memory is measured, all of one contact whose plan pages every
# channel in every stage, measured after the clock went through the whole plan.
FOOTPRINT_ENGAGEMENTS = 2_000
CHANNELS = [
    {"name": "sms", "type": "SMS", "address": "+15005550199"},
    {"name": "voice", "type": "VOICE", "address": "+15005550100"},
    {"name": "email", "type": "EMAIL", "address": "oncall@example.com"},
]
STAGES = 3
STAGE_MINUTES = 5
PAGING_PLAN = {
    "Stages": [
        {
            "DurationInMinutes": STAGE_MINUTES,
            "Targets": [{"ChannelTargetInfo": {"ContactChannelId": c["name"]}} for c in CHANNELS],
        }
        for _ in range(STAGES)
    ]
}
PAGES_PER_ENGAGEMENT = STAGES * len(CHANNELS)

# Daily rotations in a zone with DST (the month holds the spring change): one started
# years before the listed windows, one the day before the month, so their rows show
# what the rotation's age costs.
SHIFT_MEMBERS = 30
SHIFT_ZONE = "Europe/Berlin"
OLD_ROTATION = "2019-03-04T09:00:00+01:00"
NEW_ROTATION = "2025-02-28T09:00:00+01:00"
SHIFTS_NOW = "2025-01-01T00:00:00+00:00"
UTC = datetime.timezone.utc
DAILY_0900 = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
}
# A rotation's age must not matter for any recurrence: one from 1970 against one
# from the month before, for the daily 09:00 one above and for a monthly one handing
# off every hour of days 1 to 31 (744 entries: hand-offs an hour apart, one of them in
# the spring-forward gap where it merges with the next, days past a month's end).
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
FROM_1970 = "1970-01-01T00:00:00+00:00"
LAST_MONTH = "2025-02-01T00:00:00+01:00"
HOURLY_744 = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "MonthlySettings": [
        {"DayOfMonth": day, "HandOffTime": {"HourOfDay": hour, "MinuteOfHour": 0}}
        for day in range(1, 32)
        for hour in range(24)
    ],
}
YEAR = (datetime.datetime(2025, 1, 1, tzinfo=UTC), datetime.datetime(2026, 1, 1, tzinfo=UTC))
MONTH = (datetime.datetime(2025, 3, 1, tzinfo=UTC), datetime.datetime(2025, 4, 1, tzinfo=UTC))


def _every(days: tuple[str, ...], start: int, end: int) -> dict[str, Any]:
    window = {
        "Start": {"HourOfDay": start // 60, "MinuteOfHour": start % 60},
        "End": {"HourOfDay": end // 60, "MinuteOfHour": end % 60},
    }
    return {day: [window] for day in days}


WEEK = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
# The most contacts a shift can list (the model's RotationShift.ContactIds), so the most
# a rotation may put on call at once.
MOST_ON_CALL = (
    _model.service_model().shape_for("RotationShift").members["ContactIds"].metadata["max"]
)
# The largest model-valid shift calls: the most members on call, a rotation from 1970, a
# page of 1,024 shifts at the end of the range, across a clock change. Each: the
# recurrence, the zone, the window, and the shifts (or engaged people) expected.
LARGEST: dict[str, tuple[dict[str, Any], str, tuple[datetime.datetime, datetime.datetime], int]] = {
    "stored monthly 11,160 hand-offs, coverage every day": (
        {
            "NumberOfOnCalls": MOST_ON_CALL,
            "RecurrenceMultiplier": 1,
            "MonthlySettings": [
                {"DayOfMonth": d, "HandOffTime": {"HourOfDay": h, "MinuteOfHour": m}}
                for d in range(1, 32)
                for h in range(24)
                for m in range(0, 60, 4)
            ],
            "ShiftCoverages": _every(WEEK, 9 * 60, 17 * 60),
        },
        "Antarctica/Troll",
        (
            datetime.datetime(2999, 10, 20, tzinfo=UTC),
            datetime.datetime(2999, 12, 31, tzinfo=UTC),
        ),
        1024,
    ),
    "stored weekly 10,080 hand-offs x 100": (
        {
            "NumberOfOnCalls": MOST_ON_CALL,
            "RecurrenceMultiplier": 100,
            "WeeklySettings": [
                {"DayOfWeek": d, "HandOffTime": {"HourOfDay": h, "MinuteOfHour": m}}
                for d in WEEK
                for h in range(24)
                for m in range(60)
            ],
        },
        "Europe/Berlin",
        (
            datetime.datetime(2999, 1, 1, tzinfo=UTC),
            datetime.datetime(2999, 12, 31, tzinfo=UTC),
        ),
        1024,
    ),
    "stored daily 1,440 hand-offs, 30 min covered a week": (
        {
            "NumberOfOnCalls": MOST_ON_CALL,
            "RecurrenceMultiplier": 1,
            "DailySettings": [
                {"HourOfDay": h, "MinuteOfHour": m} for h in range(24) for m in range(60)
            ],
            "ShiftCoverages": _every(("WED",), 9 * 60, 9 * 60 + 30),
        },
        "Pacific/Apia",
        (EPOCH, datetime.datetime(2999, 12, 31, tzinfo=UTC)),
        1024,
    ),
    "stored daily 09:00, 1,440 overlapping coverage windows a day": (
        {
            "NumberOfOnCalls": MOST_ON_CALL,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
            "ShiftCoverages": {
                day: [
                    {
                        "Start": {"HourOfDay": m // 60, "MinuteOfHour": m % 60},
                        "End": {"HourOfDay": (m + 30) // 60 % 24, "MinuteOfHour": (m + 30) % 60},
                    }
                    for m in range(24 * 60)
                ]
                for day in WEEK
            },
        },
        "Europe/Berlin",
        (EPOCH, datetime.datetime(2999, 12, 31, tzinfo=UTC)),
        1024,
    ),
    "stored 100-month shifts, covered half of every hour": (
        {
            "NumberOfOnCalls": MOST_ON_CALL,
            "RecurrenceMultiplier": 100,
            "MonthlySettings": [
                {"DayOfMonth": 31, "HandOffTime": {"HourOfDay": 9, "MinuteOfHour": 0}}
            ],
            "ShiftCoverages": {
                day: [
                    {
                        "Start": {"HourOfDay": h, "MinuteOfHour": 0},
                        "End": {"HourOfDay": h, "MinuteOfHour": 30},
                    }
                    for h in range(24)
                ]
                for day in WEEK
            },
        },
        "America/New_York",
        (
            datetime.datetime(2999, 1, 1, tzinfo=UTC),
            datetime.datetime(2999, 12, 31, tzinfo=UTC),
        ),
        1024,
    ),
    "preview monthly 11,160 hand-offs, coverage every day": (
        {
            "NumberOfOnCalls": MOST_ON_CALL,
            "RecurrenceMultiplier": 1,
            "MonthlySettings": [
                {"DayOfMonth": d, "HandOffTime": {"HourOfDay": h, "MinuteOfHour": m}}
                for d in range(1, 32)
                for h in range(24)
                for m in range(0, 60, 4)
            ],
            "ShiftCoverages": _every(WEEK, 9 * 60, 17 * 60),
        },
        "Antarctica/Troll",
        (
            datetime.datetime(2999, 10, 20, tzinfo=UTC),
            datetime.datetime(2999, 12, 31, tzinfo=UTC),
        ),
        1024,
    ),
    "engage a schedule of monthly 11,160 hand-offs": (
        {
            "NumberOfOnCalls": MOST_ON_CALL,
            "RecurrenceMultiplier": 100,
            "MonthlySettings": [
                {"DayOfMonth": d, "HandOffTime": {"HourOfDay": h, "MinuteOfHour": m}}
                for d in range(1, 32)
                for h in range(24)
                for m in range(0, 60, 4)
            ],
        },
        "Antarctica/Troll",
        (
            datetime.datetime(2999, 10, 27, 1, 0, 30, tzinfo=UTC),
            datetime.datetime(2999, 12, 31, tzinfo=UTC),
        ),
        MOST_ON_CALL,
    ),
}

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
    # What one call goes through (items listed), for a time per item; 0: no such thing.
    items: int = 0
    item: str = ""


@dataclass(frozen=True)
class Footprint:
    """Bytes the fake keeps per engagement, and per page of it."""

    per_engagement: float
    per_page: float
    engagements: int


@dataclass(frozen=True)
class Spread:
    """The slowest and the 99th-percentile call among many, in milliseconds."""

    max_ms: float
    p99_ms: float
    calls: int
    # The same, in CPU time of the calling thread: what the fake costs, without the
    # time another process held the CPU.
    cpu_max_ms: float
    cpu_p99_ms: float


Result = Union[Timing, Footprint, Spread]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    measure: Callable[[], Result]
    # A target the row's own number is held to: its text, and whether a result meets it.
    target: str = ""
    meets: Callable[[Any], bool] = lambda _: True


@dataclass(frozen=True)
class Limit:
    """An absolute target: the slowest of the named timed rows, in milliseconds."""

    label: str
    keys: tuple[str, ...]
    target_ms: float


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


def per_call(op: Callable[[], object], *, min_loops: int = 10) -> Timing:
    """Median µs per call of ``op`` over REPEATS timed loops, after a warm-up.

    A call that takes longer than a loop should (a whole paginator) lowers ``min_loops``
    so the row stays within its share of the run.
    """
    warm_calls = 0
    started = time.perf_counter()
    while time.perf_counter() - started < WARMUP_SECONDS or warm_calls < min_loops:
        op()
        warm_calls += 1
    estimate = (time.perf_counter() - started) / warm_calls
    loops = max(min_loops, round(REPEAT_SECONDS / estimate))
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


# -- over HTTP ----------------------------------------------------------------------

STARTUP_REPEATS = 21
PROCESS_REPEATS = 3


@contextlib.contextmanager
def standalone_server() -> Iterator[str]:
    """``python -m pytest_ssmcontacts serve`` in a process of its own; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest_ssmcontacts", "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        expect(url.startswith("http://127.0.0.1:"), f"the server printed {url!r}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def http_get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:
        body: bytes = answer.read()
        return body


def server_get_contact() -> Timing:
    with standalone_server() as url:
        request = urllib.request.Request(
            f"{url}/_ssmcontacts/contacts", data=json.dumps({"alias": "akuam"}).encode()
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            arn = json.loads(answer.read())["arn"]
        client = boto3.client("ssm-contacts", region_name=REGION, endpoint_url=url)
        answer = client.get_contact(ContactId=arn)
        expect(answer["Alias"] == "akuam", "the standalone server did not answer")
        return per_call(lambda: client.get_contact(ContactId=arn))


def moto_server_get_parameter() -> Timing:
    import_moto()
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        raise Skipped("moto's server mode needs flask and flask-cors") from None

    # werkzeug logs every request on stderr: off, so moto is timed without the cost.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        client = boto3.client("ssm", region_name=REGION, endpoint_url=f"http://{host}:{port}")
        client.put_parameter(Name="/bench/parameter", Value="v", Type="String")
        answer = client.get_parameter(Name="/bench/parameter")
        expect(answer["Parameter"]["Value"] == "v", "moto's server did not answer")
        return per_call(lambda: client.get_parameter(Name="/bench/parameter"))
    finally:
        server.stop()


def server_startup() -> Timing:
    """From the first ``endpoint_url`` of an active fake to the first answer over HTTP."""
    samples = []
    for _ in range(STARTUP_REPEATS):
        with mock_ssm_contacts() as fake:
            begin = time.perf_counter()
            body = http_get(f"{fake.endpoint_url}/_ssmcontacts/health")
            samples.append(time.perf_counter() - begin)
            expect(b'"ok"' in body, "the server did not answer")
    return Timing(statistics.median(samples) * 1e6, 1, STARTUP_REPEATS)


def process_startup() -> Timing:
    """From spawning ``python -m pytest_ssmcontacts serve`` to its first answer."""
    samples = []
    for _ in range(PROCESS_REPEATS):
        begin = time.perf_counter()
        with standalone_server() as url:
            expect(b'"ok"' in http_get(f"{url}/_ssmcontacts/health"), "no answer")
            samples.append(time.perf_counter() - begin)
    return Timing(statistics.median(samples) * 1e6, 1, PROCESS_REPEATS)


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


def list_engagements(count: int) -> Callable[[], Timing]:
    def measure() -> Timing:
        with mock_ssm_contacts(contacts=["akuam"]) as fake:
            client = ssm_contacts_client()
            arn = fake.contact("akuam").arn
            # An empty plan pages nobody: the fake holds the engagements and nothing else.
            for _ in range(count):
                client.start_engagement(ContactId=arn, **PAGE)
            expect(not fake.pages, "the seeded engagements sent pages")
            paginator = client.get_paginator("list_engagements")

            def listed() -> int:
                return sum(len(page["Engagements"]) for page in paginator.paginate())

            expect(listed() == count, f"the paginator did not list {count} engagements")
            return replace(per_call(listed, min_loops=1), items=count, item="engagement")

    return measure


def list_rotation_shifts(
    window: tuple[datetime.datetime, datetime.datetime],
    rotation_start: str,
    recurrence: dict[str, Any] = DAILY_0900,
    expected: int | None = None,
) -> Timing:
    members = [f"member-{index:02d}" for index in range(SHIFT_MEMBERS)]
    with mock_ssm_contacts(contacts=members, start_time=SHIFTS_NOW) as fake:
        rotation = fake.add_rotation(
            "primary",
            members=members,
            time_zone=SHIFT_ZONE,
            recurrence=recurrence,
            start_time=rotation_start,
        )
        paginator = ssm_contacts_client().get_paginator("list_rotation_shifts")
        start, end = window

        def listed() -> int:
            pages = paginator.paginate(RotationId=rotation.arn, StartTime=start, EndTime=end)
            return sum(len(page["RotationShifts"]) for page in pages)

        shifts = listed()
        if expected is None:
            # One shift a day, plus the one already under way when the window opens.
            expected = (end - start).days + 1
        expect(shifts == expected, f"{shifts} shifts listed, expected {expected}")
        return replace(per_call(listed, min_loops=1), items=shifts, item="shift")


@contextlib.contextmanager
def time_inside_the_fake() -> Iterator[list[float]]:
    """Seconds each call spends in the fake itself (after botocore, before parsing)."""
    spent: list[float] = []
    namespace = vars(_activation)  # the module whose _serve calls the pipeline
    original = namespace["serve"]

    def timed(*args: Any) -> Any:
        begin = time.perf_counter()
        try:
            return original(*args)
        finally:
            spent.append(time.perf_counter() - begin)

    namespace["serve"] = timed
    try:
        yield spent
    finally:
        namespace["serve"] = original


def _preview(client: Any, members: list[str], case: str) -> Any:
    """``ListPreviewRotationShifts`` of one LARGEST case, a page of 1,024 shifts."""
    recurrence, zone, window, _ = LARGEST[case]
    return client.list_preview_rotation_shifts(
        RotationStartTime=EPOCH,
        StartTime=window[0],
        EndTime=window[1],
        Members=members,
        TimeZoneId=zone,
        Recurrence=recurrence,
        MaxResults=1024,
    )


def largest_shift_call(case: str) -> Callable[[], Timing]:
    """One model-valid shift call at the largest sizes, timed inside the fake."""

    def measure() -> Timing:
        members = [f"member-{index:02d}" for index in range(SHIFT_MEMBERS)]
        arns = [f"arn:aws:ssm-contacts:{REGION}:123456789012:contact/{m}" for m in members]
        recurrence, zone, window, items = LARGEST[case]
        with mock_ssm_contacts(contacts=members, start_time="2999-10-01T00:00:00Z") as fake:
            client = ssm_contacts_client()
            arn = client.create_rotation(
                Name="largest",
                ContactIds=arns,
                TimeZoneId=zone,
                Recurrence=recurrence,
                StartTime=EPOCH,
            )["RotationArn"]
            calls: dict[str, Callable[[], Any]] = {
                "stored": lambda: client.list_rotation_shifts(
                    RotationId=arn, StartTime=window[0], EndTime=window[1], MaxResults=1024
                ),
                "preview": lambda: _preview(client, arns, case),
                "engage": lambda: client.start_engagement(
                    ContactId=f"arn:aws:ssm-contacts:{REGION}:123456789012:contact/schedule",
                    Sender="bench",
                    Subject="s",
                    Content="c",
                ),
            }
            kind = case.split()[0]
            if kind == "engage":
                client.create_contact(
                    Alias="schedule",
                    Type="ONCALL_SCHEDULE",
                    Plan={"RotationIds": [arn]},
                )
                fake.clock.set(window[0])
            call = calls[kind]
            answer = call()
            if kind != "engage":
                listed = len(answer["RotationShifts"])
                expect(listed == items, f"{case}: {listed} shifts listed, expected {items}")
            else:
                engaged = len(fake.on_call("schedule"))
                expect(engaged == items, f"{case}: {engaged} on call, expected {items}")
                expect("EngagementArn" in answer, f"{case}: no engagement")
            samples = []
            with time_inside_the_fake() as spent:
                for _ in range(REPEATS):
                    spent.clear()
                    # The collector stays on: a test's calls run with it, and the fake
                    # pauses it for the length of a call itself.
                    call()
                    samples.append(sum(spent))
            item = "person engaged" if kind == "engage" else "shift"
            return Timing(max(samples) * 1e6, 1, REPEATS, items=items, item=item)

    return measure


PREVIEW_CASE = "preview monthly 11,160 hand-offs, coverage every day"


def whole_preview_call(floor: bool) -> Callable[[], Timing]:
    """The largest preview as a test makes it: botocore's work included.

    With ``floor``, no fake is active and botocore is answered with the bytes the fake
    gave (a before-send handler): what the call costs with no service behind it, so the
    difference between the two rows is the fake's own share.
    """

    def measure() -> Timing:
        members = [f"member-{index:02d}" for index in range(SHIFT_MEMBERS)]
        arns = [f"arn:aws:ssm-contacts:{REGION}:123456789012:contact/{m}" for m in members]
        items = LARGEST[PREVIEW_CASE][-1]

        def call(client: Any) -> Any:
            return _preview(client, arns, PREVIEW_CASE)

        with mock_ssm_contacts(contacts=members, start_time="2999-10-01T00:00:00Z") as fake:
            client = ssm_contacts_client()
            answers: list[bytes] = []

            def keep(http_response: Any, **_: object) -> None:
                answers.append(http_response.content)

            # The first answer only: the timed calls run with no extra handler.
            client.meta.events.register("after-call.ssm-contacts", keep)
            listed = len(call(client)["RotationShifts"])
            client.meta.events.unregister("after-call.ssm-contacts", keep)
            expect(listed == items, f"{PREVIEW_CASE}: {listed} shifts listed, expected {items}")
            if not floor:
                timing = per_call(lambda: call(client), min_loops=1)
                expect(len(fake.calls) > 1, "the fake did not answer")
        if floor:
            client = ssm_contacts_client()

            class Body:
                def stream(self, **_: object) -> Iterator[bytes]:
                    yield answers[0]

            def reply(request: Any, **_: object) -> object:
                return AWSResponse(request.url, 200, CANNED_HEADERS, Body())

            client.meta.events.register_first("before-send.ssm-contacts", reply)
            listed = len(call(client)["RotationShifts"])
            expect(listed == items, "the canned preview did not answer")
            timing = per_call(lambda: call(client), min_loops=1)
        return Timing(timing.median_us, timing.loops, timing.repeats, items, "shift")

    return measure


def _retained_per_engagement(
    contact: dict[str, Any], engagements: int, *, pending: bool = False
) -> tuple[float, float]:
    """Bytes kept per engagement of ``contact`` once its plan has run (``pending``: while
    its first stage runs, the clock not moved), and its pages."""
    with mock_ssm_contacts(contacts=[contact]) as fake:
        client = ssm_contacts_client()
        arn = fake.contact(contact["alias"]).arn

        def engage(count: int) -> None:
            for _ in range(count):
                client.start_engagement(ContactId=arn, **PAGE)
            if not pending:
                # Every stage, then the moment the last one ends and the plan is exhausted.
                fake.clock.advance(minutes=STAGES * STAGE_MINUTES)

        # botocore and the fake fill caches on their first calls: not a cost per engagement.
        engage(50)
        pages_before = len(fake.pages)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            engage(engagements)
            gc.collect()
            after = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        pages = (len(fake.pages) - pages_before) / engagements
    return (after - before) / engagements, pages


# The scale the fake must hold without a slow call: engagements of one contact whose
# plan pages one channel, all in one fake, with the call log.
SCALE_ENGAGEMENTS = 200_000
SCALE_TARGET_MS = 50.0
ONE_PAGE_CONTACT = {
    "alias": "akuam",
    "channels": CHANNELS[:1],
    "plan": {
        "Stages": [
            {
                "DurationInMinutes": STAGE_MINUTES,
                "Targets": [{"ChannelTargetInfo": {"ContactChannelId": CHANNELS[0]["name"]}}],
            }
        ]
    },
}
BYTES_TARGET = 2048


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def calls_at_scale() -> Spread:
    """Every start_engagement until SCALE_ENGAGEMENTS exist, each timed; the GC left on."""
    with mock_ssm_contacts(contacts=[ONE_PAGE_CONTACT]) as fake:
        client = ssm_contacts_client()
        arn = fake.contact("akuam").arn
        wall: list[float] = []
        cpu: list[float] = []
        clock, thread_clock = time.perf_counter, time.thread_time
        for _ in range(SCALE_ENGAGEMENTS):
            began, began_cpu = clock(), thread_clock()
            client.start_engagement(ContactId=arn, **PAGE)
            cpu.append(thread_clock() - began_cpu)
            wall.append(clock() - began)
        expect(len(fake.engagements) == SCALE_ENGAGEMENTS, "engagements missing")
        expect(len(fake.pages) == SCALE_ENGAGEMENTS, "one page per engagement expected")
    return Spread(
        max(wall) * 1e3,
        _percentile(wall, 0.99) * 1e3,
        len(wall),
        max(cpu) * 1e3,
        _percentile(cpu, 0.99) * 1e3,
    )


def one_page_footprint(pending: bool = False) -> Footprint:
    per_engagement, pages = _retained_per_engagement(
        ONE_PAGE_CONTACT, FOOTPRINT_ENGAGEMENTS, pending=pending
    )
    expect(pages == 1, f"{pages} pages per engagement")
    return Footprint(per_engagement, per_engagement, FOOTPRINT_ENGAGEMENTS)


def engagement_footprint() -> Footprint:
    paging = {"alias": "akuam", "channels": CHANNELS, "plan": PAGING_PLAN}
    per_engagement, pages = _retained_per_engagement(paging, FOOTPRINT_ENGAGEMENTS)
    expect(pages == PAGES_PER_ENGAGEMENT, f"{pages} pages per engagement")
    # The same engagements paging nobody tell what the pages themselves add.
    bare, no_pages = _retained_per_engagement({"alias": "akuam"}, FOOTPRINT_ENGAGEMENTS)
    expect(no_pages == 0, "an engagement with an empty plan sent pages")
    per_page = (per_engagement - bare) / PAGES_PER_ENGAGEMENT
    return Footprint(per_engagement, per_page, FOOTPRINT_ENGAGEMENTS)


THROTTLES = 10
ADAPTIVE = {"mode": "adaptive", "max_attempts": THROTTLES + 1}


def _throttled_then_calm(fake: Any, client: Any) -> Iterator[Any]:
    """The calls of one throttling run: 10 throttles retried, then 10 fault-free calls."""
    fake.fail_next("StartEngagement", "ThrottlingException", times=THROTTLES)
    yield client.start_engagement(ContactId=fake.contact("akuam").arn, **PAGE)
    for _ in range(THROTTLES):
        yield client.list_contacts()


def adaptive_throttles() -> Timing:
    """10 injected throttles retried in adaptive mode, then 10 fault-free calls.

    Each run has a client of its own, made before the clock starts: retries draw on a
    client's retry quota, as in botocore, so one client would run out of retries.
    """
    samples = []
    for _ in range(REPEATS):
        client = boto3.client("ssm-contacts", region_name=REGION, config=Config(retries=ADAPTIVE))
        with mock_ssm_contacts(contacts=["akuam"]) as fake:
            begin = time.perf_counter()
            for _ in _throttled_then_calm(fake, client):
                pass
            samples.append(time.perf_counter() - begin)
        expect(len(fake.calls) == 2 * THROTTLES + 1, "the throttles were not all retried")
    return Timing(statistics.median(samples) * 1e6, 1, REPEATS)


def adaptive_throttles_async() -> Timing:
    """The same through an aiobotocore client."""
    try:
        from aiobotocore.config import AioConfig
        from aiobotocore.session import get_session
    except ImportError as missing:
        raise Skipped("aiobotocore is not installed") from missing
    session = get_session()

    async def run() -> float:
        async with session.create_client(
            "ssm-contacts", region_name=REGION, config=AioConfig(retries=ADAPTIVE)
        ) as client:
            with mock_ssm_contacts(contacts=["akuam"]) as fake:
                begin = time.perf_counter()
                for call in _throttled_then_calm(fake, client):
                    await call
                elapsed = time.perf_counter() - begin
        expect(len(fake.calls) == 2 * THROTTLES + 1, "the throttles were not all retried")
        return elapsed

    samples = [asyncio.run(run()) for _ in range(REPEATS)]
    return Timing(statistics.median(samples) * 1e6, 1, REPEATS)


ROWS = [
    Row("fake", "start_engagement via the pytest-ssmcontacts fake", fake_start_engagement),
    Row("floor", "start_engagement, botocore floor (signed, canned)", botocore_floor),
    Row("stubber", "start_engagement via botocore Stubber", stubber_start_engagement),
    Row("moto-call", "ssm.get_parameter inside moto.mock_aws()", moto_get_parameter),
    Row("setup", 'mock_ssm_contacts(contacts=["akuam"]) enter + exit', fake_setup_teardown),
    Row("moto-setup", "moto.mock_aws() enter + exit", moto_start_stop),
    Row(
        "list-10000",
        "list_engagements paginator, 10,000 engagements",
        list_engagements(10_000),
    ),
    Row("list-1000", "list_engagements paginator, 1,000 engagements", list_engagements(1_000)),
    Row(
        "shifts-year",
        "list_rotation_shifts paginator, 1 year, rotation from 2019",
        lambda: list_rotation_shifts(YEAR, OLD_ROTATION),
    ),
    Row(
        "shifts-month",
        "list_rotation_shifts paginator, 1 month, rotation from 2019",
        lambda: list_rotation_shifts(MONTH, OLD_ROTATION),
    ),
    Row(
        "shifts-month-new",
        "list_rotation_shifts paginator, 1 month, rotation from the day before",
        lambda: list_rotation_shifts(MONTH, NEW_ROTATION),
    ),
    Row(
        "adaptive",
        f"{THROTTLES} injected throttles, adaptive retries, then {THROTTLES} calls",
        adaptive_throttles,
    ),
    Row(
        "adaptive-async",
        "the same through aiobotocore",
        adaptive_throttles_async,
    ),
    Row(
        "server-call",
        "get_contact, boto3 over loopback to `python -m pytest_ssmcontacts serve`",
        server_get_contact,
    ),
    Row(
        "moto-server-call",
        "ssm.get_parameter, boto3 over loopback to moto's ThreadedMotoServer",
        moto_server_get_parameter,
    ),
    Row("startup", "endpoint_url: server start to first answer", server_startup),
    Row("process-startup", "serve: process spawn to first answer", process_startup),
    Row(
        "shifts-1970",
        "list_rotation_shifts paginator, 1 month, daily 09:00 from 1970",
        lambda: list_rotation_shifts(MONTH, FROM_1970),
    ),
    Row(
        "shifts-744-1970",
        "list_rotation_shifts paginator, 1 month, monthly 744 entries from 1970",
        lambda: list_rotation_shifts(MONTH, FROM_1970, HOURLY_744, expected=744),
    ),
    Row(
        "shifts-744-new",
        "list_rotation_shifts paginator, 1 month, monthly 744 entries from last month",
        lambda: list_rotation_shifts(MONTH, LAST_MONTH, HOURLY_744, expected=744),
    ),
    *(
        Row(f"largest-{index}", f"{case} (inside the fake, slowest of 7)", largest_shift_call(case))
        for index, case in enumerate(LARGEST)
    ),
    Row(
        "preview-whole",
        f"{PREVIEW_CASE}: the whole boto3 call",
        whole_preview_call(floor=False),
    ),
    Row(
        "preview-floor",
        f"{PREVIEW_CASE}: the same call, botocore answering canned bytes",
        whole_preview_call(floor=True),
    ),
    Row(
        "memory",
        f"memory per engagement, {STAGES} stages x {len(CHANNELS)} channels, clock past the plan",
        engagement_footprint,
    ),
    Row(
        "memory-1page",
        "memory per engagement with one page, call log included",
        one_page_footprint,
        target=f"<= {BYTES_TARGET:,} B",
        meets=lambda result: result.per_engagement <= BYTES_TARGET,
    ),
    Row(
        "memory-1page-pending",
        "memory per engagement with one page, its stage still running (clock not moved)",
        lambda: one_page_footprint(pending=True),
        target=f"<= {BYTES_TARGET:,} B",
        meets=lambda result: result.per_engagement <= BYTES_TARGET,
    ),
    Row(
        "scale",
        f"start_engagement up to {SCALE_ENGAGEMENTS:,} engagements in one fake: max, p99",
        calls_at_scale,
        target=f"max <= {SCALE_TARGET_MS:g} ms",
        meets=lambda result: result.max_ms <= SCALE_TARGET_MS,
    ),
]

RATIOS = [
    Ratio("fake / floor", "fake", "floor", 0.9),
    Ratio("set-up+teardown / moto start+stop", "setup", "moto-setup", 0.1),
    Ratio("list 10,000 / list 1,000 engagements", "list-10000", "list-1000", 12.0),
    Ratio("list 1 year / 1 month of shifts", "shifts-year", "shifts-month", 14.0),
    Ratio("1 month of shifts: rotation from 2019 / new", "shifts-month", "shifts-month-new", 1.5),
    Ratio("HTTP server call / moto server call", "server-call", "moto-server-call", 1.0),
    Ratio("1 month, daily 09:00: rotation from 1970 / new", "shifts-1970", "shifts-month-new", 1.5),
    Ratio(
        "1 month, monthly 744: rotation from 1970 / new", "shifts-744-1970", "shifts-744-new", 1.5
    ),
]


LIMITS = [
    Limit("endpoint_url start-up to first answer", ("startup",), 50.0),
    Limit("10 throttles in adaptive mode + 10 calls, sync", ("adaptive",), 50.0),
    Limit("10 throttles in adaptive mode + 10 calls, async", ("adaptive-async",), 50.0),
    Limit(
        "slowest largest shift call, inside the fake",
        tuple(f"largest-{index}" for index in range(len(LARGEST))),
        100.0,
    ),
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


def cells(result: Result) -> tuple[str, str, str]:
    """The median (or size), per item and loops x repeats columns of one row."""
    if isinstance(result, Spread):
        return (
            f"max {result.max_ms:,.1f} ms",
            f"p99 {result.p99_ms:,.2f} ms (CPU: max {result.cpu_max_ms:,.1f}, "
            f"p99 {result.cpu_p99_ms:,.2f})",
            f"{result.calls:,} calls",
        )
    if isinstance(result, Footprint):
        return (
            f"{result.per_engagement:,.0f} B",
            f"{result.per_page:,.0f} B/page",
            f"{result.engagements:,} engagements",
        )
    per_item = f"{result.median_us / result.items:.2f} µs/{result.item}" if result.items else ""
    return f"{result.median_us:,.1f} µs", per_item, f"{result.loops} x {result.repeats}"


def run(only: frozenset[str] = frozenset()) -> str:
    """The table of every row (or of the rows whose keys are in ``only``)."""
    results: dict[str, Timing] = {}
    lines: list[tuple[str, ...]] = [
        ("measurement", "median", "per item", "loops x repeats", "target", "result")
    ]
    for row in ROWS:
        if only and row.key not in only:
            continue
        try:
            result = row.measure()
        except Skipped as reason:
            lines.append((row.label, "-", "", "-", "", f"skipped: {reason}"))
            continue
        if isinstance(result, Timing):
            results[row.key] = result
        verdict = ("PASS" if row.meets(result) else "MISS") if row.target else ""
        lines.append((row.label, *cells(result), row.target, verdict))
    for ratio in RATIOS:
        numerator, denominator = results.get(ratio.numerator), results.get(ratio.denominator)
        target = f"<= {ratio.target:g}"
        if numerator is None or denominator is None:
            lines.append((ratio.label, "-", "", "", target, "SKIP"))
            continue
        value = numerator.median_us / denominator.median_us
        verdict = "PASS" if value <= ratio.target else "MISS"
        lines.append((ratio.label, f"{value:.3f}", "", "", target, verdict))
    for limit in LIMITS:
        measured = [results[key].median_us for key in limit.keys if key in results]
        target = f"< {limit.target_ms:g} ms"
        if not measured:
            lines.append((limit.label, "-", "", "", target, "SKIP"))
            continue
        slowest = max(measured) / 1000
        verdict = "PASS" if slowest < limit.target_ms else "MISS"
        lines.append((limit.label, f"{slowest:.1f} ms", "", "", target, verdict))
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
        # --only KEY,KEY: just those rows (and the targets they complete).
        only = frozenset(argv[argv.index("--only") + 1].split(",")) if "--only" in argv else None
        print(profile() if "--profile" in argv else run(only or frozenset()))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
