"""The fake ssm-contacts service: its state, its rules and one handler per operation."""

# Importing the operation modules registers their handlers.
from . import channels, contacts, engagements, pages, policies, rotations, tags  # noqa: F401
from ._registry import Request, dispatch

__all__ = ["Request", "dispatch"]
