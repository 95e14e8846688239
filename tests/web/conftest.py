"""Web app fixtures: a migrated SQLite store with one user per role, an in-process client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient

from assistant.service.users import add_user
from assistant.settings import Settings, WebSettings
from assistant.store.db import make_engine
from assistant.store.migrate import upgrade
from assistant.web.app import create_app

PASSWORD = "correct horse battery"
# The web app's business time in these tests: the app reads this clock, never the wall clock.
WEB_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return WEB_NOW
USERS = {"vera": "viewer", "alex": "approver", "ada": "admin"}


@pytest.fixture
def web_engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'web.db'}")
    upgrade(engine)
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    for name, role in USERS.items():
        add_user(engine, name, role, PASSWORD, now)
    return engine


@pytest.fixture
def web_settings(tmp_path: Path) -> Settings:
    return replace(Settings(), web=replace(WebSettings(), secret_file=str(tmp_path / "secret.key")))


@pytest.fixture
def app(web_settings: Settings, web_engine: Engine) -> Starlette:
    return create_app(web_settings, web_engine, fixed_clock)


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF token"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token,
                                           "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text
