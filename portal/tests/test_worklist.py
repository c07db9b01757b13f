"""The admin start page, “Att göra”: what waits for each staff user, in their own organisations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dialogue.models import (
    Answer,
    DialogueActivity,
    Excerpt,
    PlaceReport,
    Question,
    Response,
    Survey,
)
from followup.services import missing_follow_up
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from pledges.worklist import candidates, prefetched_snapshot
from portal.worklist import ITEMS_PER_GROUP, Urgency, worklist_for

pytestmark = pytest.mark.django_db

# A day inside T3 2026: T1 (due 30 May) is late, T2 (due 30 September) is still within time.
NOW = timezone.make_aware(datetime.datetime(2026, 9, 15, 10, 0))


def texts(user, now=NOW):
    """The user's items, leaving out the standing “make a pledge” line of a kommun without one
    (pledges/tests/test_worklist_pledges.py tests it)."""
    return [item.text for item in worklist_for(user, now).items if item.kind != "pledge_missing"]


def only(user, kind, now=NOW):
    """The user's one item of a kind."""
    items = [item for item in worklist_for(user, now).items if item.kind == kind]
    assert len(items) == 1, [item.text for item in items]
    return items[0]


@pytest.fixture(autouse=True)
def administrators_without_two_factor(settings):
    # The administrator's start page is under test here, not the two-step login in front of it.
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False


@pytest.fixture
def pledge_2026(lpo_varnamo):
    """Vaggeryd's published 2026 pledge with the Värnamo police, version 1."""
    return make_pledge(
        lpo_varnamo, slug="vaggeryd-2026", title="Vaggeryds medborgarlöfte 2026",
        status=Pledge.Status.PUBLISHED,
    )  # fmt: skip


@pytest.fixture
def vanersborg_pledge(lpo_fyrbodal):
    return make_pledge(
        lpo_fyrbodal, municipality_names=("Vänersborg",), slug="vanersborg-2026",
        title="Vänersborgs medborgarlöfte 2026", status=Pledge.Status.PUBLISHED,
    )  # fmt: skip


def change_promise(
    pledge, user, promise="Vi lovar att lysa upp Stationsparken.", reason="Ny plats."
):
    pledge.promise = promise
    pledge.change_reason = reason
    pledge.save()
    pledge.record_edit(user)


def new_report(municipality, status=PlaceReport.Status.NEW, days_ago=3, now=NOW):
    return PlaceReport.objects.create(
        municipality=municipality,
        place_text="Stationsparken",
        category=PlaceReport.Category.LIGHTING,
        status=status,
        created_at=now - datetime.timedelta(days=days_ago),
    )


def survey(municipality, slug="trygghet", closes_in=5, published=True, now=NOW):
    return Survey.objects.create(
        municipality=municipality,
        title=f"Trygghetsenkät {slug}",
        slug=slug,
        opens_at=now - datetime.timedelta(days=20 + max(0, -closes_in)),
        closes_at=now + datetime.timedelta(days=closes_in),
        is_published=published,
    )


def walk(municipality, days_ago=10, summary="", published=True, title="Vandring",
         kind=DialogueActivity.Kind.SAFETY_WALK, now=NOW):  # fmt: skip
    return DialogueActivity.objects.create(
        municipality=municipality,
        kind=kind,
        title=title,
        starts_at=now - datetime.timedelta(days=days_ago),
        summary=summary,
        is_published=published,
    )


# Follow-ups -------------------------------------------------------------------------------


def test_follow_ups_due_and_overdue_are_listed_with_a_link_to_start_the_report(
    vaggeryd_coordinator, varnamo_police, pledge_2026
):
    items = worklist_for(vaggeryd_coordinator, NOW).items
    assert [(item.text, item.urgency) for item in items] == [
        ("T1 2026 för Vaggeryds medborgarlöfte 2026: försenad sedan 30 maj", Urgency.OVERDUE),
        ("T2 2026 för Vaggeryds medborgarlöfte 2026: ska publiceras senast 30 september",
         Urgency.DUE),
    ]  # fmt: skip
    assert items[1].url == (
        reverse("admin:followup_followupreport_add")
        + f"?pledge={pledge_2026.pk}&year=2026&tertial=2"
    )
    assert items[1].detail == "Inte påbörjad än."
    assert (items[1].date_label, items[1].date) == ("Senast", datetime.date(2026, 9, 30))
    # The police, who publish it, see the same.
    assert texts(varnamo_police) == [item.text for item in items]


