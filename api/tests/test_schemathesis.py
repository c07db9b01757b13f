"""The API against its own OpenAPI schema: schemathesis calls every operation with generated
parameters (valid and invalid) and checks each answer: no server error, a documented status
code and content type, and a body that conforms to the schema.

The demo content is loaded once for the module, so the generated requests meet real pledges,
follow-ups and surveys. Examples are few and derandomized: the run is the same every time.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
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


@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, demo_content, db):
    case.call_and_validate()
