"""The moderation queue: staff of the kommun and the police of its LPO read and mark reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue.models import PlaceReport
from dialogue.tests.test_place_reports import (
    SCRIPT,
    kommun,
    make_report,
)
from organisations.models import Place

pytestmark = pytest.mark.django_db
Status = PlaceReport.Status
CHANGELIST = reverse("admin:dialogue_placereport_changelist")


def change_url(report):
    return reverse("admin:dialogue_placereport_change", args=[report.pk])


@pytest.fixture
def vaggeryd_report(lpo_varnamo):
    place = Place.objects.create(municipality=kommun("Vaggeryd"), name="Skillingaryd")
    return make_report(
        kommun("Vaggeryd"),
        place,
        description="Trasig belysning vid busshållplatsen",
        contact_email="boende@example.se",
    )


@pytest.fixture
def vanersborg_report(lpo_fyrbodal):
    return make_report(
        kommun("Vänersborg"), place_text="Gångbron", description="Mörkt på gångbron vid kanalen"
    )


def action(client, name, *reports):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [str(report.pk) for report in reports]},
    )


@pytest.mark.parametrize("persona", ["vaggeryd_coordinator", "varnamo_police", "superuser"])
def test_staff_of_the_kommun_and_its_lpo_see_its_reports(
    client, request, persona, vaggeryd_report, vanersborg_report
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    shown = set(response.context["cl"].result_list)
    assert vaggeryd_report in shown
    assert (vanersborg_report in shown) == (persona == "superuser")
    assert client.get(change_url(vaggeryd_report)).status_code == 200


@pytest.mark.parametrize("persona", ["vanersborg_coordinator", "fyrbodal_police"])
def test_other_kommun_cannot_see_the_report_in_the_list_or_by_url(
    client, request, persona, vaggeryd_report, vanersborg_report
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(CHANGELIST)
    assert list(response.context["cl"].result_list) == [vanersborg_report]
    assert "Trasig belysning" not in response.content.decode()
    direct = client.get(change_url(vaggeryd_report), follow=True)
    assert "Trasig belysning" not in direct.content.decode()
    assert "boende@example.se" not in direct.content.decode()
    assert direct.redirect_chain and direct.redirect_chain[0][1] == 302


def test_other_kommun_cannot_act_on_the_report(client, vanersborg_coordinator, vaggeryd_report):
    client.force_login(vanersborg_coordinator)
    for name in ["mark_read", "mark_used", "mark_dismissed"]:
        action(client, name, vaggeryd_report)
    vaggeryd_report.refresh_from_db()
    assert vaggeryd_report.status == Status.NEW
    assert vaggeryd_report.handled_by is None
    response = client.post(change_url(vaggeryd_report), {"status": "dismissed", "staff_note": ""})
    assert response.status_code == 302
    vaggeryd_report.refresh_from_db()
    assert vaggeryd_report.status == Status.NEW


def test_staff_without_membership_sees_nothing(client, staff_without_membership, vaggeryd_report):
    client.force_login(staff_without_membership)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(vaggeryd_report)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, vaggeryd_report):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "name, status",
    [("mark_read", Status.READ), ("mark_used", Status.USED), ("mark_dismissed", Status.DISMISSED)],
)
def test_actions_mark_the_status_and_stamp_who_handled_it(
    client, varnamo_police, vaggeryd_report, name, status
):
    other = make_report(kommun("Vaggeryd"))
    client.force_login(varnamo_police)
    response = action(client, name, vaggeryd_report)
    assert response.status_code == 302
    vaggeryd_report.refresh_from_db()
    assert vaggeryd_report.status == status
    assert vaggeryd_report.handled_by == varnamo_police
    other.refresh_from_db()
    assert other.status == Status.NEW and other.handled_by is None


def test_an_action_on_mixed_selection_changes_only_the_users_reports(
    client, vaggeryd_coordinator, vaggeryd_report, vanersborg_report
):
    client.force_login(vaggeryd_coordinator)
    action(client, "mark_read", vaggeryd_report, vanersborg_report)
    assert PlaceReport.objects.get(pk=vaggeryd_report.pk).status == Status.READ
    assert PlaceReport.objects.get(pk=vanersborg_report.pk).status == Status.NEW


def test_actions_need_a_post(client, vaggeryd_coordinator, vaggeryd_report):
    client.force_login(vaggeryd_coordinator)
    response = client.get(
        CHANGELIST, {"action": "mark_dismissed", "_selected_action": vaggeryd_report.pk}
    )
    assert response.status_code in (200, 302)
    vaggeryd_report.refresh_from_db()
    assert vaggeryd_report.status == Status.NEW


def test_opening_a_new_report_marks_nothing(client, vaggeryd_coordinator, vaggeryd_report):
    client.force_login(vaggeryd_coordinator)
    response = client.get(change_url(vaggeryd_report))
    assert response.status_code == 200
    assert "Trasig belysning vid busshållplatsen" in response.content.decode()
    vaggeryd_report.refresh_from_db()
    assert vaggeryd_report.status == Status.NEW and vaggeryd_report.handled_by is None


def test_change_page_edits_only_status_and_note(client, vaggeryd_coordinator, vaggeryd_report):
    client.force_login(vaggeryd_coordinator)
    form = client.get(change_url(vaggeryd_report)).context["adminform"].form
    assert set(form.fields) == {"status", "staff_note"}
    response = client.post(
        change_url(vaggeryd_report),
        {
            "status": "used",
            "staff_note": "Tas med i lägesbilden.",
            "description": "Ändrad text",
            "category": "other",
            "contact_email": "annan@example.se",
        },
    )
    assert response.status_code == 302
    vaggeryd_report.refresh_from_db()
    assert (vaggeryd_report.status, vaggeryd_report.staff_note) == (
        "used",
        "Tas med i lägesbilden.",
    )
    assert vaggeryd_report.description == "Trasig belysning vid busshållplatsen"
    assert vaggeryd_report.category == "lighting"
    assert vaggeryd_report.contact_email == "boende@example.se"
    assert vaggeryd_report.handled_by == vaggeryd_coordinator


def test_bad_status_gets_a_message_and_changes_nothing(
    client, vaggeryd_coordinator, vaggeryd_report
):
    client.force_login(vaggeryd_coordinator)
    response = client.post(change_url(vaggeryd_report), {"status": "published", "staff_note": ""})
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    vaggeryd_report.refresh_from_db()
    assert vaggeryd_report.status == Status.NEW


def test_reports_cannot_be_added_in_the_admin(client, vaggeryd_coordinator, superuser):
    for user in (vaggeryd_coordinator, superuser):
        client.force_login(user)
        add = reverse("admin:dialogue_placereport_add")
        assert client.get(add).status_code == 403
        assert client.post(add, {"category": "other", "place_text": "x"}).status_code == 403
    assert not PlaceReport.objects.exists()


def test_only_superusers_may_delete(client, vaggeryd_coordinator, superuser, vaggeryd_report):
    delete = reverse("admin:dialogue_placereport_delete", args=[vaggeryd_report.pk])
    client.force_login(vaggeryd_coordinator)
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    choices = dict(client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "delete_selected" not in choices
    assert {"mark_read", "mark_used", "mark_dismissed"} <= set(choices)
    assert PlaceReport.objects.filter(pk=vaggeryd_report.pk).exists()

    client.force_login(superuser)
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not PlaceReport.objects.exists()


def test_filters_offer_only_the_users_kommuner_and_places(
    client, vaggeryd_coordinator, vaggeryd_report, vanersborg_report
):
    Place.objects.create(municipality=kommun("Vänersborg"), name="Bostadsområdet Torpa")
    client.force_login(vaggeryd_coordinator)
    response = client.get(CHANGELIST)
    content = response.content.decode()
    assert "Skillingaryd" in content
    assert "Vänersborg" not in content and "Torpa" not in content
    filtered = client.get(CHANGELIST, {"status__exact": "new", "category__exact": "lighting"})
    assert list(filtered.context["cl"].result_list) == [vaggeryd_report]
    by_place = client.get(CHANGELIST, {"place": vaggeryd_report.place_id})
    assert list(by_place.context["cl"].result_list) == [vaggeryd_report]


def test_list_shows_status_category_place_time_and_whether_contact_exists(
    client, vaggeryd_coordinator, vaggeryd_report
):
    client.force_login(vaggeryd_coordinator)
    columns = client.get(CHANGELIST).context["cl"].list_display
    for column in ["created_at", "status", "category", "where", "time_of_day"]:
        assert column in columns
    assert "has_contact_details" in columns


def test_what_residents_wrote_is_escaped_in_the_admin(client, vaggeryd_coordinator, lpo_varnamo):
    report = make_report(kommun("Vaggeryd"), place_text=SCRIPT, description=SCRIPT)
    client.force_login(vaggeryd_coordinator)
    for page in (CHANGELIST, change_url(report)):
        content = client.get(page).content.decode()
        assert SCRIPT not in content
        assert "&lt;script&gt;" in content


def test_changelist_queries_do_not_grow_with_reports(
    client, vaggeryd_coordinator, vaggeryd_report, django_assert_max_num_queries
):
    client.force_login(vaggeryd_coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for number in range(50):
        place = Place.objects.create(municipality=kommun("Vaggeryd"), name=f"Plats {number}")
        make_report(kommun("Vaggeryd"), place)
    with django_assert_max_num_queries(len(few)):
        client.get(CHANGELIST)
