"""Load and fault: PostgreSQL restarted under load, and what residents got meanwhile.

Run from the project folder:  .venv/bin/python benchmarks/fault.py [--dry-run] [options]

It serves the portal as benchmarks/load.py does (production gunicorn settings, DEBUG off,
PostgreSQL, the page cache in Redis), in a database of its own with the demo data (made and
dropped here, or `--database-url` to reuse a writable one). The page cache is primed with every
current pledge page. Then, for `--seconds`, readers fetch those pledge pages (cached public
pages), other readers fetch the pledge list with a search (a query string: rendered, or cached
per query), and writers post the page-feedback form (`POST /sidfeedback/`), each post with a
comment of its own. After `--restart-at` seconds PostgreSQL is restarted with
`pg_ctlcluster 15 main restart -m fast` (`--dry-run` skips it: use that while others share the
machine; or `--cluster '15 other' --pg-port 5433` restarts a cluster of your own that holds the
database). Once PostgreSQL stops answering, the page cache's content version is moved on, as a
change published just before the outage would move it (`--no-move-version` leaves it): no kept
page is current then, so a cached page can only be served stale (X-Cache: STALE) or not at all.
The script makes sure PostgreSQL is running again when it ends.

Reported: requests served, answers by status for each kind of request, the time from the
restart to the first failed and to the last failed answer and to the first acknowledged post
after it (recovery), and acknowledged writes lost: posts answered with a redirect (302) or 200
whose comment is not in the database afterwards. Targets: no 500 on the cached public pages, no
acknowledged write lost. The table goes to benchmarks/results/fault-YYYY-MM-DD.md.
"""

import argparse
import collections
import datetime
import http.client
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402 - the helpers beside this file

VERSION_KEY = ":1:page-cache:version"

PUBLIC_PATHS = r"""
from pledges.models import Pledge
paths = ["/"]
for pledge in Pledge.objects.current().order_by("pk"):
    paths.append(pledge.get_absolute_url())
    paths += [kommun.get_absolute_url() for kommun in pledge.municipalities.all()]
print("PATHS=" + "|".join(dict.fromkeys(paths)))
"""

COUNT_FEEDBACK = r"""
from feedback.models import PageFeedback
rows = PageFeedback.objects.filter(comment__startswith=os.environ["FAULT_RUN"])
print("COMMENTS=" + "|".join(rows.values_list("comment", flat=True)))
"""


def shell(env, code, prefix, extra_env=None):
    out = subprocess.run(
        [load.PYTHON, "manage.py", "shell", "-c", code],
        cwd=load.PROJECT,
        env=dict(env, **(extra_env or {})),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith(prefix))
    value = line.removeprefix(prefix)
    return value.split("|") if value else []


def move_version_when_down(cache_url, pg_port, restart):
    """Once PostgreSQL stops answering, move the page cache's content version on, as a change
    published just before the outage would have: every kept page is then out of date, and a
    reader can only get a page as it was (X-Cache: STALE) or the 503 page. Returns when."""
    import re

    import redis

    match = re.match(r"redis://([^:/]+):(\d+)/(\d+)", cache_url)
    if not match:
        return None
    deadline = time.monotonic() + 10
    while postgres_ready(pg_port) and restart.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    host, port, db = match.groups()
    client = redis.Redis(host=host, port=int(port), db=int(db))
    # Django's key for portal.page_cache.VERSION_KEY (no KEY_PREFIX, cache version 1).
    if client.exists(VERSION_KEY):
        client.incr(VERSION_KEY)
        return time.monotonic()
    return None


def postgres_ready(port):
    command = ["pg_isready", "-h", "127.0.0.1", "-p", str(port), "-q"]
    return subprocess.run(command, check=False).returncode == 0


