"""The control API under ``/_ssmcontacts/``: the fixture's methods for other processes.

JSON in and out. Records go out with their attrs fields, snake_case, times as ISO 8601;
bad input gets 400 with ``{"error": "<what is wrong>"}``. Every request holds the fake's
lock, so it never interleaves with an API call.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import parse_qs

import attrs

from ._add_contact import CONTACT_KEYS
from ._clock import parse_start_time
from ._version import __version__

if TYPE_CHECKING:
    from ._fake import SSMContacts

PREFIX = "/_ssmcontacts/"
Answer = tuple[int, Any]


class BadRequest(Exception):
    """Input the control API refuses, with the reason it reports."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def iso(value: datetime.datetime) -> str:
    """ISO 8601 in UTC to the millisecond, the precision of the fake's clock."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds")


def jsonable(value: Any) -> Any:
    """A record (or anything inside one) as plain JSON values."""
    if attrs.has(type(value)):
        return {
            field.name: jsonable(getattr(value, field.name)) for field in attrs.fields(type(value))
        }
    if isinstance(value, datetime.datetime):
        return iso(value)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def handle(fake: SSMContacts, method: str, path: str, query: str, body: bytes) -> Answer:
    """The status and JSON payload answering one control request."""
    name = path[len(PREFIX) :].rstrip("/") if path.startswith(PREFIX) else ""
    routes = _ROUTES.get(name)
    if routes is None:
        return 404, {
            "error": f"no control endpoint {path!r}; expected one of: "
            + ", ".join(PREFIX + known for known in _ROUTES)
        }
    action = routes.get(method)
    if action is None:
        return 405, {
            "error": f"{path} takes {' or '.join(sorted(routes))}, not {method}",
        }
    try:
        arguments = _arguments(method, body)
        with fake._lock:
            return 200, action(fake, arguments, parse_qs(query))
    except BadRequest as exc:
        return exc.status, {"error": str(exc)}
    except (ValueError, TypeError, LookupError, OverflowError) as exc:
        # The fixture methods' own messages name the offending argument.
        message = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
        return 400, {"error": message}


def _arguments(method: str, body: bytes) -> dict[str, Any]:
    if method != "POST" or not body.strip():
        return {}
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise BadRequest(f"the body must be a JSON object, got {type(value).__name__}")
    return value


def _check_keys(
    what: str, arguments: Mapping[str, Any], allowed: tuple[str, ...], required: tuple[str, ...]
) -> None:
    unknown = sorted(set(arguments) - set(allowed))
    if unknown:
        raise BadRequest(f"{what}: unknown key {unknown[0]!r}; expected: {', '.join(allowed)}")
    missing = [key for key in required if key not in arguments]
    if missing:
        raise BadRequest(f"{what}: missing {', '.join(repr(key) for key in missing)}")


def _string(what: str, arguments: Mapping[str, Any], key: str) -> str:
    value = arguments.get(key)
    if not isinstance(value, str) or not value:
        raise BadRequest(f"{what}: {key!r} must be a non-empty string, got {value!r}")
    return value


def _query_value(what: str, query: Mapping[str, list[str]], key: str) -> str:
    values = query.get(key)
    if not values or not values[0]:
        raise BadRequest(f"{what}: missing query parameter {key!r}, e.g. ?{key}=<arn>")
    return values[0]


# -- the endpoints ---------------------------------------------------------------------


def _health(fake: SSMContacts, _: dict[str, Any], __: Any) -> Any:
    return {"status": "ok", "version": __version__}


def _reset(fake: SSMContacts, arguments: dict[str, Any], _: Any) -> Any:
    _check_keys("reset", arguments, (), ())
    # Back to the instant the fake started, even when it was started without a
    # start_time (then the clock began at the wall-clock time of the start).
    configured = fake._start_time
    fake._start_time = fake._clock_started
    try:
        fake._reset()
    finally:
        fake._start_time = configured
    return {"status": "ok", "now": iso(fake.clock.now())}


def _clock(fake: SSMContacts, _: dict[str, Any], __: Any) -> Any:
    return {"now": iso(fake.clock.now())}


def _move_clock(fake: SSMContacts, arguments: dict[str, Any], _: Any) -> Any:
    _check_keys("clock", arguments, ("advance_seconds", "set"), ())
    if len(arguments) != 1:
        raise BadRequest('clock: give exactly one of "advance_seconds" or "set"')
    if "advance_seconds" in arguments:
        seconds = arguments["advance_seconds"]
        if (
            not isinstance(seconds, (int, float))
            or isinstance(seconds, bool)
            or not math.isfinite(seconds)
            or seconds < 0
        ):
            raise BadRequest(
                f"clock: 'advance_seconds' must be a number of seconds >= 0, got {seconds!r}"
            )
        fake.clock.advance(seconds=seconds)
    else:
        when = arguments["set"]
        if not isinstance(when, str):
            raise BadRequest(f"clock: 'set' must be an ISO 8601 date-time string, got {when!r}")
        try:
            parsed = parse_start_time(when)
        except ValueError:
            raise BadRequest(
                f"clock: 'set' must be an ISO 8601 date-time such as "
                f"'2024-01-01T09:00:00Z', got {when!r}"
            ) from None
        assert parsed is not None
        try:
            fake.clock.set(parsed)
        except ValueError as exc:
            raise BadRequest(f"clock: {exc}") from None
    return {"now": iso(fake.clock.now())}


def _listing(name: str) -> Callable[[SSMContacts, dict[str, Any], Any], Any]:
    def listing(fake: SSMContacts, _: dict[str, Any], __: Any) -> Any:
        return {name: jsonable(getattr(fake, name))}

    return listing


def _add_contact(fake: SSMContacts, arguments: dict[str, Any], _: Any) -> Any:
    _check_keys("contacts", arguments, CONTACT_KEYS, ("alias",))
    return jsonable(fake.add_contact(**arguments))


def _fail_next(fake: SSMContacts, arguments: dict[str, Any], _: Any) -> Any:
    _check_keys(
        "faults", arguments, ("operation", "error", "times", "message"), ("operation", "error")
    )
    fake.fail_next(
        arguments["operation"],
        arguments["error"],
        times=arguments.get("times", 1),
        message=arguments.get("message"),
    )
    return {"status": "ok"}


def _deliver(fake: SSMContacts, arguments: dict[str, Any], _: Any) -> Any:
    _check_keys("deliver", arguments, ("page",), ("page",))
    return jsonable(fake.deliver(_string("deliver", arguments, "page")))


def _fail_delivery(fake: SSMContacts, arguments: dict[str, Any], _: Any) -> Any:
    _check_keys("fail-delivery", arguments, ("page", "reason"), ("page",))
    reason = arguments.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise BadRequest(f"fail-delivery: 'reason' must be a string or null, got {reason!r}")
    return jsonable(fake.fail_delivery(_string("fail-delivery", arguments, "page"), reason))


def _activation_code(fake: SSMContacts, _: dict[str, Any], query: Any) -> Any:
    return {"code": fake.activation_code(_query_value("activation-code", query, "channel"))}


def _accept_code(fake: SSMContacts, _: dict[str, Any], query: Any) -> Any:
    return {"code": fake.accept_code(_query_value("accept-code", query, "page"))}


Action = Callable[["SSMContacts", dict[str, Any], Any], Any]
_ROUTES: dict[str, dict[str, Action]] = {
    "health": {"GET": _health},
    "reset": {"POST": _reset},
    "clock": {"GET": _clock, "POST": _move_clock},
    "contacts": {"GET": _listing("contacts"), "POST": _add_contact},
    "engagements": {"GET": _listing("engagements")},
    "pages": {"GET": _listing("pages")},
    "rotations": {"GET": _listing("rotations")},
    "calls": {"GET": _listing("calls")},
    "faults": {"POST": _fail_next},
    "deliver": {"POST": _deliver},
    "fail-delivery": {"POST": _fail_delivery},
    "activation-code": {"GET": _activation_code},
    "accept-code": {"GET": _accept_code},
}
