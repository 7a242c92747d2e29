"""Mistakes in using the plugin: reported once, clearly, without the plugin's own frames."""

from __future__ import annotations

import pytest

PLUGIN_FILES = (
    "_fake.py",
    "_activation.py",
    "_scenario.py",
    "_faults.py",
    "_clock.py",
    "_add_contact.py",
    "_add_rotation.py",
    "_account_region.py",
    "_refs.py",
    "_reads.py",
    "_seeding.py",
    "_devices.py",
    "_assertions.py",
    "_decorating.py",
    "plugin.py",
)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            'ssm_contacts.fail_next("StartEngagment", "ThrottlingException")',
            "ValueError: fail_next(): unknown operation 'StartEngagment'*",
        ),
        (
            'ssm_contacts.fail_next("StartEngagement", "ConflictException")',
            "ValueError: fail_next(): StartEngagement does not model 'ConflictException'*",
        ),
        (
            'ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=0)',
            "ValueError: fail_next(): times must be a positive integer, got 0",
        ),
        ('ssm_contacts.add_contact("Bad Alias")', "ValueError: add_contact(): alias*"),
        ('ssm_contacts.contact("nobody")', "LookupError: no contact 'nobody'*"),
        ('ssm_contacts.rotation("nobody")', "LookupError: rotation(): no rotation 'nobody'*"),
        ('ssm_contacts.deliver("arn:nope")', "LookupError: deliver(): no page 'arn:nope'*"),
        ("ssm_contacts.clock.advance(minutes=-1)", "ValueError: advance() cannot go backwards*"),
        ('ssm_contacts.clock.advance("5m")', "TypeError: advance() takes a datetime.timedelta*"),
        ("ssm_contacts.clock.set(5)", "TypeError: when must be a datetime, got int"),
        (
            'mock_ssm_contacts(clock="wall")',
            "ValueError: clock must be 'virtual' or 'system', got 'wall'",
        ),
        ('mock_ssm_contacts(account_id="42")', "ValueError: account_id must be*"),
    ],
)
def test_api_errors_hide_the_plugin_frames(
    pytester: pytest.Pytester, call: str, message: str
) -> None:
    pytester.makepyfile(
        f"""
        from pytest_ssmcontacts import mock_ssm_contacts

        def test_misuse(ssm_contacts):
            {call}
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"E   *{message}"])
    output = result.stdout.str()
    for name in PLUGIN_FILES:
        assert f"pytest_ssmcontacts/{name}" not in output, name
    # The line of the test itself is what the traceback shows.
    result.stdout.fnmatch_lines([f">*{call}"])


def test_a_system_clock_error_hides_the_plugin_frames(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(clock="system")
        def test_misuse(ssm_contacts):
            ssm_contacts.clock.advance(minutes=5)
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E   *RuntimeError: clock.advance() is not available*"])
    assert "pytest_ssmcontacts/_clock.py" not in result.stdout.str()


# -- ini options --------------------------------------------------------------------------


def test_bad_ini_values_are_all_reported_once_at_start_up(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        ssm_contacts_account_id = 42
        ssm_contacts_region = Europe
        ssm_contacts_assert_all_faults_used = maybe
        """
    )
    pytester.makepyfile(
        """
        def test_one(ssm_contacts):
            pass

        def test_two(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: pytest-ssmcontacts: invalid ini options:",
            "  ssm_contacts_account_id = '42': account_id must be a string of 12 digits, got '42'",
            "  ssm_contacts_region = 'Europe': region must be an AWS region name such as "
            "'us-east-1', got 'Europe'",
            "  ssm_contacts_assert_all_faults_used = 'maybe': expected true or false, got 'maybe'",
        ]
    )
    assert result.stderr.str().count("invalid ini option") == 1
    result.stdout.no_fnmatch_line("*test_one*")


def test_one_bad_ini_value_is_reported_alone(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(
        """
        [tool.pytest.ini_options]
        ssm_contacts_account_id = 42
        ssm_contacts_region = "eu-west-1"
        """
    )
    pytester.makepyfile("def test_one(ssm_contacts):\n    pass\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: pytest-ssmcontacts: invalid ini option:",
            "  ssm_contacts_account_id = *42*: account_id must be a string of 12 digits*",
        ]
    )
    result.stderr.no_fnmatch_line("*ssm_contacts_region*")


def test_good_ini_values_start_normally(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        ssm_contacts_account_id = 111122223333
        ssm_contacts_region = eu-west-1
        ssm_contacts_assert_all_faults_used = true
        """
    )
    pytester.makepyfile(
        """
        def test_one(ssm_contacts):
            assert ssm_contacts.account_id == "111122223333"
            assert ssm_contacts.region == "eu-west-1"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)
