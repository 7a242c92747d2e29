"""What many test modules need: a client, an engagement started, ARNs, plans, times.

Test modules import these instead of defining their own, and never import each other.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any, Callable

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_ssmcontacts import Contact

# What an engagement started by ``engage`` says, unless a test passes its own.
SENDER = "cli"
SUBJECT = "Disk full"
CONTENT = "db-1 is at 100%"


def client(**kwargs: Any) -> Any:
    """A boto3 ssm-contacts client; ``kwargs`` go to ``boto3.client`` (``region_name``, ...)."""
    return boto3.client("ssm-contacts", **kwargs)


def engage(contact: Contact | str, api: Any = None, **params: Any) -> str:
    """Start an engagement of ``contact`` (a ``Contact`` or an ARN); its ARN.

    ``api`` is the client to call (default: a new one); ``params`` add to or replace
    the engagement's members.
    """
    arn = contact.arn if isinstance(contact, Contact) else contact
    params = {"Sender": SENDER, "Subject": SUBJECT, "Content": CONTENT, **params}
    response = (api or client()).start_engagement(ContactId=arn, **params)
    return str(response["EngagementArn"])


# -- shared by the feature tests ----------------------------------------------------

UTC = datetime.timezone.utc


T0 = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


ACCOUNT = "123456789012"


UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


# Nothing listens on the discard port: a call that really goes out fails at once.
NOWHERE = "http://127.0.0.1:9"


ONE_TRY = Config(retries={"total_max_attempts": 1}, connect_timeout=1, read_timeout=1)


def arn(alias: str, region: str = "us-east-1", account: str = ACCOUNT) -> str:
    return f"arn:aws:ssm-contacts:{region}:{account}:contact/{alias}"


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    """Code and Message, with the modeled members botocore puts next to them."""
    return {**exc.value.response, **exc.value.response["Error"]}


def channel_plan(*stages: tuple[str, int], retry: int = 0) -> dict[str, Any]:
    """A personal plan: one stage per (channel name, duration in minutes)."""
    return {
        "Stages": [
            {
                "DurationInMinutes": minutes,
                "Targets": [
                    {
                        "ChannelTargetInfo": {
                            "ContactChannelId": name,
                            "RetryIntervalInMinutes": retry,
                        }
                    }
                ],
            }
            for name, minutes in stages
        ]
    }


def person(alias: str, *, retry: int = 0) -> dict[str, Any]:
    """A contact with the spec's SMS, then VOICE, then EMAIL plan (section 5.2)."""
    return {
        "alias": alias,
        "channels": [
            {"name": "sms", "type": "SMS", "address": "+15005550101"},
            {"name": "voice", "type": "VOICE", "address": "+15005550102"},
            {"name": "email", "type": "EMAIL", "address": f"{alias}@example.com"},
        ],
        "plan": channel_plan(("sms", 5), ("voice", 5), ("email", 5), retry=retry),
    }


def escalation(alias: str, *stages: tuple[str, bool, int]) -> dict[str, Any]:
    """An escalation plan: one stage per (contact alias, essential, duration)."""
    return {
        "alias": alias,
        "type": "ESCALATION",
        "plan": {
            "Stages": [
                {
                    "DurationInMinutes": minutes,
                    "Targets": [
                        {"ContactTargetInfo": {"ContactId": who, "IsEssential": essential}}
                    ],
                }
                for who, essential, minutes in stages
            ]
        },
    }


def aliases(contacts: list[Contact]) -> list[str]:
    return [c.alias for c in contacts]


DAILY_AT_9 = {
    "NumberOfOnCalls": 1,
    "RecurrenceMultiplier": 1,
    "DailySettings": [{"HourOfDay": 9, "MinuteOfHour": 0}],
}


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def stand_in_for_aws(answer: dict[str, Any]) -> Callable[..., AWSResponse]:
    """A before-send handler answering every request with ``answer``, as AWS would.

    Registered on a client, it lets a call made outside the fake succeed without
    the network.
    """
    body = json.dumps(answer).encode()
    headers = {"Content-Type": "application/x-amz-json-1.1"}

    def answer_outside_the_fake(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, headers, _Body(body))

    return answer_outside_the_fake