def test_a_started_follow_up_links_to_its_draft(vaggeryd_coordinator, pledge_2026):
    make_report(pledge_2026, year=2026, tertial=1)
    draft = make_report(pledge_2026, year=2026, tertial=2, published=False)
    item = only(vaggeryd_coordinator, "follow_up", now=NOW + datetime.timedelta(days=30))
    assert item.text == "T2 2026 för Vaggeryds medborgarlöfte 2026: försenad sedan 30 september"
    assert item.url == reverse("admin:followup_followupreport_change", args=[draft.pk])
    assert item.detail == "Ett utkast är påbörjat."


def test_published_follow_ups_and_tertials_not_ended_are_not_listed(
    vaggeryd_coordinator, pledge_2026
):
    make_report(pledge_2026, year=2026, tertial=1)
    make_report(pledge_2026, year=2026, tertial=2)
    assert texts(vaggeryd_coordinator) == []


def test_follow_ups_of_a_pledge_ended_past_its_grace_period_are_not_listed(
    vaggeryd_coordinator, lpo_varnamo
):
    make_pledge(
        lpo_varnamo, slug="vaggeryd-2022", status=Pledge.Status.PUBLISHED,
        start=datetime.date(2022, 1, 1), end=datetime.date(2022, 12, 31),
    )  # fmt: skip
    assert texts(vaggeryd_coordinator) == []


def test_a_draft_report_of_a_tertial_not_ended_is_a_draft_to_continue(
    vaggeryd_coordinator, pledge_2026
):
    make_report(pledge_2026, year=2026, tertial=1)
    make_report(pledge_2026, year=2026, tertial=2)
    draft = make_report(pledge_2026, year=2026, tertial=3, published=False)
    item = only(vaggeryd_coordinator, "report_draft")
    assert item.text == (
        "Fortsätt på utkastet till uppföljning T3 2026 för Vaggeryds medborgarlöfte 2026"
    )
    assert item.url == reverse("admin:followup_followupreport_change", args=[draft.pk])
    assert item.urgency == Urgency.DRAFT


def test_a_draft_report_of_a_pledge_ended_past_its_grace_period_is_not_listed(
    vaggeryd_coordinator, lpo_varnamo
):
    old = make_pledge(
        lpo_varnamo, slug="vaggeryd-2022", status=Pledge.Status.PUBLISHED,
        start=datetime.date(2022, 1, 1), end=datetime.date(2022, 12, 31),
    )  # fmt: skip
    make_report(old, year=2022, tertial=1)
    make_report(old, year=2022, tertial=2)
    make_report(old, year=2022, tertial=3, published=False)
    assert texts(vaggeryd_coordinator) == []
    # Within the grace period the draft was the late follow-up to finish.
    late = only(vaggeryd_coordinator, "follow_up", now=NOW.replace(year=2023, month=3, day=1))
    assert late.text == "T3 2022 för Medborgarlöfte vaggeryd-2022: försenad sedan 30 januari"
    assert late.detail == "Ett utkast är påbörjat."


def test_coordinator_of_another_kommun_sees_no_follow_up(vanersborg_coordinator, pledge_2026):
    assert texts(vanersborg_coordinator) == []


