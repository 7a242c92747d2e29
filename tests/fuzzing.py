"""A seeded, model-driven fuzzer: every call must end in one of the three allowed ways.

Requests are generated from botocore's loaded service model, on the real ARNs of a
small world (contacts, channels, a rotation, an on-call schedule, engagements and
pages), while the clock moves and faults are injected. Each call is model-valid, or
breaks one constraint, or carries adversarial strings, wrong types, huge lists,
forged or altered NextTokens or extreme times.

Allowed outcomes: a success whose response fits the operation's output shape; a
ClientError with a code the model lists for the operation (or one of
``DOCUMENTED_CODES``); an error of botocore's own, raised client-side before the
request reaches the fake. Forbidden: a Python exception out of the fake, an
uninjected InternalServerException, an unlisted error code, a malformed success, a
call over ``CALL_LIMIT`` seconds, and a failed call that changed the fake's state.

Most calls go straight to the fake's wire entry (the same bytes a client sends), a
share through a real low-level client with ``parameter_validation=False``: a
client call costs ten times more, and the fake cannot tell the two apart.

Run ``python tests/fuzzing.py`` (``make fuzz``) for a long run and its outcome table;
``FUZZ_SEED`` and ``FUZZ_CALLS`` choose the seed and the number of calls.
"""

from __future__ import annotations

import _thread
import base64
import collections
import datetime
import json
import os
import random
import signal
import string
import sys
import threading
import time
import traceback
from typing import Any

import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import create_parser

sys.path.insert(0, os.path.dirname(__file__))
from output_shapes import assert_matches_output
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts
from pytest_ssmcontacts._validation import validate

SERVICE = botocore.session.get_session().get_service_model("ssm-contacts")
OPERATIONS = sorted(SERVICE.operation_names)
PACKAGE_DIR = os.path.dirname(sys.modules["pytest_ssmcontacts"].__file__ or "")
CALL_LIMIT = 2.0  # seconds: generous, a "hang" is orders of magnitude beyond it
EPISODE = 250  # calls per fresh fake: keeps the world, and the state checks, small

# Error codes the fake may answer although the operation's model does not list them,
# each documented in docs/validation.md ("Errors outside an operation's model").
DOCUMENTED_CODES: dict[str, set[str]] = {
    # docs/behaviour-choices.md, "Contact channels: An unknown contact" and "Quotas".
    "CreateContactChannel": {"ResourceNotFoundException", "ServiceQuotaExceededException"},
}

MODES = (
    ("valid", 40),
    ("violation", 14),
    ("adversarial", 10),
    ("wrong_type", 10),
    ("huge", 5),
    ("token", 8),
    ("extreme_time", 8),
    ("replay", 5),
)
FORBIDDEN = (
    "escaped",
    "uninjected-500",
    "unlisted-code",
    "bad-output",
    "hang",
    "state-changed",
)
ALLOWED = ("ok", "error", "injected", "client-side")

ADVERSARIAL = [
    "",
    " ",
    "\u0000",
    "\ud800",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "\U0001f4a5" * 300,
    "../../../../etc/passwd",
    "%s%n%x",
    "<script>alert(1)</script>",
    "'; DROP TABLE contacts; --",
    "arn:aws:ssm-contacts:us-east-1:123456789012:contact/../../x",
    "arn:aws:ssm-contacts:us-east-1:123456789012:contact/",
    "arn:aws:ssm-contacts:eu-west-1:999999999999:contact/akua",
    "arn:aws:ssm-contacts:us-east-1:123456789012:page/a/b/c/d",
    "arn:aws-cn:ssm-contacts:cn-north-1:123456789012:rotation/x",
    "\n" * 20,
    "\t\r\x0b\x0c",
    "NaN",
    "-1",
    "9" * 400,
    "x" * 100_000,
]
EXTREME_EPOCHS: list[Any] = [
    0,
    -1,
    -62135596800,  # 0001-01-01
    -62135596801,
    253402300799,  # 9999-12-31T23:59:59
    253402300800,
    32503680000,  # 3000-01-01
    32503679999,
    10**11,
    10**15,
    -(10**15),
    1e308,
    0.0005,
    1704067200.9999,
]
EXTREME_STARTS = ["0001-01-01T00:10:00Z", "9999-12-31T23:45:00Z", "1970-01-01T00:00:00Z"]
TIME_ZONES = ["UTC", "America/New_York", "Asia/Kolkata", "Europe/London", "Pacific/Chatham"]
ERROR_CODES = {
    name: [s.name for s in SERVICE.operation_model(name).error_shapes] for name in OPERATIONS
}
_PARSER = create_parser("json")


