"""Faults queued with fail_next() that no call used fail the test, unless it opts out."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from helpers import arn, client, engage, error_of
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

FIXTURE_ADVICE = (
    "If that is on purpose, pass assert_all_faults_used=False to the ssm_contacts marker, "
    "or set ssm_contacts_assert_all_faults_used = false in the ini file."
)
MOCK_ADVICE = "If that is on purpose, pass assert_all_faults_used=False to mock_ssm_contacts()."

UNUSED = """
import boto3
import pytest


def queue_three(ssm_contacts):
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=2)
    ssm_contacts.fail_next("list_contacts", "AccessDeniedException", message="no")
    ssm_contacts.fail_next("StartEngagement", "InternalServerException")
"""


def test_unused_faults_error_the_test_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        UNUSED
        + """
def test_never_engages(ssm_contacts):
    queue_three(ssm_contacts)
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*_ ERROR at teardown of test_never_engages _*",
            "Some faults queued with fail_next() were never used:",
            "- fail_next('StartEngagement', 'ThrottlingException', times=2): 2 left unused",
            "- fail_next('ListContacts', 'AccessDeniedException', message='no'): 1 left unused",
            "- fail_next('StartEngagement', 'InternalServerException'): 1 left unused",
            FIXTURE_ADVICE,
        ]
    )
    # The report is the message alone, not a traceback through the plugin.
    result.stdout.no_fnmatch_line("*plugin.py*")


def test_partly_used_faults_are_counted(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from botocore.config import Config

        def test_one_of_two(ssm_contacts):
            client = boto3.client("ssm-contacts", config=Config(retries={"total_max_attempts": 1}))
            ssm_contacts.fail_next("ListContacts", "ThrottlingException", times=2)
            with pytest.raises(client.exceptions.ThrottlingException):
                client.list_contacts()
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["- fail_next('ListContacts', 'ThrottlingException', times=2): 1 left unused"]
    )


