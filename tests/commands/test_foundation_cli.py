"""The operator contract for init, import, users, check-config and aging, through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from tests.conftest import ROOT

DEMO = ROOT / "data" / "demo"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_config_and_schema_and_is_idempotent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AR_ASSISTANT_CONFIG", raising=False)
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert "created assistant.toml" in out
    assert (tmp_path / "var" / "assistant.db").exists()
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert "created" not in out
    from assistant.store.db import make_engine
    from assistant.store.migrate import is_current

    assert is_current(make_engine(f"sqlite:///{tmp_path / 'var' / 'assistant.db'}"))


def test_commands_refuse_an_uninitialised_database(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--config", str(config_file), "import", "customers", str(DEMO / "customers.csv"))
    assert code == 2
    assert "run `ar-assistant init`" in err


def test_import_the_demo_ledger_and_show_aging(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = str(config_file)
    assert run(capsys, "init", "--config", cfg)[0] == 0
    for kind in ("customers", "invoices", "payments"):
        code, out, err = run(capsys, "import", kind, str(DEMO / f"{kind}.csv"), "--config", cfg)
        assert code == 0, err
        assert f"{kind} imported" in out
    code, out, _ = run(capsys, "aging", "--now", "2026-11-20T10:00:00Z", "--json", "--config", cfg)
    assert code == 0
    aging = json.loads(out)
    assert aging["as_of"] == "2026-11-20"
    assert sum(aging["counts"].values()) > 80
    assert set(aging["counts"]) <= {"current", "1-30", "31-60", "61-90", "90+"}
    assert len(aging["counts"]) == 5  # the demo ledger spreads over every bucket
    assert list(aging["counts"]) == ["current", "1-30", "31-60", "61-90", "90+"]
    amounts = [(c, a) for t in aging["totals"].values() for c, a in t.items()]
    assert {c for c, _ in amounts} >= {"EUR", "JPY"}
    for currency, amount in amounts:  # minor units of ISO 4217: yen have none
        assert len(amount.partition(".")[2]) == (0 if currency == "JPY" else 2), (currency, amount)


def test_bad_rows_exit_2_with_file_line_reasons(config_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    cfg = str(config_file)
    run(capsys, "init", "--config", cfg)
    bad = tmp_path / "bad.csv"
    bad.write_text("customer_id,name,email\nC1,Acme,acme.com\nC2,Beta,b@beta.com\nC2,Beta,b@beta.com\n")
    code, _out, err = run(capsys, "import", "customers", str(bad), "--config", cfg)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0] == f"ar-assistant: {bad}:2: email 'acme.com' is not an email address"
    assert lines[1] == f"ar-assistant: {bad}:4: duplicate customer_id C2 (first on line 3)"
    assert "Traceback" not in err


def test_bad_config_is_one_line_per_problem_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.toml"
    path.write_text('[smtp]\nport = "x"\ntls = "maybe"\n')
    code, _, err = run(capsys, "--config", str(path), "check-config")
    assert code == 2
    assert err.splitlines() == [
        f"ar-assistant: {path}: smtp.port: expected int, got 'x'",
        f"ar-assistant: {path}: smtp.tls: must be one of ssl, starttls, none, got 'maybe'",
    ]


def test_check_config_masks_secrets(config_file: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AR_SMTP_PASSWORD", "s3cr3t-value")
    code, out, _ = run(capsys, "check-config", "--config", str(config_file))
    assert code == 0
    assert "s3cr3t-value" not in out
    assert "smtp.password_env = 'AR_SMTP_PASSWORD' (set: ********)" in out


def test_users_add_hashes_with_argon2(config_file: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.service.users import verify_password
    from assistant.settings import load_settings
    from assistant.store.access import open_store

    cfg = str(config_file)
    run(capsys, "init", "--config", cfg)
    monkeypatch.setenv("AR_ASSISTANT_NEW_PASSWORD", "correct horse battery")
    code, out, _ = run(capsys, "users", "add", "maria", "--role", "approver", "--config", cfg)
    assert (code, out.strip()) == (0, "user maria added with role approver")
    engine = open_store(load_settings(cfg))
    user = verify_password(engine, "maria", "correct horse battery")
    assert user is not None and user.role == "approver"
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(engine, "maria", "wrong password") is None
    monkeypatch.setenv("AR_ASSISTANT_NEW_PASSWORD", "short")
    code, _, err = run(capsys, "users", "add", "maria", "--role", "admin", "--config", cfg)
    assert code == 2 and "at least 8 characters" in err


def test_unknown_command_and_bad_option_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["import", "vendors", "x.csv"])
    assert caught.value.code == 2


def test_module_and_console_script_are_the_same_entry_point(tmp_path: Path) -> None:
    env = {**os.environ, "AR_ASSISTANT_CONFIG": ""}
    for argv in ([sys.executable, "-m", "assistant", "--help"],
                 [str(Path(sys.executable).parent / "ar-assistant"), "--help"]):
        done = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "configuration keys (TOML):" in done.stdout
        assert "send-due" in done.stdout or "import" in done.stdout
