"""Gunicorn configuration for production: `gunicorn -c gunicorn.conf.py portal.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Five workers of two threads on a 2-core machine: the gthread worker (any threads > 1) keeps a
# client's connection open between requests. The sync worker (GUNICORN_THREADS=1) closes it after
# every answer, and at 16 connections over loopback that cost more than rendering: a page served
# from the page cache went from 565-650 to 200-270 requests per second, a static file from 1100-1400
# to 290-420 (benchmarks/load.py --compare 5x2,5x1,3x1,2x4,3x4; figures in benchmarks/results).
# More threads per worker gained nothing and took more memory (3x4: up to 104 MB per worker).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
graceful_timeout = 30
# Workers are not restarted after a number of requests: at 1000 (the old setting) a worker under
# load was replaced every second or two, halving throughput and emptying its in-process cache.
# Memory per worker stays flat (75–85 MB, as measured for issue 11). To recycle workers anyway,
# set GUNICORN_MAX_REQUESTS, e.g. 100000; the restarts are spread with a jitter of a tenth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
