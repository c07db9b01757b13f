"""The pledge form in the admin: a whole pledge in one save, scoped choices, clear refusals."""

import datetime
import re

import pytest
from django.urls import reverse

from organisations.models import Municipality
from pledges.admin import propose_slug
from pledges.models import Activity, FocusArea, Pledge, Signatory
from pledges.tests.factories import make_pledge
from pledges.tests.test_admin_scope import pledge_form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:pledges_pledge_add")


def change_url(pledge):
    return reverse("admin:pledges_pledge_change", args=[pledge.pk])


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_pledge(kommun, area, focus_areas=(), activities=(), signatories=(), **fields):
    """POST data of the add form as a browser without JavaScript sends it.

    activities: (description, "1, 2") pairs, the numbers naming focus areas in form order.
    """
    data = {
        "title": "Medborgarlöfte Vaggeryd 2027–2028",
        "slug": "",
        "pledge_municipalities": [kommun.pk],
        "police_area": area.pk,
        "start_date": "2027-01-01",
        "end_date": "2028-12-31",
        "signed_on": "",
        "promise": "Vaggeryds kommun och polisen lovar att arbeta för ökad trygghet.",
        "effect": "",
        "background": "",
        "situation_method": "",
        "follow_up_method": "",
        "situation_picture": "",
        "previous": "",
        "page_owner": "",
        **management("focus_areas", len(focus_areas)),
        **management("activities", len(activities)),
        **management("signatories", len(signatories)),
    }
    for number, name in enumerate(focus_areas):
        data.update(
            {
                f"focus_areas-{number}-name": name,
                f"focus_areas-{number}-kind": "theme",
                f"focus_areas-{number}-description": "",
                f"focus_areas-{number}-order": "",
            }
        )
    for number, (description, numbers) in enumerate(activities):
        data.update(
            {
                f"activities-{number}-description": description,
                f"activities-{number}-responsible": "together",
                f"activities-{number}-target_count": "",
                f"activities-{number}-target_unit": "",
                f"activities-{number}-focus_area_numbers": numbers,
                f"activities-{number}-carried_over_from": "",
                f"activities-{number}-order": "",
            }
        )
    for number, (name, role, organisation) in enumerate(signatories):
        data.update(
            {
                f"signatories-{number}-name": name,
                f"signatories-{number}-role": role,
                f"signatories-{number}-organisation": organisation,
                f"signatories-{number}-order": "",
            }
        )
    data.update(fields)
    return data


SIX_ACTIVITIES = [
    ("Trygghetsvandringar i Skillingaryd.", "2"),
    ("Hastighetskontroller vid skolorna.", "1"),
    ("Föräldravandringar på helger.", "2"),
    ("Informationsmöten om trafik.", "1"),
    ("Gemensam lägesbild varje månad.", "1, 2"),
    ("Belysning vid centrum.", ""),
]
SIGNATORIES = [
    ("Anna Andersson", "Kommunstyrelsens ordförande", "Vaggeryds kommun"),
    ("Per Persson", "Lokalpolisområdeschef", "Polisen"),
]


def row_counts():
    return (
        Pledge.objects.count(),
        FocusArea.objects.count(),
        Activity.objects.count(),
        Signatory.objects.count(),
    )


def form_errors(response):
    """Every error on the page, the main form's and each inline row's, as text."""
    context = response.context
    errors = [str(e) for e in context["adminform"].form.errors.values()]
    for formset in context["inline_admin_formsets"]:
        errors += [str(e) for form in formset.formset.forms for e in form.errors.values()]
        errors += [str(e) for e in formset.formset.non_form_errors()]
    return " ".join(errors)


# One save ------------------------------------------------------------------------------


