"""Other processes on the fixture's fake: the AWS CLI, a boto3 script, pytest-xdist workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from pytest_ssmcontacts import SSMContacts

# A parent environment that would lead an SDK to real settings if the child inherited it.
HOSTILE_PARENT = {
    "AWS_PROFILE": "missing",
    "AWS_DEFAULT_PROFILE": "missing",
    "AWS_CONFIG_FILE": "/nonexistent/aws/config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws/credentials",
    "AWS_ACCESS_KEY_ID": "AKIAREALKEY",
    "AWS_SECRET_ACCESS_KEY": "real-secret",
    "AWS_DEFAULT_REGION": "ap-southeast-2",
    "AWS_REGION": "ap-southeast-2",
    "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
}


def child_env(fake: SSMContacts) -> dict[str, str]:
    return {**os.environ, **HOSTILE_PARENT, **fake.environ}


def aws(fake: SSMContacts, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "awscli", "ssm-contacts", *args, "--output", "json"],
        env=child_env(fake),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else None


# -- the AWS CLI ------------------------------------------------------------------------


@pytest.mark.ssm_contacts(region="eu-central-1")
def test_the_aws_cli_creates_engages_and_lists(ssm_contacts: SSMContacts) -> None:
    created = ok(
        aws(
            ssm_contacts,
            "create-contact",
            "--alias",
            "akuam",
            "--display-name",
            "Akua M",
            "--type",
            "PERSONAL",
            "--plan",
            '{"Stages": []}',
        )
    )
    arn = created["ContactArn"]
    assert arn == "arn:aws:ssm-contacts:eu-central-1:123456789012:contact/akuam"
    assert ssm_contacts.contact("akuam").display_name == "Akua M"

    started = ok(
        aws(
            ssm_contacts,
            "start-engagement",
            "--contact-id",
            arn,
            "--sender",
            "cron",
            "--subject",
            "Disk full",
            "--content",
            "db-01 is at 100%",
        )
    )
    ssm_contacts.assert_engaged("akuam", sender="cron", subject="Disk full", times=1)
    assert ssm_contacts.engagements[0].arn == started["EngagementArn"]

    # Four more, then pages of two: the CLI follows NextToken by itself...
    for number in range(4):
        ssm_contacts.add_contact(f"person{number}")
    _start_more(ssm_contacts, 4)
    # Pages of two, three items at most: the CLI follows NextToken by itself, stops
    # early and hands back a token to resume from.
    first = ok(aws(ssm_contacts, "list-engagements", "--max-items", "3", "--page-size", "2"))
    assert len(first["Engagements"]) == 3
    token = first["NextToken"]
    rest = ok(aws(ssm_contacts, "list-engagements", "--page-size", "2", "--starting-token", token))
    assert len(rest["Engagements"]) == 2
    listed = [e["EngagementArn"] for e in first["Engagements"] + rest["Engagements"]]
    assert sorted(listed) == sorted(e.arn for e in ssm_contacts.engagements)
    pages = [c.params for c in ssm_contacts.calls if c.operation == "ListEngagements"]
    assert [page.get("MaxResults") for page in pages] == [2, 2, 2, 2]
    assert [("NextToken" in page) for page in pages] == [False, True, True, True]


def _start_more(fake: SSMContacts, count: int) -> None:
    import boto3

    client = boto3.client("ssm-contacts")
    for number in range(count):
        client.start_engagement(
            ContactId=fake.contact(f"person{number}").arn,
            Sender="boto3",
            Subject=f"more {number}",
            Content="c",
        )


@pytest.mark.ssm_contacts(contacts=["akuam"])
def test_an_aws_error_exits_non_zero_with_the_aws_message(ssm_contacts: SSMContacts) -> None:
    result = aws(
        ssm_contacts,
        "get-contact",
        "--contact-id",
        "arn:aws:ssm-contacts:us-east-1:123456789012:contact/nobody",
    )
    assert result.returncode != 0
    assert (
        "An error occurred (ResourceNotFoundException) when calling the GetContact operation: "
        "Resource not found: contact arn:aws:ssm-contacts:us-east-1:123456789012:contact/nobody "
        "does not exist"
    ) in result.stderr
    assert ssm_contacts.calls[-1].error == "ResourceNotFoundException"


# -- a boto3 script -------------------------------------------------------------------------

SCRIPT = textwrap.dedent(
    """
    import sys

    import boto3
    from botocore.exceptions import ClientError

    client = boto3.client("ssm-contacts")
    contact = client.get_contact(ContactId=sys.argv[1])
    try:
        client.start_engagement(
            ContactId=contact["ContactArn"], Sender="worker", Subject="first", Content="c"
        )
    except ClientError as error:
        print(error.response["Error"]["Code"], error.response["Error"]["Message"])
    client.start_engagement(
        ContactId=contact["ContactArn"], Sender="worker", Subject="second", Content="c"
    )
    print(client.meta.region_name)
    """
)


@pytest.mark.ssm_contacts(contacts=["akuam"], region="us-west-2")
def test_a_boto3_script_in_a_subprocess_uses_the_fixtures_fake(
    ssm_contacts: SSMContacts,
) -> None:
    ssm_contacts.fail_next("StartEngagement", "AccessDeniedException", message="no paging today")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, ssm_contacts.contact("akuam").arn],
        env=child_env(ssm_contacts),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["AccessDeniedException no paging today", "us-west-2"]
    ssm_contacts.assert_engaged("akuam", sender="worker", subject="second", times=1)
    assert [(c.operation, c.error) for c in ssm_contacts.calls] == [
        ("GetContact", None),
        ("StartEngagement", "AccessDeniedException"),
        ("StartEngagement", None),
    ]


# -- pytest-xdist -----------------------------------------------------------------------------


def test_each_xdist_worker_serves_its_own_fake(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import os
        import urllib.request

        import pytest


        @pytest.mark.parametrize("n", range(4))
        def test_serve(ssm_contacts, n, tmp_path_factory):
            url = ssm_contacts.endpoint_url
            with urllib.request.urlopen(url + "/_ssmcontacts/health") as answer:
                assert answer.status == 200
            worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
            out = tmp_path_factory.getbasetemp().parent.parent / "ports.txt"
            with open(out, "a") as file:
                file.write(f"{worker} {url}\\n")
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    lines = (pytester.path / "ports.txt").read_text().split("\n")
    seen = [line.split() for line in lines if line]
    workers = {worker for worker, _ in seen}
    assert workers == {"gw0", "gw1"}
    # Four tests, four servers: one per test, each on a port of its own at the time.
    assert len({url for _, url in seen}) >= 2
