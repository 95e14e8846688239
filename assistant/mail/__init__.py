"""Mail adapters: the IMAP listener and the SMTP outbox. Thin layers that hand raw bytes on."""
