"""The shipped gunicorn settings hold under load: no worker is recycled every few seconds, and
the threaded worker keeps a client's connection open (benchmarks/load.py --compare)."""

import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def settings(monkeypatch, **env):
    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_THREADS", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_workers_are_not_recycled_by_default(monkeypatch):
    config = settings(monkeypatch)
    assert config["max_requests"] == 0 and config["max_requests_jitter"] == 0


def test_recycling_can_be_chosen_with_a_spread(monkeypatch):
    config = settings(monkeypatch, GUNICORN_MAX_REQUESTS="100000")
    assert config["max_requests"] == 100_000 and config["max_requests_jitter"] == 10_000


def test_threaded_workers_by_default_two_per_core_plus_one(monkeypatch):
    # gunicorn runs the gthread worker when threads > 1: it keeps connections alive, which the
    # sync worker does not (gunicorn.conf.py has the measurements).
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    config = settings(monkeypatch)
    assert config["threads"] == 2
    assert config["workers"] == 5


def test_workers_and_threads_can_be_set(monkeypatch):
    config = settings(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="1")
    assert config["workers"] == 3 and config["threads"] == 1


def test_bound_to_the_given_address_and_logging_to_the_console(monkeypatch):
    config = settings(monkeypatch, GUNICORN_BIND="127.0.0.1:8101")
    assert config["bind"] == "127.0.0.1:8101"
    assert config["accesslog"] == "-" and config["errorlog"] == "-"
