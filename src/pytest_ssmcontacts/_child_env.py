"""The environment of a child process that uses the fake over HTTP, and nothing real.

A child inherits its parent's environment merged with this one
(``{**os.environ, **environ}``), so whatever could lead an SDK to real configuration
is not removed but overridden with a harmless value.
"""

from __future__ import annotations

import os

from ._environment import FAKE_CREDENTIALS

# CONFIG_FILE holds the same fake keys; the server accepts any signature, the keys only
# keep SDKs from looking for real ones.
CONFIG_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child_aws_config")


def child_environ(endpoint_url: str, region: str) -> dict[str, str]:
    return {
        # Honoured by botocore >= 1.31, the AWS CLI and the other AWS SDKs; only
        # ssm-contacts goes to the fake, other services are left alone.
        "AWS_ENDPOINT_URL_SSM_CONTACTS": endpoint_url,
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false",
        # The same fake keys the in-process fake puts in the environment.
        **FAKE_CREDENTIALS,
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        # No real config or credentials file is read. A profile named by the parent
        # would be missing from them, which botocore and the AWS CLI refuse (even an
        # empty name), so the profile is "default", the one profile of CONFIG_FILE,
        # which holds the fake credentials too: the JavaScript SDK reads them from
        # there, never from the environment, once AWS_PROFILE is set.
        "AWS_CONFIG_FILE": CONFIG_FILE,
        "AWS_SHARED_CREDENTIALS_FILE": CONFIG_FILE,
        "AWS_PROFILE": "default",
        "AWS_DEFAULT_PROFILE": "default",
        # Never ask the instance metadata endpoint for anything (credentials come from
        # the environment or the profile, before any container endpoint is tried).
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_USE_FIPS_ENDPOINT": "false",
        "AWS_USE_DUALSTACK_ENDPOINT": "false",
        # AWS CLI v2 would page long output through `less`.
        "AWS_PAGER": "",
    }
