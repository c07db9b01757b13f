"""Benchmark: the server time of an uncached pledge page with 25 activities × 12 follow-ups.

Run from the project folder:  .venv/bin/python benchmarks/pledge_page.py [--runs N]

It builds a throwaway database (SQLite in a temporary folder by default; with --database-url
postgres://… it creates its own database beside the one named and drops it afterwards), migrates
it, loads the reference data and creates one published pledge over four years with 25 activities,
a follow-up published for each of its 12 tertials (an update per activity in each), key figures,
and a lägesbild with surveys, residents' reports, dialogue activities and a safety walk in its
period. Then it times the pledge page through django.test.Client with no page cache (median and
p95 of N runs after warm-up), counts its queries, and serves the same bytes as a static file
through WhiteNoise in the same run. With --profile it prints a pyinstrument profile of one
request instead (pip install pyinstrument; not a dependency of the project).
"""

import argparse
import contextlib
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent
TARGET_MS = 25
ACTIVITIES = 25
YEARS = 4  # 12 tertials


def setup_django(folder, database_url):
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder / 'benchmark.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.conf import settings

    # As in production: no SQL kept in memory, WhiteNoise serves STATIC_ROOT from its index.
    settings.DEBUG = False
    settings.STATIC_ROOT = folder / "static"
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    # The uncached page is measured: a whole-page cache, where there is one, is left out.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "page_cache" not in name.lower()]


def own_database(url):
    """A PostgreSQL URL naming a new database beside the given one, and its name."""
    parts = urlsplit(url)
    name = f"pledge_benchmark_{os.getpid()}"
    return urlunsplit(parts._replace(path=f"/{name}")), name


