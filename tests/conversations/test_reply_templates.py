"""Every reply template renders in every language with the variables the drafts pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from assistant.core.statuses import Action
from assistant.rendering.replies import DEFAULT_FOLDER, languages, render_reply

CONTEXT = {
    "customer_name": "ACME GmbH", "company_name": "Example Ltd", "numbers": "INV-1001",
    "invoices": [{"number": "INV-1001", "amount": "1200.00", "balance": "1200.00", "currency": "EUR",
                  "due_date": "2026-11-01"}],
    "total": "1200.00", "currency": "EUR", "promised_date": "2026-11-27", "due": "2026-11-25",
    "plan": [{"number": "1", "amount": "600.00", "currency": "EUR", "due_date": "2026-12-04"},
             {"number": "2", "amount": "600.00", "currency": "EUR", "due_date": "2027-01-04"}],
    "owner": "ar-team", "instalment": {"number": 1, "amount": "600.00", "due_date": "2026-12-04"},
}
NAMES = sorted(p.stem for p in (DEFAULT_FOLDER / "en").glob("*.j2") if not p.name.startswith("_"))


def test_the_same_templates_in_every_language() -> None:
    assert languages() == ["de", "en", "es", "fr"]
    for lang in languages():
        assert sorted(p.stem for p in (DEFAULT_FOLDER / lang).glob("*.j2") if not p.name.startswith("_")) == NAMES
    assert len(NAMES) >= 12 and "triage" in NAMES and "confirm_plan" in NAMES
    assert {"resend-invoice", "offer-payment-plan", "open-dispute"} <= set(Action)


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es"])
@pytest.mark.parametrize("name", NAMES)
def test_renders_with_subject_greeting_and_signature(name: str, lang: str) -> None:
    r = render_reply(name, lang, CONTEXT)
    assert r.language == lang
    assert r.subject and "\n" not in r.subject and "{" not in r.subject
    assert "ACME GmbH" in r.body.splitlines()[0]
    assert "Example Ltd" in r.body.splitlines()[-1]
    assert "{{" not in r.body and "{%" not in r.body


def test_unknown_language_falls_back_to_english() -> None:
    assert render_reply("triage", "it", CONTEXT).language == "en"
    assert render_reply("triage", None, CONTEXT).language == "en"


def test_a_missing_variable_is_an_error_not_a_gap() -> None:
    with pytest.raises(UndefinedError):
        render_reply("confirm_promise", "en", {k: v for k, v in CONTEXT.items() if k != "promised_date"})


def test_templates_run_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "evil.j2").write_text("Subject: x\n{{ customer_name.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(SecurityError):
        render_reply("evil", "en", CONTEXT, folder=tmp_path)
