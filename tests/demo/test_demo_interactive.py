"""`ar-assistant demo` interactive: the web app shows the suggestions to the printed login, a
reply approved meanwhile reaches the demo SMTP server, and Ctrl-C stops every part."""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from assistant.demo.dovecot_server import dovecot_available
from tests.conftest import ROOT, need
from tests.servers.web import free_port


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    out: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            out.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    return out


def _wait_for(lines: queue.Queue[str], pattern: str, seen: list[str], timeout: float = 180) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(seen))


def test_demo_serves_the_web_app_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    need(dovecot_available(), "Dovecot (Debian package dovecot-imapd) is not installed")
    port = free_port()
    demo_dir = tmp_path / "demo"
    process = subprocess.Popen([sys.executable, "-m", "assistant", "demo", "--dir", str(demo_dir), "--port", str(port)],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    try:
        lines = _lines(process)
        imap_port = int(_wait_for(lines, r"IMAP \(Dovecot\): 127\.0\.0\.1:(\d+)", seen).group(1))
        user, password = _wait_for(lines, r"^login:\s+(\S+) / (\S+)", seen).groups()
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as web:
            for _ in range(50):
                try:
                    form = web.get("/login")
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert token is not None
            login = web.post("/login", data={"csrf_token": token.group(1), "name": user, "password": password,
                                             "next": "/queue"})
            assert login.status_code == 303
            page = web.get("/queue")
            assert page.status_code == 200
            for customer in ("Greenfield Organic Farms", "Weber Maschinenbau", "Northwind Traders"):
                assert customer in page.text
            assert web.get("/healthz").status_code == 200
        config = demo_dir / "assistant.toml"
        approve = subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "approve", "2", "--no-send",
                                  "--as", user], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert approve.returncode == 0, approve.stderr
        _wait_for(lines, r"^outbox: sent 1 approved reply to the SMTP catcher", seen, timeout=60)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    for stopped in (port, imap_port):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", stopped)) != 0, f"port {stopped} still open"


def test_demo_refuses_a_taken_port_before_starting_anything(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "assistant", "demo", "--dir", str(tmp_path / "demo"),
                              "--port", str(port)], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert f"port {port} is in use" in run.stderr
    assert not (tmp_path / "demo").exists()


def test_demo_never_removes_a_folder_it_did_not_create(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "assistant", "demo", "--headless", "--dir", str(precious)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "not a demo folder" in run.stderr
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"