def test_one_post_makes_the_whole_pledge(client, vaggeryd_coordinator, vaggeryd, lpo_varnamo):
    client.force_login(vaggeryd_coordinator)
    data = new_pledge(
        vaggeryd,
        lpo_varnamo,
        focus_areas=["Trafiksäkerhet", "Skillingaryds centrum"],
        activities=SIX_ACTIVITIES,
        signatories=SIGNATORIES,
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, form_errors(response)
    pledge = Pledge.objects.get()
    assert pledge.slug == "vaggeryd-2027-2028"
    assert list(pledge.municipalities.all()) == [vaggeryd]
    assert pledge.police_area == lpo_varnamo
    traffic, centre = pledge.focus_areas.all()
    assert (traffic.name, traffic.order, centre.name, centre.order) == (
        "Trafiksäkerhet",
        0,
        "Skillingaryds centrum",
        1,
    )
    linked = [
        (a.order, a.description, {f.name for f in a.focus_areas.all()})
        for a in pledge.activities.all()
    ]
    assert linked == [
        (0, "Trygghetsvandringar i Skillingaryd.", {"Skillingaryds centrum"}),
        (1, "Hastighetskontroller vid skolorna.", {"Trafiksäkerhet"}),
        (2, "Föräldravandringar på helger.", {"Skillingaryds centrum"}),
        (3, "Informationsmöten om trafik.", {"Trafiksäkerhet"}),
        (4, "Gemensam lägesbild varje månad.", {"Trafiksäkerhet", "Skillingaryds centrum"}),
        (5, "Belysning vid centrum.", set()),
    ]
    assert [(s.order, s.name) for s in pledge.signatories.all()] == [
        (0, "Anna Andersson"),
        (1, "Per Persson"),
    ]
    # The save was recorded once, with who made it; the working copy holds the links.
    assert pledge.revision == 1
    assert pledge.updated_by == vaggeryd_coordinator
    snapshot = pledge.snapshot()
    assert len(snapshot["activities"]) == 6


def test_positions_from_the_arrows_decide_the_order(
    client, vaggeryd_coordinator, vaggeryd, lpo_varnamo
):
    """The script writes each row's place on the page; numbers name focus areas by place."""
    client.force_login(vaggeryd_coordinator)
    data = new_pledge(
        vaggeryd,
        lpo_varnamo,
        focus_areas=["Trafiksäkerhet", "Skillingaryds centrum"],
        activities=[("Första i formuläret.", "1"), ("Andra i formuläret.", "2")],
        **{
            # Moved: the second focus area and the second activity to the top.
            "focus_areas-0-order": "2",
            "focus_areas-1-order": "1",
            "activities-0-order": "2",
            "activities-1-order": "1",
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, form_errors(response)
    pledge = Pledge.objects.get()
    assert [f.name for f in pledge.focus_areas.all()] == ["Skillingaryds centrum", "Trafiksäkerhet"]
    assert [
        (a.description, [f.name for f in a.focus_areas.all()]) for a in pledge.activities.all()
    ] == [
        ("Andra i formuläret.", ["Trafiksäkerhet"]),
        ("Första i formuläret.", ["Skillingaryds centrum"]),
    ]


@pytest.mark.parametrize(
    ("title", "start", "end", "slug"),
    [
        ("Medborgarlöfte Vaggeryd 2027–2028", "2027-01-01", "2028-12-31", "vaggeryd-2027-2028"),
        ("Medborgarlöfte för Vänersborg", "2026-07-01", "2026-12-31", "for-vanersborg-2026"),
        ("Tryggare Gnosjö!", "2026-01-01", "2027-06-30", "tryggare-gnosjo-2026-2027"),
        ("Medborgarlöften", "2026-01-01", "2026-12-31", "2026"),
    ],
)
def test_address_is_proposed_from_title_and_period(title, start, end, slug):
    start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    assert propose_slug(title, start, end) == slug


def test_an_empty_address_gets_a_free_one(client, vaggeryd_coordinator, vaggeryd, lpo_varnamo):
    make_pledge(lpo_varnamo, slug="vaggeryd-2027-2028")
    client.force_login(vaggeryd_coordinator)
    response = client.post(ADD_URL, new_pledge(vaggeryd, lpo_varnamo))
    assert response.status_code == 302, form_errors(response)
    assert Pledge.objects.filter(slug="vaggeryd-2027-2028-2").exists()


def test_a_proposed_address_that_is_taken_gets_the_next_free_one(
    client, vaggeryd_coordinator, vaggeryd, lpo_varnamo
):
    """The script proposes vaggeryd-2027-2028 without knowing that it is taken."""
    make_pledge(lpo_varnamo, slug="vaggeryd-2027-2028")
    client.force_login(vaggeryd_coordinator)
    response = client.post(ADD_URL, new_pledge(vaggeryd, lpo_varnamo, slug="vaggeryd-2027-2028"))
    assert response.status_code == 302, form_errors(response)
    assert Pledge.objects.filter(slug="vaggeryd-2027-2028-2").exists()


def test_a_typed_address_is_kept_and_a_taken_one_refused(
    client, vaggeryd_coordinator, vaggeryd, lpo_varnamo
):
    make_pledge(lpo_varnamo, slug="vaggeryd-2027")
    client.force_login(vaggeryd_coordinator)
    response = client.post(ADD_URL, new_pledge(vaggeryd, lpo_varnamo, slug="vaggeryd-2027"))
    assert response.status_code == 200
    assert "Adress (i webbadressen)" in form_errors(response)
    response = client.post(ADD_URL, new_pledge(vaggeryd, lpo_varnamo, slug="vaggeryd-ny"))
    assert response.status_code == 302
    assert Pledge.objects.filter(slug="vaggeryd-ny").exists()


# Bad input: a Swedish message, nothing saved ---------------------------------------------


def test_missing_title_saves_nothing(client, vaggeryd_coordinator, vaggeryd, lpo_varnamo):
    client.force_login(vaggeryd_coordinator)
    before = row_counts()
    data = new_pledge(vaggeryd, lpo_varnamo, ["Trafiksäkerhet"], [("En aktivitet.", "1")], title="")
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == ["Detta fält måste fyllas i."]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ("3", "Det finns inget fokusområde nummer 3: formuläret har 2 fokusområden."),
        ("1, 0", "Det finns inget fokusområde nummer 0: formuläret har 2 fokusområden."),
        ("ett, två", "Skriv fokusområdenas nummer åtskilda med kommatecken, t.ex. ”1, 2”."),
    ],
)
def test_activity_naming_a_focus_area_that_is_not_there_saves_nothing(
    client, vaggeryd_coordinator, vaggeryd, lpo_varnamo, numbers, message
):
    client.force_login(vaggeryd_coordinator)
    before = row_counts()
    data = new_pledge(
        vaggeryd,
        lpo_varnamo,
        ["Trafiksäkerhet", "Centrum"],
        [("Hastighetskontroller.", "1"), ("Vandringar.", numbers)],
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Activity
    )
    assert formset.forms[1].errors["focus_area_numbers"] == [message]
    assert message in response.content.decode()
    assert row_counts() == before


def test_a_focus_area_marked_for_deletion_cannot_be_linked(
    client, vaggeryd_coordinator, lpo_varnamo
):
    pledge = make_pledge(lpo_varnamo, activities=1)
    client.force_login(vaggeryd_coordinator)
    area = pledge.focus_areas.get()
    activity = pledge.activities.get()
    data = existing_pledge_data(pledge)
    data["focus_areas-0-DELETE"] = "on"
    response = client.post(change_url(pledge), data)
    assert response.status_code == 200
    assert "Det finns inget fokusområde nummer 1: formuläret har 0 fokusområden." in (
        form_errors(response)
    )
    assert FocusArea.objects.filter(pk=area.pk).exists()
    assert list(activity.focus_areas.all()) == [area]


def test_a_focus_area_of_another_pledge_cannot_be_named_by_its_id(
    client, vaggeryd_coordinator, vaggeryd, lpo_varnamo
):
    """The form names focus areas by their number in this form, never by an id: a posted id
    of another pledge's focus area links nothing."""
    other = make_pledge(lpo_varnamo, slug="vaggeryd-annat")
    foreign = other.focus_areas.get()
    client.force_login(vaggeryd_coordinator)
    data = new_pledge(vaggeryd, lpo_varnamo, ["Egen"], [("Aktivitet.", "")])
    data["activities-0-focus_areas"] = [foreign.pk]
    response = client.post(ADD_URL, data)
    assert response.status_code == 302
    activity = Activity.objects.get(description="Aktivitet.")
    assert list(activity.focus_areas.all()) == []
    assert list(foreign.activities.all()) == list(other.activities.all())


def test_carried_over_from_another_kommuns_pledge_is_refused(
    client, vaggeryd_coordinator, vaggeryd, lpo_varnamo, lpo_fyrbodal
):
    theirs = make_pledge(lpo_fyrbodal, slug="vanersborg-2026", municipality_names=["Vänersborg"])
    client.force_login(vaggeryd_coordinator)
    before = row_counts()
    data = new_pledge(
        vaggeryd,
        lpo_varnamo,
        activities=[("Fortsatta vandringar.", "")],
        **{"activities-0-carried_over_from": str(theirs.activities.first().pk)},
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in form_errors(response)
    assert row_counts() == before


def test_carried_over_from_an_own_earlier_pledge_is_kept(
    client, vaggeryd_coordinator, vaggeryd, lpo_varnamo
):
    earlier = make_pledge(lpo_varnamo, slug="vaggeryd-2026")
    source = earlier.activities.first()
    client.force_login(vaggeryd_coordinator)
    data = new_pledge(
        vaggeryd,
        lpo_varnamo,
        activities=[("Fortsatta vandringar.", "")],
        **{"activities-0-carried_over_from": str(source.pk)},
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, form_errors(response)
    assert Activity.objects.get(description="Fortsatta vandringar.").carried_over_from == source


def test_carried_over_autocomplete_offers_only_own_pledges_activities(
    client, vanersborg_coordinator, lpo_varnamo, lpo_fyrbodal
):
    make_pledge(lpo_varnamo, slug="vaggeryd-2026")
    own = make_pledge(lpo_fyrbodal, slug="vanersborg-2026", municipality_names=["Vänersborg"])
    client.force_login(vanersborg_coordinator)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "pledges",
            "model_name": "activity",
            "field_name": "carried_over_from",
            "term": "Aktivitet",
        },
    )
    assert response.status_code == 200
    offered = {int(row["id"]) for row in response.json()["results"]}
    assert offered == set(own.activities.values_list("pk", flat=True))


# Editing a saved pledge -------------------------------------------------------------------


def existing_pledge_data(pledge, **changes):
    """The change form's POST data with every saved row, as the page shows them."""
    data = pledge_form_data(pledge)
    data.update(management("focus_areas", pledge.focus_areas.count(), pledge.focus_areas.count()))
    for number, area in enumerate(pledge.focus_areas.all()):
        data.update(
            {
                f"focus_areas-{number}-id": str(area.pk),
                f"focus_areas-{number}-pledge": str(pledge.pk),
                f"focus_areas-{number}-name": area.name,
                f"focus_areas-{number}-kind": area.kind,
                f"focus_areas-{number}-description": area.description,
                f"focus_areas-{number}-order": str(area.order),
            }
        )
    positions = {area.pk: n for n, area in enumerate(pledge.focus_areas.all(), 1)}
    activities = list(pledge.activities.all())
    data.update(management("activities", len(activities), len(activities)))
    for number, activity in enumerate(activities):
        numbers = sorted(positions[a.pk] for a in activity.focus_areas.all())
        data.update(
            {
                f"activities-{number}-id": str(activity.pk),
                f"activities-{number}-pledge": str(pledge.pk),
                f"activities-{number}-description": activity.description,
                f"activities-{number}-responsible": activity.responsible,
                f"activities-{number}-target_count": activity.target_count or "",
                f"activities-{number}-target_unit": activity.target_unit,
                f"activities-{number}-focus_area_numbers": ", ".join(map(str, numbers)),
                f"activities-{number}-carried_over_from": "",
                f"activities-{number}-order": str(activity.order),
            }
        )
    data.update(changes)
    return data


def test_change_form_shows_the_links_as_numbers(client, vaggeryd_coordinator, lpo_varnamo):
    pledge = make_pledge(lpo_varnamo, activities=2)
    second = FocusArea.objects.create(pledge=pledge, name="Centrum", order=5)
    pledge.activities.last().focus_areas.add(second)
    client.force_login(vaggeryd_coordinator)
    response = client.get(change_url(pledge))
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Activity
    )
    assert [form["focus_area_numbers"].value() for form in formset.forms] == ["1", "1, 2"]


