"""Settings: every TOML key declared once, as fields of frozen dataclasses.

The field declarations are the table that drives validation, `--help` and
`ar-assistant check-config`. Secrets never live in the file: a key ending in `_env`
names the environment variable that holds the secret.

Resolution order (CONTRACT.md): `--config PATH`, else `$AR_ASSISTANT_CONFIG`, else
`./assistant.toml`, else the built-in defaults (the embedded default: SQLite at
`./var/assistant.db`).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.errors import BadInput

DEFAULT_CONFIG_NAME = "assistant.toml"
CONFIG_ENV = "AR_ASSISTANT_CONFIG"
TLS_MODES = ("ssl", "starttls", "none")


def _key(default: Any, help: str, choices: tuple[str, ...] = ()) -> Any:
    return field(default=default, metadata={"help": help, "choices": choices})


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = _key("sqlite:///var/assistant.db", "SQLAlchemy URL: sqlite:///PATH or postgresql+psycopg://user@host/db")
    busy_timeout_ms: int = _key(10000, "SQLite: how long a writer waits for a lock before failing")


@dataclass(frozen=True)
class MailboxSettings:
    host: str = _key("127.0.0.1", "IMAP server of the shared AR mailbox")
    port: int = _key(993, "IMAP port")
    tls: str = _key("ssl", "IMAP transport security", TLS_MODES)
    username: str = _key("ar@example.com", "IMAP login")
    password_env: str = _key("AR_IMAP_PASSWORD", "environment variable holding the IMAP password")
    folder: str = _key("INBOX", "folder watched for replies")
    idle_seconds: int = _key(540, "longest IDLE cycle before re-issuing it (RFC 2177 asks for under 29 minutes)")
    verify_tls: bool = _key(True, "verify the server's TLS certificate")
    timeout_seconds: int = _key(30, "IMAP socket timeout, and how long ending IDLE may take before the connection is dropped")
    max_message_bytes: int = _key(25 * 1024 * 1024, "larger messages are kept raw in the quarantine, not read")
    stored_keyword: str = _key("$ArProcessed", "IMAP keyword added on the server once a message is stored; empty: none")


@dataclass(frozen=True)
class SmtpSettings:
    host: str = _key("127.0.0.1", "SMTP server for outgoing mail")
    port: int = _key(587, "SMTP port")
    tls: str = _key("starttls", "SMTP transport security", TLS_MODES)
    username: str = _key("", "SMTP login; empty: no SMTP auth")
    password_env: str = _key("AR_SMTP_PASSWORD", "environment variable holding the SMTP password")
    from_address: str = _key("ar@example.com", "From address of every email we send")
    verify_tls: bool = _key(True, "verify the server's TLS certificate")


@dataclass(frozen=True)
class CompanySettings:
    name: str = _key("Example Ltd", "company name used in emails")
    timezone: str = _key("Europe/London", "IANA time zone of the AR team")
    country: str = _key("GB", "ISO 3166 country of the AR team (public holidays)")
    currency: str = _key("EUR", "default currency when an import row omits it")
    message_id_domain: str = _key("", "domain for our Message-IDs; empty: from_address's domain")


@dataclass(frozen=True)
class WebSettings:
    host: str = _key("127.0.0.1", "address the staff web app listens on")
    port: int = _key(8000, "port of the staff web app")
    base_url: str = _key("http://127.0.0.1:8000", "public URL of the web app, used in links (digest, emails)")
    secret_key_env: str = _key("AR_WEB_SECRET", "environment variable holding the session signing key")
    secret_file: str = _key("var/web-secret.key", "where a generated signing key is kept when the variable is unset")
    https: bool = _key(False, "served over https (behind a proxy): session cookies get the Secure flag")
    session_hours: int = _key(12, "how long a login lasts")
    login_attempts: int = _key(5, "failed logins allowed per user and address within login_window_seconds")
    login_window_seconds: int = _key(900, "window for counting failed logins")
    page_size: int = _key(50, "rows per page in lists")


@dataclass(frozen=True)
class DunningSettings:
    policy: str = _key("", "dunning policy TOML (steps, tones, segments, send window, cap, late fees); empty: the built-in data/policies/default.toml")
    templates: str = _key("", "folder of reminder email templates; empty: the built-in templates/email")
    interval_minutes: int = _key(15, "how often `run` makes a dunning pass (correctness never depends on it)")
    max_attempts: int = _key(6, "delivery attempts on temporary SMTP failures (4xx, lost connection) before 'failed'")
    retry_base_seconds: int = _key(60, "first retry delay; each further retry waits twice as long")
    smtp_timeout_seconds: float = _key(30.0, "SMTP socket timeout")


@dataclass(frozen=True)
class ConversationSettings:
    auto_send: tuple[str, ...] = _key((), "intents whose suggested replies are sent without approval (never for low confidence, unknown senders or DMARC failures); empty: none")
    min_confidence: float = _key(0.6, "below this classifier confidence a reply goes to a person")
    not_received_grace_days: int = _key(7, "after resending an invoice, no escalation for this many days")
    promise_grace_days: int = _key(3, "a promise to pay holds dunning until its date plus this many days")
    verification_business_days: int = _key(3, "'already paid' is checked against the ledger after this many business days")
    plan_max_instalments: int = _key(6, "payment plans: most instalments offered")
    plan_min_instalment: str = _key("100.00", "payment plans: smallest instalment (decimal)")
    plan_max_months: int = _key(6, "payment plans: longest plan in months")
    plan_staff_threshold: str = _key("25000.00", "payment plans: larger open balances are handed to staff (decimal)")
    plan_first_due_days: int = _key(14, "payment plans: first instalment due this many days after acceptance")
    plan_reminder_days_before: int = _key(3, "payment plans: instalment reminder this many days before it is due")
    fuzzy_threshold: int = _key(90, "matching: least rapidfuzz score for an invoice number written slightly wrong")
    dispute_owner: str = _key("ar-team", "who new dispute cases are routed to (reassign with `decide INV --owner NAME`)")


@dataclass(frozen=True)
class ReadingSettings:
    invoice_pattern: str = _key("", "regular expression for invoice numbers in replies (first non-empty group is the number); empty: the built-in pattern (INV-1001, #4521, 2026-0042, FA-778, 'invoice 12345', ...)")
    date_order: str = _key("DMY", "how numeric dates like 12/01 are read when the customer's country does not say", ("DMY", "MDY", "YMD"))


@dataclass(frozen=True)
class DigestSettings:
    recipients: tuple[str, ...] = _key((), "addresses the weekly digest is emailed to; empty: the digest is not emailed")
    weekday: str = _key("mon", "day of the week the digest is sent", ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    time: str = _key("08:00", "local time (HH:MM) the digest is sent")
    timezone: str = _key("", "IANA time zone for weekday and time; empty: company.timezone")
    dispute_limit_days: int = _key(14, "disputes open longer than this are listed in the digest")


@dataclass(frozen=True)
class Settings:
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    mailbox: MailboxSettings = field(default_factory=MailboxSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    company: CompanySettings = field(default_factory=CompanySettings)
    web: WebSettings = field(default_factory=WebSettings)
    dunning: DunningSettings = field(default_factory=DunningSettings)
    conversations: ConversationSettings = field(default_factory=ConversationSettings)
    reading: ReadingSettings = field(default_factory=ReadingSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    source: str = ""

    def secret(self, env_name: str) -> str | None:
        """The secret named by a `*_env` key, read from the environment at use time."""
        return os.environ.get(env_name) or None


# Section name -> dataclass. Extend by adding a field to `Settings` with its dataclass.
def sections() -> dict[str, type]:
    hints = typing.get_type_hints(Settings)
    return {f.name: hints[f.name] for f in dataclasses.fields(Settings) if f.name != "source"}


def resolve_config_path(explicit: str | None) -> Path | None:
    """The config file to read, or None for built-in defaults."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    local = Path(DEFAULT_CONFIG_NAME)
    return local if local.exists() else None


