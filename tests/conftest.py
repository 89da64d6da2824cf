"""Shared test configuration: hypothesis profiles and paths to fixtures."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

# "fast" for the edit-test loop, "thorough" for CI (.ci/run sets GOVDISCLOSURE_PROFILE).
settings.register_profile(
    "fast",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# CI's profile. Properties the issues set a count for (500 JSON round trips per template) ask for
# it themselves; everything else runs 100 examples, which keeps CI well inside its time.
settings.register_profile(
    "thorough",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("GOVDISCLOSURE_PROFILE", "fast"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