def ensure_postgres_running(cluster, port):
    if postgres_ready(port):
        return True
    subprocess.run(["pg_ctlcluster", *cluster.split(), "start"], check=False)
    for _ in range(60):
        if postgres_ready(port):
            return True
        time.sleep(0.5)
    return False


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (seconds since start, kind, status, x_cache)
        self.acknowledged = set()
        self.posted = set()
        self.t0 = time.monotonic()

    def add(self, kind, status, x_cache=""):
        with self.lock:
            self.events.append((time.monotonic() - self.t0, kind, status, x_cache))


def connection(port):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=15)


def reader(port, paths, kind, stop, recorder, offset):
    conn = connection(port)
    i = offset
    while not stop.is_set():
        path = paths[i % len(paths)]
        if path.endswith("="):  # a search of its own: never in the page cache
            path += f"trygghet-{offset}-{i}"
        i += 1
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            recorder.add(kind, response.status, response.getheader("X-Cache", ""))
        except (OSError, http.client.HTTPException):
            recorder.add(kind, "no answer")
            conn.close()
            conn = connection(port)


def writer(port, paths, stop, recorder, run_id, number, pause):
    conn = connection(port)
    origin = f"http://127.0.0.1:{port}"
    n = 0
    while not stop.is_set():
        n += 1
        comment = f"{run_id}-{number}-{n}"
        path = paths[n % len(paths)]
        body = urlencode({"helpful": "yes", "comment": comment, "next": path})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
            "Sec-Fetch-Site": "same-origin",
        }
        with recorder.lock:
            recorder.posted.add(comment)
        try:
            conn.request("POST", "/sidfeedback/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = "no answer"
            conn.close()
            conn = connection(port)
        recorder.add("feedback post", status)
        if status in (200, 302):
            with recorder.lock:
                recorder.acknowledged.add(comment)
        time.sleep(pause)


def summarise(recorder, restart_at, restart_took):
    by_kind = collections.defaultdict(collections.Counter)
    cache_by_kind = collections.defaultdict(collections.Counter)
    for _t, kind, status, x_cache in recorder.events:
        by_kind[kind][status] += 1
        if x_cache:
            cache_by_kind[kind][x_cache] += 1
    failures = [
        t
        for t, kind, status, _x in recorder.events
        if not (isinstance(status, int) and status < 400)
    ]
    timing = {}
    if restart_at is not None:
        after = [t - restart_at for t in failures if t >= restart_at - 0.5]
        timing["restart command took"] = f"{restart_took:.2f} s"
        if after:
            timing["first failed answer after the restart began"] = f"{min(after):.2f} s"
            timing["last failed answer after the restart began"] = f"{max(after):.2f} s"
        else:
            timing["failed answers"] = "none"
        acks = [
            t - restart_at
            for t, kind, status, _x in recorder.events
            if kind == "feedback post" and status in (200, 302) and t > restart_at
        ]
        if acks:
            last_failure = max(after) if after else 0
            later = [a for a in acks if a > last_failure]
            timing["recovery: first acknowledged post after the last failure"] = (
                f"{min(later):.2f} s after the restart began" if later else "none"
            )
    return by_kind, cache_by_kind, timing


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="do not restart PostgreSQL")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--restart-at", type=float, default=8)
    parser.add_argument("--readers", type=int, default=12, help="cached-page connections")
    parser.add_argument("--searchers", type=int, default=2, help="pledge-list search conns")
    parser.add_argument("--writers", type=int, default=2, help="feedback-posting connections")
    parser.add_argument("--post-pause", type=float, default=0.05, help="seconds between posts")
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument(
        "--cluster",
        default="15 main",
        help="the PostgreSQL cluster to restart, as pg_ctlcluster names it (default '15 main')",
    )
    parser.add_argument("--pg-port", type=int, default=5432, help="that cluster's port")
    parser.add_argument(
        "--no-move-version",
        dest="move_version",
        action="store_false",
        help="leave the page cache's content version alone during the outage (by default it is "
        "moved on once PostgreSQL is down, so cached pages must be served stale)",
    )
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--database-url", help="reuse this WRITABLE database with demo data")
    parser.add_argument("--database-name", default="mb_bench_fault")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", help="markdown file (default benchmarks/results/fault-DATE.md)")
    args = parser.parse_args()
    restart = ["pg_ctlcluster", *args.cluster.split(), "restart", "-m", "fast"]
    load.PG_ADMIN_URL = f"postgresql://postgres@127.0.0.1:{args.pg_port}/postgres"
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M")

    log_dir = Path(tempfile.mkdtemp(prefix="mb-fault-"))
    made = None
    url = args.database_url
    try:
        if not url:
            made = args.database_name
            url = f"postgresql://postgres@127.0.0.1:{args.pg_port}/{made}"
            print(f"Building {made} (demo data) ...", flush=True)
            load.build_database(made, load.base_env(url, args.cache_url))
        env = load.base_env(
            url,
            args.cache_url,
            PAGE_CACHE_SECONDS=600,
            # The load posts far more often than one resident would; the limit is not measured.
            PUBLIC_FORM_RATE_LIMIT=10_000_000,
        )
        load.manage(env, "collectstatic", "--no-input")
        pledge_paths = shell(env, PUBLIC_PATHS, "PATHS=")
        search_paths = ["/medborgarloften/?q="]
        settings = load.gunicorn_settings(env)
        load.flush_cache(args.cache_url)
        run_id = f"fault-{uuid.uuid4().hex[:8]}"
        recorder = Recorder()
        restart_at = restart_took = moved = None
        restart_result = "skipped (--dry-run)"
        with load.Server(env, load.free_port(args.port), log_dir, "fault") as server:
            for path in pledge_paths:  # prime the page cache
                for _ in range(2):
                    load.fetch(server.base + path)
            stop = threading.Event()
            threads = [
                threading.Thread(
                    target=reader,
                    args=(server.port, pledge_paths, "cached public page", stop, recorder, i),
                )
                for i in range(args.readers)
            ]
            threads += [
                threading.Thread(
                    target=reader,
                    args=(server.port, search_paths, "uncached search", stop, recorder, i),
                )
                for i in range(args.searchers)
            ]
            threads += [
                threading.Thread(
                    target=writer,
                    args=(
                        server.port,
                        pledge_paths,
                        stop,
                        recorder,
                        run_id,
                        i,
                        args.post_pause,
                    ),
                )
                for i in range(args.writers)
            ]
            recorder.t0 = time.monotonic()
            for thread in threads:
                thread.start()
            try:
                time.sleep(args.restart_at)
                if not args.dry_run:
                    restart_at = time.monotonic() - recorder.t0
                    process = subprocess.Popen(
                        restart, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                    )
                    if args.move_version:
                        moved = move_version_when_down(args.cache_url, args.pg_port, process)
                        if moved is not None:
                            moved -= recorder.t0 + restart_at
                    returncode = process.wait()
                    restart_took = time.monotonic() - recorder.t0 - restart_at
                    restart_result = (
                        f"`{' '.join(restart)}` exit {returncode} in {restart_took:.2f} s"
                    )
                else:
                    restart_at, restart_took = None, 0.0
                time.sleep(max(0.0, args.seconds - (time.monotonic() - recorder.t0)))
            finally:
                stop.set()
                duration = time.monotonic() - recorder.t0
                for thread in threads:
                    thread.join(timeout=30)
                ensure_postgres_running(args.cluster, args.pg_port)
            rss = server.worker_rss_mb()
        stored = set(shell(env, COUNT_FEEDBACK, "COMMENTS=", {"FAULT_RUN": run_id}))
        lost = recorder.acknowledged - stored
        unacknowledged_stored = (stored - recorder.acknowledged) & recorder.posted
        by_kind, cache_by_kind, timing = summarise(recorder, restart_at, restart_took)

        statuses = sorted({status for counter in by_kind.values() for status in counter}, key=str)
        lines = [
            f"# Load and fault, {datetime.date.today()}",
            "",
            f"Made by `benchmarks/fault.py` ({' '.join(sys.argv[1:]) or 'no options'}), "
            f"started {started} UTC.",
            "",
            "## Machine and settings",
            "",
            *[f"- {k}: {v}" for k, v in load.machine(url).items()],
            "- gunicorn: " + ", ".join(f"{k}={v}" for k, v in settings.items()),
            f"- Django: DEBUG=False, CACHE_URL={args.cache_url}, PAGE_CACHE_SECONDS=600, "
            "PUBLIC_FORM_RATE_LIMIT raised out of the way, demo data",
            f"- load: {args.readers} connections reading {len(pledge_paths)} public pages "
            f"(the start page, current pledges and their kommuner, primed in the page cache: "
            f"{', '.join(pledge_paths)}), {args.searchers} reading the pledge list with a "
            f"search of its own each time ({search_paths[0]}trygghet-N), {args.writers} "
            "posting page feedback "
            f"(a pause of {args.post_pause} s between posts), for {duration:.1f} s",
            f"- PostgreSQL restart at {args.restart_at} s: {restart_result}",
            "- content version moved on during the outage (every kept page out of date, so "
            "a cached page can only be served stale): "
            + (
                f"{moved:.2f} s after the restart began, when PostgreSQL stopped answering"
                if moved is not None
                else "no"
            ),
            "",
            "## Answers by status",
            "",
            "| requests | served | " + " | ".join(str(s) for s in statuses) + " | X-Cache |",
            "|---|---:|" + "---:|" * len(statuses) + "---|",
        ]
        total = 0
        for kind, counter in by_kind.items():
            served = sum(counter.values())
            total += served
            caches = ", ".join(f"{k} {v}" for k, v in sorted(cache_by_kind[kind].items()))
            lines.append(
                f"| {kind} | {served} | "
                + " | ".join(str(counter.get(s, 0)) for s in statuses)
                + f" | {caches or '—'} |"
            )
        lines += [
            "",
            f"Requests in all: {total} in {duration:.1f} s ({total / duration:.0f} per second).",
            "",
            "## Timing",
            "",
            *[f"- {k}: {v}" for k, v in timing.items()],
            "",
            "## Writes",
            "",
            f"- feedback posts sent: {len(recorder.posted)}, acknowledged (302/200): "
            f"{len(recorder.acknowledged)}, rows in the database afterwards: {len(stored)}",
            f"- acknowledged writes lost: **{len(lost)}**",
            f"- stored although not acknowledged (the answer was lost, not the write): "
            f"{len(unacknowledged_stored)}",
            f"- memory per worker after the run (RSS MB): {', '.join(f'{r:.0f}' for r in rss)}",
            "",
            "## Targets (issue 11)",
            "",
        ]
        cached_500 = by_kind["cached public page"].get(500, 0)
        lines.append(
            f"- No 500 on cached public pages: **{'pass' if cached_500 == 0 else 'fail'}** "
            f"({cached_500} of {sum(by_kind['cached public page'].values())} answers)"
        )
        all_500 = sum(counter.get(500, 0) for counter in by_kind.values())
        lines.append(f"- 500 answers of any kind: {all_500}")
        lines.append(
            f"- No acknowledged write lost: **{'pass' if not lost else 'fail'}** ({len(lost)})"
        )
        if args.dry_run:
            lines.append("- (dry run: PostgreSQL was not restarted, so these say nothing yet)")
        text = "\n".join(lines) + "\n"
        print(text)
        out = Path(args.out) if args.out else load.RESULTS / f"fault-{datetime.date.today()}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"Written to {out}")
    finally:
        postgres_ok = ensure_postgres_running(args.cluster, args.pg_port)
        print(f"PostgreSQL running: {postgres_ok}")
        if made and not args.keep:
            load.drop_database(made)
        print(f"Server logs in {log_dir}")


if __name__ == "__main__":
    main()
