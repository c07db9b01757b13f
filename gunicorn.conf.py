"""Gunicorn configuration for production: `gunicorn -c gunicorn.conf.py portal.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Five workers of two threads on a 2-core machine: the gthread worker (any threads > 1), which
# keeps a client's connection open and can serve one request while another waits on Redis or
# PostgreSQL. benchmarks/load.py --compare at 16 connections (benchmarks/results/gunicorn-*.md):
# with the machine to itself, the sync worker (GUNICORN_THREADS=1) served cached pages at the same
# rate (national pledge page 894 against 871 req/s); while other work shared the machine, the sync
# worker, which closes every connection after its answer, fell to a third (199-272 against 565-650).
# More threads per worker gained nothing and took more memory (3x4: up to 104 MB per worker).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
graceful_timeout = 30
# Workers are not restarted after a number of requests: at 1000 (the old setting) a worker under
# load was replaced every second or two, halving throughput and emptying its in-process cache.
# Memory per worker stays flat (90-127 MB RSS, benchmarks/results/load-2026-12-07.md). To
# recycle workers anyway, set GUNICORN_MAX_REQUESTS, e.g. 100000; the restarts are spread with a
# jitter of a tenth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
