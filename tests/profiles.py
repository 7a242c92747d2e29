"""How hard the property tests search.

``make test`` runs the fast profile: enough examples to catch a regression on every run
in a couple of minutes. ``HYPOTHESIS_PROFILE=thorough`` (``make test-thorough``, for CI
nightly or before a release) runs five times as many examples per test.
"""

from __future__ import annotations

import os

import hypothesis

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fast")
FACTOR = {"fast": 1, "thorough": 5}

# Examples are built from whole fakes and real clients: no per-example deadline.
hypothesis.settings.register_profile("fast", deadline=None)
hypothesis.settings.register_profile("thorough", deadline=None, max_examples=500)
if PROFILE not in FACTOR:
    raise SystemExit(f"HYPOTHESIS_PROFILE must be one of: {', '.join(FACTOR)}; got {PROFILE!r}")
hypothesis.settings.load_profile(PROFILE)


def examples(fast: int) -> int:
    """A test's number of examples: ``fast`` in the fast profile, more in the thorough one."""
    return fast * FACTOR[PROFILE]
