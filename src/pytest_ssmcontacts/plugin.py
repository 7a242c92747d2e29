"""pytest glue: the ``ssm_contacts`` fixture, its marker and ini options.

Installing the plugin loads this module in every pytest run of the environment, used or
not, so it imports only pytest and the standard library: the fake (botocore, its model,
attrs) loads when a test first asks for the fixture. pytest rewrites the asserts of every
module of a plugin's package that it imports, so keeping the others out of start-up also
keeps that work out of runs that never use them.
"""

from __future__ import annotations

import sys
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any, Callable

import pytest

if TYPE_CHECKING:
    from ._fake import SSMContacts

MARKER = "ssm_contacts"
# Written here rather than imported, so the ini options' help costs no import; a test
# pins them to the values the fake uses.
DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
_INI_BOOLEANS = {
    "true": True,
    "yes": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "off": False,
    "0": False,
}
# Whether the test body did not pass (failed, skipped, xfailed): the teardown check of
# unused faults then stays quiet, as the faults' path may simply not have been reached.
_CALL_DID_NOT_PASS = pytest.StashKey[bool]()


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
    parser.addini(
        "ssm_contacts_hermetic",
        "Neutralise the AWS environment for the whole test session from its start: fake "
        "credentials, no profile, config files or instance metadata (default false).",
        type="bool",
        default=False,
    )
    parser.addini(
        "ssm_contacts_assert_all_faults_used",
        "Fail a test whose fail_next() faults were not all used (default true).",
        default=None,
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    # Before any conftest or test module is imported, so clients made at import time
    # see the neutral environment too.
    if early_config.getini("ssm_contacts_hermetic"):
        from . import _environment

        # The region's value is checked later, by pytest_configure.
        _environment.enter_hermetic(early_config.getini("ssm_contacts_region") or DEFAULT_REGION)
        early_config.add_cleanup(_environment.leave_hermetic)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    environment = sys.modules.get("pytest_ssmcontacts._environment")
    before = environment.snapshot() if environment is not None else None
    yield
    # A test that changed a fake's variable with monkeypatch gets the fake's value back
    # from monkeypatch's undo, after the fake stopped; put it right once all the test's
    # fixtures are torn down.
    environment = sys.modules.get("pytest_ssmcontacts._environment")
    if environment is not None and before is not None:
        # No fake can be active before the interception module is loaded (the hermetic
        # option loads the environment module alone).
        interception = sys.modules.get("pytest_ssmcontacts._interception")
        active = interception is not None and interception.any_active()
        environment.repair_after_test(before, active)


def _ini_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    parsed = _INI_BOOLEANS.get(str(value).strip().lower())
    if parsed is None:
        raise ValueError(f"expected true or false, got {value!r}")
    return parsed


def _ini_problems(config: pytest.Config) -> list[str]:
    """Every bad ssm_contacts_* ini value, each naming its option and value."""
    problems: list[str] = []
    for name in (
        "ssm_contacts_account_id",
        "ssm_contacts_region",
        "ssm_contacts_assert_all_faults_used",
    ):
        value = config.getini(name)
        if value is None or value == "":
            continue
        check = _ini_boolean if name.endswith("faults_used") else _setting_check(name)
        try:
            check(value)
        except ValueError as exc:
            problems.append(f"{name} = {value!r}: {exc}")
    return problems


def _setting_check(ini_name: str) -> Callable[[Any], str]:
    # Imported only when such an option is set: the checks are the fake's own.
    from ._account_region import check_account, check_region

    return check_account if ini_name == "ssm_contacts_account_id" else check_region


def pytest_configure(config: pytest.Config) -> None:
    # Checked once, here, so a bad setting stops the run before any test instead of
    # erroring every test that uses the fixture.
    problems = _ini_problems(config)
    if problems:
        raise pytest.UsageError(
            "pytest-ssmcontacts: invalid ini option"
            + ("s" if len(problems) > 1 else "")
            + ":\n"
            + "\n".join(f"  {problem}" for problem in problems)
        )
    config.addinivalue_line(
        "markers",
        f"{MARKER}(contacts=[...], rotations=[...], account_id=..., region=..., start_time=..., "
        "quotas={...}, clock='virtual'|'system', assert_all_faults_used=True): configure the "
        "ssm_contacts fixture (contacts and rotations to preload, account, region, virtual "
        "start time, service quotas, clock mode, whether unused faults fail the test).",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_DID_NOT_PASS] = not report.passed


def _marker_options(node: pytest.Item) -> dict[str, Any]:
    """Options from every ssm_contacts marker on the test, the closest one winning."""
    from ._settings import OPTION_NAMES

    options: dict[str, Any] = {}
    # iter_markers yields the closest marker (function) first.
    for marker in node.iter_markers(MARKER):
        if marker.args:
            pytest.fail(
                f"the {MARKER} marker takes keyword options only "
                f"({', '.join(OPTION_NAMES)}), got positional {marker.args!r}",
                pytrace=False,
            )
        for name, value in marker.kwargs.items():
            if name not in OPTION_NAMES:
                pytest.fail(
                    f"unknown marker option {name!r}; expected one of: {', '.join(OPTION_NAMES)}",
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
    from ._account_region import check_account, check_region
    from ._fake import SSMContacts
    from ._settings import check_flag, fallback_region

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
        fallback_region(),
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
    assert_used = options.get("assert_all_faults_used")
    if assert_used is None:
        ini_value = config.getini("ssm_contacts_assert_all_faults_used")
        assert_used = True if ini_value in (None, "") else _ini_boolean(ini_value)
    try:
        # The marker's options as they are, the defaults the fake's own, so a new
        # option needs no change here.
        fake = SSMContacts(
            **{
                **options,
                "account_id": account_id,
                "region": region,
                # Checked below instead, with advice that fits the fixture.
                "assert_all_faults_used": False,
            }
        )
        assert_used = check_flag(assert_used)
    except (ValueError, TypeError) as exc:
        problem = f"{MARKER} marker: {exc}"
    else:
        problem = ""
    if problem:
        # Outside the except block, so the report is this one message, not a chain.
        pytest.fail(problem, pytrace=False)
    with fake:
        yield fake
    if assert_used and not request.node.stash.get(_CALL_DID_NOT_PASS, False):
        message = fake._unused_faults_report(
            f"pass assert_all_faults_used=False to the {MARKER} marker, or set "
            "ssm_contacts_assert_all_faults_used = false in the ini file"
        )
        if message is not None:
            pytest.fail(message, pytrace=False)
