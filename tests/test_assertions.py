"""``assert_engaged`` / ``assert_not_engaged``: what passes, and the failure text users read."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from pytest_ssmcontacts import SSMContacts

Engage = Callable[..., str]

# The users' side of every pytester run below: an ``engage`` fixture starting an
# engagement the way application code would.
CONFTEST = """
import boto3
import pytest


@pytest.fixture
def engage(ssm_contacts):
    client = boto3.client("ssm-contacts")

    def engage(contact, **params):
        params = {"Sender": "cli", "Subject": "Disk full", "Content": "db-1 is at 100%", **params}
        return client.start_engagement(ContactId=contact.arn, **params)["EngagementArn"]

    return engage
"""


def run_failing(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(source)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    return result


# -- passing assertions ---------------------------------------------------------


def test_assert_engaged_accepts_alias_arn_and_contact(
    ssm_contacts: SSMContacts, engage: Engage
) -> None:
    alice = ssm_contacts.add_contact("alice")
    ssm_contacts.add_contact("bob")
    engage(alice)
    ssm_contacts.assert_engaged("alice")
    ssm_contacts.assert_engaged(alice.arn)
    ssm_contacts.assert_engaged(alice)
    with pytest.raises(AssertionError):
        ssm_contacts.assert_engaged("bob")


def test_assert_engaged_counts_with_times(ssm_contacts: SSMContacts, engage: Engage) -> None:
    alice = ssm_contacts.add_contact("alice")
    ssm_contacts.assert_engaged(alice, times=0)
    engage(alice)
    engage(alice, Sender="ops")
    ssm_contacts.assert_engaged(alice, times=2)
    ssm_contacts.assert_engaged(alice, times=1, sender="ops")
    for wrong in (0, 1, 3):
        with pytest.raises(AssertionError):
            ssm_contacts.assert_engaged(alice, times=wrong)


def test_assert_engaged_matches_fields_by_equality(
    ssm_contacts: SSMContacts, engage: Engage
) -> None:
    alice = ssm_contacts.add_contact("alice")
    arn = engage(alice, PublicSubject="Disk", IncidentId="inc-42", IdempotencyToken="token-1")
    ssm_contacts.assert_engaged(
        "alice",
        arn=arn,
        contact_arn=alice.arn,
        sender="cli",
        subject="Disk full",
        content="db-1 is at 100%",
        public_subject="Disk",
        public_content=None,
        incident_id="inc-42",
        idempotency_token="token-1",
        start_time=ssm_contacts.clock.now(),
    )
    with pytest.raises(AssertionError):
        ssm_contacts.assert_engaged("alice", subject="Disk")  # no substring matching
    with pytest.raises(AssertionError):
        ssm_contacts.assert_engaged("alice", public_content="")


def test_assert_engaged_rejects_an_unknown_field(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("alice")
    with pytest.raises(TypeError, match=r"^assert_engaged\(\) got an unexpected field 'sendr'; "):
        ssm_contacts.assert_engaged("alice", sendr="cli")


@pytest.mark.parametrize("times", [-1, True, 1.0, "2"])
def test_assert_engaged_rejects_bad_times(ssm_contacts: SSMContacts, times: Any) -> None:
    with pytest.raises(
        ValueError,
        match=rf"^assert_engaged\(\): times must be a non-negative integer, got {times!r}$",
    ):
        ssm_contacts.assert_engaged("alice", times=times)


@pytest.mark.parametrize("contact", [None, "", 42])
def test_helpers_reject_what_is_not_a_contact(ssm_contacts: SSMContacts, contact: Any) -> None:
    with pytest.raises(TypeError, match=r"^assert_engaged\(\) takes a contact as an alias"):
        ssm_contacts.assert_engaged(contact)
    if contact is not None:
        with pytest.raises(TypeError, match=r"^assert_not_engaged\(\) takes a contact"):
            ssm_contacts.assert_not_engaged(contact)


def test_assert_not_engaged_passes_until_someone_is_engaged(
    ssm_contacts: SSMContacts, engage: Engage
) -> None:
    alice = ssm_contacts.add_contact("alice")
    bob = ssm_contacts.add_contact("bob")
    ssm_contacts.assert_not_engaged()
    ssm_contacts.assert_not_engaged(alice)
    engage(bob)
    ssm_contacts.assert_not_engaged("alice")
    ssm_contacts.assert_not_engaged(alice.arn)
    with pytest.raises(AssertionError):
        ssm_contacts.assert_not_engaged()
    with pytest.raises(AssertionError):
        ssm_contacts.assert_not_engaged(bob)


# -- failure text, as pytest shows it ------------------------------------------------


def test_nothing_started_says_none_and_points_at_the_users_line(
    pytester: pytest.Pytester,
) -> None:
    result = run_failing(
        pytester,
        """
        def test_paged(ssm_contacts):
            ssm_contacts.add_contact("alice")
            ssm_contacts.assert_engaged("alice")
        """,
    )
    result.stdout.fnmatch_lines(
        [
            '>       ssm_contacts.assert_engaged("alice")',
            "E       AssertionError: Expected an engagement of 'alice'; none matched.",
            "E       Engagements started: none.",
            "",
            "test_nothing_started_says_none_and_points_at_the_users_line.py:3: AssertionError",
        ]
    )
    # The helpers hide their own frames: the report ends at the user's line.
    result.stdout.no_fnmatch_line("*pytest_ssmcontacts*")
    result.stdout.no_fnmatch_line("*__tracebackhide__*")


def test_failure_lists_every_engagement_with_the_fields_that_differ(
    pytester: pytest.Pytester,
) -> None:
    result = run_failing(
        pytester,
        """
        def test_paged(ssm_contacts, engage):
            alice = ssm_contacts.add_contact("alice")
            bob = ssm_contacts.add_contact("bob")
            engage(alice)
            engage(bob, Sender="ops")
            engage(bob, Subject="CPU hot")
            ssm_contacts.assert_engaged(bob, sender="cli", subject="Disk full")
        """,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected an engagement of 'bob' with sender='cli', "
            "subject='Disk full'; none matched.",
            "E       Engagements started (3):",
            "E       - alice: contact differs (expected 'bob'), sender='cli', subject='Disk full'",
            "E       - bob: sender='ops' differs (expected 'cli'), subject='Disk full'",
            "E       - bob: sender='cli', subject='CPU hot' differs (expected 'Disk full')",
        ]
    )


def test_failure_of_times_counts_the_matches(pytester: pytest.Pytester) -> None:
    result = run_failing(
        pytester,
        """
        def test_paged_twice(ssm_contacts, engage):
            alice = ssm_contacts.add_contact("alice")
            engage(alice)
            engage(alice, Sender="ops")
            ssm_contacts.assert_engaged("alice", times=1, sender="cli")
            ssm_contacts.assert_engaged(alice.arn, times=3)
        """,
    )
    result.stdout.fnmatch_lines(
        [
            ">       ssm_contacts.assert_engaged(alice.arn, times=3)",
            "E       AssertionError: Expected 3 engagements of "
            "'arn:aws:ssm-contacts:us-east-1:123456789012:contact/alice'; 2 matched.",
            "E       Engagements started (2):",
            "E       - alice: sender='cli', subject='Disk full'",
            "E       - alice: sender='ops', subject='Disk full'",
        ]
    )


def test_failure_of_times_uses_the_singular(pytester: pytest.Pytester) -> None:
    result = run_failing(
        pytester,
        """
        def test_paged_once(ssm_contacts, engage):
            alice = ssm_contacts.add_contact("alice")
            engage(alice)
            engage(alice)
            ssm_contacts.assert_engaged(alice, times=1)
        """,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected 1 engagement of 'alice'; 2 matched.",
            "E       Engagements started (2):",
        ]
    )


def test_failure_shows_random_values_as_they_are(pytester: pytest.Pytester) -> None:
    result = run_failing(
        pytester,
        """
        def test_by_arn(ssm_contacts, engage):
            alice = ssm_contacts.add_contact("alice")
            engage(alice)
            ssm_contacts.assert_engaged("alice", arn="arn:nope")
        """,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected an engagement of 'alice' with arn='arn:nope'; "
            "none matched.",
            "E       Engagements started (1):",
            "E       - alice: arn='arn:aws:ssm-contacts:us-east-1:123456789012:engagement/alice/*' "
            "differs (expected 'arn:nope')",
        ]
    )


def test_failure_hints_at_an_unknown_alias(pytester: pytest.Pytester) -> None:
    result = run_failing(
        pytester,
        """
        def test_typo(ssm_contacts, engage):
            engage(ssm_contacts.add_contact("alice"))
            ssm_contacts.assert_engaged("alcie")
        """,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected an engagement of 'alcie'; none matched. "
            "(no contact has the alias 'alcie')",
            "E       Engagements started (1):",
            "E       - alice: contact differs (expected 'alcie'), sender='cli', "
            "subject='Disk full'",
        ]
    )


def test_no_hint_for_a_known_alias(pytester: pytest.Pytester) -> None:
    result = run_failing(
        pytester,
        """
        def test_not_paged(ssm_contacts):
            ssm_contacts.add_contact("alice")
            ssm_contacts.assert_engaged("alice")
        """,
    )
    result.stdout.no_fnmatch_line("*no contact has the alias*")


def test_assert_not_engaged_lists_every_engagement(pytester: pytest.Pytester) -> None:
    result = run_failing(
        pytester,
        """
        def test_quiet(ssm_contacts, engage):
            engage(ssm_contacts.add_contact("alice"))
            engage(ssm_contacts.add_contact("bob"), Sender="ops")
            ssm_contacts.assert_not_engaged()
        """,
    )
    result.stdout.fnmatch_lines(
        [
            ">       ssm_contacts.assert_not_engaged()",
            "E       AssertionError: Expected no engagements; 2 were started:",
            "E       - alice: sender='cli', subject='Disk full'",
            "E       - bob: sender='ops', subject='Disk full'",
        ]
    )
    result.stdout.no_fnmatch_line("*pytest_ssmcontacts*")


def test_assert_not_engaged_with_a_contact_lists_only_its_engagements(
    pytester: pytest.Pytester,
) -> None:
    result = run_failing(
        pytester,
        """
        def test_alice_left_alone(ssm_contacts, engage):
            alice = ssm_contacts.add_contact("alice")
            engage(ssm_contacts.add_contact("bob"))
            engage(alice, Subject="CPU hot")
            ssm_contacts.assert_not_engaged(alice)
        """,
    )
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Expected no engagement of 'alice'; 1 was started:",
            "E       - alice: sender='cli', subject='CPU hot'",
            "",
            "test_assert_not_engaged_with_a_contact_lists_only_its_engagements.py:5: "
            "AssertionError",
        ]
    )
    result.stdout.no_fnmatch_line("E       - bob*")


def test_misuse_errors_also_point_at_the_users_line(pytester: pytest.Pytester) -> None:
    result = run_failing(
        pytester,
        """
        def test_typo(ssm_contacts):
            ssm_contacts.assert_engaged("alice", sendr="cli")
        """,
    )
    result.stdout.fnmatch_lines(
        [
            '>       ssm_contacts.assert_engaged("alice", sendr="cli")',
            "E       TypeError: assert_engaged() got an unexpected field 'sendr'; expected "
            "Engagement fields: arn, contact_arn, content, idempotency_token, incident_id, "
            "public_content, public_subject, sender, start_time, stop_time, subject",
        ]
    )
    result.stdout.no_fnmatch_line("*pytest_ssmcontacts*")
