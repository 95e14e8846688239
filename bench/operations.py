"""Operations figures: `demo --headless` wall time per IMAP server, `run` start-to-healthy
and SIGTERM-to-exit, and JSON log lines per second with address redaction.

Run: .venv/bin/python bench/operations.py   (or `make bench`, or `python -m bench operations`)
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.demo.dovecot_server import dovecot_available, start_dovecot  # noqa: E402
from assistant.demo.pymap_server import pymap_command  # noqa: E402
from assistant.demo.smtp_catcher import SmtpCatcher, free_port  # noqa: E402
from assistant.logging_setup import configure  # noqa: E402

CLI = [sys.executable, "-m", "assistant"]


def demo_seconds(imap: str, runs: int = 2) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            done = subprocess.run([*CLI, "demo", "--headless", "--imap", imap, "--dir", f"{tmp}/demo"],
                                  cwd=tmp, capture_output=True, text=True)
            times.append(time.monotonic() - started)
            if done.returncode:
                raise SystemExit(f"demo --headless --imap {imap} failed:\n{done.stdout}\n{done.stderr}")
    return times


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def run_cycle(rounds: int = 3) -> tuple[list[float], list[float]]:
    start_times: list[float] = []
    stop_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, SmtpCatcher() as smtp:
        os.chmod(tmp, 0o755)
        imap = start_dovecot(Path(tmp) / "imap", "ar@example.com", "bench-password")
        try:
            port = free_port()
            config = Path(tmp) / "assistant.toml"
            config.write_text(f"""[database]\nurl = "sqlite:///{tmp}/a.db"\n[mailbox]\nhost = "127.0.0.1"
port = {imap.port}\ntls = "none"\nusername = "ar@example.com"\npassword_env = "AR_BENCH_IMAP"
[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\ntls = "none"
[web]\nport = {port}\nsecret_file = "{tmp}/secret.key"\n""", encoding="utf-8")
            env = {**os.environ, "AR_BENCH_IMAP": "bench-password"}
            subprocess.run([*CLI, "--config", str(config), "init"], env=env, check=True, capture_output=True)
            for _ in range(rounds):
                started = time.monotonic()
                process = subprocess.Popen([*CLI, "--config", str(config), "run"], env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                while not _healthy(port):
                    if process.poll() is not None or time.monotonic() - started > 60:
                        raise SystemExit("run did not become healthy")
                    time.sleep(0.05)
                start_times.append(time.monotonic() - started)
                stopping = time.monotonic()
                process.send_signal(signal.SIGTERM)
                if process.wait(30) != 0:
                    raise SystemExit("run did not exit 0")
                stop_times.append(time.monotonic() - stopping)
        finally:
            imap.stop()
    return start_times, stop_times


def log_lines_per_second(count: int = 20000) -> float:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    stream = io.StringIO()
    configure("json", logging.INFO, stream)
    log = logging.getLogger("assistant.bench")
    started = time.perf_counter()
    for n in range(count):
        log.info("reminder %s sent to %s and %s", n, "buchhaltung@hartmann-logistik.example", "cc@northwind.example")
    elapsed = time.perf_counter() - started
    root.handlers[:] = handlers
    root.setLevel(level)
    assert "buchhaltung@" not in stream.getvalue()
    return count / elapsed


def main() -> int:
    figures: dict[str, object] = {}
    servers = [s for s, ok in (("dovecot", dovecot_available()), ("pymap", pymap_command() is not None)) if ok]
    for server in servers:
        times = demo_seconds(server)
        figures[f"demo_headless_{server}_s"] = round(statistics.median(times), 1)
    if dovecot_available():
        start, stop = run_cycle()
        figures["run_start_to_healthy_s"] = round(statistics.median(start), 2)
        figures["run_sigterm_to_exit_s"] = round(statistics.median(stop), 2)
        figures["run_sigterm_to_exit_max_s"] = round(max(stop), 2)
    figures["json_log_lines_per_s"] = round(log_lines_per_second())
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
