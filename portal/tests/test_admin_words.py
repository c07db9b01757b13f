"""The admin speaks Swedish and names the portal, not the framework."""

import pytest
from django.urls import reverse

from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


def test_admin_names_the_portal(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    content = client.get(reverse("admin:index")).content.decode()
    assert "Medborgarlöften – administration" in content
    assert "Django" not in content


def test_follow_up_list_has_swedish_column_headings(client, lpo_varnamo, varnamo_police):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    make_report(pledge, year=2026, tertial=1, published=False)
    client.force_login(varnamo_police)
    content = client.get(reverse("admin:followup_followupreport_changelist")).content.decode()
    assert "Ska publiceras senast" in content
    assert "Due date" not in content
    assert "Due Date" not in content
