"""Admin-wide back doors stay shut: history revert, the view-on-site shortcut, deleting kommuner."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.sites import all_sites
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from followup.models import FollowUpReport
from followup.tests.factories import make_report
from organisations.checks import history_revert_refused
from organisations.models import ContactPerson, Municipality, Place
from pledges.models import FocusArea, Pledge
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
    """Published, then withdrawn by the police: its history holds both."""
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
    """A draft, then published by the police: its history holds both."""
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


def version_with_status(obj, status):
    """The latest history entry of obj that shows it in the given status."""
    return obj.history.filter(status=status).latest("history_date")


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
    published_version = version_with_status(withdrawn_pledge, Pledge.Status.PUBLISHED)
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
    draft_version = version_with_status(published_report, FollowUpReport.Status.DRAFT)

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
    client.post(
        version_url(
            published_report, version_with_status(published_report, FollowUpReport.Status.DRAFT)
        ),
        {"summary": "X"},
    )

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

    response = client.get(
        version_url(
            published_report, version_with_status(published_report, FollowUpReport.Status.DRAFT)
        )
    )

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

    response = client.get(
        version_url(
            withdrawn_pledge, version_with_status(withdrawn_pledge, Pledge.Status.PUBLISHED)
        )
    )

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
    try:
        errors = history_revert_refused(None)
    finally:
        # The probe site must not linger for later checks in this process.
        all_sites.discard(site)

    assert [error.id for error in errors] == ["organisations.E001"]
    assert errors[0].obj is site._registry[Place]


# 2. "View on site" answers only inside the user's scope ---------------------------------


@pytest.fixture
def vaggeryd_draft(lpo_varnamo):
    return make_pledge(lpo_varnamo, slug="vaggeryd-utkast-2026", status=Pledge.Status.DRAFT)


def shortcut_url(obj=None, content_type_id=None, object_id=None):
    if obj is not None:
        content_type_id = ContentType.objects.get_for_model(obj).pk
        object_id = obj.pk
    return reverse(
        "admin:view_on_site",
        kwargs={"content_type_id": content_type_id, "object_id": object_id},
    )


def test_view_on_site_hides_another_kommuns_draft(client, vanersborg_coordinator, vaggeryd_draft):
    client.force_login(vanersborg_coordinator)

    response = client.get(shortcut_url(vaggeryd_draft))

    assert response.status_code == 404
    assert "Location" not in response.headers
    assert vaggeryd_draft.slug not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_view_on_site_redirects_staff_of_the_pledge(client, request, vaggeryd_draft, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(shortcut_url(vaggeryd_draft))

    assert response.status_code == 302
    assert response.headers["Location"] == f"http://testserver{vaggeryd_draft.get_absolute_url()}"


def test_view_on_site_hides_drafts_from_staff_without_a_membership(
    client, staff_without_membership, vaggeryd_draft
):
    client.force_login(staff_without_membership)

    response = client.get(shortcut_url(vaggeryd_draft))

    assert response.status_code == 404
    assert "Location" not in response.headers


def test_view_on_site_sends_anonymous_visitors_to_the_login(client, vaggeryd_draft):
    response = client.get(shortcut_url(vaggeryd_draft))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "content_type_id, object_id",
    [
        ("abc", "1"),
        ("999999", "1"),
        ("99999999999999999999999", "1"),
        ("pledge", "abc"),
        ("pledge", "99999999999999999999999"),
        ("pledge", "999999"),
        ("permission", "1"),  # a model without an admin of its own
    ],
)
def test_view_on_site_answers_bad_addresses_with_404(
    client, superuser, vaggeryd_draft, content_type_id, object_id
):
    models = {"pledge": Pledge, "permission": Permission}
    if content_type_id in models:
        content_type_id = ContentType.objects.get_for_model(models[content_type_id]).pk
    client.force_login(superuser)

    response = client.get(shortcut_url(content_type_id=content_type_id, object_id=object_id))

    assert response.status_code == 404


def test_view_on_site_asks_the_admins_view_permission(
    client, vaggeryd_coordinator, superuser, vaggeryd
):
    # Kommuner are edited by portal administrators only: staff get no shortcut through them.
    client.force_login(vaggeryd_coordinator)
    assert client.get(shortcut_url(vaggeryd)).status_code == 404

    client.force_login(superuser)
    response = client.get(shortcut_url(vaggeryd))
    assert response.status_code == 302
    assert response.headers["Location"] == f"http://testserver{vaggeryd.get_absolute_url()}"


# 4. What a kept record uses cannot be deleted out from under it --------------------------


def delete_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])


def listed(record):
    """How the delete page lists a record that blocks the delete."""
    return f"{capfirst(record._meta.verbose_name)}: {record}"


def assert_delete_refused(client, obj):
    """The delete page says it cannot delete, a confirming POST changes nothing; the page's list
    of what blocks the delete is returned."""
    page = client.get(delete_url(obj))
    assert page.status_code == 200
    # Django's own wording in Swedish, from its catalog (not ours).
    assert page.context["title"] == f"Kan inte ta bort {obj._meta.verbose_name}"
    response = client.post(delete_url(obj), {"post": "yes"})
    assert response.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()
    return [str(entry) for entry in page.context["protected"]]


def assert_deleted(client, obj):
    response = client.post(delete_url(obj), {"post": "yes"})
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_kommun_named_by_a_published_pledge_cannot_be_deleted(
    client, superuser, lpo_varnamo, vaggeryd
):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    # Only the pledge names the kommun now, so its own protection is what is tested.
    lpo_varnamo.municipalities.remove(vaggeryd)
    client.force_login(superuser)

    blocking = assert_delete_refused(client, vaggeryd)

    assert blocking != []
    assert list(pledge.municipalities.all()) == [vaggeryd]


def test_kommun_covered_by_a_police_area_cannot_be_deleted(client, superuser, lpo_varnamo):
    gislaved = lpo_varnamo.municipalities.get(name="Gislaved")
    client.force_login(superuser)

    blocking = assert_delete_refused(client, gislaved)

    assert blocking == [listed(lpo_varnamo)]
    assert lpo_varnamo.municipalities.filter(pk=gislaved.pk).exists()


def test_kommun_that_nothing_uses_can_be_deleted(client, superuser, lpo_varnamo):
    client.force_login(superuser)

    assert_deleted(client, Municipality.objects.get(name="Habo"))


def test_police_area_of_a_pledge_cannot_be_deleted(client, superuser, lpo_varnamo):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    client.force_login(superuser)

    assert_delete_refused(client, lpo_varnamo)

    assert Pledge.objects.get(pk=pledge.pk).police_area == lpo_varnamo


@pytest.fixture
def page_owner(vaggeryd):
    return ContactPerson.objects.create(
        municipality=vaggeryd, role="Trygghetssamordnare", name="Sara Exempel"
    )


def test_contact_named_on_a_published_pledge_cannot_be_deleted(
    client, vaggeryd_coordinator, lpo_varnamo, page_owner
):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    Pledge.objects.filter(pk=pledge.pk).update(page_owner=page_owner)
    client.force_login(vaggeryd_coordinator)

    blocking = assert_delete_refused(client, page_owner)

    assert blocking == [listed(pledge)]
    assert Pledge.objects.get(pk=pledge.pk).page_owner == page_owner


def test_kommun_whose_contact_a_published_pledge_names_cannot_be_deleted(
    client, superuser, lpo_varnamo, vaggeryd, page_owner
):
    # The contact would go with its kommun, and the pledge would lose its page owner.
    pledge = make_pledge(lpo_varnamo, municipality_names=["Gnosjö"], status=Pledge.Status.PUBLISHED)
    Pledge.objects.filter(pk=pledge.pk).update(page_owner=page_owner)
    lpo_varnamo.municipalities.remove(vaggeryd)
    client.force_login(superuser)

    blocking = assert_delete_refused(client, vaggeryd)

    assert blocking == [listed(pledge)]


def test_contact_named_only_on_a_draft_can_be_deleted(
    client, vaggeryd_coordinator, lpo_varnamo, page_owner
):
    make_pledge(lpo_varnamo, page_owner=page_owner)
    client.force_login(vaggeryd_coordinator)

    assert_deleted(client, page_owner)


def test_place_of_a_published_pledges_activity_cannot_be_deleted(
    client, vaggeryd_coordinator, lpo_varnamo, skillingaryd
):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    activity = pledge.activities.first()
    activity.places.add(skillingaryd)
    client.force_login(vaggeryd_coordinator)

    blocking = assert_delete_refused(client, skillingaryd)

    assert blocking == [listed(activity)]
    assert list(activity.places.all()) == [skillingaryd]


def test_bulk_delete_keeps_a_place_a_published_pledge_uses(
    client, vaggeryd_coordinator, lpo_varnamo, skillingaryd
):
    make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED).activities.first().places.add(
        skillingaryd
    )
    client.force_login(vaggeryd_coordinator)
    changelist = reverse("admin:organisations_place_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [skillingaryd.pk]}

    page = client.post(changelist, chosen)
    client.post(changelist, {**chosen, "post": "yes"})

    assert page.status_code == 200
    assert [str(entry) for entry in page.context["protected"]] != []
    assert Place.objects.filter(pk=skillingaryd.pk).exists()


def test_place_of_a_focus_area_cannot_be_deleted(
    client, vaggeryd_coordinator, lpo_varnamo, skillingaryd
):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    FocusArea.objects.create(
        pledge=pledge, name="Skillingaryd", kind=FocusArea.Kind.PLACE, place=skillingaryd
    )
    client.force_login(vaggeryd_coordinator)

    assert_delete_refused(client, skillingaryd)


def test_place_used_only_by_a_draft_can_be_deleted(
    client, vaggeryd_coordinator, lpo_varnamo, skillingaryd
):
    make_pledge(lpo_varnamo).activities.first().places.add(skillingaryd)
    client.force_login(vaggeryd_coordinator)

    assert_deleted(client, skillingaryd)
