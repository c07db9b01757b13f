"""The kommun and pledge pages offer e-mail about them; a draft's preview offers nothing."""

import pytest
from django.urls import reverse

from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


def test_kommun_page_links_its_subscription(client, vaggeryd):
    page = client.get(vaggeryd.get_absolute_url()).content.decode()
    assert f'href="{reverse("subscriptions:municipality", args=["vaggeryd"])}"' in page


def test_published_pledge_page_links_its_subscription(client, pledge):
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert f'href="{reverse("subscriptions:pledge", args=[pledge.slug])}"' in page


def test_draft_preview_offers_no_subscription(client, lpo_varnamo, vaggeryd_coordinator):
    draft = make_pledge(lpo_varnamo, slug="vaggeryd-utkast", status=Pledge.Status.DRAFT)
    client.force_login(vaggeryd_coordinator)
    page = client.get(reverse("pledges:pledge_working_copy", args=[draft.slug]))
    assert page.status_code == 200
    assert "/prenumeration/" not in page.content.decode()
