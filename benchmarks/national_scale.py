"""Benchmark: every public page with the demo data and with national data, uncached.

Run from the project folder:

    .venv/bin/python benchmarks/national_scale.py \\
        --demo postgres://postgres@127.0.0.1:5432/demo \\
        --national postgres://postgres@127.0.0.1:5432/national

The demo database holds `load_reference_data` and `load_demo_data`; the national one the same
and `load_national_data` on top (290 kommuner, ten years). Both are only read. Each database is
measured in its own Python process (DATABASE_URL is set before Django starts), one page after the
other, through django.test.Client with DEBUG off and no whole-page cache: the median of --runs
requests after --warmup requests, with the number of queries and the size of the HTML. The pages
are the demo's own (Vaggeryd's kommun page, its current pledge, a report of it, a closed
survey), so both databases answer the same addresses; only what the country adds differs.
The figure that matters is the ratio national / demo; the target is at most 1.3.

`--worklist` also times the admin start page's “Att göra” (portal.worklist.worklist_for) for the
demo's administrator and the Vaggeryd coordinator in both databases.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TARGET = 1.3
# Runs per turn: each page is timed ROUND times in one database, then in the other, and so on.
ROUND = 3
WORKLIST_USERS = ["admin", "samordnare.vaggeryd"]

# Pages of the other parts of the issue: measured and reported, not this script's target alone.
STATIC_PAGES = [
    ("start page", "/"),
    ("pledge list", "/medborgarloften/"),
    ("national overview", "/medborgarloften/oversikt/"),
    ("kommun list", "/kommuner/"),
    ("dialogue", "/dialog/"),
    ("national feed", "/uppfoljningar/atom/"),
    ("sitemap", "/sitemap.xml"),
    ("API municipalities", "/api/municipalities/"),
    ("API counties", "/api/counties/"),
    ("API police areas", "/api/police-areas/"),
    ("API pledges", "/api/pledges/"),
    ("API follow-ups", "/api/follow-ups/"),
    ("API key figures", "/api/key-figures/"),
    ("API dialogue activities", "/api/dialogue-activities/"),
    ("API surveys", "/api/surveys/"),
]


def setup_django(database_url, cache):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(PROJECT))
    import django
    from django.conf import settings

    os.environ["PAGE_CACHE_SECONDS"] = "0"  # no whole-page cache (portal.page_cache)
    if cache == "dummy":
        os.environ["CACHE_URL"] = "dummycache://"
    django.setup()
    # As in production, but no whole-page cache: the pages are built every time.
    settings.DEBUG = False
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "page_cache" not in name.lower()]
    for name in ("PAGE_CACHE", "PAGE_CACHE_ENABLED"):
        if hasattr(settings, name):
            setattr(settings, name, False)


def demo_pages():
    """The demo's own pages of one kommun, which the national data leaves as they are."""
    from django.urls import reverse

    from dialogue.models import Survey
    from followup.models import FollowUpReport
    from organisations.models import Municipality
    from pledges.models import Pledge

    kommun = Municipality.objects.get(slug="vaggeryd")
    pledge = (
        Pledge.objects.published()
        .filter(municipalities=kommun)
        .exclude(slug__startswith="nationell-")
        .order_by("-end_date")
        .first()
    )
    report = (
        FollowUpReport.objects.filter(pledge=pledge, status=FollowUpReport.Status.PUBLISHED)
        .order_by("-year", "-tertial")
        .first()
    )
    survey = (
        Survey.objects.with_public_results()
        .filter(municipality__slug__in=["vaggeryd", "vanersborg"])
        .order_by("-closes_at")
        .first()
    )
    pages = [
        ("kommun page", kommun.get_absolute_url()),
        ("kommun dialogue", reverse("dialogue:municipality", args=[kommun.slug])),
        ("pledge page", pledge.get_absolute_url()),
        ("pledge feed", reverse("pledges:pledge_followup_feed", args=[pledge.slug])),
        ("report page", report.get_absolute_url()),
    ]
    if survey is not None:
        pages.append(
            (
                "survey results",
                reverse("dialogue:survey_results", args=[survey.municipality.slug, survey.slug]),
            )
        )
    return pages


def timed(client, path, runs, warmup):
    """Times of `runs` requests after `warmup`, the queries and the bytes of the last one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(path)
    times, count, body = [], 0, b""
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - start) * 1000)
        count = len(queries)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return {"times": times, "queries": count, "bytes": len(body)}


def worklist_timed(username, runs, warmup):
    """The admin start page's to-do list for one user, timed as a page is."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.worklist import Worklist, worklist_for

    users = get_user_model().objects
    pk = users.get(username=username).pk
    for _ in range(warmup):
        worklist_for(users.get(pk=pk))
    times, count, worklist = [], 0, Worklist()
    for _ in range(runs):
        user = users.get(pk=pk)  # a fresh user, as each request has: no scope kept on it
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            worklist = worklist_for(user)
            times.append((time.perf_counter() - start) * 1000)
        count = len(queries)
    return {"times": times, "queries": count, "bytes": len(worklist.items)}


