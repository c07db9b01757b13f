"""manage.py load_national_data: national data for benchmarks (see portal/national_data.py)."""

import time

from django.core.management.base import BaseCommand, CommandError

from portal.national_data import AlreadyGenerated, Options, generate


class Command(BaseCommand):
    help = (
        "Generate national data for benchmarks: police areas covering all 290 kommuner, ten "
        "years of published pledges with every ended tertial followed up, dialogue activities, "
        "surveys with about a million answers and residents' reports. Seeded and deterministic; "
        "run it once, into a database without national data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--years", type=int, default=10, help="Years of pledges, ending with this one."
        )
        parser.add_argument(
            "--kommuner",
            type=int,
            default=None,
            help="Generate pledges and dialogue for N kommuner spread over the country "
            "(default all 290). Police areas always cover every kommun.",
        )
        parser.add_argument(
            "--answers",
            type=int,
            default=1_000_000,
            help="About how many survey answer rows to make in total (default 1 000 000).",
        )

    def handle(self, *args, seed, years, kommuner, answers, **options):
        if years < 1:
            raise CommandError("--years must be at least 1.")
        if kommuner is not None and kommuner < 1:
            raise CommandError("--kommuner must be at least 1.")
        if answers < 0:
            raise CommandError("--answers cannot be negative.")

        def write(text, ending):
            self.stdout.write(text, ending=ending)
            self.stdout.flush()

        started = time.perf_counter()
        try:
            counts = generate(
                Options(seed, years, kommuner, answers), write=write, live=self.stdout.isatty()
            )
        except AlreadyGenerated:
            raise CommandError(
                "National data has already been generated in this database (there are police "
                "areas and pledges whose address starts with 'nationell-'); a second run would "
                "double it. Start from an empty database: create a new one (e.g. with "
                "PostgreSQL's createdb, or another SQLite file), point DATABASE_URL at it, run "
                "'manage.py migrate' and then 'manage.py load_national_data'."
            ) from None
        seconds = time.perf_counter() - started
        total = sum(counts.values())
        self.stdout.write("")
        for label, count in counts.items():
            self.stdout.write(f"  {label:<24} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(f"Made {total:,} rows in {seconds:.0f} s (seed {seed}).")
        )
