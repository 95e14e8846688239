"""Fixtures for the mail adapter tests: the real Dovecot server."""

from tests.servers.dovecot import dovecot

__all__ = ["dovecot"]