def child(args):
    """Serve measurements to the parent: a JSON request a line in, a JSON answer a line out."""
    setup_django(args.child, args.cache)
    from django.test import Client

    client = Client()
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request["what"] == "pages":
                answer = STATIC_PAGES + demo_pages()
            elif request["what"] == "worklist":
                answer = worklist_timed(request["path"], request["runs"], request["warmup"])
            else:
                answer = timed(client, request["path"], request["runs"], request["warmup"])
        except Exception as error:  # a broken page is reported, and the others still measured
            answer = {"error": f"{type(error).__name__}: {error}"[:200]}
        print(json.dumps(answer), flush=True)


class Failed(Exception):
    """A page that did not answer 200 (or raised) in one of the databases."""


class Child:
    """One database's measuring process."""

    def __init__(self, url, cache):
        command = [sys.executable, __file__, "--child", url, "--cache", cache]
        self.process = subprocess.Popen(
            command, cwd=PROJECT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("a measuring process ended; see its error above")
        answer = json.loads(line)
        if isinstance(answer, dict) and "error" in answer:
            raise Failed(answer["error"])
        return answer

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def measure(args):
    """Each page in both databases, in turns (demo, national, demo, …), so that whatever else
    the machine does weighs on both alike; the median of all runs of each."""
    demo, national = Child(args.demo, args.cache), Child(args.national, args.cache)
    try:
        pages = [(name, path, "page") for name, path in demo.ask(what="pages")]
        if args.worklist:
            pages += [(f"worklist: {user}", user, "worklist") for user in WORKLIST_USERS]
        if args.only:
            pages = [page for page in pages if page[0] in args.only]
        rounds = max(1, args.runs // ROUND)
        results = []
        for name, path, what in pages:
            try:
                sides = []
                for side in (demo, national):
                    sides.append(side.ask(what=what, path=path, runs=0, warmup=args.warmup))
                for _ in range(rounds):
                    for index, side in enumerate((demo, national)):
                        answer = side.ask(what=what, path=path, runs=ROUND, warmup=0)
                        sides[index]["times"] += answer["times"]
                        sides[index].update(queries=answer["queries"], bytes=answer["bytes"])
            except Failed as error:
                print(f"{name:<28} failed: {error}  {path}", flush=True)
                continue
            for side in sides:
                side["ms"] = statistics.median(side.pop("times"))
            results.append((name, path, what, *sides))
            report(results[-1])
            if args.json:  # written as it goes: an interrupted run keeps what it measured
                write_json(args.json, results)
        return results
    finally:
        demo.close()
        national.close()


def write_json(filename, results):
    rows = [
        {"page": name, "path": path, "demo": a, "national": b}
        for name, path, _what, a, b in results
    ]
    Path(filename).write_text(json.dumps(rows, indent=1))


def report(row):
    name, path, what, before, after = row
    ratio = after["ms"] / before["ms"]
    flag = " !" if ratio > TARGET else ""
    if what == "worklist":
        size = f"{before['bytes']}→{after['bytes']} items"
        path = ""
    else:
        size = f"{before['bytes'] / 1024:.1f}→{after['bytes'] / 1024:.1f}"
    print(
        f"{name:<28} {before['ms']:>8.1f} {after['ms']:>8.1f} {ratio:>5.2f}{flag:<2}"
        f" {before['queries']:>3}→{after['queries']:<4} {size:>13}  {path}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", help="DATABASE_URL of the demo data")
    parser.add_argument("--national", help="DATABASE_URL of the national data")
    parser.add_argument("--runs", type=int, default=15, help="runs per page and database")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--cache",
        choices=["locmem", "dummy"],
        default="locmem",
        help="the low-level cache (survey results, figures): locmem as by default, or none",
    )
    parser.add_argument("--only", action="append", help="a page's name (repeatable)")
    parser.add_argument("--worklist", action="store_true", help="time the admin's to-do list")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    if not (args.demo and args.national):
        parser.error("give --demo and --national")

    print(f"{'page':<28} {'demo ms':>8} {'nat. ms':>8} {'ratio':>5}   queries {'KB':>13}  path")
    results = measure(args)
    over = [name for name, _path, _what, a, b in results if b["ms"] / a["ms"] > TARGET]
    print(f"\nOver {TARGET}×: {', '.join(over) if over else 'none'}")


if __name__ == "__main__":
    main()
