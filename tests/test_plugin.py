"""The ``ssm_contacts`` fixture, its marker and ini options, as a test suite meets them."""

from __future__ import annotations

import os
import re
from importlib import metadata, resources

import pytest

import pytest_ssmcontacts
from helpers import channel_plan, client, error_of
from pytest_ssmcontacts import SSMContacts, _settings

MARKER_OPTIONS = (
    "account_id, assert_all_faults_used, clock, contacts, quotas, region, rotations, start_time"
)

ENGAGE = """
import boto3


def engage(arn, client=None):
    client = client or boto3.client("ssm-contacts")
    response = client.start_engagement(
        ContactId=arn, Sender="cli", Subject="Disk full", Content="db-1 is at 100%"
    )
    return response["EngagementArn"]
"""


def test_fixture_without_marker_uses_the_defaults(ssm_contacts: SSMContacts) -> None:
    assert ssm_contacts.account_id == "123456789012"
    assert ssm_contacts.region == "us-east-1"
    assert ssm_contacts.active
    assert ssm_contacts.contacts == []
    assert ssm_contacts.engagements == []


def test_fixture_region_follows_aws_default_region(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    pytester.makepyfile(
        """
        def test_region(ssm_contacts):
            assert ssm_contacts.region == "eu-north-1"
            assert ssm_contacts.account_id == "123456789012"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_marker_sets_account_region_and_contacts(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        TO_ALICE = {"ContactTargetInfo": {"ContactId": "alice", "IsEssential": True}}

        @pytest.mark.ssm_contacts(
            account_id="111122223333",
            region="eu-west-2",
            contacts=[
                "alice",
                {
                    "alias": "bob",
                    "display_name": "Bob",
                    "channels": [{"name": "sms", "type": "SMS", "address": "+15005550199"}],
                },
                {
                    "alias": "oncall",
                    "type": "ESCALATION",
                    "plan": {"Stages": [{"DurationInMinutes": 5, "Targets": [TO_ALICE]}]},
                },
            ],
        )
        def test_configured(ssm_contacts):
            assert ssm_contacts.account_id == "111122223333"
            assert ssm_contacts.region == "eu-west-2"
            assert [c.alias for c in ssm_contacts.contacts] == ["alice", "bob", "oncall"]
            alice = ssm_contacts.contact("alice")
            assert alice.arn == "arn:aws:ssm-contacts:eu-west-2:111122223333:contact/alice"
            assert alice.type == "PERSONAL"
            bob = ssm_contacts.contact("bob")
            assert bob.display_name == "Bob"
            assert [(c.name, c.activation_status) for c in bob.channels] == [("sms", "ACTIVATED")]
            target = ssm_contacts.contact("oncall").plan["Stages"][0]["Targets"][0]
            assert target["ContactTargetInfo"]["ContactId"] == alice.arn
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_markers_merge_with_the_closest_winning_per_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.ssm_contacts(
            account_id="111111111111", region="eu-west-1", contacts=["from_module"]
        )

        def test_module_only(ssm_contacts):
            assert ssm_contacts.account_id == "111111111111"
            assert ssm_contacts.region == "eu-west-1"
            assert [c.alias for c in ssm_contacts.contacts] == ["from_module"]

        @pytest.mark.ssm_contacts(region="ap-south-1")
        class TestClass:
            def test_class_region(self, ssm_contacts):
                assert ssm_contacts.account_id == "111111111111"
                assert ssm_contacts.region == "ap-south-1"
                assert [c.alias for c in ssm_contacts.contacts] == ["from_module"]

            @pytest.mark.ssm_contacts(contacts=["from_function"], region="sa-east-1")
            def test_function_wins(self, ssm_contacts):
                assert ssm_contacts.account_id == "111111111111"
                assert ssm_contacts.region == "sa-east-1"
                assert [c.alias for c in ssm_contacts.contacts] == ["from_function"]
        """
    )
    pytester.runpytest("-v").assert_outcomes(passed=3)


def test_ini_options_set_the_defaults(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ini region outranks $AWS_DEFAULT_REGION.
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    pytester.makeini(
        """
        [pytest]
        ssm_contacts_account_id = 222222222222
        ssm_contacts_region = eu-central-1
        """
    )
    pytester.makepyfile(
        """
        import pytest

        def test_from_ini(ssm_contacts):
            assert ssm_contacts.account_id == "222222222222"
            assert ssm_contacts.region == "eu-central-1"

        @pytest.mark.ssm_contacts(account_id="333333333333", region="us-west-2")
        def test_marker_beats_ini(ssm_contacts):
            assert ssm_contacts.account_id == "333333333333"
            assert ssm_contacts.region == "us-west-2"

        @pytest.mark.ssm_contacts(region="us-west-2")
        def test_marker_region_with_ini_account(ssm_contacts):
            assert ssm_contacts.account_id == "222222222222"
            assert ssm_contacts.region == "us-west-2"
        """
    )
    pytester.runpytest("--strict-config").assert_outcomes(passed=3)


def test_unknown_marker_option_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(contact=["alice"])
        def test_misspelt(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [f"unknown marker option 'contact'; expected one of: {MARKER_OPTIONS}"]
    )


def test_unknown_option_on_a_module_marker_fails_too(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.ssm_contacts(acount_id="111111111111")

        def test_one(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [f"unknown marker option 'acount_id'; expected one of: {MARKER_OPTIONS}"]
    )


def test_positional_marker_arguments_are_rejected(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(["alice"])
        def test_positional(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "the ssm_contacts marker takes keyword options only "
            f"({MARKER_OPTIONS}), got positional ([[]'alice'[]],)"
        ]
    )


def test_invalid_contact_in_the_marker_names_its_index(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(contacts=["alice", {"alias": "bob", "type": "PERSON"}])
        def test_bad_contact(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "ssm_contacts marker: contacts[[]1[]]: add_contact(): type 'PERSON' "
            "must satisfy enum value set: [[]PERSONAL, ESCALATION, ONCALL_SCHEDULE[]]"
        ]
    )


def test_invalid_contact_in_the_marker_is_reported_once(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(contacts=["Not An Alias"])
        def test_bad_alias(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["ssm_contacts marker: contacts[[]0[]]: add_contact(): alias *"])
    # The ValueError behind the message is an implementation detail; showing it as
    # a chained exception repeats the same text twice.
    result.stdout.no_fnmatch_line("*During handling of the above exception*")


def test_marker_is_registered_for_strict_markers(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(contacts=["alice"])
        def test_marked(ssm_contacts):
            assert ssm_contacts.contact("alice").alias == "alice"
        """
    )
    pytester.runpytest("--strict-markers").assert_outcomes(passed=1)


def test_the_marker_help_names_every_option(pytester: pytest.Pytester) -> None:
    # The help is written out in the plugin (start-up imports no option class).
    result = pytester.runpytest("--markers")
    help_line = next(line for line in result.outlines if line.startswith("@pytest.mark.ssm"))
    for option in _settings.OPTION_NAMES:
        assert f"{option}=" in help_line, option


def test_state_does_not_leak_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        ENGAGE
        + """
import pytest

# Made at import time, before any fixture runs: it must still reach each test's fake.
EARLY_CLIENT = boto3.client("ssm-contacts", region_name="us-east-1")


@pytest.mark.ssm_contacts(contacts=["alice"], assert_all_faults_used=False)
def test_first(ssm_contacts):
    bob = ssm_contacts.add_contact("bob")
    engage(bob.arn, EARLY_CLIENT)
    ssm_contacts.fail_next("StartEngagement", "AccessDeniedException")
    assert len(ssm_contacts.engagements) == 1


def test_second(ssm_contacts):
    assert ssm_contacts.contacts == []
    assert ssm_contacts.engagements == []
    assert ssm_contacts.calls == []
    carol = ssm_contacts.add_contact("carol")
    # The queued error of the previous test is gone with it.
    engage(carol.arn, EARLY_CLIENT)
    assert [e.contact_alias for e in ssm_contacts.engagements] == ["carol"]


@pytest.mark.ssm_contacts(contacts=["alice"])
def test_third(ssm_contacts):
    assert [c.alias for c in ssm_contacts.contacts] == ["alice"]
    assert ssm_contacts.engagements == []
"""
    )
    pytester.runpytest().assert_outcomes(passed=3)


@pytest.mark.parametrize("preset", [True, False], ids=["preset", "unset"])
def test_environment_is_restored_after_the_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, preset: bool
) -> None:
    if preset:
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "my-own-access-key-id")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "ca-central-1")
    else:
        monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    before = {name: os.environ.get(name) for name in ("AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION")}
    pytester.makepyfile(
        f"""
        import os
        import pytest

        BEFORE = {before!r}

        @pytest.mark.ssm_contacts(region="ap-northeast-1")
        def test_inside(ssm_contacts):
            assert os.environ["AWS_DEFAULT_REGION"] == "ap-northeast-1"
            assert os.environ["AWS_ACCESS_KEY_ID"] != "my-own-access-key-id"

        def test_after():
            for name, value in BEFORE.items():
                assert os.environ.get(name) == value
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)
    assert {name: os.environ.get(name) for name in before} == before


def test_client_without_region_lands_in_the_fixture_region(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        ENGAGE
        + """
import pytest


@pytest.mark.ssm_contacts(region="eu-west-3", account_id="444455556666", contacts=["alice"])
def test_region(ssm_contacts):
    arn = engage(ssm_contacts.contact("alice").arn)
    assert arn.startswith("arn:aws:ssm-contacts:eu-west-3:444455556666:engagement/alice/")
    assert [e.arn for e in ssm_contacts.engagements] == [arn]
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


# -- package and set-up ----------------------------------------------------------------


def test_package_metadata_declares_the_promised_dependencies_and_entry_point() -> None:
    dist = metadata.distribution("pytest-ssmcontacts")
    required = [r for r in dist.requires or [] if "extra ==" not in r]
    names = sorted(re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].lower() for r in required)
    assert names == ["attrs", "botocore", "pytest"]
    assert all("<" not in r and "==" not in r for r in required)
    assert dist.metadata["Requires-Python"] == ">=3.9"
    plugins = [ep for ep in dist.entry_points if ep.group == "pytest11"]
    assert [ep.value for ep in plugins] == ["pytest_ssmcontacts.plugin"]
    assert resources.files("pytest_ssmcontacts").joinpath("py.typed").is_file()


def test_the_class_behind_the_fixture_is_exported(ssm_contacts: SSMContacts) -> None:
    assert isinstance(ssm_contacts, pytest_ssmcontacts.SSMContacts)


# -- the marker ------------------------------------------------------------------------


@pytest.mark.ssm_contacts(
    contacts=[
        "akuam",
        {
            "alias": "alejr",
            "display_name": "Ale J",
            "channels": [{"name": "phone", "type": "SMS", "address": "+15005550101"}],
            "plan": channel_plan(("phone", 5)),
        },
    ]
)
def test_marker_contacts_are_aliases_or_add_contact_arguments(ssm_contacts: SSMContacts) -> None:
    assert ssm_contacts.contact("akuam").type == "PERSONAL"
    alejr = ssm_contacts.contact("alejr")
    assert alejr.display_name == "Ale J"
    assert [c.name for c in alejr.channels] == ["phone"]


def test_marker_merges_module_class_function_closest_wins(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.ssm_contacts(region="eu-west-1", contacts=["mod"])

        def test_module(ssm_contacts):
            assert ssm_contacts.region == "eu-west-1"
            assert [c.alias for c in ssm_contacts.contacts] == ["mod"]

        @pytest.mark.ssm_contacts(account_id="111122223333", contacts=["cls"])
        class TestClass:
            def test_class(self, ssm_contacts):
                assert ssm_contacts.region == "eu-west-1"
                assert ssm_contacts.account_id == "111122223333"
                assert [c.alias for c in ssm_contacts.contacts] == ["cls"]

            @pytest.mark.ssm_contacts(region="us-west-2")
            def test_function(self, ssm_contacts):
                assert ssm_contacts.region == "us-west-2"
                assert ssm_contacts.account_id == "111122223333"
                assert [c.alias for c in ssm_contacts.contacts] == ["cls"]
        """
    )
    pytester.runpytest("--strict-markers").assert_outcomes(passed=3)


def test_unknown_marker_option_fails_naming_it_and_the_valid_ones(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(contact=["akuam"])
        def test_typo(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    output = result.stdout.str()
    assert "'contact'" in output
    for option in ("account_id", "contacts", "quotas", "region", "rotations", "start_time"):
        assert option in output


# -- the marker's quotas ---------------------------------------------------------------


@pytest.mark.ssm_contacts(contacts=["akuam"], quotas={"contacts": 2})
def test_quotas_marker_makes_create_contact_exceed(ssm_contacts: SSMContacts) -> None:
    api = client()
    api.create_contact(Alias="two", Type="PERSONAL", Plan={"Stages": []})
    with pytest.raises(api.exceptions.ServiceQuotaExceededException) as exc:
        api.create_contact(Alias="three", Type="PERSONAL", Plan={"Stages": []})
    error = error_of(exc)
    assert error["QuotaCode"]
    assert error["ServiceCode"]


def test_quotas_marker_with_an_unknown_quota_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_contacts(quotas={"contact": 2})
        def test_typo(ssm_contacts):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    assert "'contact'" in result.stdout.str()
