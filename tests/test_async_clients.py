"""aiobotocore clients reach the fake through aiobotocore's own pipeline, and async tests work."""

from __future__ import annotations

import asyncio
import time
import unittest
from typing import Any

import botocore.exceptions
import pytest

# The oldest-versions run (make test-oldest) goes without aiobotocore: none of its
# releases pairs with botocore 1.31.0. Everywhere else it is installed with [test].
pytest.importorskip(
    "aiobotocore",
    reason="aiobotocore is not installed (no release of it pairs with botocore 1.31.0)",
)
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session

from pytest_ssmcontacts import SSMContacts, mock_ssm_contacts

ENGAGE_ARGS = {"Sender": "cli", "Subject": "Disk full", "Content": "db-1 is at 100%"}


def _client(**kwargs: Any) -> Any:
    kwargs.setdefault("region_name", "us-east-1")
    return get_session().create_client("ssm-contacts", **kwargs)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every real asyncio sleep longer than a tick, recorded (a retry back-off would show)."""
    recorded: list[float] = []
    original = asyncio.sleep

    async def recording_sleep(delay: float, *args: Any, **kwargs: Any) -> Any:
        if delay > 0:
            recorded.append(delay)
        return await original(delay, *args, **kwargs)

    monkeypatch.setattr(asyncio, "sleep", recording_sleep)
    return recorded


@pytest.mark.asyncio
async def test_start_engagement_reaches_the_fake(ssm_contacts: SSMContacts) -> None:
    contact = ssm_contacts.add_contact("oncall")
    async with _client() as client:
        response = await client.start_engagement(ContactId=contact.arn, **ENGAGE_ARGS)

    assert response["EngagementArn"] == ssm_contacts.engagements[0].arn
    ssm_contacts.assert_engaged("oncall", times=1, subject="Disk full")
    assert [call.operation for call in ssm_contacts.calls] == ["StartEngagement"]


@pytest.mark.asyncio
async def test_async_paginator_walks_every_page(ssm_contacts: SSMContacts) -> None:
    for index in range(7):
        ssm_contacts.add_contact(f"person-{index}")
    async with _client() as client:
        paginator = client.get_paginator("list_contacts")
        pages = [page async for page in paginator.paginate(PaginationConfig={"PageSize": 3})]

    assert [len(page["Contacts"]) for page in pages] == [3, 3, 1]
    aliases = [c["Alias"] for page in pages for c in page["Contacts"]]
    assert aliases == sorted(f"person-{index}" for index in range(7))


@pytest.mark.asyncio
async def test_modeled_error_is_catchable_by_name_and_as_client_error(
    ssm_contacts: SSMContacts,
) -> None:
    missing = f"arn:aws:ssm-contacts:us-east-1:{ssm_contacts.account_id}:contact/nobody"
    async with _client() as client:
        with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
            await client.get_contact(ContactId=missing)

    assert isinstance(caught.value, botocore.exceptions.ClientError)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert caught.value.response["ResourceType"] == "CONTACT"
    assert [call.error for call in ssm_contacts.calls] == ["ResourceNotFoundException"]


@pytest.mark.asyncio
async def test_aiobotocore_validates_parameters_client_side(ssm_contacts: SSMContacts) -> None:
    async with _client() as client:
        with pytest.raises(botocore.exceptions.ParamValidationError):
            await client.start_engagement(ContactId="x")
    assert ssm_contacts.calls == []


@pytest.mark.asyncio
@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
async def test_injected_throttles_are_retried_with_no_waiting(
    ssm_contacts: SSMContacts, sleeps: list[float], mode: str
) -> None:
    contact = ssm_contacts.add_contact("oncall")
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=3)
    config = AioConfig(retries={"mode": mode, "max_attempts": 5})
    started = time.perf_counter()
    async with _client(config=config) as client:
        response = await client.start_engagement(ContactId=contact.arn, **ENGAGE_ARGS)
        for _ in range(10):
            await client.list_contacts()
    elapsed = time.perf_counter() - started

    assert response["ResponseMetadata"]["RetryAttempts"] == 3
    assert [call.error for call in ssm_contacts.calls[:4]] == ["ThrottlingException"] * 3 + [None]
    assert sleeps == []
    assert elapsed < 5  # a generous bound: real back-off would take several seconds


@pytest.mark.asyncio
async def test_throttling_surfaces_once_retries_run_out(ssm_contacts: SSMContacts) -> None:
    contact = ssm_contacts.add_contact("oncall")
    ssm_contacts.fail_next("StartEngagement", "ThrottlingException", times=2)
    # botocore reads a Config's max_attempts as retries: one retry, two attempts in all.
    config = AioConfig(retries={"mode": "standard", "max_attempts": 1})
    async with _client(config=config) as client:
        with pytest.raises(client.exceptions.ThrottlingException) as caught:
            await client.start_engagement(ContactId=contact.arn, **ENGAGE_ARGS)
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 1
    ssm_contacts.assert_not_engaged()


@pytest.mark.asyncio
async def test_calls_in_concurrent_tasks_are_each_applied_once(ssm_contacts: SSMContacts) -> None:
    contact = ssm_contacts.add_contact("oncall")
    async with _client() as client:
        await asyncio.gather(
            *(
                client.start_engagement(ContactId=contact.arn, **{**ENGAGE_ARGS, "Subject": f"{n}"})
                for n in range(20)
            )
        )
    assert sorted(e.subject for e in ssm_contacts.engagements) == sorted(str(n) for n in range(20))


@pytest.mark.anyio
async def test_fixture_works_under_anyio(ssm_contacts: SSMContacts) -> None:
    ssm_contacts.add_contact("oncall")
    async with _client() as client:
        contacts = (await client.list_contacts())["Contacts"]
    assert [c["Alias"] for c in contacts] == ["oncall"]


# -- the decorator and ``async with`` ------------------------------------------------------


@mock_ssm_contacts(contacts=["oncall"])
async def _engage_inside_the_decorator() -> str:
    await asyncio.sleep(0)  # the fake stays active across awaits
    async with _client() as client:
        contacts = (await client.list_contacts())["Contacts"]
        response = await client.start_engagement(ContactId=contacts[0]["ContactArn"], **ENGAGE_ARGS)
    return str(response["EngagementArn"])


@pytest.mark.asyncio
async def test_decorated_coroutine_runs_inside_the_fake() -> None:
    arn = await _engage_inside_the_decorator()
    assert ":engagement/oncall/" in arn


@pytest.mark.asyncio
async def test_async_with_activates_the_fake() -> None:
    async with mock_ssm_contacts(contacts=["oncall"]) as fake:
        active = [fake.active]
        async with _client() as client:
            await client.start_engagement(ContactId=fake.contact("oncall").arn, **ENGAGE_ARGS)
    active.append(fake.active)
    assert active == [True, False]
    fake.assert_engaged("oncall", times=1)


ASYNC_CASE_FAKE = mock_ssm_contacts(contacts=["oncall"])


@ASYNC_CASE_FAKE
class TestDecoratedIsolatedAsyncioTestCase(unittest.IsolatedAsyncioTestCase):
    """What a unittest user writes: the decorator keeps the fake active in each coroutine."""

    async def test_engages(self) -> None:
        assert ASYNC_CASE_FAKE.active
        async with _client() as client:
            contacts = (await client.list_contacts())["Contacts"]
            await client.start_engagement(ContactId=contacts[0]["ContactArn"], **ENGAGE_ARGS)
        ASYNC_CASE_FAKE.assert_engaged("oncall", times=1)


# -- clients made before the fake -------------------------------------------------------------


def test_module_level_aiobotocore_client_is_faked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        app="""
        from aiobotocore.session import get_session

        SESSION = get_session()

        async def page(client, contact_arn):
            return await client.start_engagement(
                ContactId=contact_arn, Sender="app", Subject="s", Content="c"
            )
        """,
        test_app="""
        import asyncio

        import app

        # Made at import time, during collection, long before any fake.
        CONTEXT = app.SESSION.create_client("ssm-contacts", region_name="eu-west-1")
        CLIENT = asyncio.run(CONTEXT.__aenter__())

        def test_pages(ssm_contacts):
            ssm_contacts_arn = ssm_contacts.add_contact("oncall").arn.replace(
                ssm_contacts.region, "eu-west-1"
            )
            fake = ssm_contacts
            ssm_contacts.fail_next("StartEngagement", "ResourceNotFoundException")

            async def run():
                try:
                    await app.page(CLIENT, ssm_contacts_arn)
                except CLIENT.exceptions.ResourceNotFoundException:
                    return "refused"

            assert asyncio.run(run()) == "refused"
            assert [c.error for c in fake.calls] == ["ResourceNotFoundException"]
        """,
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
