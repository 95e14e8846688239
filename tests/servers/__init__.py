"""Real servers started by the tests: Dovecot, SMTP, the web app."""
