"""Benchmark: the public pages under load, served as in production, each against a static file.

Run from the project folder:  .venv/bin/python benchmarks/load.py [options]

It serves the portal with the production gunicorn settings (`gunicorn -c gunicorn.conf.py
portal.wsgi`, DEBUG off) on PostgreSQL, and loads it over loopback with wrk (Debian's package;
a small Python load generator if wrk is missing) at 16 connections. For each page it measures
requests per second and p50/p99 latency, and in the same run the same bytes served by WhiteNoise
as a static file (the page is fetched once, its bytes written under STATIC_ROOT before the
server starts). The figure that travels between machines is the ratio of the two.

Pages: the start page, a kommun page, a pledge page, a follow-up report, a closed survey's
results, the national Atom feed and an API list. Each is measured

- cold: PAGE_CACHE_SECONDS=0, so that every request renders the page (the page cache is off);
- warm: the page cache on (PAGE_CACHE_SECONDS=600), emptied and then primed by a warm-up,

with the demo data (a database the script creates and drops; `--keep` keeps it) and with the
national data (`load_national_data`, about 3 minutes; `--national-database-url` reuses a
database that has it, read only; `--skip-national` leaves it out). After each server's runs the
memory of each worker (RSS from /proc) is read. The table is printed and written, with the
date, the machine and the settings, to benchmarks/results/load-YYYY-MM-DD.md.

fault.py and two_instances.py, beside this file, use its helpers for serving and loading.
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = PROJECT / "benchmarks" / "results"
STATIC_ROOT = PROJECT / "staticfiles"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = "benchmark-only-" + "x" * 60
WRK = shutil.which("wrk")
# Headers every load request sends: {"Accept-Encoding": "gzip"} with --gzip.
REQUEST_HEADERS = {}

# Targets from issue 11.
TARGET_RATIO = 0.9
TARGET_P99_MS = 100
TARGET_RSS_MB = 100
TARGET_PLEDGE_MS = 25
TARGET_NATIONAL = 1.3


# --- the database ------------------------------------------------------------------------------


def pg_url(name):
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def pg_admin(sql):
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def pg_query(url, sql):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def create_database(name):
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg_admin(f'CREATE DATABASE "{name}"')


def drop_database(name):
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def base_env(database_url, cache_url, **extra):
    """The production settings, on loopback over plain http."""
    env = dict(os.environ)
    env.update(
        DEBUG="False",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        # No TLS on loopback: no redirect to https (cookies stay Secure, which does not matter
        # to anonymous GETs).
        SECURE_SSL_REDIRECT="False",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items() if value is not None})
    return env


def manage(env, *args, quiet=True):
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    return time.monotonic() - started


def build_database(name, env, national=False):
    """A fresh database with the reference and demo data, and the national data if asked."""
    create_database(name)
    took = {"migrate": manage(env, "migrate", "--no-input")}
    took["reference data"] = manage(env, "load_reference_data")
    took["demo data"] = manage(env, "load_demo_data", "--no-users")
    if national:
        took["national data"] = manage(env, "load_national_data", quiet=False)
    pg_query(env["DATABASE_URL"], "VACUUM ANALYZE")
    return took


PICK_PAGES = r"""
import json
from django.db.models import Count
from django.urls import reverse
from dialogue.models import Survey
from followup.models import FollowUpReport
from pledges.models import Pledge

