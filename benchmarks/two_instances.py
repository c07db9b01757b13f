"""Two instances on loopback sharing one PostgreSQL database and one Redis: do they agree?

Run from the project folder:  .venv/bin/python benchmarks/two_instances.py [options]

It starts two gunicorn instances (`gunicorn -c gunicorn.conf.py portal.wsgi`, production
settings, ports 8101 and 8102) on one database with the demo data (made and dropped here, or
`--database-url` to reuse a writable one) and one Redis database for the cache (CACHE_URL,
database 14 by default, emptied first). Then it checks:

1. Cache invalidation across instances. A dialogue activity's page is read through both, until
   each answers from the page cache (X-Cache: HIT). Its title is then changed through the ORM in a
   third process (`manage.py shell`, as a change made on any instance or in the admin would be).
   The very next read through each instance must show the new title. The title is put back at
   the end, and both must show the old one again.
2. The rate limit counts across instances. The page-feedback form is posted
   PUBLIC_FORM_RATE_LIMIT + 2 times from one address, alternating between the instances. The
   posts within the limit must be accepted (302) and the ones beyond it refused (429), wherever
   they land. Each instance alone must not get the full limit.

It prints pass or fail for each and writes them to benchmarks/results/two-instances-DATE.md.
`--cache-url locmemcache://` shows what goes wrong without a shared cache.
"""

import argparse
import datetime
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402 - the helpers beside this file

PICK_ACTIVITY = r"""
from django.utils import timezone
from dialogue.models import DialogueActivity
activity = (
    DialogueActivity.objects.filter(is_published=True, open_to_public=True)
    .order_by("-starts_at", "pk")
    .first()
)
print(f"ACTIVITY={activity.pk}|{activity.get_absolute_url()}|{activity.title}")
"""

SET_TITLE = r"""
import os
from dialogue.models import DialogueActivity
activity = DialogueActivity.objects.get(pk=int(os.environ["ACTIVITY_PK"]))
activity.title = os.environ["ACTIVITY_TITLE"]
activity.save()
print("DONE=1")
"""


def shell(env, code, prefix, **extra):
    import subprocess

    out = subprocess.run(
        [load.PYTHON, "manage.py", "shell", "-c", code],
        cwd=load.PROJECT,
        env=dict(env, **{k: str(v) for k, v in extra.items()}),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith(prefix))
    return line.removeprefix(prefix)


def get(server, path):
    status, headers, body = load.fetch(server.base + path)
    return (
        status,
        (headers.get("X-Cache", "—") if headers else "—"),
        body.decode("utf-8", "replace"),
    )


def post_feedback(server, path, comment):
    import urllib.request

    origin = server.base
    request = urllib.request.Request(
        server.base + "/sidfeedback/",
        data=urlencode({"helpful": "yes", "comment": comment, "next": path}).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
            "Sec-Fetch-Site": "same-origin",
        },
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def escape(text):
    import html

    return html.escape(text, quote=False)


def check_invalidation(env, servers, lines):
    pk, path, title = shell(env, PICK_ACTIVITY, "ACTIVITY=").split("|", 2)
    lines.append(f"Page: `{path}` (dialogue activity {pk}, title “{title}”)")
    lines.append("")
    lines.append("| step | instance | status | X-Cache | shows the new title |")
    lines.append("|---|---|---:|---|---|")
    ok = True
    for server in servers:  # read until each instance answers from the page cache
        for _ in range(3):
            status, x_cache, body = get(server, path)
        lines.append(f"| before | :{server.port} | {status} | {x_cache} | — |")
        ok &= status == 200 and x_cache == "HIT"
    new_title = f"{title} (ändrad {uuid.uuid4().hex[:6]})"
    changed_at = time.monotonic()
    shell(env, SET_TITLE, "DONE=", ACTIVITY_PK=pk, ACTIVITY_TITLE=new_title)
    try:
        for server in servers:
            status, x_cache, body = get(server, path)
            seen = escape(new_title) in body
            lines.append(
                f"| after the change | :{server.port} | {status} | {x_cache} | "
                f"{'yes' if seen else '**no**'} |"
            )
            ok &= status == 200 and seen
        lines.append(
            f"| (read {time.monotonic() - changed_at:.2f} s after the change began, "
            "the shell's start included) | | | | |"
        )
    finally:
        shell(env, SET_TITLE, "DONE=", ACTIVITY_PK=pk, ACTIVITY_TITLE=title)
    for server in servers:
        status, x_cache, body = get(server, path)
        back = escape(new_title) not in body and escape(title) in body
        lines.append(
            f"| title put back | :{server.port} | {status} | {x_cache} | "
            f"{'no (old title again)' if back else '**still new**'} |"
        )
        ok &= back
    return ok


