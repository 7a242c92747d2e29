"""The account and region options shared by the fixture, its marker and ``mock_ssm_contacts``."""

from __future__ import annotations

import re
from typing import Any

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
