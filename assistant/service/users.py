"""Use case: local accounts for the staff web app (argon2 password hashes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select

from assistant.core.statuses import Role
from assistant.errors import BadInput
from assistant.store.db import transaction
from assistant.store.models import AuditRow, UserRow

MIN_PASSWORD = 8
_hasher = PasswordHasher()


def add_user(engine: Engine, name: str, role: str, password: str, now: datetime, actor: str = "cli") -> bool:
    """Create the user, or update role and password if it exists. Returns True if created."""
    if not re.fullmatch(r"[A-Za-z0-9._@-]{1,64}", name):
        raise BadInput(f"user name {name!r}: use 1-64 letters, digits, . _ @ -")
    if role not in set(Role):
        raise BadInput(f"role {role!r}: must be one of {', '.join(Role)}")
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"password: at least {MIN_PASSWORD} characters")
    with transaction(engine) as session:
        user = session.scalar(select(UserRow).where(UserRow.name == name))
        created = user is None
        if user is None:
            user = UserRow(name=name, created_at=now)
            session.add(user)
        user.role = role
        user.password_hash = _hasher.hash(password)
        user.disabled = False
        user.updated_at = now
        session.add(AuditRow(at=now, actor=actor, action="user.added" if created else "user.updated",
                             subject_type="user", subject_id=name, detail={"role": role}))
    return created


def verify_password(engine: Engine, name: str, password: str) -> UserRow | None:
    """The user if the password is right and the account is enabled, else None."""
    with transaction(engine) as session:
        user = session.scalar(select(UserRow).where(UserRow.name == name))
        if user is None or user.disabled:
            # Hash anyway so a missing user takes as long as a wrong password.
            _hasher.hash(password)
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return user


@dataclass(frozen=True)
class StaffUser:
    id: int
    name: str
    role: Role


def active_user(engine: Engine, user_id: int, name: str) -> StaffUser | None:
    """The enabled account with this id and name (re-read on every request, so a disabled
    account or a changed role takes effect at once)."""
    with transaction(engine) as session:
        row = session.get(UserRow, user_id)
        if row is None or row.disabled or row.name != name:
            return None
        return StaffUser(row.id, row.name, Role(row.role))


def record_login(engine: Engine, name: str, now: datetime) -> None:
    with transaction(engine) as session:
        session.add(AuditRow(at=now, actor=name, action="web.login", subject_type="user", subject_id=name, detail={}))
