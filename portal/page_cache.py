"""Whole pages for anonymous readers, kept in the shared cache and served before any view runs.

A reader without a session, messages or survey cookie sees the same bytes as every other such
reader, so the first one to ask renders a page and the rest get it from the cache (Redis in
production, CACHE_URL). A page is kept under its address (the scheme, host and path with its
query string, the language, and for the open-data API the Accept and Origin headers it answers
differently to), together with:

- the content version it was rendered at: one number, shared by every worker and instance through
  the cache, that moves on after every write to the database except the tables that no public
  page shows (sessions, login attempts, page feedback and the like; IGNORED_TABLES). Writes are
  watched at the lowest level Django has, its cursor (watch_writes), so a bulk update or a raw
  query moves it as surely as a model's save(). It moves on when the statement runs and again
  when the transaction commits: a page rendered in between, from what was there before, carries
  a version nobody asks for again;
- the day it was rendered, in Stockholm, since pages say what is in force and what is coming;
- when it was rendered: it is renewed after PAGE_CACHE_SECONDS whatever happens.

A kept page is served only while all three are current. Asking costs one small read of the
version from the cache; the page itself usually comes from the worker's own memory (LocalPages),
else from the shared cache. The kept copy outlives its freshness by a day: when the database is
away, a reader gets that last copy rather than an error (served with X-Cache: STALE). The body is
kept both as it is and gzip-compressed, so compression costs nothing per request; only these
pages, which hold no secrets, are compressed here (BREACH needs a secret in the body).

A response is kept only if it is the same for everyone: 200, no cookie set, not private, varying
at most by language, compression and (for a reader without a session) cookies. Forms that need a
CSRF token set a cookie and so are never kept; the page-feedback form on every page works without
one (feedback.views).
"""

import fnmatch
import functools
import gzip
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
STALE_SECONDS = 24 * 60 * 60
# Tables whose rows no public page shows: writing them leaves every kept page as it is.
IGNORED_TABLES = (
    "django_session",
    "django_admin_log",
    "django_cache",
    "axes_",
    "feedback_pagefeedback",
    "otp_",
    "twofactor_",
)
# A reader with any other cookie may see something of their own (a message, "you have answered").
NEUTRAL_COOKIES = {"csrftoken"}
PRIVATE_PATHS = ("/admin/", "/konto/", "/i18n/")
# Response headers that belong to one answer, not to the kept page.
UNKEPT_HEADERS = {"set-cookie", "date", "x-cache", "content-length", "content-encoding"}
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}
API_PREFIX = "/api/"
API_VARY = {"accept", "origin"}
MIN_COMPRESSED_SIZE = 200


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# The content version -------------------------------------------------------------------------

# What a release is made of: code, templates, translations and the static files' manifest.
RELEASE_FILES = ("*.py", "*.html", "*.mo", "*.txt", "staticfiles.json")
NOT_RELEASED = {".venv", ".git", "media", "node_modules", "__pycache__", "docs", "benchmarks"}


@functools.cache
def release():
    """What this process was started from, so that pages kept by another release are not served.

    After a deploy the content version has not moved, but templates, translations or code may
    have: the release is part of every kept page's version. PORTAL_RELEASE names it (a commit,
    a build number); without it, it is a digest of the files a page is made from.
    """
    if settings.PORTAL_RELEASE:
        return settings.PORTAL_RELEASE
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for path in sorted(_released_files(root)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _released_files(root):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in NOT_RELEASED]
        for name in files:
            if any(fnmatch.fnmatch(name, pattern) for pattern in RELEASE_FILES):
                yield Path(folder, name)


def settings_changed(**kwargs):
    """setting_changed receiver: pages rendered under other settings are out of date."""
    bump_version()


def current_version():
    """The content version now, made if the cache has none (a restart, an eviction).

    A made version starts from the clock, never from 1, so that pages kept under an older
    version can never be mistaken for current ones.
    """
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version():
    """Move the content version on: every kept page is out of date from now."""
    cache = _cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted): start a new one from the clock
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # The cache is away: its pages go with it, and no version can be served stale.
        logger.warning("The page cache could not be told about a change.", exc_info=True)


_inside = threading.local()


def _written_table(sql):
    """The table an INSERT, UPDATE or DELETE writes to, or None for any other statement."""
    words = sql.lstrip().split(None, 3)
    if len(words) < 2:
        return None
    verb = words[0].upper()
    if verb == "UPDATE":
        table = words[1]
    elif verb in ("INSERT", "DELETE", "REPLACE") and len(words) >= 3:  # REPLACE: SQLite upsert
        table = words[2]
    else:
        return None
    return table.strip('"`').lower()


def _changes_pages(table):
    return table is not None and not table.startswith(IGNORED_TABLES)


def watch_writes(execute, sql, params, many, context):
    """A cursor wrapper: after a write that a page may show, move the content version on."""
    result = execute(sql, params, many, context)
    if getattr(_inside, "bumping", False):
        return result
    if _changes_pages(_written_table(sql)):
        _inside.bumping = True
        try:
            bump_version()
            db = context["connection"]
            if db.in_atomic_block:
                db.on_commit(bump_version)
        finally:
            _inside.bumping = False
    return result


