"""The exception tree.

"Their fault" (bad input, bad configuration) derives from `BadInput` and maps to exit
code 2 with one line per problem; anything else is "our fault" and maps to exit code 1.
"""

from __future__ import annotations

from collections.abc import Iterable


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose."""

    exit_code = 1


class BadInput(AssistantError):
    """The operator or a counterpart gave us something we cannot use.

    Carries one or more problems; each is printed on its own line.
    """

    exit_code = 2

    def __init__(self, problems: str | Iterable[str]) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class ImportRowsInvalid(BadInput):
    """One or more CSV rows are invalid; nothing was written."""


class NotFound(BadInput):
    """A record named on the command line does not exist."""

    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} not found: {key}")


class IllegalTransition(AssistantError):
    """A conversation event is not allowed in the current state; nothing changed."""

    def __init__(self, state: str, event: str) -> None:
        super().__init__(f"event {event!r} is not allowed in state {state!r}")
        self.state = state
        self.event = event


class StoreUnavailable(AssistantError):
    """The database cannot be reached right now (a restart, a full disk): nothing was
    committed for the work in hand, so it is retried later, never half done."""
