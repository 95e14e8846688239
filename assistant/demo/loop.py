"""The demo loop on the embedded default: fresh store, local servers, the production code.

prepare() -> fresh `var/demo/` (SQLite, config pointing at the local servers), schema,
demo ledger, an approver login. dunning_day() -> the scheduler's dunning passes through
one business day at a demo clock, delivering over SMTP to the catcher. append_replies() ->
the customers' replies, threaded onto the reminders sent, APPENDed over IMAP. The listener
then reads them through the production IMAP code path (`assistant.mail.imap_listener`).
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from assistant.core.statuses import InboundStatus, OutboxKind, OutboxStatus, Role
from assistant.demo.dovecot_server import DemoDovecot, dovecot_available, start_dovecot
from assistant.demo.pymap_server import DemoPymap, pymap_command, start_pymap
from assistant.demo.replies import load_replies, thread_onto
from assistant.demo.smtp_catcher import SmtpCatcher
from assistant.errors import AssistantError, BadInput
from assistant.rendering.digest import render_html
from assistant.service.digest.build import build_digest
from assistant.service.digest.delivery import send_weekly_digest
from assistant.service.dunning.send_due import send_due
from assistant.service.ledger import imports as ledger_import
from assistant.service.users import add_user
from assistant.settings import Settings, load_settings
from assistant.store.db import transaction
from assistant.store.migrate import upgrade
from assistant.store.models import CustomerRow, InboundMessageRow, MailboxStateRow, OutboxRow
from assistant.wiring import Wiring, wire

log = logging.getLogger(__name__)
DATA = Path(__file__).resolve().parents[2] / "data" / "demo"
IMAP_USER = "ar@example.com"
IMAP_PASSWORD_ENV = "AR_DEMO_IMAP_PASSWORD"
DEMO_USER = "demo"
DIGEST_TO = "ar-team@example.com"
IMAP_SERVERS = ("auto", "dovecot", "pymap")


@dataclass
class Appended:
    file: str
    customer_id: str | None
    threaded_on: str | None
    uid: int | None


class DemoClock:
    """The demo's business time: set to a moment, then running on with the real clock."""

    def __init__(self, start: datetime) -> None:
        self.set(start)

    def set(self, start: datetime) -> None:
        self._start, self._began = start, time.monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)


@dataclass
class DemoEnv:
    root: Path
    config_path: Path
    wired: Wiring
    clock: DemoClock
    smtp: SmtpCatcher
    imap: DemoDovecot | DemoPymap
    imap_password: str
    login: tuple[str, str]
    passes: list[dict[str, Any]] = field(default_factory=list)
    appended: list[Appended] = field(default_factory=list)
    digest: dict[str, Any] | None = None

    @property
    def settings(self) -> Settings:
        return self.wired.settings

    @property
    def engine(self) -> Engine:
        return self.wired.engine

    def stop(self) -> None:
        self.engine.dispose()
        self.imap.stop()
        self.smtp.stop()


def _config_text(root: Path, smtp_port: int, imap_port: int, web_port: int) -> str:
    return f"""{CONFIG_MARK}: written by `ar-assistant demo`, pointing at its local servers.
[database]
url = "sqlite:///{root / 'assistant.db'}"

[mailbox]
host = "127.0.0.1"
port = {imap_port}
tls = "none"
username = "{IMAP_USER}"
password_env = "{IMAP_PASSWORD_ENV}"
folder = "INBOX"
idle_seconds = 60

[smtp]
host = "127.0.0.1"
port = {smtp_port}
tls = "none"
from_address = "ar@example.com"

[company]
name = "Example Ltd"
timezone = "Europe/London"
country = "GB"

[web]
host = "127.0.0.1"
port = {web_port}
base_url = "http://127.0.0.1:{web_port}"
secret_file = "{root / 'web-secret.key'}"

[digest]
recipients = ["{DIGEST_TO}"]
"""


