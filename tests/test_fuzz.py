"""The model-driven fuzz run of every ``make test``: 20,000 calls over all 39 operations.

See ``fuzzing.py`` for what is generated and which outcomes are forbidden; ``make fuzz``
runs the same generator for longer and prints its outcome table.
"""

from __future__ import annotations

import pytest

from fuzzing import FORBIDDEN, OPERATIONS, Fuzzer
from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

SEEDS = (1, 2, 3, 4)
CALLS_PER_SEED = 5_000  # 20,000 calls per run in all


@pytest.mark.parametrize("seed", SEEDS)
def test_every_call_ends_in_an_allowed_way(seed: int) -> None:
    fuzzer = Fuzzer(seed)
    fuzzer.run(CALLS_PER_SEED)
    assert fuzzer.calls == CALLS_PER_SEED
    assert fuzzer.findings == [], "\n".join(fuzzer.findings[:20]) + "\n" + fuzzer.report()
    called = {operation for operation, _ in fuzzer.table}
    assert called == set(OPERATIONS)
    # The generator reaches past validation: every operation succeeds somewhere.
    succeeded = {operation for operation, outcome in fuzzer.table if outcome == "ok"}
    assert sorted(set(OPERATIONS) - succeeded) == []
    assert not any(outcome in FORBIDDEN for _, outcome in fuzzer.table)


def test_the_fuzzer_catches_a_failed_call_that_changes_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pytest_ssmcontacts._errors import invalid
    from pytest_ssmcontacts._service import _registry

    original = _registry.HANDLERS["TagResource"]

    def tags_then_fails(request: _registry.Request) -> dict[str, object]:
        original(request)
        raise invalid("fails after tagging")

    monkeypatch.setitem(_registry.HANDLERS, "TagResource", tags_then_fails)
    fuzzer = Fuzzer(5)
    fuzzer.run(1_500)
    assert any(
        finding.startswith("TagResource") and "state-changed" in finding
        for finding in fuzzer.findings
    ), fuzzer.report()


def test_the_fuzzer_catches_an_exception_escaping_the_fake(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pytest_ssmcontacts._service import _registry

    def crashes(request: _registry.Request) -> dict[str, object]:
        raise OverflowError("date value out of range")

    monkeypatch.setitem(_registry.HANDLERS, "GetContact", crashes)
    fuzzer = Fuzzer(6)
    fuzzer.run(800)
    assert any(
        "GetContact" in finding and "escaped: OverflowError: date value out of range" in finding
        for finding in fuzzer.findings
    ), fuzzer.report()


def test_the_fuzzer_catches_a_malformed_success(monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_ssmcontacts._service import _registry

    def wrong_shape(request: _registry.Request) -> dict[str, object]:
        return {"ContactArn": 7}

    monkeypatch.setitem(_registry.HANDLERS, "GetContactPolicy", wrong_shape)
    fuzzer = Fuzzer(7)
    fuzzer.run(800)
    assert any(
        finding.startswith("GetContactPolicy") and "bad-output" in finding
        for finding in fuzzer.findings
    ), fuzzer.report()


def test_the_watchdog_reports_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import fuzzing
    from pytest_ssmcontacts._service import _registry

    def hangs(request: _registry.Request) -> dict[str, object]:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(fuzzing, "CALL_LIMIT", 0.2)
    monkeypatch.setitem(_registry.HANDLERS, "ListRotations", hangs)
    fuzzer = Fuzzer(8)
    fuzzer.run(300)
    assert any(
        finding.startswith("ListRotations") and "hang" in finding for finding in fuzzer.findings
    ), fuzzer.report()


def test_the_report_is_one_row_per_operation() -> None:
    fuzzer = Fuzzer(9)
    fuzzer.run(200)
    lines = fuzzer.report().splitlines()
    assert lines[0].split() == ["operation", "ok", "error", "injected", "client-side", *FORBIDDEN]
    assert [line.split()[0] for line in lines[1:-1]] == OPERATIONS
    assert lines[-1].split()[0] == "total"
    assert sum(int(cell) for cell in lines[-1].split()[1:]) == 200


def test_fuzzing_leaves_no_fake_active() -> None:
    Fuzzer(10).run(50)
    with mock_ssm_contacts() as fake:
        assert isinstance(fake, SSMContacts)
