"""Staff see and change only the pledges, places and contacts of their own kommun or LPO."""

import pytest
from django.urls import reverse

from organisations.models import ContactPerson, Municipality, Place
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledges(lpo_varnamo, lpo_fyrbodal):
    return {
        "vaggeryd": make_pledge(lpo_varnamo, slug="vaggeryd", municipality_names=["Vaggeryd"]),
        "gnosjo": make_pledge(lpo_varnamo, slug="gnosjo", municipality_names=["Gnosjö"]),
        "vanersborg": make_pledge(
            lpo_fyrbodal, slug="vanersborg", municipality_names=["Vänersborg"]
        ),
    }


@pytest.fixture
def places(lpo_varnamo, lpo_fyrbodal):
    def place(kommun, name):
        return Place.objects.create(municipality=Municipality.objects.get(name=kommun), name=name)

    return {
        "vaggeryd": place("Vaggeryd", "Skillingaryd centrum"),
        "gnosjo": place("Gnosjö", "Gnosjö torg"),
        "vanersborg": place("Vänersborg", "Sanden"),
    }


@pytest.fixture
def contacts(lpo_varnamo, lpo_fyrbodal):
    return {
        "vaggeryd": ContactPerson.objects.create(
            municipality=Municipality.objects.get(name="Vaggeryd"), role="Samordnare", name="A"
        ),
        "varnamo": ContactPerson.objects.create(police_area=lpo_varnamo, role="Polis", name="B"),
        "vanersborg": ContactPerson.objects.create(
            municipality=Municipality.objects.get(name="Vänersborg"), role="Samordnare", name="C"
        ),
    }


VISIBLE = {
    "vaggeryd_coordinator": {
        "pledge": {"vaggeryd"},
        "place": {"vaggeryd"},
        "contactperson": {"vaggeryd"},
    },
    "varnamo_police": {
        "pledge": {"vaggeryd", "gnosjo"},
        "place": {"vaggeryd", "gnosjo"},
        "contactperson": {"varnamo"},
    },
    "vanersborg_coordinator": {
        "pledge": {"vanersborg"},
        "place": {"vanersborg"},
        "contactperson": {"vanersborg"},
    },
    "superuser": {
        "pledge": {"vaggeryd", "gnosjo", "vanersborg"},
        "place": {"vaggeryd", "gnosjo", "vanersborg"},
        "contactperson": {"vaggeryd", "varnamo", "vanersborg"},
    },
}


def admin_url(model, action, *args):
    app = "organisations" if model in ("place", "contactperson") else "pledges"
    return reverse(f"admin:{app}_{model}_{action}", args=args)


@pytest.mark.parametrize("persona", list(VISIBLE))
@pytest.mark.parametrize("model", ["pledge", "place", "contactperson"])
def test_change_list_and_direct_urls_follow_the_users_organisations(
    client, request, persona, model, pledges, places, contacts
):
    objects = {"pledge": pledges, "place": places, "contactperson": contacts}[model]
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(admin_url(model, "changelist"))
    assert listed.status_code == 200
    shown = {key for key, obj in objects.items() if obj in listed.context["cl"].result_list}
    assert shown == VISIBLE[persona][model]
    for key, obj in objects.items():
        response = client.get(admin_url(model, "change", obj.pk))
        if key in VISIBLE[persona][model]:
            assert response.status_code == 200, key
        else:
            # Django's admin treats an object outside the queryset as missing.
            assert response.status_code == 302, key
            assert response["Location"] == reverse("admin:index")


