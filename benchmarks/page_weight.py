"""Benchmark: what every public page weighs, compressed, with everything it links.

Run from the project folder:  .venv/bin/python benchmarks/page_weight.py [--english]

It builds a throwaway SQLite database in a temporary folder (DATABASE_URL is set before Django
starts, so the project's own database is never touched), loads the reference and demo data and
asks for each public page of the browser tests' crawl (portal/tests/browser.py) through
django.test.Client. Each page is measured by portal/weight.py: the HTML and each linked static
file gzip-compressed. The budget is 60 KB per page in total.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--english", action="store_true", help="also each page under /en/")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="page-weight-"))
    try:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'weight.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        sys.path.insert(0, str(PROJECT))
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        from portal.tests.browser import load_all_demo_data, public_pages
        from portal.weight import BUDGET_BYTES, weigh

        settings.DEBUG = False  # as in production: the real error pages
        call_command("migrate", verbosity=0)
        load_all_demo_data(create_users=False)
        paths = public_pages()
        if args.english:
            english = ["/en" + p for p in paths if not p.startswith(("/en/", "/api/"))]
            paths += [p for p in english if p not in paths]
        client = Client()
        rows = []
        for path in paths:
            response = client.get(path)
            rows.append((weigh(path, response.content), response.status_code))
        print(f"{'page':<62} {'status':>6} {'HTML':>7} {'files':>7} {'total':>7}")
        for weight, status in sorted(rows, key=lambda row: -row[0].total):
            files = weight.total - weight.html
            flag = "" if weight.total < BUDGET_BYTES else "  over budget"
            print(f"{weight.path[:62]:<62} {status:>6} {weight.html:>7} {files:>7} "
                  f"{weight.total:>7}{flag}")  # fmt: skip
        print(f"\n{len(rows)} pages; budget {BUDGET_BYTES} bytes compressed per page in total")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
