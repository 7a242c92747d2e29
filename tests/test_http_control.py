"""The control API under /_ssmcontacts/: the fixture's methods over HTTP."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from http_wire import Wire
from pytest_ssmcontacts import SSMContacts, __version__

T0 = "2024-01-01T09:00:00.000+00:00"
CHANNELS = [{"name": "sms", "type": "SMS", "address": "+15005550199"}]
PLAN = {
    "Stages": [
        {
            "DurationInMinutes": 5,
            "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}],
        }
    ]
}


@pytest.fixture
def wire(ssm_contacts: SSMContacts) -> Any:
    connection = Wire(ssm_contacts.endpoint_url)
    yield connection
    connection.close()


def get(wire: Wire, path: str) -> tuple[int, Any]:
    status, _, body = wire.request("GET", f"/_ssmcontacts/{path}")
    return status, body


def post(wire: Wire, path: str, payload: Any = None) -> tuple[int, Any]:
    data = None if payload is None else json.dumps(payload)
    status, headers, body = wire.request("POST", f"/_ssmcontacts/{path}", data)
    assert headers["Content-Type"] == "application/json"
    return status, body


def engage(wire: Wire, alias: str = "akuam") -> str:
    arn = f"arn:aws:ssm-contacts:us-east-1:123456789012:contact/{alias}"
    status, _, body = wire.call(
        "StartEngagement", {"ContactId": arn, "Sender": "cli", "Subject": "s", "Content": "c"}
    )
    assert status == 200, body
    arn_: str = body["EngagementArn"]
    return arn_


def test_health(wire: Wire) -> None:
    assert get(wire, "health") == (200, {"status": "ok", "version": __version__})


@pytest.mark.ssm_contacts(start_time=T0)
def test_clock_reads_and_moves_like_the_fixtures(ssm_contacts: SSMContacts, wire: Wire) -> None:
    assert get(wire, "clock") == (200, {"now": T0})
    assert post(wire, "clock", {"advance_seconds": 300}) == (
        200,
        {"now": "2024-01-01T09:05:00.000+00:00"},
    )
    assert post(wire, "clock", {"advance_seconds": 0.0015}) == (
        200,
        {"now": "2024-01-01T09:05:00.001+00:00"},
    )
    assert post(wire, "clock", {"set": "2024-01-02T00:00:00Z"}) == (
        200,
        {"now": "2024-01-02T00:00:00.000+00:00"},
    )
    assert post(wire, "clock", {"set": "2024-01-02T09:30:00+09:00"})[1] == {
        "now": "2024-01-02T00:30:00.000+00:00"
    }
    assert ssm_contacts.clock.now() == datetime.datetime(
        2024, 1, 2, 0, 30, tzinfo=datetime.timezone.utc
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, 'clock: give exactly one of "advance_seconds" or "set"'),
        (
            {"advance_seconds": 1, "set": T0},
            'clock: give exactly one of "advance_seconds" or "set"',
        ),
        ({"advance_seconds": -1}, "clock: 'advance_seconds' must be a number of seconds >= 0"),
        ({"advance_seconds": "60"}, "clock: 'advance_seconds' must be a number of seconds >= 0"),
        ({"advance_seconds": True}, "clock: 'advance_seconds' must be a number of seconds >= 0"),
        ({"advance_seconds": 1e300}, ""),
        ({"set": "yesterday"}, "clock: 'set' must be an ISO 8601 date-time"),
        ({"set": 5}, "clock: 'set' must be an ISO 8601 date-time string"),
        ({"set": "2000-01-01T00:00:00Z"}, "clock: set() cannot go backwards"),
        ({"minutes": 5}, "clock: unknown key 'minutes'; expected: advance_seconds, set"),
    ],
)
@pytest.mark.ssm_contacts(start_time=T0)
def test_bad_clock_moves_are_400s_and_move_nothing(
    ssm_contacts: SSMContacts, wire: Wire, payload: Any, message: str
) -> None:
    status, body = post(wire, "clock", payload)
    assert status == 400
    assert body["error"].startswith(message)
    assert get(wire, "clock")[1] == {"now": T0}


@pytest.mark.ssm_contacts(start_time=T0, contacts=["akuam"])
def test_records_are_listed_with_their_fields(ssm_contacts: SSMContacts, wire: Wire) -> None:
    status, contact = post(
        wire,
        "contacts",
        {"alias": "alejr", "display_name": "Alej R", "channels": CHANNELS, "plan": PLAN},
    )
    assert status == 200
    assert contact["alias"] == "alejr"
    assert contact["display_name"] == "Alej R"
    assert contact["channels"][0]["activation_status"] == "ACTIVATED"
    assert contact == json.loads(json.dumps(get(wire, "contacts")[1]["contacts"][1]))
    assert [c["alias"] for c in get(wire, "contacts")[1]["contacts"]] == ["akuam", "alejr"]

    engagement_arn = engage(wire, "alejr")
    engagements = get(wire, "engagements")[1]["engagements"]
    assert engagements == [
        {
            "arn": engagement_arn,
            "contact_arn": contact["arn"],
            "sender": "cli",
            "subject": "s",
            "content": "c",
            "public_subject": None,
            "public_content": None,
            "incident_id": None,
            "idempotency_token": None,
            "start_time": T0,
            "stop_time": None,
        }
    ]
    pages = get(wire, "pages")[1]["pages"]
    assert [p["engagement_arn"] for p in pages] == [engagement_arn]
    assert pages[0]["sent_time"] == T0
    assert pages[0]["receipts"][0]["type"] == "SENT"
    calls = get(wire, "calls")[1]["calls"]
    assert calls[-1]["operation"] == "StartEngagement"
    assert calls[-1]["error"] is None
    assert calls[-1]["params"]["Sender"] == "cli"

    rotation = ssm_contacts.add_rotation(
        "weekly",
        members=["akuam", "alejr"],
        time_zone="UTC",
        recurrence={
            "NumberOfOnCalls": 1,
            "RecurrenceMultiplier": 1,
            "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
        },
    )
    rotations = get(wire, "rotations")[1]["rotations"]
    assert rotations[0]["arn"] == rotation.arn
    assert rotations[0]["contact_arns"] == list(rotation.contact_arns)
    assert rotations[0]["start_time"] == T0


@pytest.mark.ssm_contacts(start_time=T0)
def test_delivery_and_codes(ssm_contacts: SSMContacts, wire: Wire) -> None:
    contact = ssm_contacts.add_contact("akuam", channels=CHANNELS, plan=PLAN)
    engage(wire)
    page_arn = ssm_contacts.pages[0].arn
    status, code = get(wire, f"accept-code?page={page_arn}")
    assert (status, code) == (200, {"code": ssm_contacts.accept_code(page_arn)})
    assert post(wire, "clock", {"advance_seconds": 60})[0] == 200
    status, page = post(wire, "deliver", {"page": page_arn})
    assert status == 200
    assert page["delivery_time"] == "2024-01-01T09:01:00.000+00:00"
    assert [r["type"] for r in page["receipts"]] == ["SENT", "DELIVERED"]
    status, page = post(wire, "fail-delivery", {"page": page_arn, "reason": "carrier down"})
    assert status == 200
    assert page["receipts"][-1] == {
        "type": "ERROR",
        "time": "2024-01-01T09:01:00.000+00:00",
        "channel_arn": contact.channels[0].arn,
        "info": "carrier down",
    }

    channel_arn = contact.channels[0].arn
    status, _, _ = wire.call("SendActivationCode", {"ContactChannelId": channel_arn})
    assert status == 200
    status, code = get(wire, f"activation-code?channel={channel_arn}")
    assert (status, code) == (200, {"code": ssm_contacts.activation_code(channel_arn)})


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_faults_are_fail_next(ssm_contacts: SSMContacts, wire: Wire) -> None:
    status, body = post(
        wire,
        "faults",
        {"operation": "start_engagement", "error": "ThrottlingException", "times": 2},
    )
    assert (status, body) == (200, {"status": "ok"})
    assert (
        post(wire, "faults", {"operation": "ListContacts", "error": "AccessDeniedException"})[0]
        == 200
    )
    arn = ssm_contacts.contact("akuam").arn
    start = {"ContactId": arn, "Sender": "s", "Subject": "s", "Content": "c"}
    for _ in range(2):
        status, headers, body = wire.call("StartEngagement", start)
        assert (status, body["__type"]) == (400, "ThrottlingException")
    assert wire.call("StartEngagement", start)[0] == 200
    status, headers, body = wire.call("ListContacts")
    assert headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert wire.call("ListContacts")[0] == 200


@pytest.mark.parametrize(
    ("method", "path", "payload", "status", "message"),
    [
        ("POST", "faults", {"operation": "Nope", "error": "X"}, 400, "fail_next(): unknown"),
        ("POST", "faults", {"operation": "ListContacts"}, 400, "faults: missing 'error'"),
        (
            "POST",
            "faults",
            {"operation": "ListContacts", "error": "ConflictException"},
            400,
            "fail_next(): ListContacts does not model 'ConflictException'",
        ),
        (
            "POST",
            "faults",
            {"operation": "ListContacts", "error": "AccessDeniedException", "times": 0},
            400,
            "fail_next(): times must be a positive integer",
        ),
        ("POST", "faults", {"op": 1}, 400, "faults: unknown key 'op'"),
        ("POST", "faults", [1], 400, "the body must be a JSON object"),
        ("POST", "contacts", {}, 400, "contacts: missing 'alias'"),
        ("POST", "contacts", {"alias": "x", "kind": 1}, 400, "contacts: unknown key 'kind'"),
        (
            "POST",
            "contacts",
            {"alias": "akuam"},
            400,
            "add_contact(): alias: Contact with alias akuam already exists",
        ),
        ("POST", "contacts", {"alias": "bad alias!"}, 400, "add_contact()"),
        ("POST", "deliver", {}, 400, "deliver: missing 'page'"),
        ("POST", "deliver", {"page": 5}, 400, "deliver: 'page' must be a non-empty string"),
        ("POST", "deliver", {"page": "arn:nope"}, 400, "deliver(): no page 'arn:nope'"),
        ("POST", "fail-delivery", {"page": "arn:x", "reason": 1}, 400, "fail-delivery: 'reason'"),
        ("POST", "reset", {"everything": True}, 400, "reset: unknown key 'everything'"),
        ("GET", "accept-code", None, 400, "accept-code: missing query parameter 'page'"),
        ("GET", "accept-code?page=arn:x", None, 400, "accept_code(): no page 'arn:x'"),
        ("GET", "activation-code", None, 400, "activation-code: missing query parameter"),
        ("GET", "activation-code?channel=x", None, 400, "activation_code(): no contact channel"),
        ("GET", "nothing", None, 404, "no control endpoint '/_ssmcontacts/nothing'"),
        ("POST", "health", None, 405, "/_ssmcontacts/health takes GET, not POST"),
        ("DELETE", "contacts", None, 405, "/_ssmcontacts/contacts takes GET or POST, not DELETE"),
        ("GET", "reset", None, 405, "/_ssmcontacts/reset takes POST, not GET"),
    ],
)
@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_bad_control_requests_say_what_is_wrong(
    ssm_contacts: SSMContacts,
    wire: Wire,
    method: str,
    path: str,
    payload: Any,
    status: int,
    message: str,
) -> None:
    data = None if payload is None else json.dumps(payload)
    got, _, body = wire.request(method, f"/_ssmcontacts/{path}", data)
    assert got == status
    assert list(body) == ["error"]
    assert body["error"].startswith(message), body["error"]
    assert [c.alias for c in ssm_contacts.contacts] == ["akuam"]
    assert get(wire, "health")[0] == 200


def test_malformed_control_json_is_a_400(wire: Wire) -> None:
    status, _, body = wire.request("POST", "/_ssmcontacts/contacts", '{"alias": ')
    assert status == 400
    assert body["error"].startswith("the body is not valid JSON")


@pytest.mark.ssm_contacts(contacts=["akuam"], start_time=T0)
def test_reset_goes_back_to_the_start(ssm_contacts: SSMContacts, wire: Wire) -> None:
    post(wire, "contacts", {"alias": "alejr"})
    engage(wire)
    post(wire, "clock", {"advance_seconds": 3600})
    post(wire, "faults", {"operation": "ListContacts", "error": "AccessDeniedException"})
    assert post(wire, "reset") == (200, {"status": "ok", "now": T0})
    assert [c.alias for c in ssm_contacts.contacts] == ["akuam"]
    assert ssm_contacts.engagements == []
    assert ssm_contacts.calls == []
    assert get(wire, "clock")[1] == {"now": T0}
    assert wire.call("ListContacts")[0] == 200


def test_reset_without_a_start_time_goes_back_to_when_the_fake_started(
    ssm_contacts: SSMContacts, wire: Wire
) -> None:
    started = get(wire, "clock")[1]
    post(wire, "clock", {"advance_seconds": 86400})
    post(wire, "reset")
    assert get(wire, "clock")[1] == started
