"""The API against its own OpenAPI schema: schemathesis calls every operation with generated
parameters (valid and invalid) and checks each answer: no server error, a documented status
code and content type, and a body that conforms to the schema.

The demo content is loaded once for the module, so the generated requests meet real pledges,
follow-ups and surveys. Examples are few and derandomized: the run is the same every time.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings

from portal.tests.browser import load_all_demo_data

# Generating the schema reads no data, so it loads at collection, before any database exists.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo content for every operation's test, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_all_demo_data(create_users=False)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def connection_kept_open():
    """The WSGI calls run in the test's transaction: keep Django from closing the connection at
    the end of each request, as its own test client does (PostgreSQL would lose the data)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def filter_query(ctx, query):
    """An empty value (?kind=, ?page=) means "no filter" and "the first page", as in any web
    form; the schema's enums and integers cannot say so, so such requests are not generated."""
    return not query or all(value != "" for value in query.values())


@schema.hooks.apply(filter_query)
@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, demo_content, db, connection_kept_open):
    # Its WSGI client asks for gzip as requests does, but does not undo it as an HTTP client
    # would: kept pages are sent compressed to whoever asks (portal.page_cache).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
