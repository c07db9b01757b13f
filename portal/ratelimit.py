"""A small fixed-window rate limit for public forms, kept in the cache without storing IPs."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_key(request) -> str:
    """A salted hash of the client's address: enough to count requests, useless as a record."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def is_rate_limited(request, scope: str, limit: int, period: int) -> bool:
    """Count this request; True when the client has made more than `limit` in this period."""
    # The count is only one per client if the cache is shared by every worker (portal.W001).
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{client_key(request)}:{window}"
    try:
        cache.add(key, 0, timeout=period)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period)
            count = 1
    except Exception:
        # The cache (Redis) is away: a resident's post is worth more than the count.
        logger.warning("The rate limit could not be counted; the post is let through.")
        return False
    return count > limit
