"""The fake ssm-contacts service: state, ARNs and one handler per operation."""

from . import engagements as _engagements  # noqa: F401  (registers its handlers)
from ._registry import Request, dispatch

__all__ = ["Request", "dispatch"]