def test_only_pledges_with_an_ended_tertial_unreported_are_fetched(lpo_varnamo):
    """The database picks the pledges whose follow-ups are due (followup.services
    .missing_follow_up): every ended tertial of the public period without a published report,
    a report outside the period or a draft not counting as one."""
    today = datetime.date(2026, 9, 15)  # T1 and T2 2026 have ended, T3 has not

    def pledge(slug, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), reports=()):
        made = make_pledge(
            lpo_varnamo, slug=slug, status=Pledge.Status.PUBLISHED, start=start, end=end,
            activities=0,
        )  # fmt: skip
        for year, tertial, published in reports:
            make_report(made, year=year, tertial=tertial, published=published)
        return made

    pledge("alla-publicerade", reports=[(2026, 1, True), (2026, 2, True)])
    pledge("bara-nu", start=datetime.date(2026, 9, 1))  # only T3, not ended
    pledge("bara-i-t2", start=datetime.date(2026, 5, 1), end=datetime.date(2026, 8, 31),
           reports=[(2026, 2, True)])  # fmt: skip
    missing = [
        pledge("t2-saknas", reports=[(2026, 1, True)]),
        pledge("t2-utkast", reports=[(2026, 1, True), (2026, 2, False)]),
        # Two reports, but one of a tertial outside the period: T1 2026 is still missing.
        pledge(
            "utanfor",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 8, 31),
            reports=[(2025, 3, True), (2026, 2, True)],
        ),  # fmt: skip
        pledge("ingen", start=datetime.date(2025, 11, 1), reports=[(2026, 1, True)]),
    ]
    found = missing_follow_up(Pledge.objects.published().with_public_period(), today)
    assert sorted(found.values_list("slug", flat=True)) == sorted(p.slug for p in missing)


# Pledge approvals -------------------------------------------------------------------------


def test_police_see_the_version_the_municipality_approved_and_what_changed(
    vaggeryd_coordinator, varnamo_police, fyrbodal_police, pledge_2026
):
    make_report(pledge_2026, year=2026, tertial=1)
    make_report(pledge_2026, year=2026, tertial=2)
    change_promise(pledge_2026, vaggeryd_coordinator)
    pledge_2026.approve(vaggeryd_coordinator)

    item = only(varnamo_police, "approval")
    assert item.text == (
        "Godkänn Vaggeryds medborgarlöfte 2026 för polisen: kommunen godkände version 2"
    )
    assert item.detail == "1 ändring jämfört med publicerade version 1"
    assert item.url == reverse("admin:pledges_pledge_change", args=[pledge_2026.pk])
    assert item.links == [
        ("Förhandsgranska", reverse("pledges:pledge_working_copy", args=["vaggeryd-2026"]))
    ]
    # The kommun has approved: nothing waits for it; nothing at all for another police area.
    assert texts(vaggeryd_coordinator) == []
    assert texts(fyrbodal_police) == []


def test_an_edit_after_publication_asks_for_approval_with_the_changes_since(
    vaggeryd_coordinator, varnamo_police, vanersborg_coordinator, pledge_2026
):
    make_report(pledge_2026, year=2026, tertial=1)
    make_report(pledge_2026, year=2026, tertial=2)
    change_promise(pledge_2026, vaggeryd_coordinator)
    pledge_2026.approve(vaggeryd_coordinator)
    pledge_2026.approve(varnamo_police)  # version 2 is published
    pledge_2026.title = "Vaggeryds medborgarlöfte 2026 (reviderat)"
    change_promise(pledge_2026, varnamo_police, promise="Vi lovar fler trygghetsvandringar.")

    item = only(vaggeryd_coordinator, "approval")
    assert item.text == (
        "Godkänn ändringarna i Vaggeryds medborgarlöfte 2026 (reviderat) för kommunen"
    )
    assert item.detail == "2 ändringar sedan polisen godkände version 2"
    assert only(varnamo_police, "approval").text.endswith("för polisen")
    assert texts(vanersborg_coordinator) == []


def test_a_published_pledge_saved_without_a_change_waits_for_nothing(
    vaggeryd_coordinator, pledge_2026
):
    make_report(pledge_2026, year=2026, tertial=1)
    make_report(pledge_2026, year=2026, tertial=2)
    pledge_2026.save()
    pledge_2026.record_edit(vaggeryd_coordinator)
    assert texts(vaggeryd_coordinator) == []


def test_a_draft_the_police_approved_waits_for_the_municipality(
    vaggeryd_coordinator, varnamo_police, lpo_varnamo
):
    draft = make_pledge(lpo_varnamo, slug="vaggeryd-2027", title="Vaggeryds medborgarlöfte 2027")
    assert only(vaggeryd_coordinator, "pledge_draft").text == (
        "Utkast till medborgarlöfte, Vaggeryds medborgarlöfte 2027: gör klart och godkänn"
    )
    draft.approve(varnamo_police)
    item = only(vaggeryd_coordinator, "approval")
    assert item.text == (
        "Godkänn Vaggeryds medborgarlöfte 2027 för kommunen: polisen godkände version 1"
    )
    assert item.detail == "Inte publicerat än"
    assert [i.kind for i in worklist_for(vaggeryd_coordinator, NOW).items] == ["approval"]