def load_settings(explicit: str | None = None) -> Settings:
    path = resolve_config_path(explicit)
    if path is None:
        return Settings(source="built-in defaults")
    if not path.exists():
        raise BadInput(f"{path}: config file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the config file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not valid TOML: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{path}: not valid TOML: {exc}") from exc
    return settings_from_mapping(data, source=str(path))


def settings_from_mapping(data: Mapping[str, Any], source: str = "") -> Settings:
    """Validate a parsed TOML document against the declared keys; report every problem."""
    problems: list[str] = []
    built: dict[str, Any] = {}
    known = sections()
    for name, value in data.items():
        if name not in known:
            problems.append(f"{source}: [{name}]: unknown section (known: {', '.join(known)})")
        elif not isinstance(value, dict):
            problems.append(f"{source}: {name}: must be a table")
    for name, cls in known.items():
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            continue
        section, errs = _build_section(name, cls, raw, source)
        problems.extend(errs)
        built[name] = section
    if problems:
        raise BadInput(problems)
    settings = Settings(**built, source=source)
    _check_cross_field(settings, source)
    return settings


def _build_section(name: str, cls: type, raw: dict[str, Any], source: str) -> tuple[Any, list[str]]:
    problems: list[str] = []
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        f = fields.get(key)
        where = f"{source}: " if source else ""
        if f is None:
            problems.append(f"{where}{name}.{key}: unknown key (known: {', '.join(fields)})")
            continue
        expected = hints[key]
        if not _type_ok(value, expected):
            problems.append(f"{where}{name}.{key}: expected {_type_name(expected)}, got {value!r}")
            continue
        choices = f.metadata.get("choices") or ()
        if choices and value not in choices:
            problems.append(f"{where}{name}.{key}: must be one of {', '.join(choices)}, got {value!r}")
            continue
        values[key] = value
    return (cls(**values) if not problems else cls()), problems