class _Watchdog:
    """Interrupts the main thread when a call runs past its deadline.

    It lives only while a run does, and waits on an Event rather than time.sleep, so
    tests that watch time.sleep never see it.
    """

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.fired = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True, name="fuzz-watchdog")
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            deadline = self.deadline
            if deadline is not None and time.monotonic() > deadline and not self.fired:
                self.fired = True
                _thread.interrupt_main()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class Fuzzer:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.table: collections.Counter[tuple[str, str]] = collections.Counter()
        self.findings: list[str] = []
        self.calls = 0
        self.injected: str | None = None
        session = botocore.session.get_session()
        self.client = session.create_client(
            "ssm-contacts",
            region_name="us-east-1",
            aws_access_key_id="fuzz",
            aws_secret_access_key="fuzz",
            config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
        )

    # -- the run ---------------------------------------------------------------------

    def run(self, calls: int) -> None:
        # The watchdog interrupts with a simulated SIGINT, which Python ignores where the
        # process ignores SIGINT (a pytest-xdist worker does): Python's own handler is
        # put in place for the run.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        self.watchdog = _Watchdog()
        try:
            while self.calls < calls:
                self._episode(min(EPISODE, calls - self.calls))
        finally:
            self.watchdog.stop()
            signal.signal(signal.SIGINT, previous)

    def _episode(self, calls: int) -> None:
        extreme = self.rng.random() < 0.25
        start = self.rng.choice(EXTREME_STARTS) if extreme else "2024-03-01T08:00:00Z"
        fake = mock_ssm_contacts(start_time=start, contacts=CONTACTS, rotations=ROTATIONS)
        with fake:
            world = World(fake, self.rng)
            for _ in range(calls):
                self.calls += 1
                if self._step(world) == "hang":
                    break  # the interrupted call may have left the fake half-way

    def _step(self, world: World) -> str:
        rng = self.rng
        if rng.random() < 0.04:
            world.move_clock()
        if rng.random() < 0.04:
            world.refresh()
        operation = rng.choice(OPERATIONS)
        mode = _weighted(rng, MODES)
        params = world.request(operation, mode)
        injected = None
        shape = SERVICE.operation_model(operation).input_shape
        if mode == "valid" and rng.random() < 0.03 and not validate(shape, params):
            injected = rng.choice(ERROR_CODES[operation])
            world.fake.fail_next(operation, injected)
        self.injected = injected
        # The state after one call is the state before the next, unless it moved since.
        if world.last is None:
            world.last = world.snapshot()
        before = world.last
        via_client = rng.random() < 0.06
        outcome, detail = self._call(world, operation, params, via_client, injected)
        if outcome == "ok":
            world.last = None
        elif outcome in ("error", "injected"):
            world.last = world.snapshot()
            if world.last != before:
                outcome = "state-changed"
                detail = "a failed call changed the fake's state: " + detail
        self.table[(operation, outcome)] += 1
        if outcome in FORBIDDEN:
            self.findings.append(
                f"{operation} [{mode}, {'client' if via_client else 'wire'}, seed {self.seed}, "
                f"call {self.calls}] {outcome}: {detail}; params={_short(params)}"
            )
        return outcome

    # -- one call --------------------------------------------------------------------

    def _call(
        self,
        world: World,
        operation: str,
        params: dict[str, Any],
        via_client: bool,
        injected: str | None,
    ) -> tuple[str, str]:
        watchdog = self.watchdog
        started = time.monotonic()
        watchdog.fired = False
        watchdog.deadline = started + CALL_LIMIT
        try:
            if via_client:
                result = self._through_client(operation, params)
            else:
                result = self._through_wire(world.fake, operation, params)
        except KeyboardInterrupt:
            if not watchdog.fired:
                raise
            return "hang", f"interrupted after {CALL_LIMIT} s"
        finally:
            watchdog.deadline = None
        elapsed = time.monotonic() - started
        if elapsed > CALL_LIMIT:
            return "hang", f"took {elapsed:.2f} s"
        if isinstance(result, tuple):
            return result
        world.learn(operation, params, result)
        try:
            assert_matches_output(self.client, operation, result)
        except AssertionError as exc:
            return "bad-output", str(exc).replace("\n", " ")
        return "ok", ""

    def _through_client(self, operation: str, params: dict[str, Any]) -> Any:
        method = getattr(self.client, _METHODS[operation])
        try:
            return method(**params)
        except ClientError as exc:
            return _error_outcome(operation, exc.response, self.injected)
        except (BotoCoreError, KeyboardInterrupt):
            if isinstance(sys.exc_info()[1], KeyboardInterrupt):
                raise
            return "client-side", ""
        except Exception as exc:
            if _raised_in_fake(exc):
                return "escaped", _describe(exc)
            # botocore's serializer refusing a wrong type before anything is sent.
            return "client-side", ""

    def _through_wire(self, fake: SSMContacts, operation: str, params: dict[str, Any]) -> Any:
        try:
            body = json.dumps(params).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError):
            return "client-side", ""
        headers = {"X-Amz-Target": f"SSMContacts.{operation}"}
        try:
            status, response_headers, raw = fake._serve(headers, body, None)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            return "escaped", _describe(exc)
        if status != 200:
            answer = json.loads(raw)
            code = answer.get("__type", "")
            return _error_outcome(operation, {"Error": {"Code": code}}, self.injected)
        return _PARSER.parse(
            {"status_code": status, "headers": response_headers, "body": raw},
            SERVICE.operation_model(operation).output_shape,
        )

    def report(self) -> str:
        columns = [*ALLOWED, *FORBIDDEN]
        width = max(len(name) for name in OPERATIONS)
        lines = [
            f"{'operation':<{width}} " + " ".join(f"{c:>14}" for c in columns),
        ]
        totals: collections.Counter[str] = collections.Counter()
        for operation in OPERATIONS:
            cells = []
            for column in columns:
                count = self.table[(operation, column)]
                totals[column] += count
                cells.append(f"{count:>14}")
            lines.append(f"{operation:<{width}} " + " ".join(cells))
        lines.append(f"{'total':<{width}} " + " ".join(f"{totals[c]:>14}" for c in columns))
        return "\n".join(lines)


