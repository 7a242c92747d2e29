"""What the plugin costs a pytest run that never uses it, and the one list of options."""

from __future__ import annotations

import inspect

import attrs
import pytest

import pytest_ssmcontacts
from pytest_ssmcontacts import _account_region, _settings, mock_ssm_contacts, plugin
from pytest_ssmcontacts._fake import SSMContacts

# Prints, once the run is over, which of the modules that matter for start-up are loaded.
REPORTING_CONFTEST = """
import sys

def pytest_sessionfinish(session):
    loaded = sorted(
        name for name in sys.modules
        if name.split(".")[0] in ("botocore", "boto3", "urllib3", "attr", "attrs",
                                  "pytest_ssmcontacts")
    )
    print("LOADED:", " ".join(loaded))
"""


def loaded_modules(result: pytest.RunResult) -> set[str]:
    # The line may follow a progress dot: the report comes while the run is ending.
    lines = [line.partition("LOADED:")[2] for line in result.outlines if "LOADED:" in line]
    assert len(lines) == 1, result.outlines
    return set(lines[0].split())


# Only what the entry point itself needs.
AT_START = {"pytest_ssmcontacts", "pytest_ssmcontacts._version", "pytest_ssmcontacts.plugin"}


def test_collecting_loads_only_the_plugin_module(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(REPORTING_CONFTEST)
    result = pytester.runpytest_subprocess("--co", "-q", "-s")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert loaded_modules(result) == AT_START


def test_a_run_that_never_uses_the_fixture_loads_no_botocore(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(REPORTING_CONFTEST)
    pytester.makepyfile("def test_plain():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest_subprocess("-q", "-s")
    result.assert_outcomes(passed=1)
    assert loaded_modules(result) == AT_START


def test_ini_options_are_checked_without_loading_botocore(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(REPORTING_CONFTEST)
    pytester.makeini(
        "[pytest]\n"
        "ssm_contacts_account_id = 111122223333\n"
        "ssm_contacts_region = eu-west-1\n"
        "ssm_contacts_assert_all_faults_used = false\n"
    )
    result = pytester.runpytest_subprocess("--co", "-q", "-s")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    # The checks are the fake's own, from a module of the standard library's imports.
    assert loaded_modules(result) == {*AT_START, "pytest_ssmcontacts._account_region"}


def test_the_fixture_loads_the_fake_when_first_used(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(REPORTING_CONFTEST)
    pytester.makepyfile("def test_fake(ssm_contacts):\n    ssm_contacts.add_contact('akuam')\n")
    result = pytester.runpytest_subprocess("-q", "-s")
    result.assert_outcomes(passed=1)
    assert {"botocore", "pytest_ssmcontacts._fake", "attrs"} <= loaded_modules(result)


def test_public_names_load_on_first_use() -> None:
    for name in pytest_ssmcontacts.__all__:
        assert getattr(pytest_ssmcontacts, name) is not None
    assert set(pytest_ssmcontacts.__all__) <= set(dir(pytest_ssmcontacts))
    assert pytest_ssmcontacts.SSMContacts is SSMContacts
    assert pytest_ssmcontacts.records.Contact is pytest_ssmcontacts.Contact
    with pytest.raises(AttributeError, match="has no attribute 'SSMContact'"):
        pytest_ssmcontacts.SSMContact  # noqa: B018


def test_the_plugins_defaults_are_the_fakes() -> None:
    assert plugin.DEFAULT_ACCOUNT_ID == _account_region.DEFAULT_ACCOUNT_ID
    assert plugin.DEFAULT_REGION == _account_region.DEFAULT_REGION


def keyword_defaults(function: object) -> dict[str, object]:
    parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    return {
        parameter.name: parameter.default
        for parameter in parameters
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }


@pytest.mark.parametrize("function", [SSMContacts, mock_ssm_contacts])
def test_every_entry_point_takes_exactly_the_settings(function: object) -> None:
    # SSMContacts spells the options out for type checkers and readers, and
    # mock_ssm_contacts shows the same ones; Settings holds the list, the defaults and
    # the checks.
    declared = {field.name: field.default for field in attrs.fields(_settings.Settings)}
    assert keyword_defaults(function) == declared
    assert tuple(sorted(declared)) == _settings.OPTION_NAMES


def test_settings_fill_in_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    settings = _settings.Settings()
    assert (settings.account_id, settings.region) == ("123456789012", "eu-north-1")
    assert _settings.fallback_region() == ("eu-north-1", "AWS_DEFAULT_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    assert _settings.Settings().region == "us-east-1"
    assert _settings.fallback_region() == ("us-east-1", "default")


def test_settings_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        _settings.Settings("virtual")  # type: ignore[call-arg]


def test_the_hermetic_option_neutralises_without_loading_botocore(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(REPORTING_CONFTEST)
    pytester.makeini("[pytest]\nssm_contacts_hermetic = true\n")
    pytester.makepyfile(
        "import os\n\n"
        "def test_neutral():\n"
        "    assert os.environ['AWS_ACCESS_KEY_ID'] == 'FAKEACCESSKEYSSMCONTACTS'\n"
    )
    result = pytester.runpytest_subprocess("-q", "-s")
    result.assert_outcomes(passed=1)
    assert "botocore" not in loaded_modules(result)
    assert "pytest_ssmcontacts._environment" in loaded_modules(result)


def test_mock_ssm_contacts_refuses_a_wrong_argument_in_its_own_name() -> None:
    with pytest.raises(TypeError) as excinfo:
        mock_ssm_contacts(contact=["akuam"])  # type: ignore[call-arg]
    assert str(excinfo.value) == "mock_ssm_contacts() got an unexpected keyword argument 'contact'"
    with pytest.raises(TypeError) as excinfo:
        mock_ssm_contacts(["akuam"])  # type: ignore[call-arg]
    assert str(excinfo.value) == "mock_ssm_contacts() takes 0 positional arguments but 1 was given"


def test_mock_ssm_contacts_carries_the_annotations_of_the_options() -> None:
    # As written (strings): evaluating ``str | None`` needs Python 3.10.
    annotations = mock_ssm_contacts.__annotations__
    assert annotations == {**SSMContacts.__init__.__annotations__, "return": "SSMContacts"}
    assert sorted(annotations) == sorted([*_settings.OPTION_NAMES, "return"])
