"""Fixtures of the subscription tests: a published Vaggeryd pledge, links in e-mails, and a
resident who subscribes and confirms."""

import datetime
import re

import pytest
from django.core import mail

from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from subscriptions import services
from subscriptions.models import Subscription

BASE_URL = "https://medborgarloften.example.se"


@pytest.fixture(autouse=True)
def portal_base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


@pytest.fixture
def pledge(lpo_varnamo):
    """Vaggeryd's published 2026 pledge, version 1."""
    return make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2026",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )


def link_in(message, path_start):
    """The first absolute link in the message's text that goes to a path starting so."""
    found = re.search(re.escape(BASE_URL + path_start) + r"\S+", message.body)
    assert found, message.body
    return found.group(0).removeprefix(BASE_URL)


def subscribe_and_confirm(client, email, **target):
    """A resident asks for e-mail and confirms from the link in the message."""
    mail.outbox.clear()
    services.subscribe(email, **target)
    confirm_path = link_in(mail.outbox[-1], "/prenumeration/bekrafta/")
    assert client.post(confirm_path).status_code == 302
    mail.outbox.clear()
    return Subscription.objects.get(email=email, **target)
