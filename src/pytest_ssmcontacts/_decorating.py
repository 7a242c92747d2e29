"""``mock_ssm_contacts()`` as a decorator: functions, coroutines and test classes.

Each call of the decorated function runs inside ``with fake:``, so it gets a fresh
activation; a class gets each of its ``test*`` methods decorated.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from typing import Any


def decorate(fake: contextlib.AbstractContextManager[Any], func: Any) -> Any:
    __tracebackhide__ = True
    if inspect.isclass(func):
        for name, member in list(vars(func).items()):
            if name.startswith("test") and callable(member):
                setattr(func, name, decorate(fake, member))
        return func
    if not callable(func):
        raise TypeError(f"mock_ssm_contacts() decorates functions and classes, not {func!r}")

    if inspect.iscoroutinefunction(func):
        # The fake stays active while the coroutine runs, not only while it is created.

        @functools.wraps(func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            __tracebackhide__ = True
            with fake:
                return await func(*args, **kwargs)

        return async_wrapper

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        with fake:
            return func(*args, **kwargs)

    return wrapper