def test_the_snapshot_read_from_prefetched_parts_is_the_pledge_snapshot(
    superuser, lpo_varnamo, skillingaryd, pledge_2026
):
    from pledges.models import FocusArea

    area = FocusArea.objects.create(
        pledge=pledge_2026, name="Skillingaryd centrum", kind="place", place=skillingaryd, order=5
    )
    activity = pledge_2026.activities.first()
    activity.places.add(skillingaryd)
    activity.focus_areas.add(area)
    pledge_2026.signatories.create(name="B Exempel", role="Lokalpolisområdeschef",
                                   organisation="Polisen", order=0)  # fmt: skip
    pledge_2026.promise = "Ändrat."
    pledge_2026.save()
    (found,) = [p for p in candidates(superuser) if p.pk == pledge_2026.pk]
    assert prefetched_snapshot(found) == pledge_2026.snapshot()


# Dialogue ---------------------------------------------------------------------------------


def test_new_place_reports_are_counted_per_kommun_for_moderation(
    vaggeryd_coordinator, varnamo_police, vanersborg_coordinator, vaggeryd
):
    new_report(vaggeryd, days_ago=8)
    new_report(vaggeryd, days_ago=2)
    new_report(vaggeryd, status=PlaceReport.Status.READ)
    new_report(vaggeryd, status=PlaceReport.Status.DISMISSED)
    item = only(vaggeryd_coordinator, "place_reports")
    assert item.text == "2 nya synpunkter om otrygga platser i Vaggeryds kommun att moderera"
    assert (item.date_label, item.date) == ("Äldsta", datetime.date(2026, 9, 7))
    assert item.url == (
        reverse("admin:dialogue_placereport_changelist")
        + f"?municipality__id__exact={vaggeryd.pk}&status__exact=new"
    )
    # The police of the LPO moderate the reports of its kommuner too.
    assert only(varnamo_police, "place_reports").text == item.text
    assert texts(vanersborg_coordinator) == []


def test_surveys_closing_within_two_weeks_are_listed_with_their_answers(
    vaggeryd_coordinator, vanersborg_coordinator, vaggeryd
):
    closing = survey(vaggeryd, slug="snart", closes_in=5)
    Response.objects.create(survey=closing)
    survey(vaggeryd, slug="senare", closes_in=30)
    survey(vaggeryd, slug="stangd", closes_in=-1)
    item = only(vaggeryd_coordinator, "survey")
    assert item.text == "Enkäten Trygghetsenkät snart stänger 20 september: 1 svar hittills"
    assert item.urgency == Urgency.DUE
    assert (item.date_label, item.date) == ("Stänger", datetime.date(2026, 9, 20))
    assert item.url == reverse("admin:dialogue_survey_change", args=[closing.pk])
    assert texts(vanersborg_coordinator) == []


def answered_free_text(survey, *texts):
    question = Question.objects.create(survey=survey, kind=Question.Kind.TEXT, text="Berätta!")
    for text in texts:
        response = Response.objects.create(survey=survey)
        Answer.objects.create(response=response, survey=survey, question=question, text=text)
    return question


def test_a_closed_survey_asks_for_excerpts_of_its_free_text(
    client, vaggeryd_coordinator, vanersborg_coordinator, vaggeryd
):
    closed = survey(vaggeryd, slug="stangd", closes_in=-3)
    question = answered_free_text(closed, "Mörkt vid stationen.", "Bra med fler vuxna ute.", "")
    survey(vaggeryd, slug="utan-fritext", closes_in=-3)
    answered_free_text(survey(vaggeryd, slug="gammal", closes_in=-60), "Mörkt.")
    item = only(vaggeryd_coordinator, "survey")
    assert item.text == (
        "Enkäten Trygghetsenkät stangd har stängt: välj utdrag ur dess 2 fritextsvar"
    )
    assert item.url == reverse("admin:dialogue_survey_free_text", args=[closed.pk])
    client.force_login(vaggeryd_coordinator)
    assert client.get(item.url).status_code == 200
    assert texts(vanersborg_coordinator) == []
    # A published excerpt is what residents read: then nothing waits.
    Excerpt.objects.create(question=question, text="Det är mörkt vid stationen.")
    assert texts(vaggeryd_coordinator) == []


