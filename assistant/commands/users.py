"""`users add NAME --role viewer|approver|admin`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from assistant.commands.base import Context, add_common, add_now, command
from assistant.core.statuses import Role
from assistant.errors import BadInput

PASSWORD_ENV = "AR_ASSISTANT_NEW_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="local accounts of the staff web app")
    add_common(users)
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = command(users_sub, "add", run_add,
                f"add a user or reset its role and password (password from ${PASSWORD_ENV} or a prompt)")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=tuple(Role))
    add_now(p)


def run_add(args: argparse.Namespace, ctx: Context) -> int:
    from assistant.service.users import add_user
    from assistant.store.access import open_store

    password = os.environ.get(PASSWORD_ENV)
    if not password:
        if not sys.stdin.isatty():
            raise BadInput(f"no password: set ${PASSWORD_ENV} or run on a terminal")
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise BadInput("the passwords differ")
    created = add_user(open_store(ctx.settings), args.name, args.role, password, ctx.now(args))
    print(f"user {args.name} {'added' if created else 'updated'} with role {args.role}")
    return 0
