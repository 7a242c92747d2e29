"""The fake over HTTP: AWS JSON 1.1 at ``/``, the control API under ``/_ssmcontacts/``.

Other processes (a subprocess under test, the AWS CLI, SDKs in other languages) reach
the very fake a test drives in-process, through the same pipeline and the same lock.
Standard library only: ``http.server``'s threading server, HTTP/1.1 with keep-alive.

Requests the pipeline cannot take (no or an unknown ``X-Amz-Target``, another method or
path, a body that is not a JSON object, too large, of another content type) are
answered here, in AWS's error format, and are not API calls: they stay out of ``calls``.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
import socket
import threading
import time
import weakref
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import parse_qs, urlsplit

from . import _arns
from ._account_region import check_region
from ._protocol import CONTENT_TYPE

if TYPE_CHECKING:
    from ._activation import Activation
    from ._fake import SSMContacts

MAX_BODY = 8 * 1024 * 1024
CONTROL_PREFIX = "/_ssmcontacts/"
LOOPBACK = "127.0.0.1"
# A request line or header longer than this is refused, as http.server does.
_MAX_LINE = 65536
# An oversized body up to this size is read and dropped, so its sender gets the 413.
_MAX_DRAIN = 64 * 1024 * 1024
_CREDENTIAL = re.compile(r"Credential=([^,\s]+)")


def region_of(headers: Any, query: str) -> str | None:
    """The region of the SigV4 credential scope (``key/date/region/service/aws4_request``).

    Taken from the ``Authorization`` header, else from ``X-Amz-Credential`` (a header or
    the query string of a presigned request). Nothing is verified: any signature, or
    none, is accepted.
    """
    scope = None
    authorization = headers.get("Authorization")
    if authorization:
        found = _CREDENTIAL.search(authorization)
        scope = found.group(1) if found else None
    if scope is None:
        scope = headers.get("X-Amz-Credential")
    if scope is None and query:
        values = parse_qs(query).get("X-Amz-Credential")
        scope = values[0] if values else None
    if not scope:
        return None
    parts = scope.split("/")
    if len(parts) < 5:
        return None
    try:
        return check_region(parts[-3])
    except ValueError:
        return None


def aws_error(status: int, code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    """An error the HTTP layer answers itself, in the shape the pipeline gives its own."""
    body = json.dumps({"__type": code, "message": message}).encode()
    headers = {
        "Content-Type": CONTENT_TYPE,
        "x-amzn-RequestId": _arns.new_id(),
        "x-amzn-ErrorType": code,
    }
    return status, headers, body


def _error_type(body: bytes) -> str:
    try:
        code = json.loads(body).get("__type")
    except (ValueError, AttributeError):
        return "UnknownError"
    return code if isinstance(code, str) else "UnknownError"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pytest-ssmcontacts"
    sys_version = ""
    disable_nagle_algorithm = True
    server: Server

    # -- one request -----------------------------------------------------------

    def handle_one_request(self) -> None:
        # http.server's own version answers an unknown method with 501 and an HTML page;
        # every answer here is JSON and every method reaches the same dispatch.
        self._target = "-"
        self._status = 0
        self._logged = False
        try:
            self.raw_requestline = self.rfile.readline(_MAX_LINE + 1)
        except (OSError, ValueError):
            self.close_connection = True
            return
        # From the request line on: a kept-alive connection idles before it.
        self._started = time.perf_counter()
        if not self.raw_requestline:
            self.close_connection = True
            return
        try:
            if len(self.raw_requestline) > _MAX_LINE:
                self.requestline = self.command = ""
                self.request_version = "HTTP/1.1"
                self.close_connection = True
                self._reply(*aws_error(414, "RequestURITooLong", "request line too long"))
                return
            if self.parse_request():
                self._dispatch()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        finally:
            if not self._logged:
                self.server.log_request(self)

    def handle_expect_100(self) -> bool:
        # Refuse an oversized body before the client sends it.
        length = self._content_length()
        if length is not None and length > MAX_BODY:
            self._reply(*self._too_large())
            self.close_connection = True
            return False
        return super().handle_expect_100()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server's answer to a malformed request line or headers, in AWS's format.
        self.close_connection = True
        if not hasattr(self, "request_version"):
            self.request_version = "HTTP/1.1"
        # A request this server cannot read is the client's fault (a 505 included).
        status = code if 400 <= code < 500 else 400
        self._reply(*aws_error(status, "BadRequest", message or explain or "bad request"))

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        path, query = url.path, url.query
        body = self._read_body()
        if body is None:
            return
        if path.startswith(CONTROL_PREFIX) or path == CONTROL_PREFIX.rstrip("/"):
            from ._control import handle

            status, payload = handle(self.server.fake, self.command, path, query, body)
            data = json.dumps(payload).encode()
            self._reply(status, {"Content-Type": "application/json"}, data)
            return
        self._target = self.headers.get("X-Amz-Target") or "-"
        self._reply(*self._aws(path, query, body))

    def _aws(self, path: str, query: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        if path != "/":
            return aws_error(
                404, "UnknownOperationException", f"no such path {path!r}; AWS JSON 1.1 uses '/'"
            )
        if self.command != "POST":
            return aws_error(
                405,
                "UnknownOperationException",
                f"method {self.command} is not allowed; AWS JSON 1.1 requests are POST",
            )
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != CONTENT_TYPE:
            return aws_error(
                415,
                "UnsupportedMediaTypeException",
                f"Content-Type must be {CONTENT_TYPE}, got {content_type or 'none'!r}",
            )
        # What the body says (its target, its JSON) is the pipeline's to judge, as for
        # a call made in-process: the same request gets the same answer either way.
        fake = self.server.fake
        try:
            status, headers, data = fake._serve(self.headers, body, region_of(self.headers, query))
        except RecursionError:
            return aws_error(400, "SerializationException", "the request body nests too deep")
        except Exception as exc:
            # A bug of the fake: the client gets an answer, and the server goes on.
            return aws_error(500, "InternalServerException", f"pytest-ssmcontacts failed: {exc!r}")
        if status >= 400:
            headers = {**headers, "x-amzn-ErrorType": _error_type(data)}
        return status, headers, data

    # -- the body --------------------------------------------------------------

    def _content_length(self) -> int | None:
        value = self.headers.get("Content-Length")
        if value is None:
            return None
        try:
            length = int(value)
        except ValueError:
            return -1
        return length if length >= 0 else -1

    def _too_large(self) -> tuple[int, dict[str, str], bytes]:
        return aws_error(
            413,
            "RequestEntityTooLargeException",
            f"the request body is larger than {MAX_BODY} bytes",
        )

    def _read_body(self) -> bytes | None:
        """The request body, or None once an error answer went out instead."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length = self._content_length()
        if length is None:
            return b""
        if length < 0:
            self.close_connection = True
            self._reply(*aws_error(400, "BadRequest", "invalid Content-Length header"))
            return None
        if length > MAX_BODY:
            # A client sends the whole body before it reads an answer: read what it
            # sends (up to a bound), or it meets a closed connection instead of a 413.
            if length <= _MAX_DRAIN:
                self._discard(length)
            else:
                self.close_connection = True
            self._reply(*self._too_large())
            return None
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            return None
        return body

    def _read_chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            try:
                length = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                self.close_connection = True
                self._reply(*aws_error(400, "BadRequest", "malformed chunked body"))
                return None
            if length == 0:
                # Trailers, up to the empty line.
                while self.rfile.readline(_MAX_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            size += length
            if size > MAX_BODY:
                # The rest is not read: the connection cannot carry another request.
                self.close_connection = True
                self._discard(min(length, _MAX_DRAIN))
                self._reply(*self._too_large())
                return None
            chunks.append(self.rfile.read(length))
            self.rfile.readline(_MAX_LINE + 1)

    def _discard(self, length: int) -> None:
        while length > 0:
            chunk = self.rfile.read(min(length, 1 << 16))
            if not chunk:
                self.close_connection = True
                return
            length -= len(chunk)

    # -- the answer ------------------------------------------------------------

    def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self._status = status
        phrase = self.responses.get(status, ("",))[0]
        lines = [f"HTTP/1.1 {status} {phrase}", f"Date: {self.date_time_string()}"]
        lines.extend(
            f"{name}: {value}" for name, value in headers.items() if name != "Content-Length"
        )
        lines.append(f"Content-Length: {len(body)}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        # Logged before the answer leaves, so the log keeps the order the client sees.
        self.server.log_request(self)
        self._logged = True
        self.wfile.write(head if self.command == "HEAD" else head + body)

    def log_message(self, format: str, *args: Any) -> None:
        # http.server's own lines; the server writes one line per request instead.
        pass


class Server(ThreadingHTTPServer):
    """A threading HTTP server in front of one fake; every connection closes with it."""

    daemon_threads = True
    block_on_close = False
    # Many clients may connect at once (a test's worker pool); the default of 5 pending
    # connections would turn some of them away.
    request_queue_size = 128

    def __init__(
        self,
        fake: SSMContacts,
        host: str = LOOPBACK,
        port: int = 0,
        log: TextIO | None = None,
    ) -> None:
        self.fake = fake
        self.log = log
        self._host = host
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        self.address_family = info[0][0]
        address: Any = info[0][4][:2]
        super().__init__(address, _Handler)

    def _address(self) -> tuple[str, int]:
        host, port = self.server_address[:2]
        return (host.decode() if isinstance(host, bytes) else str(host)), port

    @property
    def url(self) -> str:
        """``http://HOST:PORT``: the host as given, the port as bound."""
        host, port = self._host, self._address()[1]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}"

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def log_request(self, handler: _Handler) -> None:
        if self.log is None:
            return
        elapsed = (time.perf_counter() - handler._started) * 1000
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
        method = handler.command or "-"
        path = getattr(handler, "path", None) or "-"
        line = (
            f"{now} {handler.client_address[0]} {method} {path[:200]} "
            f"{handler._target} {handler._status} {elapsed:.1f}ms\n"
        )
        try:
            self.log.write(line)
            self.log.flush()
        except (OSError, ValueError):
            pass

    def start(self) -> Server:
        """Serve from a daemon thread."""
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.5},
            name=f"pytest-ssmcontacts {self.url}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop listening and end every open connection (keep-alive ones too)."""
        if self._thread is not None:
            # shutdown() waits for the serving loop to look at its flag, which it does
            # between waits for a connection: a connection of our own ends the wait, so
            # stopping takes no poll interval.
            stopper = threading.Thread(target=self.shutdown, daemon=True)
            stopper.start()
            while stopper.is_alive():
                with contextlib.suppress(OSError):
                    socket.create_connection(self._address(), timeout=1).close()
                stopper.join(0.01)
            self._thread.join()
            self._thread = None
        self.server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


# -- the in-process server of each active fake ---------------------------------------

_lock = threading.Lock()
_servers: weakref.WeakKeyDictionary[Activation, Server] = weakref.WeakKeyDictionary()


def endpoint_url(fake: SSMContacts) -> str:
    """The URL of ``fake``'s server, started on first use while the fake is active."""
    with _lock:
        if not fake.active:
            raise RuntimeError(
                "endpoint_url is only available while the fake is active; use it inside "
                "the test (the ssm_contacts fixture) or a `with mock_ssm_contacts()` block"
            )
        server = _servers.get(fake)
        if server is None:
            server = _servers[fake] = Server(fake).start()
        return server.url


def stop(fake: Activation) -> None:
    """Close ``fake``'s server, if it has one: the port closes with the fake."""
    with _lock:
        server = _servers.pop(fake, None)
    if server is not None:
        server.close()