def watch_connection(sender, connection, **kwargs):
    """connection_created receiver: every database connection reports its writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def watch_existing_connections():
    """For connections opened before the receiver was connected (the test database's)."""
    for alias in connections:
        wrappers = connections[alias].execute_wrappers
        if watch_writes not in wrappers:
            wrappers.append(watch_writes)


# Kept pages ----------------------------------------------------------------------------------


class KeptPage:
    """A rendered page as the cache keeps it: headers, body and the body compressed."""

    def __init__(self, response, version, day):
        self.version = version
        self.day = day
        self.stored_at = time.time()
        self.headers = [
            (name, value) for name, value in response.items() if name.lower() not in UNKEPT_HEADERS
        ]
        self.content_type = response.get("Content-Type")
        self.body = response.content
        self.etag = response.get("ETag") or quote_etag(hashlib.md5(self.body).hexdigest())
        self.last_modified = response.get("Last-Modified") or http_date()
        self.compressed = None
        if len(self.body) >= MIN_COMPRESSED_SIZE:
            self.compressed = gzip.compress(self.body, compresslevel=6, mtime=0)

    @property
    def size(self):
        return len(self.body) + len(self.compressed or b"")

    def is_current(self, version, day):
        return (
            self.version == version
            and self.day == day
            and time.time() - self.stored_at < settings.PAGE_CACHE_SECONDS
        )

    def response(self, request, state):
        compressed = self.compressed is not None and "gzip" in request.headers.get(
            "Accept-Encoding", ""
        )
        body = self.compressed if compressed else self.body
        response = HttpResponse(b"" if request.method == "HEAD" else body)
        for name, value in self.headers:
            response[name] = value
        response["ETag"] = self._etag(compressed)
        response["Last-Modified"] = self.last_modified
        response["Content-Length"] = str(len(body))
        if compressed:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ["Accept-Encoding"])
        response["X-Cache"] = state
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(self.last_modified),
            response=response,
        )

    def _etag(self, compressed):
        # The compressed bytes are another representation, so they have another strong ETag.
        return self.etag[:-1] + '-gz"' if compressed else self.etag


def cacheable_request(request):
    """Whether this request may be answered from, and its answer kept in, the page cache."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if "Authorization" in request.headers:
        return False
    if any(name not in NEUTRAL_COOKIES for name in request.COOKIES):
        return False
    return not request.path.startswith(PRIVATE_PATHS)


def keepable_response(request, response):
    """Whether a response is the same for every reader without cookies, and so may be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, "database_unavailable", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    allowed = ALLOWED_VARY | (API_VARY if request.path.startswith(API_PREFIX) else set())
    vary = {word.strip().lower() for word in response.get("Vary", "").split(",") if word.strip()}
    return vary <= allowed


def page_key(request):
    """Where a page is kept: its address as the reader asked for it, in their language."""
    language = get_language_from_request(request, check_path=True)
    return "page:" + hashlib.sha256(f"{language}\n{_address(request)}".encode()).hexdigest()


def _address(request):
    # The scheme and host too: pages hold absolute addresses (canonical links, sharing links).
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    if request.path.startswith(API_PREFIX):
        address += (
            "\n" + request.headers.get("Accept", "") + "\n" + request.headers.get("Origin", "")
        )
    return address


def mark_public(response):
    """Cache-Control for a page every reader shares: a proxy keeps it briefly, a browser asks."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
        stale_if_error=STALE_SECONDS,
    )


def mark_private(response):
    if "Cache-Control" not in response:
        patch_cache_control(response, private=True, no_cache=True)


class LocalPages:
    """The worker's own copies of kept pages, most recently used first, within a byte budget.

    They save fetching a page's bytes from the shared cache on every hit; whether a copy is still
    current is decided by the shared version all the same.
    """

    def __init__(self, budget):
        self.budget = budget
        self.used = 0
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key, page):
        if page.size > self.budget:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.used -= old.size
            self.pages[key] = page
            self.used += page.size
            while self.used > self.budget:
                _, dropped = self.pages.popitem(last=False)
                self.used -= dropped.size


class PageCacheMiddleware:
    """Answers anonymous readers from the page cache, and keeps what it renders for them.

    Placed right after WhiteNoise, so that a kept page costs one small cache read and nothing
    else: no session, no URL resolving, no database.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES)

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0:
            return self.get_response(request)
        if not cacheable_request(request):
            # A signed-in page, a form's answer, a reader's own message: for them alone.
            response = self.get_response(request)
            mark_private(response)
            return response
        key = page_key(request)
        day = timezone.localdate().isoformat()
        try:
            version = f"{release()}:{current_version()}"
        except Exception:
            logger.warning("The page cache is not answering.", exc_info=True)
            version = None
        kept = self.local.get(key)
        if version is not None and (kept is None or not kept.is_current(version, day)):
            kept = self._shared(key)
        if kept is not None and kept.is_current(version, day):
            return kept.response(request, "HIT")

        response = self.get_response(request)
        if getattr(response, "database_unavailable", False):
            return self._stale_or(request, key, kept, response)
        if not keepable_response(request, response):
            if response.cookies:
                mark_private(response)
            return response
        mark_public(response)
        page = KeptPage(response, version, day)
        if version is not None:
            self.local.put(key, page)
            try:
                # Kept a day, though served fresh only PAGE_CACHE_SECONDS: the rest is for
                # readers while the database is away.
                _cache().set(key, page, timeout=max(STALE_SECONDS, settings.PAGE_CACHE_SECONDS))
            except Exception:
                logger.warning("A page could not be kept in the page cache.", exc_info=True)
        return page.response(request, "MISS")

    def _shared(self, key):
        try:
            kept = _cache().get(key)
        except Exception:
            logger.warning("The page cache is not answering.", exc_info=True)
            return None
        if kept is not None:
            self.local.put(key, kept)
        return kept

    def _stale_or(self, request, key, kept, unavailable):
        """The last page kept for this address, or the 503 answer when there is none."""
        if kept is None:
            kept = self._shared(key)
        if kept is None:
            return unavailable
        response = kept.response(request, "STALE")
        patch_cache_control(response, public=True, max_age=0, s_maxage=0, must_revalidate=True)
        return response