def test_safety_walks_held_without_published_feedback_are_listed(
    vaggeryd_coordinator, vanersborg_coordinator, vaggeryd
):
    unwritten = walk(vaggeryd, title="Vandring utan anteckningar")
    walk(vaggeryd, title="Vandring med opublicerad återkoppling", summary="Mörkt.", days_ago=9,
         published=False)  # fmt: skip
    walk(vaggeryd, title="Klar vandring", summary="Belysningen ska bytas.")
    walk(vaggeryd, title="Gammal vandring", days_ago=400)
    walk(vaggeryd, title="Personalmöte", kind=DialogueActivity.Kind.STAFF_DIALOGUE,
         published=False)  # fmt: skip
    items = [i for i in worklist_for(vaggeryd_coordinator, NOW).items if i.kind == "walk"]
    assert [(i.text, i.detail) for i in items] == [
        ("Publicera återkopplingen från trygghetsvandringen Vandring utan anteckningar",
         "Vad som kom fram är inte ifyllt än."),
        ("Publicera återkopplingen från trygghetsvandringen Vandring med opublicerad återkoppling",
         "Ifyllt, men trygghetsvandringen är inte publicerad."),
    ]  # fmt: skip
    assert items[0].url == reverse("admin:dialogue_dialogueactivity_change", args=[unwritten.pk])
    assert (items[0].date_label, items[0].date) == ("Hölls", datetime.date(2026, 9, 5))
    assert texts(vanersborg_coordinator) == []


def test_unpublished_coming_activities_and_surveys_are_drafts(
    vaggeryd_coordinator, vanersborg_coordinator, vaggeryd
):
    walk(vaggeryd, title="Vandring i Hok", days_ago=-7, published=False)
    walk(vaggeryd, title="Internt möte", days_ago=-7, published=False,
         kind=DialogueActivity.Kind.STAFF_DIALOGUE)  # fmt: skip
    survey(vaggeryd, slug="utkast", closes_in=40, published=False)
    assert texts(vaggeryd_coordinator) == [
        "Inte publicerad än: enkäten Trygghetsenkät utkast",
        "Inte publicerad än: Vandring i Hok (trygghetsvandring)",
    ]
    assert texts(vanersborg_coordinator) == []


# The whole list ---------------------------------------------------------------------------


def test_items_are_sorted_overdue_first_then_due_waiting_and_drafts(
    vaggeryd_coordinator, vaggeryd, pledge_2026
):
    survey(vaggeryd, slug="utkast", closes_in=40, published=False)
    new_report(vaggeryd)
    survey(vaggeryd, slug="snart", closes_in=2)
    assert [item.urgency for item in worklist_for(vaggeryd_coordinator, NOW).items] == [
        Urgency.OVERDUE,  # T1
        Urgency.DUE,  # the survey closes on 17 September
        Urgency.DUE,  # T2 is due on 30 September
        Urgency.WAITING,
        Urgency.DRAFT,
    ]
    assert [item.date for item in worklist_for(vaggeryd_coordinator, NOW).items][1:3] == [
        datetime.date(2026, 9, 17),
        datetime.date(2026, 9, 30),
    ]


def test_administrator_sees_every_kommun_grouped_and_bounded(superuser, vaggeryd, vanersborg):
    for day in range(ITEMS_PER_GROUP + 2):
        walk(vaggeryd, title=f"Vandring {day + 1}", days_ago=-(day + 1), published=False)
    new_report(vanersborg)
    worklist = worklist_for(superuser, NOW)
    assert [group.municipality_name for group in worklist.groups] == ["Vaggeryd", "Vänersborg"]
    vaggeryd_group, vanersborg_group = worklist.groups
    assert [item.text for item in vaggeryd_group.items] == [
        f"Inte publicerad än: Vandring {n} (trygghetsvandring)" for n in range(1, 6)
    ]
    assert vaggeryd_group.more == [
        (
            "dialogaktiviteter",
            2,
            reverse("admin:dialogue_dialogueactivity_changelist")
            + f"?municipality__id__exact={vaggeryd.pk}",
        )
    ]
    assert [item.text for item in vanersborg_group.items] == [
        "1 ny synpunkt om en otrygg plats i Vänersborgs kommun att moderera"
    ]
    assert vanersborg_group.more == []