def check_rate_limit(servers, limit, lines):
    path = "/"
    statuses = []
    for n in range(limit + 2):
        server = servers[n % 2]
        status = post_feedback(server, path, f"two-instances-{uuid.uuid4().hex[:8]}")
        statuses.append((server.port, status))
    lines.append(f"Posts of the feedback form from one address, limit {limit}, alternating:")
    lines.append("")
    lines.append("| post | instance | status |")
    lines.append("|---:|---|---:|")
    for n, (port, status) in enumerate(statuses, 1):
        lines.append(f"| {n} | :{port} | {status} |")
    expected = [302] * limit + [429, 429]
    return [status for _port, status in statuses] == expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ports", default="8101,8102")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--database-url", help="reuse this WRITABLE database with demo data")
    parser.add_argument("--database-name", default="mb_bench_two")
    parser.add_argument("--workers", type=int, default=2, help="workers per instance")
    parser.add_argument("--limit", type=int, default=10, help="PUBLIC_FORM_RATE_LIMIT")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", help="default benchmarks/results/two-instances-DATE.md")
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M")
    log_dir = Path(tempfile.mkdtemp(prefix="mb-two-"))
    made = None
    url = args.database_url
    servers = []
    try:
        if not url:
            made = args.database_name
            url = load.pg_url(made)
            print(f"Building {made} (demo data) ...", flush=True)
            load.build_database(made, load.base_env(url, args.cache_url))
        env = load.base_env(
            url,
            args.cache_url,
            PAGE_CACHE_SECONDS=600,
            PUBLIC_FORM_RATE_LIMIT=args.limit,
            # One long window, so that the count does not start again in the middle of the test.
            PUBLIC_FORM_RATE_PERIOD=3600,
            WEB_CONCURRENCY=args.workers,
        )
        load.manage(env, "collectstatic", "--no-input")
        load.flush_cache(args.cache_url)
        for port in args.ports.split(","):
            server = load.Server(env, int(port), log_dir, "instance")
            servers.append(server.start())
        lines = [
            f"# Two instances, {datetime.date.today()}",
            "",
            f"Made by `benchmarks/two_instances.py` ({' '.join(sys.argv[1:]) or 'no options'}), "
            f"started {started} UTC: two gunicorn instances (ports {args.ports}, "
            f"{args.workers} workers each, gunicorn.conf.py) on one PostgreSQL database "
            f"({url.rsplit('/', 1)[1]}) and CACHE_URL={args.cache_url}, PAGE_CACHE_SECONDS=600.",
            "",
            "## 1. A change is seen through both instances at once",
            "",
        ]
        invalidation = check_invalidation(env, servers, lines)
        lines += ["", "## 2. The rate limit counts across both instances", ""]
        rate_limit = check_rate_limit(servers, args.limit, lines)
        lines += [
            "",
            "## Result",
            "",
            f"- cache invalidation across instances: **{'pass' if invalidation else 'fail'}**",
            f"- rate limit across instances (posts 1–{args.limit} accepted, then 429): "
            f"**{'pass' if rate_limit else 'fail'}**",
            "",
        ]
        text = "\n".join(lines)
        print(text)
        out = (
            Path(args.out)
            if args.out
            else load.RESULTS / f"two-instances-{datetime.date.today()}.md"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"Written to {out}")
        return 0 if invalidation and rate_limit else 1
    finally:
        for server in servers:
            server.stop()
        if made and not args.keep:
            load.drop_database(made)
        print(f"Server logs in {log_dir}")


if __name__ == "__main__":
    sys.exit(main())
