"""Where a command serves HTTP: the `--port` value and a check that the port is free."""

from __future__ import annotations

import argparse
import errno
import socket

from assistant.errors import BadInput


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
