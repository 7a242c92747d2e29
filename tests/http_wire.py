"""A raw HTTP/1.1 client for the fake's server, for the HTTP tests."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

JSON_11 = "application/x-amz-json-1.1"
SIGNED_EU = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-west-1/ssm-contacts/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0123456789abcdef"
)


class Wire:
    """A keep-alive HTTP/1.1 connection to a fake's server."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        assert parts.hostname is not None
        assert parts.port is not None
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, Any]:
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        data = response.read()
        if response.will_close:
            self.connection.close()
        return response.status, response.headers, json.loads(data) if data else None

    def call(
        self, operation: str, params: Any = None, *, headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPMessage, Any]:
        body = json.dumps({} if params is None else params)
        all_headers = {"X-Amz-Target": f"SSMContacts.{operation}", "Content-Type": JSON_11}
        all_headers.update(headers or {})
        return self.request("POST", "/", body, all_headers)

    def close(self) -> None:
        self.connection.close()
