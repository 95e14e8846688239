"""The command line: the operator contract (CONTRACT.md).

Each command group lives in its own module under `assistant.commands` and exposes
`register(subparsers)`. This module only builds the parser, resolves settings lazily
and maps errors to exit codes: 0 success, 2 bad input or configuration, 1 internal error.
Imports of heavy libraries happen inside the handlers so `classify` starts quickly.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.errors import AssistantError, BadInput

if TYPE_CHECKING:
    from assistant.settings import Settings

COMMAND_MODULES: tuple[str, ...] = (
    "assistant.commands.setup",
    "assistant.commands.ledger",
    "assistant.commands.users",
    "assistant.commands.reading",
    "assistant.commands.dunning",
    "assistant.commands.listening",
    "assistant.commands.suggestions",
    "assistant.commands.digest",
    "assistant.commands.web",
    "assistant.commands.demo",
    "assistant.commands.run",
)

log = logging.getLogger("assistant")


@dataclass
class Context:
    """What every handler gets: the config path and lazily loaded settings."""

    config_path: str | None
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from assistant.settings import load_settings

            self._settings = load_settings(self.config_path)
        return self._settings


Handler = Callable[[argparse.Namespace, Context], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits 2 on usage errors, which matches our "bad input" code.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from assistant.settings import help_text

    parser = _Parser(
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a command group not built yet
            raise
        module.register(sub)
    return parser


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command accepts (CONTRACT.md: every command accepts --config)."""
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="TOML config file (default: $AR_ASSISTANT_CONFIG, else ./assistant.toml, else built-in defaults)",
    )


def command(sub: argparse._SubParsersAction, name: str, handler: Handler, help: str, **kw: object) -> argparse.ArgumentParser:
    """Register one subcommand with its handler and the common options."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help, **kw)  # type: ignore[arg-type]
    add_common(p)
    p.set_defaults(handler=handler)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    from assistant.logging_setup import redact_existing_handlers

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
