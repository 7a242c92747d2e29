"""``python -m pytest_ssmcontacts serve``: the fake as a standalone HTTP server.

For test suites in other languages and docker-compose set-ups. The first line on stdout
is the base URL, once the server listens; stderr gets one line per request. SIGINT or
SIGTERM stop it with exit status 0; a bad option or file exits 2, naming the option.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from typing import Any, NoReturn

from ._version import __version__

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _parser() -> _Parser:
    parser = _Parser(
        prog="python -m pytest_ssmcontacts",
        description="The pytest-ssmcontacts fake of AWS Incident Manager Contacts.",
    )
    parser.add_argument("--version", action="version", version=f"pytest-ssmcontacts {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    serve = commands.add_parser(
        "serve",
        help="serve the fake over HTTP (AWS JSON 1.1 and the /_ssmcontacts/ control API)",
        description=(
            "Serve the fake over HTTP until SIGINT or SIGTERM. The first line on stdout "
            "is the base URL; each request is logged on stderr. The fake has no "
            "authentication: it listens on loopback unless --host says otherwise."
        ),
    )
    serve.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    serve.add_argument(
        "--port", default="0", help="port to listen on (default 0: one the OS chooses)"
    )
    serve.add_argument("--region", default=None, help="default region (default us-east-1)")
    serve.add_argument(
        "--account-id", default=None, help="the AWS account id (default 123456789012)"
    )
    serve.add_argument(
        "--contacts", metavar="FILE.json", help="a JSON list of contacts to preload, as the marker"
    )
    serve.add_argument(
        "--rotations",
        metavar="FILE.json",
        help="a JSON list of rotations to preload, as the marker",
    )
    serve.add_argument(
        "--start-time", metavar="ISO8601", help="where the virtual clock starts (default: now)"
    )
    serve.add_argument(
        "--quotas", metavar="FILE.json", help="a JSON object of service quotas to change"
    )
    return parser


def _load(parser: _Parser, option: str, path: str | None, kind: type) -> Any:
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as file:
            value = json.load(file)
    except OSError as exc:
        parser.error(f"{option}: cannot read {path!r}: {exc.strerror or exc}")
    except ValueError as exc:
        parser.error(f"{option}: {path!r} is not valid JSON: {exc}")
    if not isinstance(value, kind):
        expected = "a JSON list" if kind is list else "a JSON object"
        parser.error(f"{option}: {path!r} must hold {expected}, got {type(value).__name__}")
    return value


def _port(parser: _Parser, value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        parser.error(f"--port: expected a port number from 0 to 65535, got {value!r}")
    return port


def _is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


def _fake(parser: _Parser, options: argparse.Namespace) -> Any:
    # Imported here, so --help and option errors answer without loading botocore.
    from ._account_region import DEFAULT_REGION, check_account, check_region
    from ._clock import parse_start_time
    from ._fake import SSMContacts
    from ._quotas import Quotas

    for option, value, check in (
        ("--region", options.region, check_region),
        ("--account-id", options.account_id, check_account),
        ("--start-time", options.start_time, parse_start_time),
    ):
        if value is None:
            continue
        try:
            check(value)
        except (ValueError, TypeError) as exc:
            parser.error(f"{option}: {exc}")
    quotas = _load(parser, "--quotas", options.quotas, dict)
    try:
        Quotas.from_mapping(quotas)
    except (ValueError, TypeError) as exc:
        parser.error(f"--quotas: {exc}")
    contacts = _load(parser, "--contacts", options.contacts, list) or []
    rotations = _load(parser, "--rotations", options.rotations, list) or []
    try:
        return SSMContacts(
            contacts=contacts,
            rotations=rotations,
            account_id=options.account_id,
            region=options.region or DEFAULT_REGION,
            start_time=options.start_time,
            quotas=quotas,
        )
    except (ValueError, TypeError, LookupError) as exc:
        message = str(exc.args[0]) if exc.args else str(exc)
        option = "--rotations" if message.startswith("rotations") else "--contacts"
        parser.error(f"{option}: {message}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    options = parser.parse_args(argv)
    port = _port(parser, options.port)
    host = options.host if options.host is not None else "127.0.0.1"
    if not host:
        parser.error("--host: expected an address or a host name, got ''")
    fake = _fake(parser, options)

    from ._http_server import Server

    try:
        server = Server(fake, host, port, log=sys.stderr)
    except OSError as exc:
        option = "--port" if port and getattr(exc, "errno", None) in (98, 48, 10048) else "--host"
        parser.error(f"{option}: cannot listen on {host}:{port}: {exc.strerror or exc}")
    if not _is_loopback(host):
        sys.stderr.write(
            f"warning: listening on {host}, not a loopback address: the fake has no "
            "authentication, so anyone who can reach this port can read and change it\n"
        )
    stopping = threading.Event()

    def stop(signum: int, frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # Active, the fake also answers boto3 clients in this process, and the environment
    # of anything this process runs holds fake credentials.
    fake.start()
    server.start()
    sys.stdout.write(server.url + "\n")
    sys.stdout.flush()
    try:
        while not stopping.wait(0.5):
            pass
    finally:
        server.close()
        fake.stop()
    return 0
