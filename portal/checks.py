"""Deployment checks for what Django's own `check --deploy` does not know about this portal."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches that live inside one process: each gunicorn worker would count its own rate limits and
# keep its own pages, blind to changes made through the other workers.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend}) is kept per process, so the public-form rate limit "
            "counts each worker separately and a client gets the limit once per worker, and "
            "a page kept by one worker is not renewed by a change made through another "
            "(up to PAGE_CACHE_SECONDS).",
            hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/0.",
            id="portal.W001",
        )
    ]
