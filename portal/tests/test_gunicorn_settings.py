"""The shipped gunicorn settings hold under load: no worker is recycled every few seconds."""

import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_workers_are_not_recycled_by_default(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    settings = runpy.run_path(str(CONFIG))
    assert settings["max_requests"] == 0 and settings["max_requests_jitter"] == 0


def test_recycling_can_be_chosen_with_a_spread(monkeypatch):
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "100000")
    settings = runpy.run_path(str(CONFIG))
    assert settings["max_requests"] == 100_000 and settings["max_requests_jitter"] == 10_000
