"""Structured logs: JSON lines, email addresses redacted in messages and exceptions."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.logging_setup import configure, redact


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_redact_keeps_first_character_and_domain() -> None:
    assert redact("to anna.schmidt+ar@hartmann-logistik.example, cc b@x.co.uk") == \
        "to a***@hartmann-logistik.example, cc b***@x.co.uk"
    assert redact("no address here: a@b, @home, INV-1001") == "no address here: a@b, @home, INV-1001"


def test_json_lines_redact_arguments_and_exceptions(restore_root: None) -> None:
    stream = io.StringIO()
    configure("json", logging.INFO, stream)
    log = logging.getLogger("assistant.test")
    log.info("sent reminder to %s", "buchhaltung@hartmann-logistik.example")
    try:
        raise ValueError("550 5.1.1 <finance@brightsidecare.example>: user unknown")
    except ValueError:
        log.exception("delivery failed for %s", "finance@brightsidecare.example")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["message"] == "sent reminder to b***@hartmann-logistik.example"
    assert lines[0]["level"] == "info" and lines[0]["logger"] == "assistant.test"
    assert lines[1]["message"] == "delivery failed for f***@brightsidecare.example"
    assert "f***@brightsidecare.example" in lines[1]["exception"]
    assert "finance@" not in stream.getvalue() and "buchhaltung@" not in stream.getvalue()


def test_text_format_redacts_too(restore_root: None) -> None:
    stream = io.StringIO()
    configure("text", logging.INFO, stream)
    logging.getLogger("assistant.test").warning("bounce from %s", "ap@weber-maschinenbau.example")
    assert "a***@weber-maschinenbau.example" in stream.getvalue()
    assert "ap@weber" not in stream.getvalue()


def test_every_command_logs_addresses_redacted(tmp_path: Path) -> None:
    # The command line's own logging set-up, then a log line as any command would write it.
    script = ("import logging, sys\n"
              "from assistant.cli import main\n"
              "main(['-v', 'check-config'])\n"
              "logging.getLogger('assistant.mail').warning('bounce for %s', 'someone.secret@example.com')\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env={k: v for k, v in os.environ.items() if k != "AR_ASSISTANT_CONFIG"})
    assert run.returncode == 0, run.stderr
    assert "bounce for s***@example.com" in run.stderr, run.stderr
    assert "someone.secret@" not in run.stderr
