"""Fail closed: while a fake is active, no ssm-contacts request reaches a real HTTP session."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSRequest

from pytest_ssmcontacts import RefusedRequestError, SSMContacts, mock_ssm_contacts

REFUSAL = (
    "pytest-ssmcontacts refused to send ssm-contacts StartEngagement to "
    "https://ssm-contacts.us-east-1.amazonaws.com/: a fake ssm-contacts service is active, "
    "so no ssm-contacts request may reach the network, and this one got past the fake. "
    "This is a bug in pytest-ssmcontacts or a client it does not know; please report it at "
    "https://github.com/pytest-ssmcontacts/pytest-ssmcontacts/issues with your botocore "
    "(and aiobotocore) versions and how the client was made."
)


def _prepared_start_engagement(url: str, signed: bool = False) -> Any:
    headers = {
        "X-Amz-Target": "SSMContacts.StartEngagement",
        "Content-Type": "application/x-amz-json-1.1",
    }
    if not signed:
        return AWSRequest("POST", url, headers=headers, data=b"{}").prepare()
    headers["Authorization"] = (
        "AWS4-HMAC-SHA256 Credential=AKID/20261202/us-east-1/ssm-contacts/aws4_request, "
        "SignedHeaders=host, Signature=0"
    )
    del headers["X-Amz-Target"]
    return AWSRequest("POST", url, headers=headers, data=b"{}").prepare()


def test_botocore_http_session_refuses_inside_the_fake(
    ssm_contacts: SSMContacts, connects: list[Any]
) -> None:
    client = boto3.client("ssm-contacts", region_name="us-east-1")
    request = _prepared_start_engagement(client.meta.endpoint_url + "/")

    with pytest.raises(RefusedRequestError) as caught:
        client._endpoint.http_session.send(request)

    assert str(caught.value) == REFUSAL
    assert connects == []


def test_endpoint_send_refuses_inside_the_fake(
    ssm_contacts: SSMContacts, connects: list[Any]
) -> None:
    client = boto3.client("ssm-contacts", region_name="us-east-1")
    with pytest.raises(RefusedRequestError, match="StartEngagement"):
        client._endpoint._send(_prepared_start_engagement(client.meta.endpoint_url + "/"))
    assert connects == []


def test_a_custom_endpoint_is_recognised_by_its_signature(
    ssm_contacts: SSMContacts, connects: list[Any]
) -> None:
    client = boto3.client("ssm-contacts", endpoint_url="http://localhost:4566")
    request = _prepared_start_engagement("http://localhost:4566/", signed=True)
    with pytest.raises(RefusedRequestError, match="an ssm-contacts request to http://localhost"):
        client._endpoint.http_session.send(request)
    assert connects == []


def test_a_faked_call_never_reaches_the_http_session(
    ssm_contacts: SSMContacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = boto3.client("ssm-contacts", region_name="us-east-1")
    sends: list[Any] = []
    monkeypatch.setattr(client._endpoint.http_session, "send", sends.append)
    client.list_contacts()
    assert sends == []


def test_outside_a_fake_the_http_session_is_untouched(connects: list[Any]) -> None:
    client = boto3.client(
        "ssm-contacts",
        region_name="us-east-1",
        aws_access_key_id="outside",
        aws_secret_access_key="outside",
    )
    with mock_ssm_contacts():
        pass
    request = _prepared_start_engagement(client.meta.endpoint_url + "/")
    with pytest.raises(Exception) as caught:
        client._endpoint.http_session.send(request)
    assert not isinstance(caught.value, RefusedRequestError)
    assert connects != []


def test_other_services_are_not_refused(ssm_contacts: SSMContacts, connects: list[Any]) -> None:
    client = boto3.client("ssm", region_name="us-east-1")
    request = AWSRequest(
        "POST",
        client.meta.endpoint_url + "/",
        headers={"X-Amz-Target": "AmazonSSM.GetParameter"},
        data=b"{}",
    ).prepare()
    with pytest.raises(Exception) as caught:
        client._endpoint.http_session.send(request)
    assert not isinstance(caught.value, RefusedRequestError)
    assert connects != []


@pytest.mark.asyncio
async def test_aiobotocore_http_session_refuses_inside_the_fake(
    ssm_contacts: SSMContacts, connects: list[Any]
) -> None:
    # The oldest-versions run goes without aiobotocore: none of its releases pairs with
    # botocore 1.31.0.
    aio_session = pytest.importorskip(
        "aiobotocore.session",
        reason="aiobotocore is not installed (no release of it pairs with botocore 1.31.0)",
    )
    async with aio_session.get_session().create_client(
        "ssm-contacts", region_name="us-east-1"
    ) as client:
        request = _prepared_start_engagement(client.meta.endpoint_url + "/")
        with pytest.raises(RefusedRequestError) as caught:
            await client._endpoint.http_session.send(request)
        with pytest.raises(RefusedRequestError):
            await client._endpoint._send(request)

    assert str(caught.value) == REFUSAL
    assert connects == []
