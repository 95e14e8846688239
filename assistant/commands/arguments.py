"""Command-line values and outputs: points in time (`--now`), TCP ports (`--port`, with a
check that the port is free), and files a command writes at the operator's request."""

from __future__ import annotations

import argparse
import errno
import socket
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import BadInput

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def iso_datetime(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime; without an offset it is read as UTC.

    Raises `argparse.ArgumentTypeError`, so argparse reports it as a usage error (exit 2).
    """
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    # Passes look back and ahead by months; near datetime's limits that arithmetic overflows.
    try:
        in_range = EARLIEST <= value < LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        raise argparse.ArgumentTypeError(f"{text!r} is outside {EARLIEST:%Y} to {LATEST.year - 1}")
    return value


def tcp_port(text: str) -> int:
    """A `--port` value: an integer from 1 to 65535 (argparse reports anything else, exit 2)."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port (1-65535): {text!r}")
    return port


def refuse_taken_port(host: str, port: int) -> None:
    """Fail before starting anything when the port cannot be bound (taken, or a bad address)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BadInput(f"port {port} is in use ({exc.strerror}): choose another with --port") from exc
            raise BadInput(f"{host}:{port}: cannot listen there ({exc.strerror or exc})") from exc


def write_output(path: Path, text: str) -> None:
    """Write `text` to `path` as UTF-8; a path that cannot be written is bad input (exit 2)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path}: cannot write: {exc.strerror or exc}") from exc
