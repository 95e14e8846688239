"""The end-to-end demo: local SMTP and IMAP servers started by the demo itself, and the loop
that drives the production code through them (`ar-assistant demo`)."""