def test_a_new_focus_area_is_linked_to_an_existing_activity_in_the_same_save(
    client, vaggeryd_coordinator, lpo_varnamo
):
    pledge = make_pledge(lpo_varnamo, activities=2)
    client.force_login(vaggeryd_coordinator)
    data = existing_pledge_data(pledge)
    data.update(management("focus_areas", 2, 1))
    data.update(
        {
            "focus_areas-1-name": "Skillingaryds centrum",
            "focus_areas-1-kind": "place",
            "focus_areas-1-order": "",
            "activities-1-focus_area_numbers": "2",
        }
    )
    response = client.post(change_url(pledge), data)
    assert response.status_code == 302, form_errors(response)
    first, second = pledge.activities.all()
    assert [a.name for a in first.focus_areas.all()] == ["Trafiksäkerhet"]
    assert [a.name for a in second.focus_areas.all()] == ["Skillingaryds centrum"]
    # Without positions from the script, a new row goes after the saved ones.
    assert [(a.order, a.name) for a in pledge.focus_areas.all()] == [
        (0, "Trafiksäkerhet"),
        (1, "Skillingaryds centrum"),
    ]


@pytest.mark.parametrize("focus_area_orders", [(0, 0, 0), (3, 7, 9)])
def test_a_save_that_moves_nothing_changes_no_order_and_keeps_the_approval(
    client, vaggeryd_coordinator, varnamo_police, lpo_varnamo, focus_area_orders
):
    """The order of the activities is part of a version: renumbering rows that did not move
    would retire the other side's approval for nothing."""
    pledge = make_pledge(lpo_varnamo, activities=3)
    for order, name in zip(focus_area_orders, ["A", "B", "C"], strict=False):
        FocusArea.objects.create(pledge=pledge, name=name, order=order)
    # Saved orders with gaps, as left by earlier moves and deletions: kept as they are.
    for activity, order in zip(pledge.activities.all(), [2, 5, 8], strict=True):
        activity.order = order
        activity.save()
    pledge.approve(varnamo_police)
    orders = [(a.pk, a.order) for a in pledge.activities.all()]
    assert [order for _pk, order in orders] == [2, 5, 8]
    client.force_login(vaggeryd_coordinator)
    pledge.refresh_from_db()
    response = client.post(change_url(pledge), existing_pledge_data(pledge))
    assert response.status_code == 302, form_errors(response)
    assert [(a.pk, a.order) for a in pledge.activities.all()] == orders
    assert pledge.approvals.get(side="police").is_active


