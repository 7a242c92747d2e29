"""AWS JSON 1.1 on the wire: request decoding and response/error encoding."""

from __future__ import annotations

import datetime
import json
from typing import Any

from . import _arns
from ._errors import ServiceError

TARGET_PREFIX = "SSMContacts."
# The deepest input of the model nests 7 levels (a Plan's stages' targets' fields); a
# body nested deeper than this cannot be a request, and refusing it here keeps every
# recursive walk below (null stripping, validation, messages) far from Python's limit.
MAX_DEPTH = 32
CONTENT_TYPE = "application/x-amz-json-1.1"


def decode(target: str | bytes | None, body: bytes | str | None) -> tuple[str, dict[str, Any]]:
    """The operation name (from ``X-Amz-Target``) and the decoded request body."""
    if isinstance(target, bytes):
        target = target.decode("utf-8", "replace")
    if not target or not target.startswith(TARGET_PREFIX):
        raise ServiceError(
            "ValidationException",
            f"Unknown operation target {target!r}",
            Reason="UNKNOWN_OPERATION",
        )
    operation = target[len(TARGET_PREFIX) :]
    if not body:
        return operation, {}
    try:
        params = json.loads(body)
    except ValueError as exc:
        raise _cannot_parse(f"Cannot parse request body: {exc}") from None
    except RecursionError:
        raise _cannot_parse(_too_deep()) from None
    if not isinstance(params, dict):
        raise _cannot_parse("Request body must be a JSON object")
    # How deep it nests is checked by the pipeline's one walk over the request
    # (``too_deep()``), which every request goes through anyway.
    return operation, params


def _cannot_parse(message: str) -> ServiceError:
    # The model's own answer to a body it cannot read: ValidationException with the
    # CANNOT_PARSE reason of its ValidationExceptionReason enum.
    return ServiceError("ValidationException", message, Reason="CANNOT_PARSE")


def _too_deep() -> str:
    return f"Cannot parse request body: it nests more than {MAX_DEPTH} levels"


def too_deep() -> ServiceError:
    """The answer to a body that nests objects or arrays more than ``MAX_DEPTH`` deep."""
    return _cannot_parse(_too_deep())


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    raise TypeError(f"cannot encode {type(value).__name__}")


# One encoder for every answer. Answers are built from JSON and plain values, never
# circular, so the encoder skips the cycle bookkeeping it would do for every container.
_encoder = json.JSONEncoder(default=_json_default, separators=(",", ":"), check_circular=False)


def _headers(body: bytes) -> dict[str, str]:
    return {
        "x-amzn-RequestId": _arns.new_id(),
        "Content-Type": CONTENT_TYPE,
        "Content-Length": str(len(body)),
    }


def encode_result(result: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    body = _encoder.encode(result).encode()
    return 200, _headers(body), body


def encode_error(error: ServiceError) -> tuple[int, dict[str, str], bytes]:
    # botocore reads either spelling of the message; the model names it Message.
    payload = {"__type": error.code, "message": error.message, "Message": error.message}
    payload.update(error.members)
    body = _encoder.encode(payload).encode()
    return error.status, _headers(body), body
