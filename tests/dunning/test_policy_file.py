"""Policy files: the default loads; every mistake names the file and the key; a template
error is caught when the policy loads, not at send time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.core.reminder_context import sample_context
from assistant.errors import BadInput
from assistant.rendering.reminders import DEFAULT_FOLDER
from assistant.service.dunning.policy_file import DEFAULT_POLICY, load_policy

DEFAULT_TEXT = DEFAULT_POLICY.read_text(encoding="utf-8")


def test_default_policy_loads() -> None:
    loaded = load_policy(DEFAULT_POLICY)
    policy = loaded.policy
    assert [(s.name, s.offset_days) for s in policy.steps] == [
        ("pre_due", -3), ("overdue_1", 1), ("overdue_7", 7), ("overdue_14", 14), ("final_notice", 30),
        ("collections", 45)]
    assert policy.cap.max_reminders == 2 and policy.cap.per_days == 7
    assert str(policy.window.start) == "09:00:00" and policy.window.weekdays == (0, 1, 2, 3, 4)
    assert policy.late_fees.enabled is False
    assert set(policy.languages) >= {"en", "de", "fr"}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "key"), [
    ('start = "09:00"', 'start = "9 o\'clock"', "send_window.start"),
    ('end = "17:00"', 'end = "08:00"', "send_window"),
    ('max_reminders = 2', 'max_reminders = "two"', "cap.max_reminders"),
    ('offset_days = 7', 'offset_days = 0', "steps[2].offset_days"),  # not after the previous step
    ('tone = "firm"\ntemplate = "overdue_7"', 'tone = "angry"\ntemplate = "overdue_7"', "steps[2].tone"),
    ('[segments.good]', '[segments.vip]', "segments.vip"),
    ('method = "fixed"', 'method = "whatever"', "late_fees.method"),
    ('weekdays = ["mon", "tue", "wed", "thu", "fri"]', 'weekdays = ["monday"]', "send_window.weekdays"),
    ('default_timezone = "Europe/London"', 'default_timezone = "Mars/Olympus"', "default_timezone"),
    ('offset_unit = "days"', 'offset_unit = "weeks"', "offset_unit"),
])
def test_errors_name_file_and_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    assert old in DEFAULT_TEXT
    path = _write(tmp_path, DEFAULT_TEXT.replace(old, new, 1))
    with pytest.raises(BadInput) as err:
        load_policy(path)
    assert any(p.startswith(f"{path}: {key}:") for p in err.value.problems), err.value.problems


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="not valid TOML"):
        load_policy(_write(tmp_path, "steps = [\n"))
    with pytest.raises(BadInput, match="policy file not found"):
        load_policy(tmp_path / "nope.toml")


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "email"
    shutil.copytree(DEFAULT_FOLDER, folder)
    return folder


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("{{ first_due }}", "{{ frist_due }}"), "frist_due"),     # StrictUndefined
    (lambda t: t.replace("{% endblock %}", "{% endblok %}", 1), "does not render"),  # syntax error
    (lambda t: t.replace("{{ first_due }}", "{{ first_due.__class__.__mro__ }}"), "does not render"),  # sandbox
])
def test_template_errors_are_caught_at_load(templates: Path, edit, message: str) -> None:
    target = templates / "fr" / "pre_due.friendly.j2"
    target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(BadInput) as err:
        load_policy(DEFAULT_POLICY, templates)
    problems = "\n".join(err.value.problems)
    assert str(target) in problems and message in problems
    assert f"{DEFAULT_POLICY}: steps.pre_due (tone friendly, language fr)" in problems


def test_missing_template_for_a_reachable_tone(templates: Path) -> None:
    # Chronic payers shift overdue_7 from firm to stern: that file must exist too.
    (templates / "de" / "overdue_7.stern.j2").unlink()
    with pytest.raises(BadInput, match=r"steps.overdue_7 \(tone stern, language de\): template .* is missing"):
        load_policy(DEFAULT_POLICY, templates)


def test_html_is_escaped_text_is_not() -> None:
    loaded = load_policy(DEFAULT_POLICY)
    out = loaded.templates.render("en", "overdue_7", "firm", sample_context("en", "overdue_7", "firm"))
    assert "Dear Sample & Co <Ltd>," in out.text
    assert "Sample &amp; Co &lt;Ltd&gt;" in out.html and "<Ltd>" not in out.html
    assert out.subject == "Second reminder: INV-1001, INV-1002"


@pytest.mark.parametrize(("lang", "word"), [("en", "Invoice"), ("de", "Rechnung"), ("fr", "Facture"),
                                            ("es", "Factura")])
def test_every_language_renders(lang: str, word: str) -> None:
    loaded = load_policy(DEFAULT_POLICY)
    out = loaded.templates.render(lang, "final_notice", "stern", sample_context(lang, "final_notice", "stern"))
    assert word in out.text and "INV-1001" in out.html
