"""Print the requirements of the oldest-versions run: the oldest botocore, boto3 and
AWS CLI we support, and the rest of the [test] extra as declared (the package itself
must be installed first, so its metadata can be read).

aiobotocore is left out: each of its releases pins one botocore patch release, and none
pins 1.31.0; the tests that need it skip in this run, saying why.
"""

from __future__ import annotations

import importlib.metadata
import re

OLDEST = {"botocore": "1.31.0", "boto3": "1.28.0", "awscli": "1.29.0"}
LEFT_OUT = {"aiobotocore"}


def main() -> None:
    print("\n".join(f"{name}=={version}" for name, version in OLDEST.items()))
    for requirement in importlib.metadata.requires("pytest-ssmcontacts") or []:
        spec, _, marker = requirement.partition(";")
        if re.search(r"""extra\s*==\s*["']test["']""", marker) is None:
            continue
        name = re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower()
        if name not in OLDEST and name not in LEFT_OUT:
            print(spec.strip())


if __name__ == "__main__":
    main()
