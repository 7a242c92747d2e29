"""Helpers for building responses that match the model's output shapes."""

from __future__ import annotations

from typing import Any


def compact(**members: Any) -> dict[str, Any]:
    """Members that are set; the service omits optional members rather than sending null."""
    return {name: value for name, value in members.items() if value is not None}
