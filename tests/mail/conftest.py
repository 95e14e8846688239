"""Fixtures for the mail adapter tests: the real Dovecot server."""

from tests.servers.dovecot import dovecot, dovecot_tls

__all__ = ["dovecot", "dovecot_tls"]
