"""Production settings refuse to start unsafely and pass Django's deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "p" * 20 + "r0duct10n-s3cr3t-k3y-f0r-t3st1ng-0nly-xxxxxxxxxxxx",
    "ALLOWED_HOSTS": "medborgarloften.example.se",
    "DATABASE_URL": "sqlite:////tmp/medborgarloften-settings-test.sqlite3",
    # A cache shared by all workers, as the rate limit needs (portal.W001); never connected here.
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **env):
    ignored = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": "short"})
    assert result.returncode != 0


def test_deploy_check_has_no_warnings_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_needs_no_environment():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_swedish_and_stockholm_are_the_defaults(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"


def production_setting(*names, **env):
    values = ", ".join(f"settings.{name}" for name in names)
    code = f"import json; from django.conf import settings; print(json.dumps([{values}]))"
    result = manage("shell", "-c", code, **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_session_cookies_are_secure_http_only_and_same_site_lax():
    assert production_setting(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
    ) == [True, True, "Lax", 7200]


def test_session_idle_time_comes_from_the_environment():
    assert production_setting("SESSION_COOKIE_AGE", SESSION_COOKIE_AGE="900") == [900]


def test_production_locks_out_per_user_and_client_after_five_failures_for_an_hour():
    assert production_setting(
        "AXES_ENABLED",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "AXES_LOCKOUT_PARAMETERS",
        "AXES_RESET_ON_SUCCESS",
    ) == [True, 5, 1.0, [["username", "ip_address"]], True]


def test_lockout_limits_come_from_the_environment():
    assert production_setting(
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "AXES_RESET_ON_SUCCESS",
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_TIME="0.5",
        AXES_RESET_ON_SUCCESS="False",
    ) == [3, 0.5, False]


def test_production_keeps_pages_in_a_shared_cache_and_not_without_one():
    assert production_setting("PAGE_CACHE_SECONDS", "PAGE_CACHE_SHARED_SECONDS") == [600, 30]
    # Per worker, kept pages would not see changes made through the other workers.
    assert production_setting("PAGE_CACHE_SECONDS", CACHE_URL="locmemcache://") == [0]
    assert production_setting(
        "PAGE_CACHE_SECONDS", CACHE_URL="locmemcache://", PAGE_CACHE_SECONDS="60"
    ) == [60]
