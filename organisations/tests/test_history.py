"""Kommuner, police areas, memberships, places and contacts keep every change, with who made it."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from organisations.models import Membership, Municipality, PoliceArea

pytestmark = pytest.mark.django_db


def covered(record):
    """The kommuner a historical police area covered at that moment."""
    return {row.municipality.name for row in record.municipalities.all()}


def test_changing_the_kommuner_of_a_police_area_is_kept_with_who(client, superuser, lpo_varnamo):
    before = set(lpo_varnamo.municipalities.values_list("name", flat=True))
    gnosjo = Municipality.objects.get(name="Gnosjö")
    kept = lpo_varnamo.municipalities.exclude(pk=gnosjo.pk)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:organisations_policearea_change", args=[lpo_varnamo.pk]),
        {
            "name": lpo_varnamo.name,
            "slug": lpo_varnamo.slug,
            "police_region": lpo_varnamo.police_region_id,
            "municipalities": [m.pk for m in kept],
        },
    )

    assert response.status_code == 302
    latest = lpo_varnamo.history.latest("history_date")
    assert covered(latest) == before - {"Gnosjö"}
    assert latest.history_user == superuser
    assert any(covered(record) == before for record in lpo_varnamo.history.all())


def test_adding_a_kommun_outside_the_admin_is_kept_too(lpo_varnamo):
    habo = Municipality.objects.get(name="Habo")
    entries = lpo_varnamo.history.count()

    lpo_varnamo.municipalities.add(habo)

    assert lpo_varnamo.history.count() == entries + 1
    assert "Habo" in covered(lpo_varnamo.history.latest("history_date"))


def test_a_membership_given_and_taken_away_stays_on_record(client, superuser, vaggeryd):
    client.force_login(superuser)
    user = get_user_model().objects.create_user("ny.samordnare", is_staff=True)
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {"user": user.pk, "role": Membership.Role.COORDINATOR, "municipality": vaggeryd.pk},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)

    response = client.post(
        reverse("admin:organisations_membership_delete", args=[membership.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    records = Membership.history.filter(id=membership.pk).order_by("history_date")
    assert [(r.history_type, r.municipality_id, r.history_user) for r in records] == [
        ("+", vaggeryd.pk, superuser),
        ("-", vaggeryd.pk, superuser),
    ]


def test_renaming_a_kommun_is_kept(client, superuser, vaggeryd):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:organisations_municipality_change", args=[vaggeryd.pk]),
        {
            "name": "Vaggeryd",
            "official_name": "Vaggeryds kommun (ny)",
            "slug": vaggeryd.slug,
            "county": vaggeryd.county_id,
        },
    )

    assert response.status_code == 302
    latest = vaggeryd.history.latest("history_date")
    assert (latest.official_name, latest.history_user) == ("Vaggeryds kommun (ny)", superuser)


@pytest.mark.parametrize("model", [Municipality, PoliceArea, Membership])
def test_history_pages_of_reference_data_show_versions_read_only(
    client, superuser, vaggeryd_coordinator, model
):
    obj = model.objects.first()
    obj.save()  # a history entry to look at: reference data is loaded without one
    record = obj.history.latest("history_date")
    opts = model._meta
    client.force_login(superuser)

    history = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    )
    version_url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.pk]
    )
    version = client.get(version_url)

    assert history.status_code == 200
    assert version.status_code == 200
    assert 'name="_save"' not in version.content.decode()
    assert client.post(version_url, {}).status_code == 403


def test_rows_from_before_the_history_get_a_first_entry_with_their_kommuner(lpo_varnamo):
    baseline = import_module("organisations.migrations.0003_history_baseline")
    lpo_varnamo.history.all().delete()

    baseline.record_baseline(django_apps, schema_editor=None)

    first = lpo_varnamo.history.get()
    assert first.history_change_reason == baseline.REASON
    assert covered(first) == {"Värnamo", "Vaggeryd", "Gislaved", "Gnosjö"}
