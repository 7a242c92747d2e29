"""What the recipients' devices do: read codes, confirm or fail a page's delivery.

The fixture simulates the device side here; the engagement simulation
(``_service._simulation``) decides what a receipt changes.
"""

from __future__ import annotations

import datetime
from typing import Any

from . import _model, _reads, _refs
from ._service import _simulation
from ._service._store import Backend
from .records import Page


def accept_code(backend: Backend, page: Any) -> str:
    __tracebackhide__ = True
    return _refs.page(backend, "accept_code", page).accept_code


def activation_code(backend: Backend, channel: Any) -> str:
    __tracebackhide__ = True
    state = _refs.channel(backend, "activation_code", channel)
    if state.activation_code is None:
        raise LookupError(
            f"activation_code(): no activation code was sent to channel {state.arn}; "
            "it was created with DeferActivation, or by add_contact() or the marker, "
            "so call send_activation_code first"
        )
    return state.activation_code


def deliver(backend: Backend, page: Any, now: datetime.datetime) -> Page:
    __tracebackhide__ = True
    state = _refs.page(backend, "deliver", page)
    _simulation.deliver(state, now)
    return _reads.page_record(state)


def fail_delivery(backend: Backend, page: Any, reason: Any, now: datetime.datetime) -> Page:
    __tracebackhide__ = True
    longest = _model.service_model().shape_for("ReceiptInfo").metadata["max"]
    if reason is not None and (not isinstance(reason, str) or len(reason) > longest):
        raise ValueError(
            f"fail_delivery(): reason must be a string of at most {longest} characters "
            f"(a receipt's ReceiptInfo) or None, got {reason!r:.80}"
        )
    state = _refs.page(backend, "fail_delivery", page)
    _simulation.fail_delivery(_refs.store_of(backend, state.arn), backend, state, now, reason)
    return _reads.page_record(state)