def test_used_faults_pass(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        def test_all_used(ssm_contacts):
            client = boto3.client("ssm-contacts")
            ssm_contacts.fail_next("ListContacts", "AccessDeniedException")
            with pytest.raises(client.exceptions.AccessDeniedException):
                client.list_contacts()
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_a_failing_test_is_not_reported_twice(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        UNUSED
        + """
def test_fails(ssm_contacts):
    queue_three(ssm_contacts)
    assert False, "the real problem"


@pytest.mark.xfail(reason="known")
def test_xfails(ssm_contacts):
    queue_three(ssm_contacts)
    assert False


def test_skips_midway(ssm_contacts):
    queue_three(ssm_contacts)
    pytest.skip("not on this platform")
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1, xfailed=1, skipped=1)
    result.stdout.no_fnmatch_line("*never used*")


def test_the_marker_opts_out(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        UNUSED
        + """
pytestmark = pytest.mark.ssm_contacts(assert_all_faults_used=False)


def test_module_opted_out(ssm_contacts):
    queue_three(ssm_contacts)


@pytest.mark.ssm_contacts(assert_all_faults_used=True)
def test_opted_back_in(ssm_contacts):
    queue_three(ssm_contacts)
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_opted_back_in*"])


@pytest.mark.parametrize("value", ["false", "False", "no", "0", "off"])
def test_the_ini_option_opts_out(pytester: pytest.Pytester, value: str) -> None:
    pytester.makeini(f"[pytest]\nssm_contacts_assert_all_faults_used = {value}\n")
    pytester.makepyfile(
        UNUSED
        + """
def test_ini_opted_out(ssm_contacts):
    queue_three(ssm_contacts)


@pytest.mark.ssm_contacts(assert_all_faults_used=True)
def test_marker_wins(ssm_contacts):
    queue_three(ssm_contacts)
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_marker_wins*"])


def test_a_bad_marker_value_names_the_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(assert_all_faults_used="no")
        def test_it(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["ssm_contacts marker: assert_all_faults_used must be True or False, got 'no'"]
    )


# -- mock_ssm_contacts() ------------------------------------------------------------------


def test_mock_ssm_contacts_raises_on_exit() -> None:
    fake = mock_ssm_contacts()
    with pytest.raises(AssertionError) as raised, fake:
        fake.fail_next("StartEngagement", "ThrottlingException", times=2)
    assert str(raised.value) == (
        "Some faults queued with fail_next() were never used:\n"
        "- fail_next('StartEngagement', 'ThrottlingException', times=2): 2 left unused\n"
        + MOCK_ADVICE
    )
    assert not fake.active


def test_mock_ssm_contacts_keeps_the_error_of_its_body() -> None:
    fake = mock_ssm_contacts()

    def body() -> None:
        with fake:
            fake.fail_next("StartEngagement", "ThrottlingException")
            raise KeyError("the real problem")

    with pytest.raises(KeyError):
        body()


def test_mock_ssm_contacts_opts_out() -> None:
    with mock_ssm_contacts(assert_all_faults_used=False) as fake:
        fake.fail_next("StartEngagement", "ThrottlingException")


def test_mock_ssm_contacts_passes_when_every_fault_was_used() -> None:
    with mock_ssm_contacts() as fake:
        fake.fail_next("ListContacts", "AccessDeniedException")
        client = boto3.client("ssm-contacts")
        with pytest.raises(client.exceptions.AccessDeniedException):
            client.list_contacts()


def test_a_decorated_function_raises_on_return() -> None:
    fake = mock_ssm_contacts()

    @fake
    def leaves_a_fault() -> str:
        fake.fail_next("StartEngagement", "ThrottlingException")
        return "done"

    with pytest.raises(AssertionError, match="never used"):
        leaves_a_fault()


def test_mock_ssm_contacts_refuses_a_bad_opt_out_value() -> None:
    with pytest.raises(ValueError) as raised:
        mock_ssm_contacts(assert_all_faults_used="no")  # type: ignore[arg-type]
    assert str(raised.value) == "assert_all_faults_used must be True or False, got 'no'"


# -- faults and the call log -----------------------------------------------------------


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_fail_next_answers_the_next_calls_with_the_modeled_error(
    ssm_contacts: SSMContacts,
) -> None:
    api = client(config=Config(retries={"total_max_attempts": 1}))
    ssm_contacts.fail_next("start_engagement", "AccessDeniedException", times=2, message="nope")
    for _ in range(2):
        with pytest.raises(api.exceptions.AccessDeniedException) as exc:
            engage(arn("akuam"), api)
        assert error_of(exc)["Message"] == "nope"
    engage(arn("akuam"), api)
    ssm_contacts.fail_next("StartEngagement", "DataEncryptionException")
    with pytest.raises(api.exceptions.DataEncryptionException):
        engage(arn("akuam"), api)
    engage(arn("akuam"), api)
    ssm_contacts.assert_engaged("akuam", times=2)


def test_fail_next_refuses_an_error_the_operation_does_not_model(
    ssm_contacts: SSMContacts,
) -> None:
    with pytest.raises(ValueError, match="ThrottlingException") as exc:
        ssm_contacts.fail_next("start_engagement", "ConflictException")
    for modeled in ("AccessDeniedException", "ResourceNotFoundException", "ValidationException"):
        assert modeled in str(exc.value)


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_calls_record_operation_params_and_error(ssm_contacts: SSMContacts) -> None:
    api = client()
    engage(arn("akuam"), api)
    with pytest.raises(api.exceptions.ResourceNotFoundException):
        engage(arn("nobody"), api)
    api.list_engagements()
    calls = ssm_contacts.calls
    assert [c.operation for c in calls] == ["StartEngagement", "StartEngagement", "ListEngagements"]
    assert [c.error for c in calls] == [None, "ResourceNotFoundException", None]
    assert calls[0].params["ContactId"] == arn("akuam")
    assert calls[0].params["Subject"] == "Disk full"
    assert calls[0].params["IdempotencyToken"]
