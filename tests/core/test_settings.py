"""The settings table: validation, resolution order, masking, help."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import BadInput
from assistant.settings import (
    default_toml,
    describe,
    help_text,
    load_settings,
    settings_from_mapping,
)


def test_built_in_defaults_are_the_embedded_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AR_ASSISTANT_CONFIG", raising=False)
    settings = load_settings(None)
    assert settings.database.url == "sqlite:///var/assistant.db"
    assert settings.source == "built-in defaults"


def test_resolution_order_explicit_then_env_then_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "assistant.toml").write_text('[company]\nname = "Local"\n')
    (tmp_path / "env.toml").write_text('[company]\nname = "Env"\n')
    (tmp_path / "explicit.toml").write_text('[company]\nname = "Explicit"\n')
    monkeypatch.delenv("AR_ASSISTANT_CONFIG", raising=False)
    assert load_settings(None).company.name == "Local"
    monkeypatch.setenv("AR_ASSISTANT_CONFIG", str(tmp_path / "env.toml"))
    assert load_settings(None).company.name == "Env"
    assert load_settings(str(tmp_path / "explicit.toml")).company.name == "Explicit"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"database": {"urll": "x"}}, "database.urll: unknown key"),
        ({"smtp": {"port": "587"}}, "smtp.port: expected int"),
        ({"smtp": {"port": True}}, "smtp.port: expected int"),
        ({"mailbox": {"tls": "tls"}}, "mailbox.tls: must be one of ssl, starttls, none"),
        ({"mailboxes": {}}, "[mailboxes]: unknown section"),
        ({"company": {"timezone": "Mars/Olympus"}}, "company.timezone: unknown time zone"),
        ({"database": {"url": "mysql://x"}}, "database.url: only sqlite"),
        ({"company": "x"}, "company: must be a table"),
        ({"digest": {"timezone": "Mars/Olympus"}}, "digest.timezone: unknown time zone 'Mars/Olympus'"),
        ({"smtp": {"port": 99999}}, "smtp.port: must be a TCP port from 1 to 65535, got 99999"),
        ({"mailbox": {"port": 0}}, "mailbox.port: must be a TCP port from 1 to 65535, got 0"),
        ({"web": {"port": -1}}, "web.port: must be a TCP port from 1 to 65535, got -1"),
        ({"dunning": {"interval_minutes": 0}}, "dunning.interval_minutes: must be at least 1, got 0"),
    ],
)
def test_a_wrong_key_or_value_names_the_key(document: dict, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        settings_from_mapping(document, source="a.toml")
    assert any(message in p for p in caught.value.problems), caught.value.problems
    assert all("\n" not in p for p in caught.value.problems)


def test_every_problem_is_reported_not_just_the_first() -> None:
    with pytest.raises(BadInput) as caught:
        settings_from_mapping({"smtp": {"port": "x", "tls": "bad"}, "mailbox": {"nope": 1}})
    assert len(caught.value.problems) == 3


def test_value_problems_are_all_reported_too() -> None:
    with pytest.raises(BadInput) as caught:
        settings_from_mapping({"company": {"timezone": "Mars/Olympus"}, "database": {"url": "mysql://x"},
                               "web": {"port": 70000}}, source="a.toml")
    assert [p.split(":")[1].strip() for p in caught.value.problems] == [
        "company.timezone", "database.url", "web.port"]


def test_a_config_path_that_is_a_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r": cannot read the config file: Is a directory"):
        load_settings(str(tmp_path))


def test_invalid_toml_is_bad_input_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[database\nurl=")
    with pytest.raises(BadInput, match=r"broken\.toml: not valid TOML"):
        load_settings(str(path))


def test_missing_explicit_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="config file not found"):
        load_settings(str(tmp_path / "nope.toml"))


def test_secrets_are_masked_and_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_IMAP_SECRET", "hunter2-secret")
    settings = settings_from_mapping(
        {"mailbox": {"password_env": "MY_IMAP_SECRET"},
         "database": {"url": "postgresql+psycopg://ar:dbpass@db.example/ar"}})
    shown = "\n".join(f"{k}={v}" for k, v, _ in describe(settings))
    assert "hunter2-secret" not in shown
    assert "dbpass" not in shown
    assert "mailbox.password_env='MY_IMAP_SECRET' (set: ********)" in shown
    assert settings.secret("MY_IMAP_SECRET") == "hunter2-secret"


def test_default_toml_round_trips_and_help_lists_every_key() -> None:
    import tomllib

    document = tomllib.loads(default_toml())
    settings = settings_from_mapping(document)
    for key, _, _ in describe(settings):
        section, name = key.split(".")
        assert name in document[section]
        assert f"    {name} = " in help_text()