def imap_server_kind(choice: str = "auto") -> str:
    """'dovecot' when installed (or asked for), else 'pymap'; explains what is missing."""
    if choice in ("auto", "dovecot") and dovecot_available():
        return "dovecot"
    if choice == "dovecot":
        raise BadInput("Dovecot is not installed: apt-get install dovecot-imapd (see docs/demo.md)")
    if pymap_command() is None:
        raise BadInput("the demo needs an IMAP server: install Dovecot (apt-get install dovecot-imapd) "
                             "or pymap (pip install -e '.[dev]'); see docs/demo.md")
    return "pymap"


CONFIG_MARK = "# The demo's own configuration"


def _clear_demo_folder(root: Path) -> None:
    """Remove the previous demo's folder; refuse any folder the demo did not create."""
    if not root.exists():
        return
    config = root / "assistant.toml"
    ours = config.is_file() and config.read_text(encoding="utf-8", errors="replace").startswith(CONFIG_MARK)
    if not ours and any(root.iterdir()):
        raise BadInput(f"{root}: not a demo folder (no demo assistant.toml) and not empty; "
                       "choose another with --dir")
    shutil.rmtree(root)


def prepare(root: Path, now: datetime, web_port: int = 8000, imap_choice: str = "auto") -> DemoEnv:
    """Everything up to the first dunning pass; servers are running when this returns. The
    demo clock starts at `now`."""
    kind = imap_server_kind(imap_choice)
    root = root.resolve()
    _clear_demo_folder(root)
    root.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    os.environ[IMAP_PASSWORD_ENV] = password
    smtp = SmtpCatcher().start()
    try:
        imap: DemoDovecot | DemoPymap = (start_dovecot(root / "imap", IMAP_USER, password) if kind == "dovecot"
                                         else start_pymap(root, IMAP_USER, password))
    except BaseException:
        smtp.stop()
        raise
    config = root / "assistant.toml"
    config.write_text(_config_text(root, smtp.port, imap.port, web_port), encoding="utf-8")
    clock = DemoClock(now)
    wired = wire(load_settings(str(config)), clock, require_schema=False)
    env = DemoEnv(root, config, wired, clock, smtp, imap, password, (DEMO_USER, secrets.token_urlsafe(9)))
    engine = wired.engine
    try:
        upgrade(engine)
        ledger_import.import_customers(engine, DATA / "customers.csv", now, actor="demo")
        ledger_import.import_invoices(engine, DATA / "invoices.csv", now, actor="demo")
        ledger_import.import_payments(engine, DATA / "payments.csv", now, actor="demo")
        add_user(engine, env.login[0], Role.APPROVER, env.login[1], now, actor="demo")
    except BaseException:
        env.stop()
        raise
    return env


def pass_times(day_start: datetime, hours: int = 28) -> list[datetime]:
    """Hourly passes covering one business day everywhere: from 22:00 UTC the evening before
    (09:00 in Sydney) to 01:00 UTC the morning after (17:00 in California), so every
    customer gets their reminder inside their own send window."""
    start = day_start.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(hours=2)
    return [start + timedelta(hours=h) for h in range(hours)]


def dunning_day(env: DemoEnv, times: list[datetime],
                progress: Callable[[datetime, dict[str, Any]], None] | None = None) -> None:
    """The scheduler's job (`assistant.scheduling.dunning_job` calls the same `send_due`)."""
    for at in times:
        env.clock.set(at)
        summary = send_due(env.engine, env.settings, at, env.wired.smtp, loaded=env.wired.policy)
        env.passes.append({"at": at.isoformat(), **summary})
        if progress is not None:
            progress(at, summary)


def reminder_ids(engine: Engine) -> dict[str, str]:
    """customer_id -> Message-ID of the latest reminder actually sent to that customer."""
    with transaction(engine) as session:
        rows = session.execute(select(CustomerRow.customer_id, OutboxRow.message_id)
                               .join(OutboxRow, OutboxRow.customer_pk == CustomerRow.id)
                               .where(OutboxRow.kind == OutboxKind.REMINDER, OutboxRow.status == OutboxStatus.SENT)
                               .order_by(OutboxRow.sent_at, OutboxRow.id))
        return {customer_id: message_id for customer_id, message_id in rows}