def test_moving_rows_that_are_otherwise_unchanged_stores_their_place(
    client, vaggeryd_coordinator, lpo_varnamo
):
    pledge = make_pledge(lpo_varnamo, activities=3)
    client.force_login(vaggeryd_coordinator)
    first, second, third = pledge.activities.all()
    data = existing_pledge_data(
        pledge,
        **{"activities-0-order": "3", "activities-1-order": "1", "activities-2-order": "2"},
    )
    response = client.post(change_url(pledge), data)
    assert response.status_code == 302, form_errors(response)
    assert list(pledge.activities.all()) == [second, third, first]
    # The move is part of the working copy: it waits for both sides' approval.
    assert [a["description"] for a in pledge.snapshot()["activities"]] == [
        second.description,
        third.description,
        first.description,
    ]


def test_coordinator_of_another_kommun_cannot_post_to_the_pledge(
    client, vanersborg_coordinator, lpo_varnamo
):
    pledge = make_pledge(lpo_varnamo, activities=2)
    client.force_login(vanersborg_coordinator)
    data = existing_pledge_data(
        pledge, title="Kapat", **{"activities-0-description": "Kapad aktivitet."}
    )
    response = client.post(change_url(pledge), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    pledge.refresh_from_db()
    assert pledge.title != "Kapat"
    assert not Activity.objects.filter(description="Kapad aktivitet.").exists()


# Scoped choices ---------------------------------------------------------------------------


def test_coordinator_starts_with_own_kommun_and_its_police_area(
    client, vaggeryd_coordinator, vaggeryd, lpo_varnamo, lpo_fyrbodal
):
    client.force_login(vaggeryd_coordinator)
    response = client.get(ADD_URL)
    form = response.context["adminform"].form
    assert list(form.fields["pledge_municipalities"].queryset) == [vaggeryd]
    assert list(form.fields["police_area"].queryset) == [lpo_varnamo]
    assert list(form.initial["pledge_municipalities"]) == [vaggeryd]
    assert form.initial["police_area"] == lpo_varnamo.pk
    html = response.content.decode()
    assert re.search(rf'name="pledge_municipalities" value="{vaggeryd.pk}"[^>]* checked', html)
    # No two-list selector, no raw ids, and the approvals come after the first save.
    assert "selectfilter" not in html
    assert "vForeignKeyRawIdAdminField" not in html
    assert "approvals-group" not in html
    # An earlier pledge or activity is chosen, not made from inside this form.
    assert 'id="add_id_previous"' not in html
    assert 'id="add_id_activities-0-carried_over_from"' not in html
    assert 'id="add_id_activities-0-places"' in html  # a new place may be added
    # Save buttons above the form as well as below it; the form's own script and style.
    assert html.count('name="_continue"') == 2
    assert "pledges/pledge_form" in html
    assert "pledges/pledge_admin" in html


def test_police_choose_among_the_kommuner_of_their_area(client, varnamo_police, lpo_varnamo):
    client.force_login(varnamo_police)
    response = client.get(ADD_URL)
    form = response.context["adminform"].form
    assert set(form.fields["pledge_municipalities"].queryset) == set(
        lpo_varnamo.municipalities.all()
    )
    assert "pledge_municipalities" not in form.initial  # several: the person chooses
    assert list(form.fields["police_area"].queryset) == [lpo_varnamo]
    assert form.initial["police_area"] == lpo_varnamo.pk


def test_police_area_field_offers_only_the_users(client, fyrbodal_police, lpo_varnamo):
    client.force_login(fyrbodal_police)
    response = client.get(ADD_URL)
    choices = response.context["adminform"].form.fields["police_area"].queryset
    assert [area.name for area in choices] == ["Östra Fyrbodal"]
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    before = row_counts()
    response = client.post(ADD_URL, new_pledge(vaggeryd, lpo_varnamo))
    assert response.status_code == 200
    assert "police_area" in response.context["adminform"].form.errors
    assert row_counts() == before


def kommun_filter(response):
    return next(
        (
            spec
            for spec in response.context["cl"].filter_specs
            if getattr(spec, "field_path", "") == "municipalities"
        ),
        None,
    )


@pytest.mark.parametrize(
    ("persona", "kommuner"),
    [
        # One kommun is no choice: the filter is left out of the page.
        ("vaggeryd_coordinator", None),
        ("varnamo_police", {"Vaggeryd", "Gnosjö"}),
        ("superuser", {"Vaggeryd", "Gnosjö", "Vänersborg"}),
    ],
)
def test_changelist_filter_lists_only_the_users_kommuner(
    client, request, persona, kommuner, lpo_varnamo, lpo_fyrbodal
):
    make_pledge(lpo_varnamo, slug="vaggeryd", municipality_names=["Vaggeryd"])
    make_pledge(lpo_varnamo, slug="gnosjo", municipality_names=["Gnosjö"])
    make_pledge(lpo_fyrbodal, slug="vanersborg", municipality_names=["Vänersborg"])
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:pledges_pledge_changelist"))
    spec = kommun_filter(response)
    if kommuner is None:
        assert spec is None
    else:
        assert {name for _, name in spec.lookup_choices} == kommuner
    filters = response.content.decode().split('id="changelist-filter"')[1]
    assert "Jönköping" not in filters  # a kommun without a pledge here
    assert ("Gnosjö" in filters) == ("Gnosjö" in (kommuner or ()))


# Query counts -----------------------------------------------------------------------------


def test_changelist_queries_do_not_grow_with_pledges(
    client, varnamo_police, lpo_varnamo, django_assert_max_num_queries
):
    for number in range(8):
        make_pledge(lpo_varnamo, slug=f"vaggeryd-{number}", municipality_names=["Vaggeryd"])
    client.force_login(varnamo_police)
    client.get(reverse("admin:pledges_pledge_changelist"))  # session, scope warmed
    with django_assert_max_num_queries(16):
        response = client.get(reverse("admin:pledges_pledge_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("activities", [2, 8])
def test_change_form_queries_do_not_grow_with_activities(
    client, vaggeryd_coordinator, lpo_varnamo, activities, django_assert_max_num_queries
):
    pledge = make_pledge(lpo_varnamo, activities=activities)
    client.force_login(vaggeryd_coordinator)
    client.get(change_url(pledge))
    with django_assert_max_num_queries(21):
        response = client.get(change_url(pledge))
    assert response.status_code == 200


def test_add_form_queries(client, vaggeryd_coordinator, lpo_varnamo, django_assert_max_num_queries):
    client.force_login(vaggeryd_coordinator)
    client.get(ADD_URL)
    with django_assert_max_num_queries(12):
        assert client.get(ADD_URL).status_code == 200


def test_an_activity_added_on_its_own_page_goes_last(client, vaggeryd_coordinator, lpo_varnamo):
    pledge = make_pledge(lpo_varnamo, activities=3)
    area = pledge.focus_areas.get()
    client.force_login(vaggeryd_coordinator)
    url = reverse("admin:pledges_activity_add")
    page = client.get(url).content.decode()
    assert 'type="checkbox" name="focus_areas"' in page
    assert "Medborgarlöfte vaggeryd-2026: Trafiksäkerhet" in page
    assert 'name="order"' not in page
    response = client.post(
        url,
        {
            "pledge": pledge.pk,
            "description": "Ny sist.",
            "responsible": "together",
            "focus_areas": [area.pk],
        },
    )
    assert response.status_code == 302
    assert [a.description for a in pledge.activities.all()][-1] == "Ny sist."


def test_the_administrator_searches_among_all_kommuner(
    client, superuser, vaggeryd, lpo_varnamo, django_assert_max_num_queries
):
    client.force_login(superuser)
    page = client.get(ADD_URL).content.decode()
    assert "admin-autocomplete" in page
    assert page.count('name="pledge_municipalities"') == 1  # one search box, not 290 boxes
    response = client.post(ADD_URL, new_pledge(vaggeryd, lpo_varnamo))
    assert response.status_code == 302, form_errors(response)
    assert list(Pledge.objects.get().municipalities.all()) == [vaggeryd]
