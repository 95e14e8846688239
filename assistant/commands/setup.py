"""`init` and `check-config`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from assistant.commands.arguments import write_output
from assistant.commands.base import Context, command
from assistant.errors import BadInput
from assistant.settings import CONFIG_ENV, DEFAULT_CONFIG_NAME, default_toml, describe


def register(sub: argparse._SubParsersAction) -> None:
    command(sub, "init", run_init,
            "create the config file if missing and bring the database schema to the latest version (idempotent)")
    command(sub, "check-config", run_check_config, "print the resolved settings, secrets masked")


def run_init(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.store.access import open_store
    from assistant.store.migrate import upgrade

    target = Path(ctx.config_path or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_NAME)
    if not target.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BadInput(f"{target.parent}: cannot create the folder: {exc.strerror or exc}") from exc
        write_output(target, default_toml())
        print(f"created {target}")
        ctx.config_path = str(target)
    elif ctx.config_path is None and not os.environ.get(CONFIG_ENV):
        ctx.config_path = str(target)
    engine = open_store(ctx.settings, require_schema=False)
    heads = upgrade(engine)
    print(f"database {engine.url.render_as_string(hide_password=True)} is at schema {', '.join(heads)}")
    return 0


def run_check_config(args: argparse.Namespace, ctx: Context) -> int:
    settings = ctx.settings
    print(f"# source: {settings.source}")
    for key, value, help_ in describe(settings):
        print(f"{key} = {value}    # {help_}")
    return 0
