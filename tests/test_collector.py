"""A fake holding a lot of state keeps the garbage collector's pauses short: its state is
frozen out of the collector's reach as it grows, and handed back when the fake stops.
(The timings themselves are rows of benchmarks/bench.py.)"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from helpers import arn, client, engage
from pytest_ssmcontacts import _collector, mock_ssm_contacts

ONE_PAGE = {
    "alias": "akuam",
    "channels": [{"name": "sms", "type": "SMS", "address": "+15005550199"}],
    "plan": {
        "Stages": [
            {
                "DurationInMinutes": 5,
                "Targets": [{"ChannelTargetInfo": {"ContactChannelId": "sms"}}],
            }
        ]
    },
}


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(_collector, "FREEZE_EVERY", 10)
    assert gc.get_freeze_count() == 0
    yield
    gc.unfreeze()


def _start_engagements(count: int) -> None:
    """Start ``count`` engagements of akuam, each paging its one channel."""
    api = client()
    for _ in range(count):
        engage(arn("akuam"), api)


@pytest.mark.usefixtures("small_batches")
def test_the_state_is_frozen_as_it_grows_and_released_at_stop() -> None:
    with mock_ssm_contacts(contacts=[ONE_PAGE]) as fake:
        _start_engagements(9)
        assert gc.get_freeze_count() == 0
        _start_engagements(1)
        frozen = gc.get_freeze_count()
        assert frozen > 0
        _start_engagements(10)
        assert gc.get_freeze_count() > frozen
        # Frozen or not, the state is all there and keeps changing as it should.
        assert len(fake.engagements) == 20
        assert len(fake.pages) == 20
        fake.clock.advance(minutes=5)
        fake.deliver(fake.pages[0])
        assert fake.pages[0].delivery_time is not None
    assert gc.get_freeze_count() == 0
    assert len(fake.engagements) == 20


@pytest.mark.usefixtures("small_batches")
def test_a_stopped_fake_is_freed_like_any_other_object() -> None:
    fake = mock_ssm_contacts(contacts=[ONE_PAGE])
    with fake:
        _start_engagements(30)
    # The engagements' state holds reference cycles: only the collector frees it, which
    # it could not do while the state was frozen.
    backend = weakref.ref(fake._backend)
    del fake
    gc.collect()
    assert backend() is None


def test_small_fakes_never_freeze() -> None:
    with mock_ssm_contacts(contacts=[ONE_PAGE]):
        _start_engagements(50)
        assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("small_batches")
def test_nothing_is_frozen_while_the_collector_is_disabled() -> None:
    gc.disable()
    try:
        with mock_ssm_contacts(contacts=[ONE_PAGE]):
            _start_engagements(20)
            assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_the_collector_is_off_during_a_call_and_back_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pytest_ssmcontacts import _activation

    seen: list[bool] = []
    answer = vars(_activation)["serve"]  # the pipeline's entry, as the fake calls it

    def spy(*args: object) -> object:
        seen.append(gc.isenabled())
        return answer(*args)

    monkeypatch.setattr(_activation, "serve", spy)
    with mock_ssm_contacts(contacts=["akuam"]):
        client(region_name="us-east-1").list_contacts()
        assert gc.isenabled()
    assert seen == [False]


def test_a_collector_turned_off_stays_off_after_a_call() -> None:
    gc.disable()
    try:
        with _collector.Collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with _collector.Collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("small_batches")
def test_the_next_fake_to_start_collects_what_a_large_one_left() -> None:
    fake = mock_ssm_contacts(contacts=[ONE_PAGE])
    with fake:
        _start_engagements(30)
    backend = weakref.ref(fake._backend)
    del fake
    # Reference cycles keep the state until a collection: the next fake's start runs it,
    # so no call of that fake pays for scanning it.
    assert backend() is not None
    with mock_ssm_contacts():
        assert backend() is None


def test_a_sharded_dict_is_a_mapping() -> None:
    from pytest_ssmcontacts._service._sharded import ShardedDict

    sharded: ShardedDict[int] = ShardedDict()
    plain = {f"key-{i}": i for i in range(1000)}
    for key, value in plain.items():
        sharded[key] = value
    assert len(sharded) == 1000
    assert dict(sharded) == plain
    assert sharded.get("key-7") == 7
    assert sharded.get("nope") is None
    assert "key-999" in sharded
    assert "nope" not in sharded
    assert 3 not in sharded  # type: ignore[comparison-overlap]  # any key may be asked
    del sharded["key-0"]
    assert len(sharded) == 999
    assert "key-0" not in sharded
    with pytest.raises(KeyError):
        sharded["key-0"]