def admin_connection(url):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def build():
    """A published pledge, 25 activities × 12 published follow-ups, and its lägesbild."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from dialogue.models import (
        DialogueActivity,
        Observation,
        PlaceReport,
        SituationPicture,
        Survey,
    )
    from followup.models import ActivityUpdate, FollowUpReport, Indicator, IndicatorValue
    from organisations.models import ContactPerson, Municipality, PoliceArea, PoliceRegion
    from organisations.reference import load_reference_data
    from pledges.models import Activity, FocusArea, Pledge, Signatory

    call_command("migrate", verbosity=0)
    load_reference_data()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throwaway file: durability does not matter
            cursor.execute("PRAGMA synchronous = OFF")

    kommun = Municipality.objects.get(name="Vaggeryd")
    area = PoliceArea.objects.create(
        name="Värnamo", police_region=PoliceRegion.objects.get(name="Öst")
    )
    area.municipalities.set(Municipality.objects.filter(name__in=["Värnamo", "Vaggeryd"]))
    start = datetime.date(2021, 1, 1)
    end = datetime.date(2021 + YEARS - 1, 12, 31)

    def moment(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))

    picture = SituationPicture.objects.create(
        municipality=kommun,
        police_area=area,
        title="Lägesbild Vaggeryd 2020",
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 12, 31),
        summary="Oron gäller trafiken och centrum på kvällarna.",
        is_published=True,
    )
    for month in range(1, 13):
        day = datetime.date(2020, month, 10)
        DialogueActivity.objects.create(
            municipality=kommun, kind=DialogueActivity.Kind.CITIZEN_DIALOGUE,
            title=f"Medborgardialog {month}", starts_at=moment(day), participants=15,
            is_published=True,
        )  # fmt: skip
        for number in range(5):
            PlaceReport.objects.create(
                municipality=kommun, place_text="Torget", category="lighting", status="read",
                created_at=moment(day), description=f"Mörkt {number}",
            )  # fmt: skip
    walk = DialogueActivity.objects.create(
        municipality=kommun, kind=DialogueActivity.Kind.SAFETY_WALK, title="Trygghetsvandring",
        starts_at=moment(datetime.date(2020, 9, 15)), participants=12, is_published=True,
    )  # fmt: skip
    for number in range(10):
        Observation.objects.create(activity=walk, place_text=f"Gångtunnel {number}")
    Survey.objects.create(
        municipality=kommun, slug="trygghet-2020", title="Trygghetsundersökning 2020",
        opens_at=moment(datetime.date(2020, 3, 1)), closes_at=moment(datetime.date(2020, 4, 1)),
        is_published=True,
    )  # fmt: skip

    pledge = Pledge.objects.create(
        title="Medborgarlöfte Vaggeryd 2021–2024",
        slug="vaggeryd-benchmark",
        police_area=area,
        start_date=start,
        end_date=end,
        promise="Kommunen och polisen lovar att arbeta för ökad trygghet.",
        situation_picture=picture,
    )
    pledge.municipalities.set([kommun])
    theme = FocusArea.objects.create(pledge=pledge, name="Trafiksäkerhet")
    responsibles = list(Activity.Responsible)
    for number in range(ACTIVITIES):
        activity = Activity.objects.create(
            pledge=pledge,
            description=f"Aktivitet {number + 1}: trygghetsvandringar och samtal i centrum.",
            responsible=responsibles[number % len(responsibles)],
            target_count=4 if number % 2 == 0 else None,
            target_unit="trygghetsvandringar" if number % 2 == 0 else "",
            order=number,
        )
        activity.focus_areas.add(theme)
    Signatory.objects.create(
        pledge=pledge, name="Anna Exempel", role="Ordförande", organisation="X"
    )
    ContactPerson.objects.create(municipality=kommun, role="Trygghetssamordnare", name="Kim")
    indicators = [
        Indicator.objects.create(pledge=pledge, name=name, unit="st", order=order)
        for order, name in enumerate(["Trygghetsvandringar", "Medborgardialoger"])
    ]
    pledge.publish_without_approvals()

    statuses = [s for s in ActivityUpdate.Status if s != ActivityUpdate.Status.CARRIED_OVER]
    tertial_number = 0
    for year in range(start.year, end.year + 1):
        for tertial in (1, 2, 3):
            tertial_number += 1
            report = FollowUpReport.objects.create(
                pledge=pledge, year=year, tertial=tertial, summary=f"Tertial {tertial} {year}.",
                status=FollowUpReport.Status.PUBLISHED, published_at=moment(end),
            )  # fmt: skip
            report.add_missing_updates()
            updates = list(report.updates.all())
            for number, update in enumerate(updates):
                update.status = statuses[(number + tertial_number) % len(statuses)]
                update.narrative = f"Under T{tertial} {year} gjordes det som var planerat."
                update.achieved = tertial_number if number % 2 == 0 else None
            ActivityUpdate.objects.bulk_update(updates, ["status", "narrative", "achieved"])
            report.freeze_content()
            IndicatorValue.objects.bulk_create(
                IndicatorValue(report=report, indicator=indicator, value=tertial_number)
                for indicator in indicators
            )
    assert ActivityUpdate.objects.filter(report__pledge=pledge).count() == ACTIVITIES * YEARS * 3
    return pledge


@contextlib.contextmanager
def counted_queries():
    """The statements run inside, as a list (Django empties its own log when a request starts)."""
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield statements


def timed(client, path, runs, warmup, cpu=None):
    """Milliseconds per request (wall clock; CPU time of this process into `cpu`, if given:
    on a busy machine it is the steadier figure, and with SQLite it includes the database)."""
    for _ in range(warmup):
        client.get(path)
    times = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times, body


def summary(times):
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--database-url",
        help="postgres://… of a server to create (and drop) the benchmark's own database on",
    )
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--reuse", help="a kept folder: time its database again without building")
    args = parser.parse_args()
    if args.reuse:
        folder = Path(args.reuse)
        setup_django(folder, None)
        run(args, folder)
        return

    folder = Path(tempfile.mkdtemp(prefix="pledge-benchmark-"))
    database_url, name = None, None
    if args.database_url:
        database_url, name = own_database(args.database_url)
        with admin_connection(args.database_url) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        setup_django(folder, database_url)
        run(args, folder)
    finally:
        if name:
            from django.db import connections

            connections.close_all()
            with admin_connection(args.database_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def run(args, folder):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from pledges.models import Pledge

    started = time.perf_counter()
    if args.reuse:
        pledge = Pledge.objects.get(slug="vaggeryd-benchmark")
    else:
        (folder / "static").mkdir()
        pledge = build()
    print(f"Built the pledge in {time.perf_counter() - started:.0f} s ({connection.vendor})")
    path = pledge.get_absolute_url()
    cache.clear()
    client = Client()
    start = time.perf_counter()
    with counted_queries() as first_queries:
        first = client.get(path)
    first_ms = (time.perf_counter() - start) * 1000
    assert first.status_code == 200, first.status_code
    with counted_queries() as queries:
        client.get(path)

    if args.profile:
        from pyinstrument import Profiler

        with Profiler(interval=0.0002) as profiler:
            for _ in range(20):
                client.get(path)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return

    (folder / "static" / "pledge.html").write_bytes(first.content)
    client = Client()  # loads the middleware again, so WhiteNoise indexes the file just written
    page_cpu = []
    page_times, _page = timed(client, path, args.runs, warmup=5, cpu=page_cpu)
    static_times, static_body = timed(client, "/static/pledge.html", args.runs, warmup=5)
    assert static_body == first.content

    page_median, page_p95 = summary(page_times)
    static_median, static_p95 = summary(static_times)
    rows = [
        (f"pledge page, first request ({len(first_queries)} queries)", first_ms, first_ms),
        (f"pledge page, {args.runs} runs after warm-up ({len(queries)} queries)",
         page_median, page_p95),
        ("  the same, CPU time of the process", *summary(page_cpu)),
        ("same bytes as a static file (WhiteNoise)", static_median, static_p95),
    ]  # fmt: skip
    width = max(len(label) for label, *_ in rows)
    print()
    print(f"{'':{width}}  {'median ms':>10}  {'p95 ms':>8}")
    for label, median, p95 in rows:
        print(f"{label:{width}}  {median:10.1f}  {p95:8.1f}")
    print()
    print(f"Page size: {len(first.content):,} bytes; load average {os.getloadavg()[0]:.1f}")
    verdict = "meets" if page_median < TARGET_MS else "MISSES"
    print(f"Target under {TARGET_MS} ms server time (median): {verdict} it ({page_median:.1f} ms).")


if __name__ == "__main__":
    main()
