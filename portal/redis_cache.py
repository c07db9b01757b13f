"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django 5.2's RedisCacheClient.get_client() makes a new redis.Redis object for every cache call,
and each one builds its table of response callbacks anew. For a page-cache hit, which is one
small GET, that was a third of the time. A redis.Redis object is safe to share between threads
(it takes a connection from its pool per command), so one per pool is kept and reused.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingClient
