"""Loading and validating a dunning policy file (TOML), templates included.

Every problem is reported as `FILE: key: reason`, all at once. Every template the policy
can reach (each email step, each tone a segment can shift it to, each language) is
rendered with sample data, as text and as HTML, so a broken template stops the load
instead of a send.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import TemplateError

from assistant.core.business_days import WEEKDAYS, SendWindow
from assistant.core.late_fees import METHODS, LateFeeRule
from assistant.core.ledger import Segment
from assistant.core.policy import STEP_ACTIONS, Cap, Policy, SegmentAdjustment, Step
from assistant.core.reminder_context import sample_context
from assistant.core.segments import SegmentRules
from assistant.core.statuses import StepAction
from assistant.errors import BadInput
from assistant.rendering.reminders import DEFAULT_FOLDER, ReminderTemplates
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_POLICY = ROOT / "data" / "policies" / "default.toml"


@dataclass(frozen=True)
class LoadedPolicy:
    policy: Policy
    templates: ReminderTemplates


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, key: str, reason: str) -> None:
        self.items.append(f"{self.source}: {key}: {reason}")


def load_for(settings: Settings, *, check_templates: bool = True) -> LoadedPolicy:
    path = Path(settings.dunning.policy) if settings.dunning.policy else DEFAULT_POLICY
    folder = Path(settings.dunning.templates) if settings.dunning.templates else DEFAULT_FOLDER
    return load_policy(path, folder, check=check_templates)


def load_policy(path: Path, templates_folder: Path = DEFAULT_FOLDER, *, check: bool = True) -> LoadedPolicy:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BadInput(f"{path}: policy file not found") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: not valid TOML: {exc}") from exc
    problems = _Problems(str(path))
    policy = parse_policy(data, problems)
    if problems.items or policy is None:
        raise BadInput(problems.items)
    templates = ReminderTemplates(templates_folder)
    if check:
        check_templates(policy, templates, problems)
    if problems.items:
        raise BadInput(problems.items)
    return LoadedPolicy(policy, templates)


def _get(data: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any, problems: _Problems,
         where: str = "") -> Any:
    value = data.get(key, default)
    if isinstance(value, bool) and kind in (int, float):
        problems.add(f"{where}{key}", f"expected a number, got {value!r}")
        return default
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        problems.add(f"{where}{key}", f"expected {names}, got {value!r}")
        return default
    return value


def _time(text: str, key: str, problems: _Problems) -> time:
    try:
        return time.fromisoformat(text)
    except (ValueError, TypeError):
        problems.add(key, f"expected a time like 09:00, got {text!r}")
        return time(0)


def _decimal(value: Any, key: str, problems: _Problems) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        problems.add(key, f"expected a decimal number, got {value!r}")
        return Decimal(0)


def parse_policy(data: dict[str, Any], problems: _Problems) -> Policy | None:
    known = {"offset_unit", "tones", "languages", "default_language", "default_timezone", "send_window", "cap",
             "steps", "segment_rules", "segments", "late_fees"}
    for key in data:
        if key not in known:
            problems.add(key, f"unknown key (known: {', '.join(sorted(known))})")
    unit = _get(data, "offset_unit", str, "days", problems)
    if unit not in ("days", "business_days"):
        problems.add("offset_unit", f"must be days or business_days, got {unit!r}")
    tones = tuple(_get(data, "tones", list, ["friendly", "firm", "stern"], problems))
    languages = tuple(_get(data, "languages", list, ["en"], problems))
    default_language = _get(data, "default_language", str, "en", problems)
    if default_language not in languages:
        problems.add("default_language", f"{default_language!r} is not in languages {list(languages)}")
    default_tz = _get(data, "default_timezone", str, "UTC", problems)
    try:
        ZoneInfo(default_tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add("default_timezone", f"unknown time zone {default_tz!r}")
    window = _window(_get(data, "send_window", dict, {}, problems), problems)
    cap_raw = _get(data, "cap", dict, {}, problems)
    cap = Cap(_get(cap_raw, "max_reminders", int, 2, problems, "cap."), _get(cap_raw, "per_days", int, 7, problems, "cap."))
    if cap.max_reminders < 1 or cap.per_days < 1:
        problems.add("cap", "max_reminders and per_days must be at least 1")
    steps = _steps(_get(data, "steps", list, [], problems), tones, problems)
    names = [s.name for s in steps]
    segments = _segments(_get(data, "segments", dict, {}, problems), names, problems)
    rules_raw = _get(data, "segment_rules", dict, {}, problems)
    rules = SegmentRules(
        min_history=_get(rules_raw, "min_history", int, 3, problems, "segment_rules."),
        late_grace_days=_get(rules_raw, "late_grace_days", int, 3, problems, "segment_rules."),
        chronic_late_share=float(_get(rules_raw, "chronic_late_share", (int, float), 0.5, problems, "segment_rules.")),
        chronic_avg_days_late=float(_get(rules_raw, "chronic_avg_days_late", (int, float), 15.0, problems, "segment_rules.")))
    fees = _late_fees(_get(data, "late_fees", dict, {}, problems), names, problems)
    if problems.items:
        return None
    return Policy(steps=tuple(steps), tones=tones, offset_unit=unit, languages=languages,
                  default_language=default_language, default_timezone=default_tz, window=window, cap=cap,
                  segments=segments, segment_rules=rules, late_fees=fees, source=problems.source)


def _window(raw: dict[str, Any], problems: _Problems) -> SendWindow:
    start = _time(_get(raw, "start", str, "09:00", problems, "send_window."), "send_window.start", problems)
    end = _time(_get(raw, "end", str, "17:00", problems, "send_window."), "send_window.end", problems)
    if end <= start:
        problems.add("send_window", f"end {end} must be after start {start}")
    days = _get(raw, "weekdays", list, list(WEEKDAYS[:5]), problems, "send_window.")
    bad = [d for d in days if d not in WEEKDAYS]
    if bad or not days:
        problems.add("send_window.weekdays", f"use names from {', '.join(WEEKDAYS)}, got {days!r}")
        return SendWindow(start, end)
    return SendWindow(start, end, tuple(sorted(WEEKDAYS.index(d) for d in days)))


def _steps(raw: list[Any], tones: tuple[str, ...], problems: _Problems) -> list[Step]:
    steps: list[Step] = []
    if not raw:
        problems.add("steps", "at least one step is required")
    for i, item in enumerate(raw):
        where = f"steps[{i}]."
        if not isinstance(item, dict):
            problems.add(f"steps[{i}]", "must be a table")
            continue
        for key in item:
            if key not in ("name", "offset_days", "tone", "template", "action"):
                problems.add(f"{where}{key}", "unknown key (known: name, offset_days, tone, template, action)")
        name = _get(item, "name", str, f"step{i}", problems, where)
        offset = _get(item, "offset_days", int, 0, problems, where)
        tone = _get(item, "tone", str, tones[0] if tones else "", problems, where)
        action = _get(item, "action", str, StepAction.EMAIL, problems, where)
        template = _get(item, "template", str, name, problems, where)
        if tone not in tones:
            problems.add(f"{where}tone", f"{tone!r} is not one of tones {list(tones)}")
        if action not in STEP_ACTIONS:
            problems.add(f"{where}action", f"must be one of {', '.join(STEP_ACTIONS)}, got {action!r}")
        if action == StepAction.EMAIL and not template:
            problems.add(f"{where}template", "an email step needs a template")
        if steps and offset <= steps[-1].offset_days:
            problems.add(f"{where}offset_days", f"{offset} must be later than the previous step's {steps[-1].offset_days}")
        if name in {s.name for s in steps}:
            problems.add(f"{where}name", f"duplicate step name {name!r}")
        steps.append(Step(name, offset, tone, template, action))
    return steps


def _segments(raw: dict[str, Any], step_names: list[str], problems: _Problems) -> dict[Segment, SegmentAdjustment]:
    out: dict[Segment, SegmentAdjustment] = {}
    for name, item in raw.items():
        where = f"segments.{name}."
        try:
            segment = Segment(name)
        except ValueError:
            problems.add(f"segments.{name}", f"unknown segment (known: {', '.join(s.value for s in Segment)})")
            continue
        if not isinstance(item, dict):
            problems.add(f"segments.{name}", "must be a table")
            continue
        skip = tuple(_get(item, "skip_steps", list, [], problems, where))
        for s in skip:
            if s not in step_names:
                problems.add(f"{where}skip_steps", f"unknown step {s!r}")
        out[segment] = SegmentAdjustment(_get(item, "tone_shift", int, 0, problems, where),
                                         _get(item, "delay_days", int, 0, problems, where), skip)
    return out


def _late_fees(raw: dict[str, Any], step_names: list[str], problems: _Problems) -> LateFeeRule:
    w = "late_fees."
    method = _get(raw, "method", str, "fixed", problems, w)
    if method not in METHODS:
        problems.add(f"{w}method", f"must be one of {', '.join(METHODS)}, got {method!r}")
    at_step = _get(raw, "at_step", str, "overdue_14", problems, w)
    enabled = _get(raw, "enabled", bool, False, problems, w)
    if enabled and at_step not in step_names:
        problems.add(f"{w}at_step", f"unknown step {at_step!r}")
    return LateFeeRule(
        enabled=enabled, method=method, at_step=at_step,
        fixed_amount=_decimal(raw.get("fixed_amount", "40.00"), f"{w}fixed_amount", problems),
        percentage=_decimal(raw.get("percentage", "1.5"), f"{w}percentage", problems),
        reference_rate=_decimal(raw.get("reference_rate", "2.15"), f"{w}reference_rate", problems),
        margin_points=_decimal(raw.get("margin_points", "8"), f"{w}margin_points", problems))


def reachable_tones(policy: Policy, step: Step) -> set[str]:
    tones = {policy.tone_for(step, seg) for seg in Segment if step.name not in
             policy.segments.get(seg, SegmentAdjustment()).skip_steps}
    return tones or {step.tone}


def check_templates(policy: Policy, templates: ReminderTemplates, problems: _Problems) -> None:
    for step in policy.steps:
        if step.action != StepAction.EMAIL:
            continue
        for tone in sorted(reachable_tones(policy, step)):
            for lang in policy.languages:
                path = templates.path(lang, step.template, tone)
                key = f"steps.{step.name} (tone {tone}, language {lang})"
                if not path.is_file():
                    problems.add(key, f"template {path} is missing")
                    continue
                try:
                    templates.render(lang, step.template, tone, sample_context(lang, step.name, tone))
                except (TemplateError, KeyError, TypeError, ValueError) as exc:
                    lineno = getattr(exc, "lineno", None)
                    at = f"{path}:{lineno}" if lineno else str(path)
                    problems.add(key, f"template {at} does not render: {exc.__class__.__name__}: {exc}")