def _type_ok(value: Any, expected: Any) -> bool:
    origin = typing.get_origin(expected)
    if origin in (types.UnionType, typing.Union):
        return any(_type_ok(value, arg) for arg in typing.get_args(expected))
    if expected is type(None):
        return value is None
    if origin in (list, tuple):
        (item,) = typing.get_args(expected)[:1] or (Any,)
        return isinstance(value, list) and all(_type_ok(v, item) for v in value)
    if expected is Any:
        return True
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, expected)


def _type_name(expected: Any) -> str:
    return getattr(expected, "__name__", str(expected))


def _check_cross_field(settings: Settings, source: str) -> None:
    """Checks on values, not types; every problem is reported, each on its own line."""
    where = f"{source}: " if source else ""
    problems: list[str] = []
    zones = [("company.timezone", settings.company.timezone)]
    if settings.digest.timezone:
        zones.append(("digest.timezone", settings.digest.timezone))
    for key, zone in zones:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"{where}{key}: unknown time zone {zone!r}")
    url = settings.database.url
    if not (url.startswith("sqlite") or url.startswith("postgresql")):
        problems.append(f"{where}database.url: only sqlite:// and postgresql+psycopg:// are supported, got {url!r}")
    for key, port in (("mailbox.port", settings.mailbox.port), ("smtp.port", settings.smtp.port),
                      ("web.port", settings.web.port)):
        if not 1 <= port <= 65535:
            problems.append(f"{where}{key}: must be a TCP port from 1 to 65535, got {port}")
    if settings.dunning.interval_minutes < 1:
        problems.append(f"{where}dunning.interval_minutes: must be at least 1, got {settings.dunning.interval_minutes}")
    if problems:
        raise BadInput(problems)


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """(key, value, help) rows for `check-config`, with secrets masked."""
    rows: list[tuple[str, str, str]] = []
    for name in sections():
        section = getattr(settings, name)
        for f in dataclasses.fields(section):
            value = getattr(section, f.name)
            shown = repr(value)
            if f.name.endswith("_env"):
                secret = os.environ.get(value)
                shown = f"{value!r} ({'set: ********' if secret else 'not set'})"
            elif name == "database" and f.name == "url":
                shown = repr(_mask_url_password(value))
            rows.append((f"{name}.{f.name}", shown, f.metadata.get("help", "")))
    return rows


def _mask_url_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def help_text() -> str:
    """The settings table as text for `--help`."""
    lines = ["configuration keys (TOML):"]
    for name, cls in sections().items():
        lines.append(f"  [{name}]")
        for f in dataclasses.fields(cls):
            choices = f.metadata.get("choices") or ()
            extra = f" ({' | '.join(choices)})" if choices else ""
            lines.append(f"    {f.name} = {f.default!r}  {f.metadata.get('help', '')}{extra}")
    return "\n".join(lines)


def default_toml() -> str:
    """The config file `init` writes: every key with its default and help."""
    out = ["# ar-assistant configuration. Secrets never go here: *_env keys name variables.", ""]
    for name, cls in sections().items():
        out.append(f"[{name}]")
        for f in dataclasses.fields(cls):
            out.append(f"# {f.metadata.get('help', '')}")
            out.append(f"{f.name} = {_toml_value(f.default)}")
        out.append("")
    return "\n".join(out)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
