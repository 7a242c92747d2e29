"""Every operation of the model is implemented: none answers "not supported"."""

from __future__ import annotations

import datetime
import json

import pytest

from pytest_ssmcontacts import mock_ssm_contacts
from pytest_ssmcontacts._errors import ServiceError
from pytest_ssmcontacts._model import operation_model, operation_names
from pytest_ssmcontacts._service import Request, dispatch
from pytest_ssmcontacts._service._store import Backend
from valid_values import skeleton


@pytest.mark.parametrize("operation", operation_names())
def test_operation_is_implemented(operation: str) -> None:
    shape = operation_model(operation).input_shape
    params = skeleton(shape) if shape is not None else {}
    with mock_ssm_contacts() as fake:
        status, _, body = fake._serve(
            {"X-Amz-Target": f"SSMContacts.{operation}"}, json.dumps(params), "us-east-1"
        )
    answer = json.loads(body)
    # A well-formed request may still name things that do not exist (404-like errors
    # are fine); what must never come back is the fallback for unknown operations.
    assert answer.get("Reason") != "UNKNOWN_OPERATION", (operation, status, answer)
    assert "not supported" not in answer.get("message", ""), (operation, answer)


def test_an_operation_without_a_handler_says_so() -> None:
    backend = Backend("123456789012")
    request = Request(
        operation="FrobnicateContact",
        params={},
        store=backend.store("us-east-1"),
        backend=backend,
        now=datetime.datetime.now(datetime.timezone.utc),
    )
    with pytest.raises(ServiceError, match="FrobnicateContact is not supported"):
        dispatch(request)
