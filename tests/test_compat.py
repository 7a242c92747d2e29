"""One test per private botocore/boto3/aiobotocore detail the interception relies on.

When a release of one of those libraries changes such a detail, the test named after
it fails here, before any request could escape the fake.
"""

from __future__ import annotations

import inspect

import boto3
import botocore.endpoint
import botocore.session
import pytest

from pytest_ssmcontacts import _compat

try:
    import aiobotocore.endpoint
    import aiobotocore.httpsession
    import aiobotocore.retries.bucket
    import aiobotocore.session
except ImportError:
    HAS_AIOBOTOCORE = False
else:
    HAS_AIOBOTOCORE = True

# The oldest-versions run (make test-oldest) goes without aiobotocore: none of its
# releases pairs with botocore 1.31.0. Everywhere else it is installed with [test].
needs_aiobotocore = pytest.mark.skipif(
    not HAS_AIOBOTOCORE,
    reason="aiobotocore is not installed (no release of it pairs with botocore 1.31.0)",
)


def test_sync_patch_points_exist_and_are_methods() -> None:
    for owner, name in (
        _compat.SYNC_SEND_REQUEST,
        _compat.SYNC_SEND,
        _compat.SYNC_HTTP_SEND,
        _compat.SYNC_TOKEN_ACQUIRE,
        _compat.THROTTLING_DETECTOR,
        _compat.SYNC_GET_CREDENTIALS,
    ):
        assert callable(getattr(owner, name)), f"{owner.__name__}.{name}"


def test_botocore_endpoint_sleeps_between_retries_with_module_level_time() -> None:
    source = inspect.getsource(botocore.endpoint.Endpoint._needs_retry)
    assert "time.sleep(" in source
    assert hasattr(_compat.SYNC_SLEEP_MODULE, "time")


def test_endpoint_knows_its_service_and_emitter() -> None:
    client = botocore.session.get_session().create_client(
        "ssm-contacts", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    assert _compat.endpoint_service(client._endpoint) == "ssm-contacts"
    assert _compat.endpoint_emitter(client._endpoint) is client.meta.events


def test_request_context_carries_the_client_region() -> None:
    seen: list[object] = []
    client = botocore.session.get_session().create_client(
        "ssm-contacts", region_name="eu-west-1", aws_access_key_id="a", aws_secret_access_key="b"
    )

    def capture(params: dict[str, object], **_: object) -> None:
        seen.append(_compat.client_region(params))

    client.meta.events.register("before-call", capture)
    client.meta.events.register("before-send", lambda **_: _Stop())
    with pytest.raises(_StopError):
        client.list_contacts()
    assert seen == ["eu-west-1"]


class _StopError(Exception):
    pass


class _Stop:
    def __getattr__(self, name: str) -> object:
        raise _StopError


def test_sessions_cache_credentials_where_they_are_dropped() -> None:
    session = botocore.session.Session()
    session.set_credentials("a", "b")
    assert _compat.cached_credentials(session).access_key == "a"
    _compat.drop_cached_credentials(session)
    assert session._credentials is None


def test_boto3_default_session_is_reachable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    boto3.setup_default_session(region_name="us-east-1")
    assert _compat.boto3_default_session() is boto3.DEFAULT_SESSION._session


@needs_aiobotocore
def test_aiobotocore_patch_points_are_found() -> None:
    points = _compat.async_patch_points()
    assert points["send_request"] == (aiobotocore.endpoint.AioEndpoint, "_send_request")
    assert points["send"] == (aiobotocore.endpoint.AioEndpoint, "_send")
    assert points["http-send"] == (aiobotocore.httpsession.AIOHTTPSession, "send")
    assert points["get-credentials"] == (aiobotocore.session.AioSession, "get_credentials")
    assert any(key.startswith("token:") for key in points)
    assert any(key.startswith("sleep") for key in points)
    for owner, name in points.values():
        assert hasattr(owner, name), f"{owner!r}.{name}"


@needs_aiobotocore
def test_aiobotocore_endpoint_sleeps_through_the_patched_point() -> None:
    source = inspect.getsource(aiobotocore.endpoint.AioEndpoint._needs_retry)
    if "_sleep" in vars(aiobotocore.endpoint.AioEndpoint):
        assert "self._sleep(" in source
    else:
        assert "asyncio.sleep(" in source


@needs_aiobotocore
def test_aiobotocore_token_bucket_acquire_is_a_coroutine() -> None:
    assert inspect.iscoroutinefunction(
        inspect.unwrap(aiobotocore.retries.bucket.AsyncTokenBucket.acquire)
    )


@needs_aiobotocore
@pytest.mark.asyncio
async def test_async_response_is_read_as_aiobotocore_reads_one() -> None:
    response = _compat.async_response("https://x/", 200, {"a": "b"}, b"{}")
    assert await response.content == b"{}"
    assert response.status_code == 200
