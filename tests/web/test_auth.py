"""Authentication, roles, CSRF, cookies and the error pages, through the in-process client."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from assistant.settings import Settings, WebSettings
from assistant.web.app import create_app
from tests.web.conftest import PASSWORD, csrf_from, fixed_clock, login


def test_pages_need_a_login(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"


def test_login_then_home_shows_the_ledger(client: TestClient) -> None:
    login(client, "vera")
    page = client.get("/")
    assert page.status_code == 200
    assert "Overview" in page.text and "vera · viewer" in page.text
    assert "0 suggestions waiting" in page.text
    assert "Content-Security-Policy" in page.headers


def test_wrong_password_is_refused_without_saying_which_part(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"name": "vera", "password": "nope-nope", "csrf_token": token})
    assert response.status_code == 401
    assert "Wrong user name or password." in response.text
    unknown = client.post("/login", data={"name": "ghost", "password": "nope-nope", "csrf_token": token})
    assert unknown.status_code == 401 and "Wrong user name or password." in unknown.text


def test_repeated_failures_are_rate_limited_even_with_the_right_password(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    for _ in range(5):
        assert client.post("/login", data={"name": "alex", "password": "guess-guess", "csrf_token": token}).status_code == 401
    blocked = client.post("/login", data={"name": "alex", "password": PASSWORD, "csrf_token": token})
    assert blocked.status_code == 429
    # Another user from the same address is not locked out by alex's failures.
    login(client, "vera")


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"name": "vera", "password": PASSWORD})
    assert response.status_code == 403


def test_session_cookie_flags(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"name": "vera", "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_secure_cookie_under_https(web_settings: Settings, web_engine) -> None:  # type: ignore[no-untyped-def]
    settings = replace(web_settings, web=replace(web_settings.web, https=True))
    with TestClient(create_app(settings, web_engine, fixed_clock), base_url="https://127.0.0.1") as c:
        token = csrf_from(c.get("/login").text)
        response = c.post("/login", data={"name": "vera", "password": PASSWORD, "csrf_token": token},
                          follow_redirects=False)
    assert "secure" in response.headers["set-cookie"].lower()


def test_login_does_not_redirect_off_site(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example/x", "javascript:alert(1)"):
        response = client.post("/login", data={"name": "vera", "password": PASSWORD, "csrf_token": token,
                                                "next": target}, follow_redirects=False)
        assert response.headers["location"] == "/"
        token = csrf_from(client.get("/login").text)


def test_logout_needs_csrf_and_ends_the_session(client: TestClient) -> None:
    login(client, "vera")
    assert client.post("/logout", data={}).status_code == 403
    token = csrf_from(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_unknown_page_renders_the_error_page(client: TestClient) -> None:
    login(client, "vera")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Not found" in response.text


def test_signing_key_is_generated_once_and_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.web.security import session_secret

    web = replace(WebSettings(), secret_file=str(tmp_path / "k" / "secret.key"), secret_key_env="AR_TEST_UNSET_KEY")
    first = session_secret(web)
    assert session_secret(web) == first and len(first) > 40
    assert (tmp_path / "k" / "secret.key").stat().st_mode & 0o777 == 0o600


def test_web_processes_starting_together_share_one_signing_key(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from assistant.web.security import session_secret

    web = replace(WebSettings(), secret_file=str(tmp_path / "secret.key"), secret_key_env="AR_TEST_UNSET_KEY")
    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: session_secret(web), range(8)))
    assert len(set(keys)) == 1 and len(keys[0]) > 40


def test_an_empty_or_unusable_key_file_is_bad_configuration(tmp_path: Path) -> None:
    from assistant.errors import BadInput
    from assistant.web.security import session_secret

    empty = tmp_path / "secret.key"
    empty.write_text("\n", encoding="utf-8")
    web = replace(WebSettings(), secret_file=str(empty), secret_key_env="AR_TEST_UNSET_KEY")
    with pytest.raises(BadInput, match=r"secret\.key is empty: remove it .* or set \$AR_TEST_UNSET_KEY"):
        session_secret(web)
    blocked = replace(web, secret_file=str(empty / "sub" / "secret.key"))
    with pytest.raises(BadInput, match=r"web\.secret_file: .*sub"):
        session_secret(blocked)
