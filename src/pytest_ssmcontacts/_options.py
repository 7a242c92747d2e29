"""Checks of the options shared by the fixture, its marker and ``mock_ssm_contacts``."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from ._clock import parse_start_time

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
_ACCOUNT = re.compile(r"^[0-9]{12}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]+$")


def check_account(account_id: Any) -> str:
    __tracebackhide__ = True
    if not isinstance(account_id, str) or not _ACCOUNT.match(account_id):
        raise ValueError(f"account_id must be a string of 12 digits, got {account_id!r}")
    return account_id


def check_region(region: Any) -> str:
    __tracebackhide__ = True
    if not isinstance(region, str) or not _REGION.match(region):
        raise ValueError(f"region must be an AWS region name such as 'us-east-1', got {region!r}")
    return region


def spec_type(spec: Any) -> str:
    """The contact type a ``contacts`` entry asks for (an alias alone is PERSONAL)."""
    if isinstance(spec, Mapping):
        kind = spec.get("type", "PERSONAL")
        return kind if isinstance(kind, str) else "PERSONAL"
    return "PERSONAL"


def aware_time(function: str, value: Any) -> datetime.datetime:
    """A timezone-aware instant for ``function``'s ``at`` argument."""
    __tracebackhide__ = True
    try:
        parsed = parse_start_time(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{function}(): {str(exc).replace('start_time', 'at')}") from None
    assert parsed is not None
    return parsed
