"""The public page of one medborgarlöfte, and staff previews of drafts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue.models import SituationPicture
from followup.models import ActivityUpdate
from followup.tests.factories import make_report
from organisations.models import ContactPerson, Municipality, Place
from pledges.models import Activity, FocusArea, Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


def url(pledge):
    return reverse("pledges:pledge_detail", args=[pledge.slug])


@pytest.fixture
def published(lpo_varnamo):
    return make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, activities=3)


def test_published_pledge_shows_promise_activities_grouped_and_signatories(client, lpo_varnamo):
    published = make_pledge(
        lpo_varnamo,
        activities=3,
        effect="Ökad trygghet.",
        background="Samverkan är nödvändig.",
        situation_method="Medarbetardialoger och statistik.",
        follow_up_method="Uppföljning sker tertialvis.",
        signed_on=datetime.date(2026, 1, 15),
    )
    published.publish_without_approvals()
    response = client.get(url(published))
    assert response.status_code == 200
    groups = [
        (key, [a.description for a in acts]) for key, _, acts in response.context["activity_groups"]
    ]
    assert groups == [
        ("police", ["Aktivitet 1"]),
        ("municipality", ["Aktivitet 2"]),
        ("together", ["Aktivitet 3"]),
    ]
    content = response.content.decode()
    for text in [
        published.promise,
        "Ökad trygghet.",
        "Samverkan är nödvändig.",
        "Medarbetardialoger och statistik.",
        "Uppföljning sker tertialvis.",
        "Anna Exempel",
        "Kommunstyrelsens ordförande",
        "Trafiksäkerhet",
        "Polisen lovar",
        "Kommunen lovar",
        "Polisen och kommunen lovar tillsammans",
        "minst 4 trygghetsvandringar",
        "15 januari 2026",
    ]:
        assert text in content, text


def test_page_shows_when_published_and_who_is_responsible(client, published):
    owner = ContactPerson.objects.create(
        municipality=Municipality.objects.get(name="Vaggeryd"),
        role="Trygghetssamordnare",
        name="Kim Exempel",
    )
    published.page_owner = owner
    published.save()
    content = client.get(url(published)).content.decode()
    assert "Publicerad" in content
    assert "Kim Exempel, Trygghetssamordnare" in content


def test_links_previous_pledge_and_carried_over_activities(client, lpo_varnamo):
    old = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2021",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    new = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2022",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 12, 31),
        previous=old,
    )
    walk = new.activities.first()
    walk.carried_over_from = old.activities.first()
    walk.save()
    new_page = client.get(url(new)).content.decode()
    assert f'href="{url(old)}"' in new_page
    assert "Överförd från" in new_page
    old_page = client.get(url(old)).content.decode()
    assert "Fortsätter i" in old_page
    assert f'href="{url(new)}"' in old_page


def test_links_to_an_unpublished_next_pledge_are_not_shown(client, lpo_varnamo):
    old = make_pledge(lpo_varnamo, slug="old", status=Pledge.Status.PUBLISHED)
    draft = make_pledge(lpo_varnamo, slug="next-draft", previous=old)
    draft_activity = draft.activities.first()
    draft_activity.carried_over_from = old.activities.first()
    draft_activity.save()
    content = client.get(url(old)).content.decode()
    assert url(draft) not in content


def test_draft_is_404_for_residents(client, lpo_varnamo):
    draft = make_pledge(lpo_varnamo)
    assert client.get(url(draft)).status_code == 404


def test_withdrawn_pledge_is_404_for_residents(client, lpo_varnamo):
    withdrawn = make_pledge(lpo_varnamo, status=Pledge.Status.WITHDRAWN)
    assert client.get(url(withdrawn)).status_code == 404


@pytest.mark.parametrize("persona", ["vaggeryd_coordinator", "varnamo_police", "superuser"])
def test_draft_is_previewable_by_staff_who_may_edit_it(client, lpo_varnamo, request, persona):
    draft = make_pledge(lpo_varnamo)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url(draft))
    assert response.status_code == 200
    assert "Förhandsvisning" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["vanersborg_coordinator", "fyrbodal_police", "staff_without_membership"]
)
def test_draft_is_404_for_staff_of_other_organisations(client, lpo_varnamo, request, persona):
    draft = make_pledge(lpo_varnamo)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(draft)).status_code == 404


def test_unknown_pledge_gives_the_styled_swedish_404(client):
    response = client.get("/medborgarloften/finns-inte/")
    assert response.status_code == 404
    assert "Sidan kunde inte hittas" in response.content.decode()


def test_text_is_escaped(client, lpo_varnamo):
    pledge = make_pledge(
        lpo_varnamo, status=Pledge.Status.PUBLISHED, promise="<script>x()</script>"
    )
    content = client.get(url(pledge)).content.decode()
    assert "<script>x()</script>" not in content
    assert "&lt;script&gt;x()&lt;/script&gt;" in content


def add_rich_activities(pledge, count):
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    place = Place.objects.get_or_create(municipality=vaggeryd, name="Torget")[0]
    area = FocusArea.objects.create(pledge=pledge, name=f"Plats {count}", kind="place", place=place)
    for number in range(count):
        activity = Activity.objects.create(pledge=pledge, description=f"Extra {number}")
        activity.focus_areas.add(area)
        activity.places.add(place)


@pytest.mark.parametrize("persona, queries", [(None, 10), ("vaggeryd_coordinator", 13)])
def test_pledge_page_query_count_is_the_same_with_1_or_50_activities(
    client, lpo_varnamo, django_assert_num_queries, request, persona, queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the whole-page cache's
    if persona:
        client.force_login(request.getfixturevalue(persona))
    picture = SituationPicture.objects.create(
        municipality=Municipality.objects.get(name="Vaggeryd"),
        title="Lägesbild Vaggeryd 2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        summary="Oron gäller trafiken.",
        is_published=True,
    )
    small = make_pledge(
        lpo_varnamo, slug="small", activities=1, situation_picture=picture,
        status=Pledge.Status.PUBLISHED,
    )  # fmt: skip
    big = make_pledge(
        lpo_varnamo, slug="big", activities=0, situation_picture=picture,
        status=Pledge.Status.PUBLISHED,
    )  # fmt: skip
    add_rich_activities(big, 50)
    big.change_reason = "Femtio nya aktiviteter."
    big.save()
    big.publish_without_approvals()
    assert len(big.published_version.content["activities"]) == 50
    for pledge in (small, big):
        for tertial in (1, 2, 3):
            make_report(pledge, tertial=tertial, status=ActivityUpdate.Status.IN_PROGRESS)
    client.get(url(small))  # warm the session, the scope and the lägesbild's figures
    with django_assert_num_queries(queries):
        assert client.get(url(small)).status_code == 200
    with django_assert_num_queries(queries):
        assert client.get(url(big)).status_code == 200


def test_pledge_page_fetches_only_the_latest_update_of_each_activity(client, lpo_varnamo):
    pledge = make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, activities=2)
    for tertial, status in [(1, "not_started"), (3, "done"), (2, "delayed")]:
        make_report(pledge, tertial=tertial, status=status)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(pledge))
    assert response.status_code == 200
    shown = [a for _key, _heading, group in response.context["activity_groups"] for a in group]
    assert [(a.status, a.latest_update.report.tertial) for a in shown] == [("done", 3)] * 2
    updates = [q["sql"] for q in queries.captured_queries if "followup_activityupdate" in q["sql"]]
    assert len(updates) == 1
    assert "ROW_NUMBER" in updates[0]  # the database picks the 2 rows of the 6


def test_residents_can_ask_the_contacts_a_question(client, published):
    owner = ContactPerson.objects.create(
        municipality=Municipality.objects.get(name="Vaggeryd"),
        role="Trygghetssamordnare",
        name="Kim Exempel",
        email="trygghet@vaggeryd.example.se",
    )
    ContactPerson.objects.create(
        police_area=published.police_area, role="Kommunpolis", name="Robin Polis"
    )
    ContactPerson.objects.create(
        municipality=Municipality.objects.get(name="Vänersborg"), role="X", name="Annan Kommun"
    )
    published.page_owner = owner
    published.save()
    content = client.get(url(published)).content.decode()
    assert 'href="mailto:trygghet@vaggeryd.example.se?subject=Fr%C3%A5ga%20om%20' in content
    assert "Ställ en fråga till Kim Exempel via e-post" in content
    assert "Robin Polis" in content
    assert "Annan Kommun" not in content
    assert "Akut? Ring 112." in content