def test_administrator_sees_approvals_waiting_for_either_side(
    superuser, vaggeryd_coordinator, pledge_2026
):
    make_report(pledge_2026, year=2026, tertial=1)
    make_report(pledge_2026, year=2026, tertial=2)
    change_promise(pledge_2026, vaggeryd_coordinator)
    pledge_2026.approve(vaggeryd_coordinator)
    assert texts(superuser) == [
        "Vaggeryds medborgarlöfte 2026 väntar på godkännande av polisen: "
        "kommunen godkände version 2"
    ]


def test_staff_without_membership_are_told_whom_to_ask(client, staff_without_membership, vaggeryd):
    new_report(vaggeryd)
    assert worklist_for(staff_without_membership).items == []
    client.force_login(staff_without_membership)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Ditt konto är inte kopplat till någon kommun eller något lokalpolisområde" in page
    assert "Be portalens administratör att lägga till dig i din organisation." in page
    assert "Inget väntar på dig just nu." not in page
    assert "synpunkt" not in page


# The page ---------------------------------------------------------------------------------


def test_empty_list_says_nothing_waits(client, varnamo_police):
    # Police: a coordinator of a kommun without a pledge is asked to make one.
    client.force_login(varnamo_police)
    response = client.get(reverse("admin:index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Att göra</h1>" in page
    assert "<title>Att göra |" in page
    assert "Inget väntar på dig just nu." in page
    # Above the list, the offer of two-step login.
    assert page.index("Slå på tvåstegsinloggning") < page.index("Inget väntar på dig just nu.")
    # The usual list of what the user works with follows.
    assert "Det du kan arbeta med" in page
    assert reverse("admin:pledges_pledge_changelist") in page


def test_the_page_lists_the_users_items_and_not_another_kommuns(
    client, vaggeryd_coordinator, vanersborg_coordinator, vaggeryd, vanersborg
):
    new_report(vaggeryd, now=timezone.now())
    new_report(vanersborg, now=timezone.now())
    new_report(vanersborg, now=timezone.now())
    client.force_login(vanersborg_coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    assert "2 nya synpunkter om otrygga platser i Vänersborgs kommun att moderera" in page
    oldest = timezone.localdate(timezone.now() - datetime.timedelta(days=3))
    assert f'Äldsta <time datetime="{oldest:%Y-%m-%d}">' in page
    assert "Vaggeryds kommun" not in page


def make_everything(user, vaggeryd, lpo_varnamo, suffix="", now=None):
    """One of every kind of item for Vaggeryd, dated around now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # In force since a year: several tertials have ended without a published follow-up.
    pledge = make_pledge(
        lpo_varnamo, slug=f"vaggeryd-nu{suffix}", title=f"Vaggeryds löfte{suffix}",
        status=Pledge.Status.PUBLISHED, start=today - datetime.timedelta(days=365),
        end=today + datetime.timedelta(days=365),
    )  # fmt: skip
    change_promise(pledge, user)
    pledge.approve(user)
    edited = make_pledge(
        lpo_varnamo, slug=f"vaggeryd-andrat{suffix}", title=f"Ändrat löfte{suffix}",
        status=Pledge.Status.PUBLISHED, start=today - datetime.timedelta(days=365),
        end=today + datetime.timedelta(days=365),
    )  # fmt: skip
    change_promise(edited, user)
    make_pledge(lpo_varnamo, slug=f"vaggeryd-utkast{suffix}", title=f"Utkast{suffix}")
    make_report(pledge, *_last_ended(today), published=False)
    for days in (1, 4):
        new_report(vaggeryd, days_ago=days, now=now)
    Response.objects.create(survey=survey(vaggeryd, slug=f"snart{suffix}", now=now))
    survey(vaggeryd, slug=f"utkast{suffix}", closes_in=40, published=False, now=now)
    walk(vaggeryd, title=f"Vandring{suffix}", now=now)
    answered_free_text(survey(vaggeryd, slug=f"stangd{suffix}", closes_in=-2, now=now), "Mörkt.")
    walk(vaggeryd, title=f"Kommande vandring{suffix}", days_ago=-5, published=False, now=now)


def _last_ended(today):
    from portal.tertials import Tertial

    tertial = Tertial.containing(today).previous()
    return tertial.year, tertial.number


def test_query_count_does_not_grow_with_the_items(
    client, vaggeryd_coordinator, varnamo_police, vaggeryd, lpo_varnamo,
    django_assert_max_num_queries,
):  # fmt: skip
    make_everything(varnamo_police, vaggeryd, lpo_varnamo)
    client.force_login(vaggeryd_coordinator)
    client.get(reverse("admin:index"))  # sessions and caches warm
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    kinds = {item.kind for item in worklist_for(vaggeryd_coordinator).items}
    assert kinds == {
        "approval", "pledge_draft", "follow_up", "place_reports", "survey", "survey_draft",
        "walk", "activity_draft",
    }  # fmt: skip
    make_everything(varnamo_police, vaggeryd, lpo_varnamo, suffix="-2")
    make_everything(varnamo_police, vaggeryd, lpo_varnamo, suffix="-3")
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.content.decode().count('class="worklist-item') > 20


def test_administrators_query_count_does_not_grow_with_the_pledges(
    client, superuser, varnamo_police, vaggeryd, lpo_varnamo, django_assert_max_num_queries
):
    """An administrator sees every kommun's items: the due follow-ups are found in the database
    and the page costs the same queries however many pledges there are."""
    make_everything(varnamo_police, vaggeryd, lpo_varnamo)
    client.force_login(superuser)
    client.get(reverse("admin:index"))  # sessions and caches warm
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    for number in range(2, 6):
        make_everything(varnamo_police, vaggeryd, lpo_varnamo, suffix=f"-{number}")
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    follow_ups = [item for item in worklist_for(superuser).items if item.kind == "follow_up"]
    assert len({item.url for item in follow_ups}) >= 5


@pytest.mark.parametrize("persona", ["vaggeryd_coordinator", "varnamo_police", "superuser"])
def test_every_link_opens_for_the_user(
    client, request, persona, varnamo_police, vaggeryd, lpo_varnamo
):
    make_everything(varnamo_police, vaggeryd, lpo_varnamo)
    for day in range(ITEMS_PER_GROUP):  # enough for the administrator's "visa alla"
        walk(vaggeryd, title=f"Vandring {day}", days_ago=-(day + 10), published=False,
             now=timezone.now())  # fmt: skip
    user = request.getfixturevalue(persona)
    client.force_login(user)
    worklist = worklist_for(user)
    urls = [item.url for item in worklist.items]
    urls += [url for item in worklist.items for _label, url in item.links]
    urls += [url for group in worklist.groups for _label, _count, url in group.more]
    assert len(urls) > 10
    if persona == "superuser":
        assert any(group.more for group in worklist.groups)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_demo_data_gives_the_demo_users_something_to_do(client):
    from portal.tests.browser import load_all_demo_data

    load_all_demo_data()
    from django.contrib.auth import get_user_model

    for username in ["samordnare.vaggeryd", "polis.varnamo", "samordnare.vanersborg", "admin"]:
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        assert 'class="worklist-item' in response.content.decode(), username
        assert worklist_for(user).items, username


@pytest.mark.browser
@pytest.mark.parametrize("username", ["samordnare.vaggeryd", "admin"])
def test_start_page_has_no_axe_violations(site, page, username):
    from portal.tests.browser import accessibility_problems, layout_problems

    page.goto(site + "/admin/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("medborgarlofte")
    page.get_by_role("button", name="Logga in").click()
    page.goto(site + "/admin/")
    assert page.get_by_role("heading", name="Att göra", level=1).is_visible()
    assert page.locator(".worklist-item").count() > 0
    assert accessibility_problems(page) == ""
    page.set_viewport_size({"width": 320, "height": 800})
    assert layout_problems(page) == ""
