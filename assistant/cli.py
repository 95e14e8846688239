"""The command line: the operator contract (CONTRACT.md).

Each command group lives in its own module under `assistant.commands` and exposes
`register(subparsers)`. This module only builds the parser and maps errors to exit codes:
0 success, 2 bad input or configuration, 1 internal error. Heavy libraries (spaCy, the web
stack) are imported inside the handlers, so `classify` and `--help` start quickly.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from assistant.commands import (
    demo,
    digest,
    dunning,
    ledger,
    listening,
    reading,
    serving,
    setup,
    suggestions,
    users,
)
from assistant.commands.base import Context, Handler, Parser, add_common
from assistant.errors import AssistantError, BadInput
from assistant.logging_setup import redact_existing_handlers
from assistant.settings import help_text

COMMAND_GROUPS = (setup, ledger, users, reading, dunning, listening, suggestions, digest, serving, demo)

log = logging.getLogger("assistant")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="ar-assistant",
        description=(
            "Self-hosted accounts-receivable assistant: sends dunning reminders, reads "
            "customer replies from the shared mailbox, suggests follow-ups for staff to approve."
        ),
        epilog=help_text() + "\n\nexit codes: 0 success, 2 bad input or configuration, 1 internal error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_common(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    redact_existing_handlers()  # customer addresses never reach the logs in full
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    ctx = Context(config_path=getattr(args, "config", None))
    try:
        return handler(args, ctx)
    except BadInput as exc:
        for problem in exc.problems:
            print(f"ar-assistant: {problem}", file=sys.stderr)
        return exc.exit_code
    except AssistantError as exc:
        print(f"ar-assistant: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        log.exception("internal error")
        print("ar-assistant: internal error (details above)", file=sys.stderr)
        return 1