def append_replies(env: DemoEnv, folder: Path = DATA / "replies") -> list[Appended]:
    sent = reminder_ids(env.engine)
    for reply in load_replies(folder):
        msgid = sent.get(reply.customer_id or "")
        raw = thread_onto(reply.path.read_bytes(), msgid)
        env.appended.append(Appended(reply.name, reply.customer_id, msgid, env.imap.append(raw)))
    return env.appended


def handled_count(engine: Engine) -> tuple[int, int]:
    """(stored, no longer waiting) inbound messages."""
    with transaction(engine) as session:
        total = session.scalar(select(func.count()).select_from(InboundMessageRow)) or 0
        waiting = session.scalar(select(func.count()).select_from(InboundMessageRow)
                                 .where(InboundMessageRow.status == InboundStatus.RECEIVED)) or 0
    return int(total), int(total - waiting)


class ListenerThread:
    """The production listener (IDLE loop) in a thread, on the demo clock, stopped through its event."""

    def __init__(self, env: DemoEnv) -> None:
        self.stop_event = threading.Event()
        self.listener = env.wired.listener(self.stop_event, password=env.imap_password)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="listener", daemon=True)

    def _run(self) -> None:
        try:
            self.listener.run_forever()
        except BaseException as exc:  # reported by the demo, not lost in the thread
            self.error = exc
            log.exception("listener stopped")

    def start(self) -> ListenerThread:
        self.thread.start()
        return self

    def stop(self, timeout: float = 15) -> None:
        self.stop_event.set()
        self.thread.join(timeout)


def wait_handled(env: DemoEnv, expected: int, timeout: float, listener: ListenerThread) -> int:
    """Wait until `expected` messages are stored and handled; the number handled."""
    deadline = time.monotonic() + timeout
    done = 0
    while time.monotonic() < deadline:
        total, done = handled_count(env.engine)
        if total >= expected and done >= expected:
            return done
        if listener.error is not None or not listener.thread.is_alive():
            break
        time.sleep(0.2)
    return done


def send_digest(env: DemoEnv) -> dict[str, Any]:
    """The weekly digest as the scheduler would send it, at the demo clock: emailed (to the
    SMTP catcher) and written to `digest.html` in the demo folder."""
    now = env.clock()
    digest = build_digest(env.engine, env.settings, now)
    page = env.root / "digest.html"
    chart = "data:image/png;base64," + base64.b64encode(digest.chart_png).decode("ascii")
    page.write_text(render_html(digest, chart), encoding="utf-8")
    report = send_weekly_digest(env.engine, env.settings, now, env.wired.smtp, digest=digest)
    env.digest = {"subject": digest.subject, "to": DIGEST_TO, "sent": report.sent, "file": str(page)}
    return env.digest


def wait_synced(env: DemoEnv, timeout: float, listener: ListenerThread) -> bool:
    """Wait until the listener has connected and read the folder once (it then IDLEs)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and listener.error is None:
        with transaction(env.engine) as session:
            if session.scalar(select(func.count()).select_from(MailboxStateRow)):
                return True
        time.sleep(0.1)
    return False


def model_missing() -> bool:
    from intents.classify.model import MODEL_DIR

    return not ((MODEL_DIR / "pipeline" / "meta.json").is_file() and (MODEL_DIR / "calibration.json").is_file())


def build_model() -> None:
    """`make model`: the intent model from data/intents/ with a fixed seed (never downloaded)."""
    done = subprocess.run([sys.executable, "-m", "intents.classify.training", "--quiet"], capture_output=True, text=True)
    if done.returncode != 0:
        raise AssistantError(f"building the intent model failed:\n{done.stderr[-2000:]}")
