"""Admin-wide back doors stay shut: history revert, the view-on-site shortcut, deleting kommuner."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from followup.models import FollowUpReport
from followup.tests.factories import make_report
from organisations.checks import history_revert_refused
from organisations.models import Place
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db

PERSONAS = ["vaggeryd_coordinator", "varnamo_police"]


def version_url(obj, record):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.pk]
    )


def history_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


@pytest.fixture
def withdrawn_pledge(lpo_varnamo, varnamo_police):
    """Published (first history entry), then withdrawn by the police (second entry)."""
    pledge = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2021",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    pledge.withdraw(varnamo_police, "Ersatt av en ny version.")
    pledge.refresh_from_db()
    return pledge


@pytest.fixture
def published_report(lpo_varnamo, varnamo_police):
    """A draft (first history entry), then published by the police (second entry)."""
    pledge = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2022",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 12, 31),
    )
    report = make_report(pledge, year=2022, tertial=1, published=False)
    report.publish(varnamo_police)
    report.refresh_from_db()
    return report


def oldest(obj):
    return obj.history.earliest("history_date")


def pledge_form_data(pledge, **changes):
    """A valid POST of the pledge's own fields, as a staff user's change form sends them."""
    return {
        "title": pledge.title,
        "slug": pledge.slug,
        "start_date": pledge.start_date.isoformat(),
        "end_date": pledge.end_date.isoformat(),
        "promise": pledge.promise,
        **changes,
    }


# 1. History revert never changes anything ------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_revert_cannot_republish_a_withdrawn_pledge(client, request, withdrawn_pledge, persona):
    client.force_login(request.getfixturevalue(persona))
    published_version = oldest(withdrawn_pledge)
    assert published_version.status == Pledge.Status.PUBLISHED
    entries = withdrawn_pledge.history.count()

    response = client.post(
        version_url(withdrawn_pledge, published_version),
        pledge_form_data(withdrawn_pledge, promise="Omskrivet löfte.", _save="Återställ"),
    )

    after = Pledge.objects.get(pk=withdrawn_pledge.pk)
    assert after.status == Pledge.Status.WITHDRAWN
    assert after.published_at == withdrawn_pledge.published_at
    assert after.withdrawn_at == withdrawn_pledge.withdrawn_at
    assert after.promise == withdrawn_pledge.promise
    assert withdrawn_pledge.history.count() == entries
    assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_revert_cannot_turn_a_published_report_back_into_a_draft(
    client, request, published_report, persona
):
    client.force_login(request.getfixturevalue(persona))
    draft_version = oldest(published_report)
    assert draft_version.status == FollowUpReport.Status.DRAFT

    response = client.post(
        version_url(published_report, draft_version),
        {"summary": "Omskriven sammanfattning.", "_save": "Återställ"},
    )

    after = FollowUpReport.objects.get(pk=published_report.pk)
    assert after.status == FollowUpReport.Status.PUBLISHED
    assert after.published_at == published_report.published_at
    assert after.summary == published_report.summary
    assert response.status_code == 403


def test_report_kept_published_by_a_refused_revert_cannot_be_deleted(
    client, vaggeryd_coordinator, published_report
):
    client.force_login(vaggeryd_coordinator)
    client.post(version_url(published_report, oldest(published_report)), {"summary": "X"})

    delete_url = reverse("admin:followup_followupreport_delete", args=[published_report.pk])
    response = client.post(delete_url, {"post": "yes"})

    assert response.status_code == 403
    assert FollowUpReport.objects.filter(pk=published_report.pk).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_history_list_and_earlier_version_stay_readable(
    client, request, withdrawn_pledge, published_report, persona
):
    client.force_login(request.getfixturevalue(persona))
    for obj in (withdrawn_pledge, published_report):
        assert client.get(history_url(obj)).status_code == 200

    response = client.get(version_url(published_report, oldest(published_report)))

    assert response.status_code == 200
    content = response.content.decode()
    assert published_report.summary in content
    # Read-only: the old text is shown as text, with no field to edit and no button to send.
    assert 'name="summary"' not in content
    assert 'name="_save"' not in content


def test_earlier_version_of_a_pledge_is_shown_read_only(
    client, vaggeryd_coordinator, withdrawn_pledge
):
    client.force_login(vaggeryd_coordinator)

    response = client.get(version_url(withdrawn_pledge, oldest(withdrawn_pledge)))

    assert response.status_code == 200
    content = response.content.decode()
    assert withdrawn_pledge.promise in content
    assert 'name="promise"' not in content
    assert 'name="_save"' not in content


def history_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]


@pytest.mark.parametrize(
    "model", [model for model, _ in history_admins()], ids=lambda model: model._meta.label
)
def test_every_history_admin_refuses_a_revert_post(client, superuser, model):
    client.force_login(superuser)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[1, 1])

    assert client.post(url, {}).status_code == 403


def test_system_check_accepts_the_portals_admins():
    assert history_revert_refused(None) == []


def test_system_check_names_an_admin_that_would_revert():
    site = admin.AdminSite(name="check_probe")
    site.register(Place, SimpleHistoryAdmin)

    errors = history_revert_refused(None)

    assert [error.id for error in errors] == ["organisations.E001"]
    assert errors[0].obj is site._registry[Place]
