"""What every command shares: the context a handler gets, the subcommand helper, and the
one reading of the wall clock.

Business time flows down from here: a command takes `--now` when given, else reads the
wall clock once (`Context.now`), and passes that instant to the use case. Long-running
commands (`run`, `listen`, `web`, `demo`) hand `wall_clock` itself to the scheduler, the
listener and the web app, whose ticks and requests each read it once.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from assistant.commands.arguments import iso_datetime
from assistant.settings import Settings, load_settings

Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    """The current time, aware, in UTC: the only reading of the wall clock for business time."""
    return datetime.now(UTC)


def clock_from(start: datetime | None, fixed: bool = False) -> Clock:
    """The wall clock; or, from `--now`, a clock that starts at `start` and runs on with the
    real one (`fixed`: stays at `start`, for a command that finishes in one pass)."""
    if start is None:
        return wall_clock
    if fixed:
        return lambda: start
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


@dataclass
class Context:
    """What every handler gets: the config path, lazily loaded settings, and `now`."""

    config_path: str | None
    _settings: Settings | None = field(default=None, repr=False)
    _now: datetime | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_path)
        return self._settings

    def now(self, args: argparse.Namespace) -> datetime:
        """`--now` when given, else the wall clock, read once per command."""
        if self._now is None:
            given: datetime | None = getattr(args, "now", None)
            self._now = given if given is not None else wall_clock()
        return self._now


Handler = Callable[[argparse.Namespace, Context], int]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits 2 on usage errors, which matches our "bad input" code.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command accepts (CONTRACT.md: every command accepts --config)."""
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="TOML config file (default: $AR_ASSISTANT_CONFIG, else ./assistant.toml, else built-in defaults)",
    )


def add_now(parser: argparse.ArgumentParser, what: str = "as of this ISO 8601 time") -> None:
    """`--now ISO8601`: every command that reads or changes business state takes it."""
    parser.add_argument("--now", type=iso_datetime, metavar="ISO8601",
                        help=f"{what} (default: the current time; without an offset: UTC)")


def command(sub: argparse._SubParsersAction, name: str, handler: Handler, help: str, **kw: object) -> argparse.ArgumentParser:
    """Register one subcommand with its handler and the common options."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help, **kw)  # type: ignore[arg-type]
    add_common(p)
    p.set_defaults(handler=handler)
    return p
