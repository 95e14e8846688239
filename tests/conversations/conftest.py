"""Conversation tests read real replies with the intent model: make sure it is built."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _model_built(intent_model: Path) -> Path:
    return intent_model
