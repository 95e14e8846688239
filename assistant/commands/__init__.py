"""Command groups of the command line; each module exposes `register(subparsers)`."""
