"""pytest glue: the ``ssm_contacts`` fixture, its marker and ini options."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from ._fake import SSMContacts
from ._options import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, check_account, check_region

MARKER = "ssm_contacts"
MARKER_OPTIONS = ("account_id", "contacts", "quotas", "region", "rotations", "start_time")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "ssm_contacts_account_id",
        f"Default AWS account id of the ssm_contacts fixture (default {DEFAULT_ACCOUNT_ID}).",
        default=None,
    )
    parser.addini(
        "ssm_contacts_region",
        "Default region of the ssm_contacts fixture "
        f"(default: $AWS_DEFAULT_REGION, else {DEFAULT_REGION}).",
        default=None,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(contacts=[...], rotations=[...], account_id=..., region=..., start_time=..., "
        "quotas={...}): configure the ssm_contacts fixture (contacts and rotations to preload, "
        "account, region, virtual start time, service quotas).",
    )


def _marker_options(node: pytest.Item) -> dict[str, Any]:
    """Options from every ssm_contacts marker on the test, the closest one winning."""
    options: dict[str, Any] = {}
    # iter_markers yields the closest marker (function) first.
    for marker in node.iter_markers(MARKER):
        if marker.args:
            pytest.fail(
                f"the {MARKER} marker takes keyword options only "
                f"({', '.join(MARKER_OPTIONS)}), got positional {marker.args!r}",
                pytrace=False,
            )
        for name, value in marker.kwargs.items():
            if name not in MARKER_OPTIONS:
                pytest.fail(
                    f"unknown marker option {name!r}; expected one of: {', '.join(MARKER_OPTIONS)}",
                    pytrace=False,
                )
            options.setdefault(name, value)
    return options


def _first(*candidates: tuple[Any, str]) -> tuple[Any, str]:
    for value, source in candidates:
        if value:
            return value, source
    return None, ""


@pytest.fixture
def ssm_contacts(request: pytest.FixtureRequest) -> Iterator[SSMContacts]:
    """A fake ssm-contacts service that every ssm-contacts client uses during the test."""
    options = _marker_options(request.node)
    config = request.config
    # Each setting comes from the closest source that has it; a bad value is reported
    # under the name of that source, so the user knows where to fix it.
    account_id, account_source = _first(
        (options.get("account_id"), f"{MARKER} marker"),
        (config.getini("ssm_contacts_account_id"), "ssm_contacts_account_id ini option"),
    )
    region, region_source = _first(
        (options.get("region"), f"{MARKER} marker"),
        (config.getini("ssm_contacts_region"), "ssm_contacts_region ini option"),
        (os.environ.get("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION"),
        (DEFAULT_REGION, "default"),
    )
    problem = ""
    for value, source, check in (
        (account_id, account_source, check_account),
        (region, region_source, check_region),
    ):
        if value is not None and not problem:
            try:
                check(value)
            except ValueError as exc:
                problem = f"{source}: {exc}"
    if problem:
        pytest.fail(problem, pytrace=False)
    try:
        fake = SSMContacts(
            contacts=options.get("contacts", ()),
            account_id=account_id,
            region=region,
            start_time=options.get("start_time"),
            quotas=options.get("quotas"),
            rotations=options.get("rotations", ()),
        )
    except (ValueError, TypeError) as exc:
        problem = f"{MARKER} marker: {exc}"
    else:
        problem = ""
    if problem:
        # Outside the except block, so the report is this one message, not a chain.
        pytest.fail(problem, pytrace=False)
    with fake:
        yield fake
