"""`check --deploy` warns when the rate limit's cache is kept per process."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
DUMMY = "django.core.cache.backends.dummy.DummyCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


def shared_cache_warnings():
    return [m.id for m in run_checks(include_deployment_checks=True) if m.id == "portal.W001"]


@pytest.mark.parametrize("backend", [LOCMEM, DUMMY])
def test_per_process_cache_in_production_is_a_deploy_warning(backend):
    with override_settings(DEBUG=False, CACHES={"default": {"BACKEND": backend}}):
        assert shared_cache_warnings() == ["portal.W001"]


def test_shared_cache_in_production_is_no_warning():
    caches = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/0"}}
    with override_settings(DEBUG=False, CACHES=caches):
        assert shared_cache_warnings() == []


def test_per_process_cache_in_development_is_no_warning():
    with override_settings(DEBUG=True, CACHES={"default": {"BACKEND": LOCMEM}}):
        assert shared_cache_warnings() == []


def test_a_redis_cache_url_reuses_one_client_per_pool():
    # Django makes a Redis client per call; ours keeps one (a third of a page-cache hit's time).
    from portal.redis_cache import ReusingRedisCache

    backend = ReusingRedisCache("redis://127.0.0.1:6379/0", {})
    assert backend._cache.get_client("a") is backend._cache.get_client("b")