def test_coordinator_cannot_post_changes_to_another_kommuns_pledge(
    client, vaggeryd_coordinator, vanersborg_coordinator, pledges
):
    other = pledges["vanersborg"]
    # A post that is valid in every way: its own coordinator's identical post saves it.
    data = pledge_form_data(other, title="Kapat")
    client.force_login(vaggeryd_coordinator)
    response = client.post(admin_url("pledge", "change", other.pk), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    other.refresh_from_db()
    assert other.title == "Medborgarlöfte vanersborg"

    client.force_login(vanersborg_coordinator)
    response = client.post(admin_url("pledge", "change", other.pk), data)
    assert response["Location"] == admin_url("pledge", "changelist")
    other.refresh_from_db()
    assert other.title == "Kapat"


def test_staff_without_membership_sees_no_pledges(client, staff_without_membership, pledges):
    client.force_login(staff_without_membership)
    assert client.get(admin_url("pledge", "changelist")).status_code == 403
    index = client.get(reverse("admin:index"))
    assert index.context["app_list"] == []


@pytest.mark.parametrize("persona", ["vaggeryd_coordinator", "varnamo_police"])
def test_staff_cannot_manage_reference_data_or_memberships(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in [
        "organisations_municipality",
        "organisations_policearea",
        "organisations_membership",
    ]:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403


def pledge_form_data(pledge, **changes):
    """The admin change form's POST data for a pledge without inline changes."""
    data = {
        "title": pledge.title,
        "slug": pledge.slug,
        "start_date": pledge.start_date.isoformat(),
        "end_date": pledge.end_date.isoformat(),
        "signed_on": "",
        "promise": pledge.promise,
        "effect": "",
        "background": "",
        "situation_method": "",
        "follow_up_method": "",
        "previous": "",
        "page_owner": "",
        "situation_picture": "",
        "change_reason": "",
        "edit_revision": str(pledge.revision),
    }
    for prefix in ["focus_areas", "activities", "signatories", "approvals"]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(changes)
    return data


def test_coordinator_cannot_move_a_pledge_to_another_kommun_or_lpo(
    client, vaggeryd_coordinator, pledges, lpo_fyrbodal
):
    pledge = pledges["vaggeryd"]
    client.force_login(vaggeryd_coordinator)
    vanersborg = Municipality.objects.get(name="Vänersborg")
    data = pledge_form_data(
        pledge,
        title="Nytt namn",
        pledge_municipalities=[vanersborg.pk],
        police_area=lpo_fyrbodal.pk,
    )
    response = client.post(admin_url("pledge", "change", pledge.pk), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    pledge.refresh_from_db()
    assert pledge.title == "Nytt namn"
    assert list(pledge.municipalities.values_list("name", flat=True)) == ["Vaggeryd"]
    assert pledge.police_area.name == "Värnamo"


def test_saving_records_who_changed_the_pledge(client, vaggeryd_coordinator, pledges):
    pledge = pledges["vaggeryd"]
    client.force_login(vaggeryd_coordinator)
    client.post(
        admin_url("pledge", "change", pledge.pk), pledge_form_data(pledge, title="Ny titel")
    )
    pledge.refresh_from_db()
    assert pledge.updated_by == vaggeryd_coordinator
    latest = pledge.history.first()
    assert latest.title == "Ny titel"
    assert latest.history_user == vaggeryd_coordinator


def new_pledge_data(**changes):
    data = {
        "title": "Nytt löfte",
        "slug": "nytt-lofte",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "promise": "Vi lovar.",
    }
    for prefix in ["focus_areas", "activities", "signatories", "approvals"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_coordinator_creates_a_pledge_for_own_kommun_with_its_lpo(
    client, vaggeryd_coordinator, lpo_varnamo
):
    client.force_login(vaggeryd_coordinator)
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    response = client.post(
        admin_url("pledge", "add"),
        new_pledge_data(pledge_municipalities=[vaggeryd.pk], police_area=lpo_varnamo.pk),
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get(slug="nytt-lofte")
    assert pledge.status == Pledge.Status.DRAFT


@pytest.mark.parametrize("kommun", ["Vänersborg", "Gnosjö"])
def test_coordinator_cannot_create_a_pledge_for_another_kommun(
    client, vaggeryd_coordinator, lpo_varnamo, kommun
):
    client.force_login(vaggeryd_coordinator)
    other = Municipality.objects.get(name=kommun)
    response = client.post(
        admin_url("pledge", "add"),
        new_pledge_data(pledge_municipalities=[other.pk], police_area=lpo_varnamo.pk),
    )
    assert response.status_code == 200
    assert "pledge_municipalities" in response.context["adminform"].form.errors
    assert not Pledge.objects.filter(slug="nytt-lofte").exists()


def test_police_cannot_create_a_pledge_for_a_kommun_outside_their_lpo(
    client, varnamo_police, lpo_varnamo
):
    client.force_login(varnamo_police)
    other = Municipality.objects.get(name="Jönköping")
    response = client.post(
        admin_url("pledge", "add"),
        new_pledge_data(pledge_municipalities=[other.pk], police_area=lpo_varnamo.pk),
    )
    assert response.status_code == 200
    assert not Pledge.objects.filter(slug="nytt-lofte").exists()


def test_lpo_must_cover_every_kommun_of_the_pledge(client, superuser, lpo_fyrbodal):
    client.force_login(superuser)
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    response = client.post(
        admin_url("pledge", "add"),
        new_pledge_data(pledge_municipalities=[vaggeryd.pk], police_area=lpo_fyrbodal.pk),
    )
    assert response.status_code == 200
    assert "pledge_municipalities" in response.context["adminform"].form.errors


def test_end_before_start_is_rejected_with_a_message(client, vaggeryd_coordinator, lpo_varnamo):
    client.force_login(vaggeryd_coordinator)
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    response = client.post(
        admin_url("pledge", "add"),
        new_pledge_data(
            pledge_municipalities=[vaggeryd.pk], police_area=lpo_varnamo.pk, end_date="2026-01-01"
        ),
    )
    assert response.status_code == 200
    assert "end_date" in response.context["adminform"].form.errors
    assert not Pledge.objects.filter(slug="nytt-lofte").exists()


def test_published_pledge_cannot_be_deleted(client, superuser, lpo_varnamo):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED)
    client.force_login(superuser)
    assert client.post(admin_url("pledge", "delete", pledge.pk), {"post": "yes"}).status_code == 403
    assert Pledge.objects.filter(pk=pledge.pk).exists()


def test_draft_can_be_deleted_by_its_coordinator(client, vaggeryd_coordinator, pledges):
    client.force_login(vaggeryd_coordinator)
    draft = pledges["vaggeryd"]
    response = client.post(admin_url("pledge", "delete", draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Pledge.objects.filter(pk=draft.pk).exists()


def test_coordinator_cannot_create_a_place_in_another_kommun(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    other = Municipality.objects.get(name="Vänersborg")
    response = client.post(
        admin_url("place", "add"), {"municipality": other.pk, "name": "Sanden", "description": ""}
    )
    assert response.status_code == 200
    assert not Place.objects.filter(name="Sanden").exists()


def test_police_may_add_hot_spots_in_every_kommun_of_their_lpo(client, varnamo_police):
    client.force_login(varnamo_police)
    gnosjo = Municipality.objects.get(name="Gnosjö")
    response = client.post(
        admin_url("place", "add"), {"municipality": gnosjo.pk, "name": "Stationen"}
    )
    assert response.status_code == 302
    assert Place.objects.filter(municipality=gnosjo, name="Stationen").exists()


def test_place_needs_both_coordinates(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    response = client.post(
        admin_url("place", "add"),
        {"municipality": vaggeryd.pk, "name": "Torget", "latitude": "57.5"},
    )
    assert response.status_code == 200
    assert not Place.objects.filter(name="Torget").exists()


def test_coordinator_cannot_create_a_contact_for_the_police_area(
    client, vaggeryd_coordinator, lpo_varnamo
):
    client.force_login(vaggeryd_coordinator)
    response = client.post(
        admin_url("contactperson", "add"),
        {"police_area": lpo_varnamo.pk, "role": "Polis", "name": "X", "order": 0},
    )
    assert response.status_code == 200
    assert not ContactPerson.objects.filter(name="X").exists()


def test_contact_with_bad_phone_or_email_gets_messages(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    response = client.post(
        admin_url("contactperson", "add"),
        {
            "municipality": vaggeryd.pk,
            "role": "S",
            "name": "Y",
            "phone": "ring mig",
            "email": "nej",
            "order": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"phone", "email"} <= set(errors)
    assert not ContactPerson.objects.filter(name="Y").exists()


@pytest.mark.parametrize("model", ["pledge", "place", "contactperson"])
def test_history_pages_of_another_kommuns_objects_are_refused(
    client, vanersborg_coordinator, pledges, places, contacts, model
):
    obj = {"pledge": pledges, "place": places, "contactperson": contacts}[model]["vaggeryd"]
    obj.save()  # make sure there is a historical record
    client.force_login(vanersborg_coordinator)
    history = admin_url(model, "history", obj.pk)
    assert client.get(history).status_code in (403, 404)
    record = obj.history.first()
    app = "organisations" if model in ("place", "contactperson") else "pledges"
    revert = reverse(f"admin:{app}_{model}_simple_history", args=[obj.pk, record.history_id])
    assert client.get(revert).status_code in (403, 404)


def test_history_revert_cannot_move_a_place_to_another_kommun(
    client, vanersborg_coordinator, places
):
    place = places["vaggeryd"]
    place.save()
    record = place.history.first()
    client.force_login(vanersborg_coordinator)
    vanersborg = Municipality.objects.get(name="Vänersborg")
    url = reverse("admin:organisations_place_simple_history", args=[place.pk, record.history_id])
    client.post(url, {"municipality": vanersborg.pk, "name": "Kapad", "_change_history": "1"})
    place.refresh_from_db()
    assert place.municipality.name == "Vaggeryd"
    assert place.name != "Kapad"


def test_staff_can_read_the_history_of_their_own_pledge(client, vaggeryd_coordinator, pledges):
    pledge = pledges["vaggeryd"]
    pledge.save()
    client.force_login(vaggeryd_coordinator)
    assert client.get(admin_url("pledge", "history", pledge.pk)).status_code == 200
