"""Every private botocore, boto3 and aiobotocore detail the plugin relies on, in one place.

The interception needs a few things those libraries do not promise: method names on
their endpoints, HTTP sessions and retry token buckets, attribute names on endpoints
and sessions, and how botocore's endpoint module sleeps. Each such assumption is named
here once and has a test of its own in ``tests/test_compat.py``, so a release that
breaks one fails one clearly named test instead of letting a request escape.

Nothing here imports aiobotocore: its patch points are looked up only once the user's
code has imported it (see ``aiobotocore_loaded``).
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import botocore.endpoint
import botocore.httpsession
import botocore.retries.bucket
import botocore.retries.standard
import botocore.session

# (owner, attribute) pairs the interception replaces, sync botocore first.
SYNC_SEND_REQUEST = (botocore.endpoint.Endpoint, "_send_request")
SYNC_SEND = (botocore.endpoint.Endpoint, "_send")
SYNC_HTTP_SEND = (botocore.httpsession.URLLib3Session, "send")
SYNC_TOKEN_ACQUIRE = (botocore.retries.bucket.TokenBucket, "acquire")
THROTTLING_DETECTOR = (botocore.retries.standard.ThrottlingErrorDetector, "is_throttling_error")
SYNC_GET_CREDENTIALS = (botocore.session.Session, "get_credentials")
# botocore's endpoint sleeps between retries with the module-level ``time.sleep``.
SYNC_SLEEP_MODULE = botocore.endpoint

AIOBOTOCORE_MODULES = (
    "aiobotocore.endpoint",
    "aiobotocore.httpsession",
    "aiobotocore.httpxsession",
    "aiobotocore.retries.bucket",
    "aiobotocore.session",
)


def endpoint_service(endpoint: Any) -> str:
    """The service an endpoint sends to (``ssm-contacts``), as botocore names it."""
    return getattr(endpoint, "_endpoint_prefix", "") or ""


def endpoint_emitter(endpoint: Any) -> Any:
    """The event emitter of the client that owns ``endpoint``."""
    return endpoint._event_emitter


def client_region(request_dict: Any) -> str | None:
    """The region of the client making a request, from botocore's request context."""
    context = request_dict.get("context") or {}
    region = context.get("client_region")
    return region if isinstance(region, str) and region else None


def cached_credentials(session: Any) -> Any:
    """The credentials a botocore (or aiobotocore) session resolved and keeps."""
    return getattr(session, "_credentials", None)


def drop_cached_credentials(session: Any) -> None:
    """Make a session resolve its credentials again on next use."""
    session._credentials = None


def boto3_default_session() -> Any:
    """The botocore session behind ``boto3.DEFAULT_SESSION``, if boto3 made one."""
    boto3 = sys.modules.get("boto3")
    return getattr(getattr(boto3, "DEFAULT_SESSION", None), "_session", None)


def aiobotocore_loaded() -> bool:
    return "aiobotocore.endpoint" in sys.modules


def async_patch_points() -> dict[str, tuple[Any, str]]:
    """aiobotocore's counterparts of the sync patch points, for the modules loaded now.

    A module still being imported (one of aiobotocore's modules imports another) may
    lack its classes yet: it is skipped now and patched when its own import ends.
    """
    points: dict[str, tuple[Any, str]] = {}
    endpoint = sys.modules.get("aiobotocore.endpoint")
    if endpoint is not None and hasattr(endpoint, "AioEndpoint"):
        points["send_request"] = (endpoint.AioEndpoint, "_send_request")
        points["send"] = (endpoint.AioEndpoint, "_send")
        # Older releases sleep with ``asyncio.sleep`` inline in ``_needs_retry``;
        # newer ones through ``AioEndpoint._sleep`` (``AnyioEndpoint`` overrides it).
        for cls in (endpoint.AioEndpoint, getattr(endpoint, "AnyioEndpoint", None)):
            if cls is not None and "_sleep" in vars(cls):
                points[f"sleep:{cls.__name__}"] = (cls, "_sleep")
        if "_sleep" not in vars(endpoint.AioEndpoint):
            points["sleep-module"] = (endpoint, "asyncio")
    httpsession = sys.modules.get("aiobotocore.httpsession")
    if httpsession is not None and hasattr(httpsession, "AIOHTTPSession"):
        points["http-send"] = (httpsession.AIOHTTPSession, "send")
    httpxsession = sys.modules.get("aiobotocore.httpxsession")
    if httpxsession is not None and hasattr(httpxsession, "HttpxSession"):
        points["httpx-send"] = (httpxsession.HttpxSession, "send")
    bucket = sys.modules.get("aiobotocore.retries.bucket")
    if bucket is not None:
        for name in ("AsyncTokenBucket", "AnyioTokenBucket"):
            cls = getattr(bucket, name, None)
            if cls is not None and "acquire" in vars(cls):
                points[f"token:{name}"] = (cls, "acquire")
    session = sys.modules.get("aiobotocore.session")
    if session is not None and hasattr(session, "AioSession"):
        points["get-credentials"] = (session.AioSession, "get_credentials")
    return points


def async_response(url: str, status: int, headers: dict[str, str], body: bytes) -> Any:
    """An HTTP response aiobotocore's endpoint can read (its body is awaited)."""
    from aiobotocore.awsrequest import AioAWSResponse

    return AioAWSResponse(url, status, headers, _AsyncRaw(body))


class _AsyncRaw:
    """The raw body object ``AioAWSResponse`` awaits (``read``, or httpx's ``aread``)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    async def read(self, *_: Any) -> bytes:
        return self._data

    async def aread(self) -> bytes:
        return self._data


class Patches:
    """Attribute replacements made once per process; each remembers the original."""

    def __init__(self) -> None:
        self._originals: dict[tuple[int, str], Any] = {}

    def replace(self, point: tuple[Any, str], make: Callable[[Any], Any]) -> None:
        owner, name = point
        key = (id(owner), name)
        if key in self._originals:
            return
        original = getattr(owner, name)
        self._originals[key] = original
        setattr(owner, name, make(original))