# The current pledge with the most activities (the heaviest pledge page), its first kommun, its
# latest published follow-up and the closed survey with public results in that kommun (or the
# latest anywhere).
pledge = (
    Pledge.objects.current().annotate(n=Count("activities")).order_by("-n", "pk").first()
    or Pledge.objects.published().order_by("-pk").first()
)
kommun = pledge.municipalities.order_by("pk").first()
report = (
    FollowUpReport.objects.published().filter(pledge=pledge).order_by("-year", "-tertial").first()
    or FollowUpReport.objects.published().order_by("-year", "-tertial", "-pk").first()
)
surveys = Survey.objects.with_public_results().order_by("-closes_at", "-pk")
survey = surveys.filter(municipality=kommun).first() or surveys.first()
pages = {
    "start page": "/",
    "kommun page": kommun.get_absolute_url(),
    "pledge page": pledge.get_absolute_url(),
    "report page": report.get_absolute_url(),
    "survey results": reverse(
        "dialogue:survey_results", args=[survey.municipality.slug, survey.slug]
    ),
    "national feed": reverse("followup_feed"),
    "API list": reverse("api:pledge-list"),
}
print("PAGES=" + json.dumps(pages))
"""


def pick_pages(env):
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", PICK_PAGES],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("PAGES="))
    return json.loads(line.removeprefix("PAGES="))


# --- the server ---------------------------------------------------------------------------------


def free_port(preferred):
    for port in [preferred, *range(preferred + 1, preferred + 50)]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port")


def gunicorn_settings(env):
    """What gunicorn.conf.py gives with this environment (workers, threads, ...)."""
    code = (
        "import json, runpy; s = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: s[k] for k in ('workers', 'threads', 'max_requests', 'timeout', "
        "'worker_class', 'accesslog') if k in s}))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


class Server:
    """gunicorn -c gunicorn.conf.py portal.wsgi, as production starts it, on a loopback port."""

    def __init__(self, env, port, log_dir, label="server"):
        self.port = port
        self.env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
        self.log_path = Path(log_dir) / f"{label}-{port}.log"
        self.proc = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        log = open(self.log_path, "ab")  # noqa: SIM115 - the server writes to it until stopped
        self.proc = subprocess.Popen(
            [str(PROJECT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "portal.wsgi"],
            cwd=PROJECT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/robots.txt", timeout=5) as response:
                    if response.status == 200 and len(self.worker_pids()) >= 1:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def worker_pids(self):
        try:
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in children.split()]

    def worker_rss_mb(self):
        return self.worker_memory_mb("status", "VmRSS")

    def worker_pss_mb(self):
        """Proportional set size: shared pages divided among the processes sharing them."""
        return self.worker_memory_mb("smaps_rollup", "Pss")

    def worker_memory_mb(self, file, field):
        sizes = []
        for pid in self.worker_pids():
            try:
                text = Path(f"/proc/{pid}/{file}").read_text()
            except OSError:
                continue
            match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def fetch(url, timeout=30, headers=None):
    """(status, headers, body) of a GET, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def flush_cache(cache_url):
    """Empty the page cache's Redis database (only that numbered database)."""
    match = re.match(r"redis://([^:/]+):(\d+)/(\d+)", cache_url)
    if not match:
        return False
    import redis

    host, port, db = match.groups()
    redis.Redis(host=host, port=int(port), db=int(db)).flushdb()
    return True


# --- the load generator -------------------------------------------------------------------------