# -- outcomes ---------------------------------------------------------------------------


def _error_outcome(
    operation: str, response: dict[str, Any], injected: str | None
) -> tuple[str, str]:
    code = response.get("Error", {}).get("Code", "")
    if injected is not None and code == injected:
        return "injected", code
    if code == "InternalServerException":
        return "uninjected-500", "InternalServerException"
    if code not in ERROR_CODES[operation] and code not in DOCUMENTED_CODES.get(operation, ()):
        return "unlisted-code", code
    return "error", code


def _raised_in_fake(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    return any(frame.filename.startswith(PACKAGE_DIR) for frame in frames)


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    where = f"{os.path.basename(frame.filename)}:{frame.lineno}"
    return f"{type(exc).__name__}: {str(exc)[:200]} at {where}"


def _short(params: Any) -> str:
    text = repr(params)
    return text if len(text) <= 600 else text[:597] + "..."


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


_METHODS: dict[str, str] = {}


def _method_names() -> None:
    client = botocore.session.get_session().create_client(
        "ssm-contacts", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    for method, api in client.meta.method_to_api_mapping.items():
        _METHODS[api] = method


_method_names()


# -- the world and the requests ------------------------------------------------------------


def _plan(alias: str) -> dict[str, Any]:
    return {
        "Stages": [
            {
                "DurationInMinutes": minutes,
                "Targets": [
                    {
                        "ChannelTargetInfo": {
                            "ContactChannelId": f"{alias}-{kind}",
                            "RetryIntervalInMinutes": 5,
                        }
                    }
                    for kind in ("sms", "email")
                ],
            }
            for minutes in (5, 10)
        ]
    }


PEOPLE = ["akua", "bo", "chidi", "dana"]
CONTACTS: list[Any] = [
    *(
        {
            "alias": alias,
            "channels": [
                {"name": f"{alias}-sms", "type": "SMS", "address": f"+1555010{n:04d}"},
                {"name": f"{alias}-email", "type": "EMAIL", "address": f"{alias}@example.com"},
            ],
            "plan": _plan(alias),
        }
        for n, alias in enumerate(PEOPLE)
    ),
    {"alias": "oncall", "type": "ONCALL_SCHEDULE", "plan": {"RotationIds": ["team"]}},
    {
        "alias": "escalate",
        "type": "ESCALATION",
        "plan": {
            "Stages": [
                {
                    "DurationInMinutes": 5,
                    "Targets": [
                        {"ContactTargetInfo": {"ContactId": "akua", "IsEssential": True}},
                        {"ContactTargetInfo": {"ContactId": "oncall", "IsEssential": False}},
                    ],
                }
            ]
        },
    },
]
ROTATIONS: list[Any] = [
    {
        "name": "team",
        "members": PEOPLE[:3],
        "time_zone": "UTC",
        "start_time": "2024-01-01T09:00:00Z",
        "recurrence": {
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
    }
]


def snapshot(fake: SSMContacts) -> Any:
    """Everything a call could change, apart from the call log."""
    out: list[Any] = []
    backend = fake._backend
    for store in backend.stores.values():
        out.append(
            (
                [
                    (
                        c.arn,
                        c.type,
                        c.display_name,
                        repr(c.plan),
                        repr(c.tags),
                        tuple(c.channel_arns),
                        c.policy,
                    )
                    for c in store.contacts.values()
                ],
                [
                    (
                        ch.arn,
                        ch.name,
                        ch.type,
                        ch.address,
                        ch.activation_status,
                        ch.activation_code,
                        len(ch.codes_sent_at),
                    )
                    for ch in store.channels.values()
                ],
                [(e.record, len(e.pages)) for e in store.engagement_order],
                [(p.arn, len(p.receipts), p.read_time) for p in store.pages.values()],
                [
                    (
                        r.arn,
                        r.name,
                        tuple(r.contact_arns),
                        r.start_time,
                        r.time_zone,
                        repr(r.recurrence),
                        repr(r.tags),
                        tuple(r.overrides),
                    )
                    for r in store.rotations.values()
                ],
                len(store.idempotency),
            )
        )
    out.append(len(backend.timeline))
    return out


class World:
    """The real identifiers of one fake, and requests built on them."""

    def __init__(self, fake: SSMContacts, rng: random.Random) -> None:
        self.fake = fake
        self.rng = rng
        self.tokens: list[tuple[str, dict[str, Any], str]] = []
        self.idempotent: list[tuple[str, dict[str, Any]]] = []
        self.last: Any = None
        if fake.rotations:
            try:
                now = fake.clock.now()
                fake.add_override(
                    "team",
                    members=[PEOPLE[1]],
                    start=now + datetime.timedelta(days=1),
                    end=now + datetime.timedelta(days=1, hours=4),
                )
            except (ValueError, OverflowError):
                pass  # the clock at an end of its range: no override to start with
        self.refresh()

    def refresh(self) -> None:
        stores = list(self.fake._backend.stores.values())
        self.contacts = [c.arn for s in stores for c in s.contacts.values()]
        self.people = [c.arn for s in stores for c in s.contacts.values() if c.type == "PERSONAL"]
        self.channels = [arn for s in stores for arn in s.channels]
        self.engagements = [arn for s in stores for arn in s.engagements]
        self.pages = [arn for s in stores for arn in s.pages]
        self.rotations = [arn for s in stores for arn in s.rotations]
        self.overrides = [
            (r.arn, o) for s in stores for r in s.rotations.values() for o in r.overrides
        ]

    def snapshot(self) -> Any:
        return snapshot(self.fake)

    def move_clock(self) -> None:
        self.last = None  # due work may run
        rng = self.rng
        clock = self.fake.clock
        try:
            if rng.random() < 0.1:
                clock.advance(days=rng.choice([1, 30, 400, 10**6]))
            else:
                clock.advance(minutes=rng.randint(0, 90))
        except ValueError:
            pass  # past the clock's last instant: refused by name, as documented

    def learn(self, operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
        token = result.get("NextToken")
        if token:
            self.tokens.append((operation, params, token))
            del self.tokens[:-20]
        if "IdempotencyToken" in params:
            self.idempotent.append((operation, params))
            del self.idempotent[:-20]
        if operation.startswith(("Create", "Start", "Delete")) or operation == "StopEngagement":
            self.refresh()

    # -- requests ------------------------------------------------------------------------

    def request(self, operation: str, mode: str) -> dict[str, Any]:
        rng = self.rng
        if operation == "ActivateContactChannel" and mode == "valid" and rng.random() < 0.5:
            pending = [
                channel
                for store in self.fake._backend.stores.values()
                for channel in store.channels.values()
                if channel.activation_code is not None
            ]
            if pending:
                channel = rng.choice(pending)
                return {"ContactChannelId": channel.arn, "ActivationCode": channel.activation_code}
        if mode == "replay" and self.idempotent and rng.random() < 0.7:
            op, params = rng.choice(self.idempotent)
            if op == operation:
                return dict(params)
        shape = SERVICE.operation_model(operation).input_shape
        params = self.value(shape, operation, "", mode == "huge")
        if mode == "violation":
            _break_one(rng, shape, params)
        elif mode == "adversarial":
            _mutate_leaves(rng, params, lambda v: rng.choice(ADVERSARIAL), str)
        elif mode == "wrong_type":
            _mutate_leaves(rng, params, lambda v: _wrong_type(rng, v), object, once=True)
        elif mode == "token" and "NextToken" in shape.members:
            params["NextToken"] = self.forged_token(operation, params)
        elif mode == "extreme_time":
            _mutate_timestamps(rng, shape, params)
        assert isinstance(params, dict)
        return params

    def forged_token(self, operation: str, params: dict[str, Any]) -> str:
        rng = self.rng
        genuine = [t for op, p, t in self.tokens if op == operation and p == params]
        others = [t for _, _, t in self.tokens]
        kind = rng.randrange(6)
        if kind == 0 and genuine:
            return rng.choice(genuine)
        if kind == 1 and others:
            return rng.choice(others)  # another operation's or other filters'
        if kind == 2 and others:
            raw = bytearray(base64.b64decode(rng.choice(others)))
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
            return base64.b64encode(bytes(raw)).decode()
        if kind == 3 and others:
            token = rng.choice(others)
            return token[: rng.randrange(len(token))]
        where = rng.choice([[10**15, 0], [5000000, 0], [0, 10**15], [1, 0], "zzz", None])
        return base64.b64encode(json.dumps(["0" * 16, where]).encode()).decode()

    def value(self, shape: Any, operation: str, name: str, huge: bool) -> Any:
        kind = shape.type_name
        rng = self.rng
        if kind == "structure":
            return self.structure(shape, operation, huge)
        if kind == "list":
            low = shape.metadata.get("min", 0)
            high = min(shape.metadata.get("max", 4), 64)
            if huge:
                count = rng.choice([high, high + 1, high, high + 1, 2000])
            else:
                if name.endswith("Settings"):
                    low = max(low, 1)  # a recurrence needs one non-empty list
                count = rng.randint(low, max(low, min(high, 3)))
            return [self.value(shape.member, operation, name, False) for _ in range(count)]
        if kind == "map":
            return {
                day: [self.value(shape.value.member, operation, name, False)]
                for day in rng.sample(shape.key.enum, rng.randint(1, 3))
            }
        if kind == "string":
            return self.text(shape, operation, name, huge)
        if kind in ("integer", "long"):
            return self.number(shape, name)
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "timestamp":
            return self.instant(name)
        return None

    def structure(self, shape: Any, operation: str, huge: bool) -> dict[str, Any]:
        rng = self.rng
        out: dict[str, Any] = {}
        required = set(shape.required_members)
        names = list(shape.members)
        if shape.name == "RecurrenceSettings":
            keep = rng.choice(["MonthlySettings", "WeeklySettings", "DailySettings"])
            names = [n for n in names if not n.endswith("Settings") or n == keep]
        if shape.name in ("Target",):
            names = [rng.choice(names)]
        # Optional in the model, needed in practice: a hand-off or coverage time without
        # its parts is refused, which would keep shift calls from ever succeeding.
        complete = shape.name in ("CoverageTime", "HandOffTime") and rng.random() < 0.9
        for member in names:
            if member in required or complete or rng.random() < 0.55:
                out[member] = self.value(shape.members[member], operation, member, huge)
        return out

    def text(self, shape: Any, operation: str, name: str, huge: bool) -> str:
        rng = self.rng
        if shape.enum:
            return str(rng.choice(shape.enum))
        if huge and rng.random() < 0.3:
            return "a" * int(shape.metadata.get("max", 1000))
        kind = shape.name
        if kind in ("SsmContactsArn", "AmazonResourceName"):
            return self.identifier(operation, name)
        if kind == "Uuid":
            if self.overrides and rng.random() < 0.8:
                return rng.choice(self.overrides)[1]
            return "00000000-0000-0000-0000-000000000000"
        if kind in ("AcceptCode", "ActivationCode"):
            return self.code(kind)
        if kind == "ContactAlias":
            return rng.choice(["new", "akua", "bo", "x-1", "ops_team", "a" * 5])
        if kind == "TimeZoneId":
            return rng.choice(TIME_ZONES) if rng.random() < 0.9 else "Not/A_Zone"
        if kind == "SimpleAddress":
            return rng.choice(["+15550109999", "ops@example.com", "+1555010000", "nobody"])
        if kind == "Policy":
            return json.dumps({"Version": "2012-10-17", "Statement": []})
        if kind in ("IdempotencyToken",):
            # A few reused tokens (replays and conflicts), mostly fresh ones.
            return (
                rng.choice(["t1", "t2", "t3"])
                if rng.random() < 0.3
                else f"t{rng.random()}"[:40].replace(".", "")
            )
        if kind == "PaginationToken":
            genuine = [t for op, _, t in self.tokens if op == operation]
            return rng.choice(genuine) if genuine else ""
        if kind == "Member":
            return rng.choice(self.people) if self.people and rng.random() < 0.9 else "someone"
        if kind in ("TagKey",):
            return rng.choice(["team", "env", "cost"])
        low = shape.metadata.get("min", 0)
        letters = string.ascii_letters + string.digits
        return "".join(rng.choice(letters) for _ in range(max(low, rng.randint(1, 12))))

    def identifier(self, operation: str, name: str) -> str:
        rng = self.rng
        pools = {
            "ContactChannelId": self.channels,
            "EngagementId": self.engagements,
            "PageId": self.pages,
            "RotationId": self.rotations,
            "RotationIds": self.rotations,
            "ContactIds": self.people,
            "NewContactIds": self.people,
            "ResourceARN": self.contacts + self.rotations,
        }
        pool = pools.get(name, self.contacts)
        if rng.random() < 0.08:
            pool = self.contacts + self.channels + self.rotations + self.pages
        if pool and rng.random() < 0.95:
            return str(rng.choice(pool))
        return "arn:aws:ssm-contacts:us-east-1:123456789012:contact/nobody"

    def code(self, kind: str) -> str:
        rng = self.rng
        fake = self.fake
        try:
            if kind == "AcceptCode" and self.pages and rng.random() < 0.6:
                return fake.accept_code(rng.choice(self.pages))
            if kind == "ActivationCode" and self.channels and rng.random() < 0.6:
                return fake.activation_code(rng.choice(self.channels))
        except LookupError:
            pass
        return "".join(rng.choice(string.digits) for _ in range(6))

    def number(self, shape: Any, name: str) -> int:
        rng = self.rng
        low = shape.metadata.get("min", 0)
        high = shape.metadata.get("max", low + 3)
        if name == "NumberOfOnCalls":
            high = rng.choice([1, 1, 1, 3])
        if name == "RecurrenceMultiplier":
            high = rng.choice([1, 2, 100])
        if name == "MaxResults":
            return rng.choice([0, 1, 2, 50, 1024])
        return rng.randint(low, high)

    def instant(self, name: str) -> int:
        rng = self.rng
        now = self.fake.clock.now()
        base = int(now.timestamp()) if 0 < now.year < 3000 and now.year >= 1970 else 1709280000
        if name == "EndTime":
            return base + rng.choice([1, 3600, 86400, 86400 * 31, 86400 * 400])
        return base + rng.randint(-86400 * 30, 86400 * 60)


def _break_one(rng: random.Random, shape: Any, params: dict[str, Any]) -> None:
    """Break exactly one constraint of ``params``: required, length, range, enum or pattern."""
    leaves: list[tuple[Any, Any, Any]] = []

    def walk(shape: Any, container: Any, key: Any) -> None:
        value = container[key]
        leaves.append((shape, container, key))
        if shape.type_name == "structure" and isinstance(value, dict):
            for member, member_shape in shape.members.items():
                if member in value:
                    walk(member_shape, value, member)
        elif shape.type_name == "list" and isinstance(value, list):
            for index in range(len(value)):
                walk(shape.member, value, index)

    holder = {"root": params}
    walk(shape, holder, "root")
    shape_, container, key = rng.choice(leaves[1:] or leaves)
    meta = shape_.metadata
    kind = shape_.type_name
    if isinstance(container, dict) and key != "root" and rng.random() < 0.2:
        del container[key]
    elif kind == "string":
        if shape_.enum:
            container[key] = "NOT_AN_ENUM_VALUE"
        elif "max" in meta and rng.random() < 0.5:
            container[key] = "a" * (meta["max"] + 1)
        elif meta.get("min", 0) > 0 and rng.random() < 0.5:
            container[key] = ""
        else:
            container[key] = "\u00a7<>{}|^`" + str(container[key])[:5]
    elif kind in ("integer", "long"):
        container[key] = meta["max"] + 1 if "max" in meta else meta.get("min", 0) - 1
    elif kind == "list":
        if "max" in meta:
            item = container[key][0] if container[key] else None
            container[key] = [item] * (meta["max"] + 1)
        else:
            container[key] = [None]
    else:
        container[key] = None


def _mutate_leaves(
    rng: random.Random, params: Any, make: Any, kind: type, *, once: bool = False
) -> None:
    spots: list[tuple[Any, Any]] = []

    def walk(container: Any) -> None:
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in list(items):
            if isinstance(value, (dict, list)):
                spots.append((container, key))
                walk(value)
            elif isinstance(value, kind):
                spots.append((container, key))

    walk(params)
    if not spots:
        return
    chosen = [rng.choice(spots)] if once else [s for s in spots if rng.random() < 0.5]
    for container, key in chosen:
        container[key] = make(container[key])


def _wrong_type(rng: random.Random, value: Any) -> Any:
    options: list[Any] = [
        7,
        -(10**30),
        1.5,
        True,
        "text",
        [],
        ["a", 1, None],
        {},
        {"a": {"b": [1]}},
        float("nan"),
        float("inf"),
    ]
    options = [o for o in options if type(o) is not type(value)]
    return rng.choice(options)


def _mutate_timestamps(rng: random.Random, shape: Any, params: dict[str, Any]) -> None:
    spots: list[tuple[Any, Any]] = []

    def walk(shape: Any, value: Any) -> None:
        if shape.type_name == "structure" and isinstance(value, dict):
            for member, member_shape in shape.members.items():
                if member not in value:
                    if member_shape.type_name == "timestamp" and rng.random() < 0.5:
                        value[member] = 0
                    else:
                        continue
                if member_shape.type_name == "timestamp":
                    spots.append((value, member))
                else:
                    walk(member_shape, value[member])
        elif shape.type_name == "list" and isinstance(value, list):
            for item in value:
                walk(shape.member, item)

    walk(shape, params)
    for container, key in spots:
        container[key] = rng.choice(EXTREME_EPOCHS)


def main() -> int:
    seed = int(os.environ.get("FUZZ_SEED", "0"))
    calls = int(os.environ.get("FUZZ_CALLS", "200000"))
    fuzzer = Fuzzer(seed)
    started = time.perf_counter()
    fuzzer.run(calls)
    elapsed = time.perf_counter() - started
    print(fuzzer.report())
    print(f"\n{fuzzer.calls} calls, seed {seed}, {elapsed:.1f} s")
    for finding in fuzzer.findings[:50]:
        print("-", finding)
    if fuzzer.findings:
        print(f"{len(fuzzer.findings)} forbidden outcomes")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
