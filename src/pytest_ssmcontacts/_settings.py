"""The options a fake is made with: one list for ``SSMContacts``, ``mock_ssm_contacts``
and the ``ssm_contacts`` marker, with their defaults and checks.

The marker's accepted names are this class's fields. ``SSMContacts`` spells the
options out for readers and type checkers (a test holds its keyword arguments to these
fields) and ``mock_ssm_contacts`` takes them from ``SSMContacts``; defaults and checks
live only here.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from typing import Any, Union

import attrs

from ._account_region import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, check_account, check_region
from ._clock import check_clock_mode, parse_start_time
from ._quotas import Quotas

ContactSpec = Union[str, Mapping[str, Any]]


def fallback_region() -> tuple[str, str]:
    """The region when none is given, and where it came from: $AWS_DEFAULT_REGION, else
    us-east-1 (what botocore's own clients would pick for the same environment)."""
    from_environment = os.environ.get("AWS_DEFAULT_REGION")
    if from_environment:
        return from_environment, "AWS_DEFAULT_REGION"
    return DEFAULT_REGION, "default"


def _clock(value: Any) -> str:
    __tracebackhide__ = True
    return check_clock_mode(value)


def _start_time(value: datetime.datetime | str | None) -> datetime.datetime | None:
    __tracebackhide__ = True
    return parse_start_time(value)


def check_flag(value: bool) -> bool:
    """``assert_all_faults_used``, which must be a bool."""
    __tracebackhide__ = True
    if not isinstance(value, bool):
        raise ValueError(f"assert_all_faults_used must be True or False, got {value!r}")
    return value


def _rotations(value: Iterable[Mapping[str, Any]]) -> tuple[Any, ...]:
    __tracebackhide__ = True
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(
            f"rotations must be a list of dicts of add_rotation() arguments, got {value!r}"
        )
    return tuple(value)


def _quotas(value: Mapping[str, int] | None) -> dict[str, int] | None:
    __tracebackhide__ = True
    Quotas.from_mapping(value)  # fail now, naming the bad quota
    return dict(value) if value is not None else None


def _account(value: str | None) -> str:
    __tracebackhide__ = True
    return check_account(value if value is not None else DEFAULT_ACCOUNT_ID)


def _region(value: str | None) -> str:
    __tracebackhide__ = True
    return check_region(value if value is not None else fallback_region()[0])


def _contacts(value: Iterable[ContactSpec]) -> tuple[Any, ...]:
    __tracebackhide__ = True
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(
            f"contacts must be a list of aliases or dicts of add_contact() arguments, got {value!r}"
        )
    return tuple(value)


# Fields are checked in their order here, so the first bad option is the one reported.
@attrs.frozen(kw_only=True)
class Settings:
    """Every option of a fake, checked and with its default filled in."""

    clock: str = attrs.field(default="virtual", converter=_clock)
    start_time: datetime.datetime | None = attrs.field(default=None, converter=_start_time)
    assert_all_faults_used: bool = attrs.field(default=True, converter=check_flag)
    rotations: tuple[Any, ...] = attrs.field(default=(), converter=_rotations)
    quotas: dict[str, int] | None = attrs.field(default=None, converter=_quotas)
    account_id: str = attrs.field(default=None, converter=_account)
    region: str = attrs.field(default=None, converter=_region)
    contacts: tuple[Any, ...] = attrs.field(default=(), converter=_contacts)

    def __attrs_post_init__(self) -> None:
        __tracebackhide__ = True
        if self.clock == "system" and self.start_time is not None:
            raise ValueError(
                "start_time cannot be combined with clock='system': the fake then follows the "
                "system clock, so set the start with your time-travel library"
            )


# In the order users read them in error messages.
OPTION_NAMES: tuple[str, ...] = tuple(sorted(field.name for field in attrs.fields(Settings)))
