"""Authentication, roles, CSRF, cookies and the error pages, through the in-process client."""

from __future__ import annotations

from dataclasses import replace

from starlette.testclient import TestClient

from assistant.settings import Settings, WebSettings
from assistant.web.app import create_app
from tests.web.conftest import PASSWORD, csrf_from, login


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
    with TestClient(create_app(settings, web_engine), base_url="https://127.0.0.1") as c:
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
