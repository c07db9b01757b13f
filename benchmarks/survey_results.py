"""Benchmark: the public results page of a survey with 100 000 responses, against a static file.

Run from the project folder:  .venv/bin/python benchmarks/survey_results.py [--responses N]

It builds a throwaway SQLite database in a temporary folder (DATABASE_URL is set before Django
starts, so the project's own database is never touched), migrates it, loads the reference data,
creates a closed 10-question survey with N responses (about ten answer rows each), then times
the results page through django.test.Client and the same bytes served as a static file by
WhiteNoise in the same run. The figure that matters is the ratio of the two.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TARGET_MS = 300


def setup_django(folder):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'benchmark.sqlite3'}"
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


def build(responses, seed=2026):
    """A closed survey of ten questions of every kind and `responses` generated responses."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from dialogue.models import Answer, Option, Question, Response, Survey
    from organisations.models import Municipality, Place
    from organisations.reference import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    with connection.cursor() as cursor:  # a throwaway file: durability does not matter
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA journal_mode = MEMORY")

    kommun = Municipality.objects.get(name="Vaggeryd")
    places = [
        Place.objects.get_or_create(municipality=kommun, name=name)[0]
        for name in ["Skillingaryd", "Vaggeryd", "Hok"]
    ]
    now = timezone.now()
    survey = Survey.objects.create(
        municipality=kommun,
        slug="benchmark",
        title="Trygghetsundersökning (benchmark)",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=1),
        is_published=True,
    )
    Kind = Question.Kind
    kinds = [Kind.SCALE, Kind.SINGLE, Kind.MULTIPLE, Kind.PLACE, Kind.SCALE,
             Kind.SINGLE, Kind.MULTIPLE, Kind.TEXT, Kind.SCALE, Kind.SINGLE]  # fmt: skip
    questions = []
    for order, kind in enumerate(kinds, start=1):
        question = Question.objects.create(
            survey=survey, kind=kind, order=order, text=f"Fråga {order}: hur upplever du …?",
            required=kind != Kind.TEXT, scale_low_label="Mycket otrygg",
            scale_high_label="Mycket trygg",
        )  # fmt: skip
        if kind in Question.CHOICE_KINDS:
            Option.objects.bulk_create(
                Option(question=question, text=f"Alternativ {n}", order=n) for n in range(1, 6)
            )
        questions.append((question, list(question.options.all())))

    rng = random.Random(seed)
    batch = 5000
    answers_made = 0
    span = (survey.closes_at - survey.opens_at).total_seconds()
    for start in range(0, responses, batch):
        with transaction.atomic():
            made = Response.objects.bulk_create(
                Response(
                    survey=survey,
                    submitted_at=survey.opens_at + timedelta(seconds=rng.uniform(0, span)),
                )
                for _ in range(min(batch, responses - start))
            )
            rows = []
            for response in made:
                for question, options in questions:
                    common = {"response_id": response.pk, "survey_id": survey.pk,
                              "question_id": question.pk}  # fmt: skip
                    if question.kind == Kind.SCALE:
                        rows.append(Answer(**common, scale=rng.randint(1, 5)))
                    elif question.kind == Kind.SINGLE:
                        rows.append(Answer(**common, option_id=rng.choice(options).pk))
                    elif question.kind == Kind.MULTIPLE:
                        rows += [
                            Answer(**common, option_id=option.pk)
                            for option in rng.sample(options, rng.randint(1, 2))
                        ]
                    elif question.kind == Kind.PLACE:
                        if rng.random() < 0.9:
                            rows.append(Answer(**common, place_id=rng.choice(places).pk))
                        else:
                            rows.append(Answer(**common, text="Vid stationen"))
                    elif rng.random() < 0.2:
                        rows.append(Answer(**common, text="Mer belysning, tack."))
            Answer.objects.bulk_create(rows)
            answers_made += len(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return survey, answers_made


def timed(client, path, runs, warmup):
    for _ in range(warmup):
        client.get(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times, body


def summary(times):
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="survey-benchmark-"))
    try:
        setup_django(folder)
        run(args, folder)
    finally:
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def run(args, folder):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from dialogue.results import survey_results

    started = time.perf_counter()
    (folder / "static").mkdir()
    survey, answers = build(args.responses)
    generation = time.perf_counter() - started
    print(f"Generated {args.responses:,} responses and {answers:,} answers in {generation:.0f} s")

    # The aggregation itself, with an empty cache every time.
    cold = []
    for _ in range(5):
        cache.clear()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            survey_results(survey)
        cold.append((time.perf_counter() - start) * 1000)
    query_count = len(queries)

    path = reverse("dialogue:survey_results", args=[survey.municipality.slug, survey.slug])
    cache.clear()
    client = Client()
    start = time.perf_counter()
    first = client.get(path)
    first_ms = (time.perf_counter() - start) * 1000
    assert first.status_code == 200

    static_dir = Path(folder) / "static"
    (static_dir / "survey-results.html").write_bytes(first.content)

    # A new client loads the middleware again, so WhiteNoise indexes the file just written.
    client = Client()
    page_times, _page = timed(client, path, args.runs, warmup=3)
    static_times, static_body = timed(client, "/static/survey-results.html", args.runs, warmup=3)
    assert static_body == first.content

    page_median, page_p95 = summary(page_times)
    static_median, static_p95 = summary(static_times)
    cold_median, cold_p95 = summary(cold)
    rows = [
        ("results page, first request (empty cache)", first_ms, first_ms),
        (f"results page ({args.runs} runs after warm-up)", page_median, page_p95),
        ("same bytes as a static file (WhiteNoise)", static_median, static_p95),
        (f"survey_results() with empty cache ({len(cold)} runs, {query_count} queries)",
         cold_median, cold_p95),
    ]  # fmt: skip
    width = max(len(label) for label, *_ in rows)
    print()
    print(f"{'':{width}}  {'median ms':>10}  {'p95 ms':>8}")
    for label, median, p95 in rows:
        print(f"{label:{width}}  {median:10.1f}  {p95:8.1f}")
    print()
    print(f"Page size: {len(first.content):,} bytes")
    print(f"Ratio results page / static file (median): {page_median / static_median:.1f}")
    for label, value in [("repeated requests (p95)", page_p95), ("first request", first_ms)]:
        verdict = "meets" if value < TARGET_MS else "MISSES"
        print(f"Target under {TARGET_MS} ms, {label}: {verdict} it ({value:.0f} ms).")


if __name__ == "__main__":
    main()