def to_ms(text):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, connections, duration, threads=2):
    out = subprocess.run(
        [
            WRK,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            *[arg for name, value in REQUEST_HEADERS.items() for arg in ("-H", f"{name}: {value}")],
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        result[f"p{pct}"] = to_ms(re.search(rf"\s{pct}%\s+([\d.]+\w+)", out).group(1))
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", out)
    result["socket_errors"] = errors.group(1) if errors else ""
    return result


def python_load(url, connections, duration):
    """A small load generator for machines without wrk: one thread per connection."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    latencies, bad = [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def run():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, my_bad = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", parts.path or "/", headers=REQUEST_HEADERS)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    my_bad += 1
            except (OSError, http.client.HTTPException):
                my_bad += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            bad[0] += my_bad

    workers = [threading.Thread(target=run) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    latencies.sort()
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "rps": len(latencies) / duration,
        "p50": cuts[49],
        "p99": cuts[98],
        "requests": len(latencies),
        "non2xx": bad[0],
        "socket_errors": "",
    }


def load(url, connections, duration):
    if WRK:
        return wrk(url, connections, duration)
    return python_load(url, connections, duration)


# --- the machine --------------------------------------------------------------------------------


def machine(database_url):
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    try:
        pg_version = pg_query(database_url, "SHOW server_version")[0][0]
    except Exception:  # noqa: BLE001 - only a label in the report
        pg_version = "unknown"
    versions = {}
    for package in ("django", "gunicorn", "whitenoise"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001
            versions[package] = "?"
    wrk_version = "Python load generator (wrk not found)"
    if WRK:
        first = subprocess.run([WRK, "--version"], capture_output=True, text=True)
        wrk_version = (first.stdout or first.stderr).split("\n")[0].strip()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--short", "--untracked-files=no"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    changed = [line[3:] for line in changed if line.strip()]
    if changed:
        commit += f" with uncommitted changes in {len(changed)} files ({', '.join(changed)})"
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores (the load generator runs on the same cores)",
        "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "PostgreSQL": pg_version,
        "Django / gunicorn / whitenoise": " / ".join(versions.values()),
        "load generator": wrk_version,
        "commit": commit,
    }


# --- the benchmark ------------------------------------------------------------------------------


def static_name(label, path, dataset):
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    suffix = {"national feed": ".xml", "API list": ".json"}.get(label, ".html")
    return f"_bench/{dataset}/{slug}{suffix}"


def write_static_copies(server, pages, dataset):
    """Fetch each page once and write its bytes where WhiteNoise serves them."""
    sizes = {}
    folder = STATIC_ROOT / "_bench" / dataset
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for label, path in pages.items():
        status, _headers, body = fetch(server.base + path)
        if status != 200:
            raise RuntimeError(f"{label} {path} answered {status}")
        copy = STATIC_ROOT / static_name(label, path, dataset)
        copy.write_bytes(body)
        if REQUEST_HEADERS.get("Accept-Encoding") == "gzip":
            # As collectstatic does: WhiteNoise sends the .gz beside a file to whoever accepts it.
            copy.with_name(copy.name + ".gz").write_bytes(gzip.compress(body, 6))
        sizes[label] = len(body)
    return sizes


def one_request_ms(url, times):
    """Median time of one request at a time: the server's own time plus loopback."""
    took = []
    for _ in range(times):
        started = time.perf_counter()
        fetch(url, headers=REQUEST_HEADERS)
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took) if took else 0.0


def measure_server(server, pages, dataset, args, mode):
    rows = []
    for label, path in pages.items():
        page_url = server.base + path
        static_url = server.base + "/static/" + static_name(label, path, dataset)
        load(page_url, args.connections, args.warmup)  # warm-up: connections, caches, primes
        status, headers, body = fetch(page_url, headers=REQUEST_HEADERS)
        _status, _headers, static_body = fetch(static_url, headers=REQUEST_HEADERS)
        x_cache = headers.get("X-Cache", "—") if headers else "—"
        one = one_request_ms(page_url, args.single)
        page = load(page_url, args.connections, args.duration)
        static = load(static_url, args.connections, args.duration)
        row = {
            "dataset": dataset,
            "mode": mode,
            "page": label,
            "path": path,
            "status": status,
            "x_cache": x_cache,
            "page_result": page,
            "static_result": static,
            "ratio": page["rps"] / static["rps"] if static["rps"] else 0.0,
            "sent": len(body),
            "static_sent": len(static_body),
            "one": one,
        }
        rows.append(row)
        print(
            f"  {dataset:8} {mode:4} {label:15} {page['rps']:8.0f} rps p50 {page['p50']:6.1f} "
            f"p99 {page['p99']:6.1f} ms | static {static['rps']:8.0f} rps | ratio "
            f"{row['ratio']:.3f} | X-Cache {x_cache} | non-2xx {page['non2xx']} | one request "
            f"{one:.1f} ms",
            flush=True,
        )
    return rows


def run_dataset(dataset, database_url, args, log_dir):
    env = base_env(database_url, args.cache_url)
    pages = pick_pages(env)
    if args.pages:
        wanted = [name.strip() for name in args.pages.split(",")]
        pages = {label: path for label, path in pages.items() if label in wanted}
    print(f"{dataset}: pages {json.dumps(pages, ensure_ascii=False)}", flush=True)
    port = free_port(args.port)
    with Server(base_env(database_url, args.cache_url, PAGE_CACHE_SECONDS=0), port, log_dir) as s:
        sizes = write_static_copies(s, pages, dataset)
    rows, memory, pss = [], {}, {}
    for mode in args.modes.split(","):
        seconds = 0 if mode == "cold" else args.page_cache_seconds
        for config in args.configs:
            workers, threads = config.split("x") if "x" in config else (None, None)
            flush_cache(args.cache_url)
            server_env = base_env(
                database_url,
                args.cache_url,
                PAGE_CACHE_SECONDS=seconds,
                WEB_CONCURRENCY=workers,
                GUNICORN_THREADS=threads,
            )
            label = mode if config == "conf" else f"{mode}, {config}"
            with Server(server_env, port, log_dir, label=f"{dataset}-{mode}-{config}") as server:
                server_rows = measure_server(server, pages, dataset, args, mode)
                memory[label] = server.worker_rss_mb()
                pss[label] = server.worker_pss_mb()
            for row in server_rows:
                row["config"] = config
            rows += server_rows
            print(f"  {dataset} {label}: RSS per worker {memory[label]} MB", flush=True)
    memory = {label: (sizes, pss[label]) for label, sizes in memory.items()}
    for row in rows:
        row["bytes"] = sizes[row["page"]]
    return rows, memory


def fmt_ms(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(rows):
    configs = len({row["config"] for row in rows}) > 1
    lines = [
        "| data | cache | "
        + ("workers × threads | " if configs else "")
        + "page | bytes | sent (page / static) | one request ms | page req/s | p50 ms | p99 ms | "
        "static req/s | "
        "static p99 ms | ratio to static | X-Cache | non-2xx |",
        "|---|---|"
        + ("---|" if configs else "")
        + "---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for row in rows:
        page, static = row["page_result"], row["static_result"]
        config = f"{row['config']} | " if configs else ""
        lines.append(
            f"| {row['dataset']} | {row['mode']} | {config}{row['page']} (`{row['path']}`) | "
            f"{row['bytes']:,} | {row['sent']:,} / {row['static_sent']:,} | {fmt_ms(row['one'])} | "
            f"{page['rps']:,.0f} | {fmt_ms(page['p50'])} | "
            f"{fmt_ms(page['p99'])} | {static['rps']:,.0f} | {fmt_ms(static['p99'])} | "
            f"{row['ratio']:.3f} | {row['x_cache']} | {page['non2xx']} |".replace(",", " ")
        )
    return "\n".join(lines)


def verdicts(rows, memory):
    warm = [row for row in rows if row["mode"] == "warm"]
    lines = []
    if warm:
        worst_ratio = min(warm, key=lambda row: row["ratio"])
        worst_p99 = max(warm, key=lambda row: row["page_result"]["p99"])
        ok_ratio = worst_ratio["ratio"] >= TARGET_RATIO
        ok_p99 = worst_p99["page_result"]["p99"] < TARGET_P99_MS
        lines.append(
            f"- Every public page warm at least {TARGET_RATIO} of the static rate: "
            f"**{'pass' if ok_ratio else 'fail'}** (lowest {worst_ratio['ratio']:.3f}, "
            f"{worst_ratio['page']}, {worst_ratio['dataset']} data; "
            f"{sum(row['ratio'] >= TARGET_RATIO for row in warm)} of {len(warm)} pages reach it)"
        )
        lines.append(
            f"- Every public page warm p99 under {TARGET_P99_MS} ms: "
            f"**{'pass' if ok_p99 else 'fail'}** (highest "
            f"{fmt_ms(worst_p99['page_result']['p99'])} ms, {worst_p99['page']}, "
            f"{worst_p99['dataset']} data)"
        )
    cold = {(row["dataset"], row["page"]): row for row in rows if row["mode"] == "cold"}
    pledge = [row for (_data, page), row in cold.items() if page == "pledge page"]
    if pledge:
        ok = max(row["one"] for row in pledge) < TARGET_PLEDGE_MS
        lines.append(
            f"- Pledge page uncached under {TARGET_PLEDGE_MS} ms (one request at a time, "
            f"median): **{'pass' if ok else 'fail'}** ("
            + ", ".join(f"{row['dataset']} {row['one']:.1f} ms" for row in pledge)
            + "; time at the client over loopback, so a little more than the server's)"
        )
    slower = [
        (page, row["one"] / cold[("demo", page)]["one"])
        for (data, page), row in cold.items()
        if data == "national" and ("demo", page) in cold and cold[("demo", page)]["one"]
    ]
    if slower:
        worst = max(slower, key=lambda item: item[1])
        lines.append(
            f"- National data at most {TARGET_NATIONAL} times slower than demo, uncached (one "
            f"request at a time): **{'pass' if worst[1] <= TARGET_NATIONAL else 'fail'}** ("
            + ", ".join(f"{page} {factor:.2f}" for page, factor in slower)
            + ")"
        )
    sizes = [size for per_mode in memory.values() for rss, _ in per_mode.values() for size in rss]
    if sizes:
        lines.append(
            f"- Memory under {TARGET_RSS_MB} MB per worker: "
            f"**{'pass' if max(sizes) < TARGET_RSS_MB else 'fail'}** (largest worker "
            f"{max(sizes):.0f} MB RSS after the runs)"
        )
    return "\n".join(lines)


def report(rows, memory, info, settings, args, took):
    today = datetime.date.today().isoformat()
    out = [
        f"# Load benchmark, {today}",
        "",
        f"Made by `benchmarks/load.py` ({' '.join(sys.argv[1:]) or 'no options'}), started "
        f"{args.started} UTC.",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        "## Settings",
        "",
        *[f"- {key}: {value}" for key, value in settings.items()],
        "",
    ]
    if took:
        out += ["Database set up in: " + ", ".join(f"{k} {v:.0f} s" for k, v in took.items()), ""]
    out += [
        "## Results",
        "",
        "Each page for the given seconds after a warm-up, then the same bytes as a static file "
        "served by WhiteNoise from the same server, at once after it. *one request*: the median "
        "of requests made one at a time after the warm-up, before the load. *cold*: "
        "PAGE_CACHE_SECONDS=0, every request renders the page. *warm*: page cache on, emptied "
        "and primed by the warm-up. X-Cache is the header of one request after the warm-up.",
        "",
        table(rows),
        "",
        "Memory per worker after each server's runs, MB: RSS from /proc/PID/status (PSS, shared "
        "pages divided among the processes sharing them, from /proc/PID/smaps_rollup):",
        "",
    ]
    for dataset, per_mode in memory.items():
        for mode, (rss, pss) in per_mode.items():
            out.append(
                f"- {dataset}, {mode}: "
                + ", ".join(f"{r:.0f} ({p:.0f})" for r, p in zip(rss, pss, strict=False))
            )
    out += ["", "## Targets (issue 11)", "", verdicts(rows, memory), ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument(
        "--single", type=int, default=20, help="requests one at a time per page (median)"
    )
    parser.add_argument("--modes", default="cold,warm")
    parser.add_argument("--pages", help="comma-separated page labels, e.g. 'pledge page'")
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/13",
        help="CACHE_URL for the servers (default Redis database 13, emptied before each warm run)",
    )
    parser.add_argument("--page-cache-seconds", type=int, default=600)
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="send Accept-Encoding: gzip, as browsers do (and give each static copy a .gz)",
    )
    parser.add_argument("--database-url", help="reuse this database with demo data (read only)")
    parser.add_argument("--database-name", default="mb_bench_load", help="for a new database")
    parser.add_argument(
        "--national-database-url", help="reuse this database with national data (read only)"
    )
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases made here")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS (default: gunicorn.conf.py)")
    parser.add_argument(
        "--compare",
        help="gunicorn settings to compare, WORKERSxTHREADS, e.g. '5x1,3x1,2x4' (threads 1 is "
        "the sync worker); each is measured in turn in the same run",
    )
    parser.add_argument("--out", help="markdown file (default benchmarks/results/load-DATE.md)")
    args = parser.parse_args()
    args.started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M")
    args.configs = args.compare.split(",") if args.compare else ["conf"]
    if args.gzip:
        REQUEST_HEADERS["Accept-Encoding"] = "gzip"
    if args.workers:
        os.environ["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        os.environ["GUNICORN_THREADS"] = str(args.threads)

    log_dir = Path(tempfile.mkdtemp(prefix="mb-load-"))
    made, took = [], {}
    rows, memory = [], {}
    try:
        datasets = []
        if not args.skip_demo:
            url = args.database_url
            if not url:
                url = pg_url(args.database_name)
                env = base_env(url, args.cache_url)
                print(f"Building {args.database_name} (demo data) ...", flush=True)
                made.append(args.database_name)
                took.update(build_database(args.database_name, env))
            datasets.append(("demo", url))
        if not args.skip_national:
            url = args.national_database_url
            if not url:
                name = args.database_name + "_national"
                url = pg_url(name)
                env = base_env(url, args.cache_url)
                print(f"Building {name} (demo + national data, about 3 minutes) ...", flush=True)
                made.append(name)
                took.update(
                    {f"{k} (national db)": v for k, v in build_database(name, env, True).items()}
                )
            datasets.append(("national", url))
        first_url = datasets[0][1]
        manage(base_env(first_url, args.cache_url), "collectstatic", "--no-input")
        settings = gunicorn_settings(base_env(first_url, args.cache_url))
        settings_text = {
            "gunicorn": ", ".join(f"{k}={v}" for k, v in settings.items())
            + " (gunicorn.conf.py; threads > 1 means the gthread worker)",
            "Django": "DEBUG=False, SECURE_SSL_REDIRECT=False (plain http on loopback), "
            f"CACHE_URL={args.cache_url}, PAGE_CACHE_SECONDS 0 (cold) / "
            f"{args.page_cache_seconds} (warm), CONN_MAX_AGE default",
            "load": f"{args.connections} connections, {args.duration} s per measurement after "
            f"{args.warmup} s warm-up, wrk -t2, "
            + (
                "Accept-Encoding: gzip (bytes sent: compressed where the server compresses)"
                if args.gzip
                else "no Accept-Encoding (uncompressed bytes both for the page and the static file)"
            ),
            "databases": ", ".join(f"{name}: {url.rsplit('/', 1)[1]}" for name, url in datasets),
        }
        for dataset, url in datasets:
            try:
                dataset_rows, memory[dataset] = run_dataset(dataset, url, args, log_dir)
            except Exception as error:  # noqa: BLE001 - keep what the other data set measured
                traceback.print_exc()
                settings_text[f"{dataset} data"] = f"**not measured**: {error!r}"
                continue
            rows += dataset_rows
        info = machine(first_url)
        text = report(rows, memory, info, settings_text, args, took)
        print()
        print(text)
        out = Path(args.out) if args.out else RESULTS / f"load-{datetime.date.today()}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"\nWritten to {out}")
    finally:
        shutil.rmtree(STATIC_ROOT / "_bench", ignore_errors=True)
        if not args.keep:
            for name in made:
                drop_database(name)
        else:
            print("Kept: " + ", ".join(made))
        print(f"Server logs in {log_dir}")


if __name__ == "__main__":
    main()
