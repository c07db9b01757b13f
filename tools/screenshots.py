"""Screenshots of the main public pages at a phone width and a desktop width, for docs/.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--max-height 4000]

Everything happens in a throwaway SQLite database in a temporary folder: the script migrates
it, loads the reference and demo data, serves it with `manage.py runserver` on a free port and
photographs each page with the machine's Chromium (the launch helper and its arguments are the
browser tests' own, from portal/tests/browser.py). The project's database is never touched.

Pages whose address depends on the demo data (the pledge in force today, a follow-up report,
a survey) are looked up in that database, not guessed. The demo data is dated from the day it
is loaded, so dates in the pictures move with the day the script runs; everything else is the
same from run to run (fixed viewport, scale 1, animations off, caret hidden).

Where pngquant is installed (apt-get install pngquant), each picture is reduced to at most 256
colours, which keeps text sharp and makes the files about a third of their size.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (390, 1280)
PHONE_HEIGHT = 844
DESKTOP_HEIGHT = 800


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def look_up_pages(env):
    """(file name, path) of every page to photograph, ids and slugs read from the database."""
    script = (
        "from django.urls import reverse\n"
        "from pledges.models import Pledge\n"
        "from followup.models import FollowUpReport\n"
        "from dialogue.models import Survey\n"
        "pledge = Pledge.objects.current().get(municipalities__slug='vaggeryd')\n"
        "report = FollowUpReport.objects.published().filter(pledge=pledge)"
        ".order_by('-year', '-tertial').first()\n"
        "survey = Survey.objects.with_public_results()"
        ".filter(municipality__slug='vanersborg').order_by('pk').first()\n"
        "print('URL', pledge.get_absolute_url())\n"
        "print('URL', report.get_absolute_url())\n"
        "print('URL', reverse('dialogue:survey_results',"
        " args=[survey.municipality.slug, survey.slug]))\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    # Other apps may log to stdout at start-up: keep only the lines this script printed.
    urls = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("URL ")]
    pledge, report, results = urls
    return [
        ("start", "/"),
        ("kommun-vaggeryd", "/kommuner/vaggeryd/"),
        ("pledge-vaggeryd", pledge),
        ("pledge-vaggeryd-english", "/en" + pledge),
        ("follow-up-report", report),
        ("pledge-list", "/medborgarloften/"),
        ("overview", "/medborgarloften/oversikt/"),
        ("dialogue-vanersborg", "/dialog/vanersborg/"),
        ("survey-results", results),
        ("unsafe-place-form", "/dialog/vaggeryd/otrygg-plats/"),
    ]


def wait_until_serving(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("runserver stopped before it served a page")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit(f"runserver did not answer {url} within {seconds} s")


def photograph(base_url, pages, out, max_height):
    from playwright.sync_api import sync_playwright

    from portal.tests.browser import launch

    written = []
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            for width in WIDTHS:
                height = PHONE_HEIGHT if width < 800 else DESKTOP_HEIGHT
                context = chromium.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    locale="sv-SE",
                    timezone_id="Europe/Stockholm",
                    reduced_motion="reduce",
                )
                page = context.new_page()
                for name, path in pages:
                    response = page.goto(base_url + path, wait_until="networkidle")
                    if response is None or response.status != 200:
                        status = response.status if response else "no response"
                        raise SystemExit(f"{path} answered {status}")
                    full = page.evaluate("document.documentElement.scrollHeight")
                    target = out / f"{name}-{width}.png"
                    page.screenshot(
                        path=str(target),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(full, max_height)},
                        animations="disabled",
                        caret="hide",
                        scale="css",
                    )
                    written.append(target)
                    print(f"{target.name}  {path}  {target.stat().st_size // 1024} KB")
                context.close()
        finally:
            chromium.close()
    return written


def shrink(paths):
    """Fewer colours, same pixels where it counts: pngquant, when the machine has it."""
    if not shutil.which("pngquant"):
        print("pngquant not found: the screenshots are left at full size")
        return
    subprocess.run(
        ["pngquant", "--quality=70-95", "--speed=1", "--strip", "--force", "--ext", ".png",
         *map(str, paths)],
        check=True,
    )  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Screenshots of the main public pages at 390 and 1280 px wide, taken from a "
        "throwaway database with the demo data (the project's database is not touched)."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "screenshots",
        help="folder for the PNG files (default: docs/screenshots)",
    )
    parser.add_argument(
        "--max-height",
        type=int,
        default=4000,
        help="cut a long page at this many CSS pixels to keep the files small (default: 4000)",
    )
    options = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from portal.tests.browser import chromium_path

    if not chromium_path():
        # Checked before the database is built, which takes a few minutes.
        raise SystemExit("No Chromium found: apt-get install chromium, or set CHROMIUM_PATH.")
    out = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="mbl-screenshots-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'screenshots.sqlite3'}",
            "DEBUG": "True",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("CACHE_URL", None)
        manage("migrate", "--no-input", "--verbosity", "0", env=env)
        manage("load_reference_data", env=env)
        manage("load_demo_data", "--no-users", env=env)
        pages = look_up_pages(env)

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_serving(base_url + "/", server)
            written = photograph(base_url, pages, out, options.max_height)
        finally:
            server.terminate()
            server.wait(timeout=10)

    shrink(written)
    total = sum(path.stat().st_size for path in written)
    print(f"{len(written)} screenshots, {total / 1024 / 1024:.1f} MB in {out}")


if __name__ == "__main__":
    main()
