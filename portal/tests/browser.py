"""Chromium for browser tests: found on the machine, never downloaded.

Browser tests are skipped, with the reason, when no Chromium is found; with REQUIRE_BROWSER=1
(as in CI) a missing browser fails the run instead.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def required():
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")


def chromium_path():
    for candidate in [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"]:
        if candidate and os.path.exists(candidate):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing(reason):
    """Skip, or fail when the browser tooling is required."""
    if required():
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def launch(playwright):
    path = chromium_path()
    if not path:
        missing("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
