"""A pledge is a numbered version that both sides approve; a published one changes only so."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation

from dialogue.models import SituationPicture
from organisations.models import Municipality
from pledges.approvals import approval_lines
from pledges.models import Activity, FocusArea, Pledge, PledgeApproval
from pledges.tests.factories import make_pledge
from pledges.tests.test_admin_scope import pledge_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(lpo_varnamo):
    return make_pledge(lpo_varnamo, promise="Vi lovar fyra insatser.")


@pytest.fixture
def published(draft, vaggeryd_coordinator, varnamo_police):
    draft.approve(vaggeryd_coordinator)
    draft.approve(varnamo_police)
    assert draft.published_version.number == 1
    return draft


def change_url(pledge):
    return reverse("admin:pledges_pledge_change", args=[pledge.pk])


def post_change(client, user, pledge, **changes):
    client.force_login(user)
    pledge.refresh_from_db()
    return client.post(change_url(pledge), pledge_form_data(pledge, **changes))


def page(client, pledge):
    client.logout()
    return client.get(pledge.get_absolute_url()).content.decode()


# An approval belongs to one exact version ------------------------------------------------


def test_edit_after_one_side_approved_retires_that_approval(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    # The probe: the kommun approved, the police changed the effect and approved.
    draft.approve(vaggeryd_coordinator)
    response = post_change(client, varnamo_police, draft, effect="Polisens egen text.")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.approve(varnamo_police) == PledgeApproval.Side.POLICE
    assert draft.status == Pledge.Status.DRAFT
    kommun = draft.approvals.get(side="municipality")
    assert (kommun.is_active, kommun.retired_by) == (False, varnamo_police)
    assert draft.approvals.get(side="police").version.number == 2

    draft.approve(vaggeryd_coordinator)
    assert draft.status == Pledge.Status.PUBLISHED
    assert draft.published_version.number == 2
    assert draft.published_version.content["effect"] == "Polisens egen text."


def test_an_edit_that_skips_the_admin_still_cannot_ride_on_an_older_approval(
    draft, vaggeryd_coordinator, varnamo_police
):
    draft.approve(vaggeryd_coordinator)
    Pledge.objects.filter(pk=draft.pk).update(effect="Ändrad i databasen.")
    draft.refresh_from_db()
    draft.approve(varnamo_police)
    assert draft.status == Pledge.Status.DRAFT
    assert not draft.approvals.get(side="municipality").is_active


def test_an_activity_edit_retires_the_approval_too(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    draft.approve(vaggeryd_coordinator)
    activity = draft.activities.first()
    client.force_login(varnamo_police)
    response = client.post(
        reverse("admin:pledges_activity_change", args=[activity.pk]),
        {
            "pledge": draft.pk,
            "description": "En insats.",
            "responsible": activity.responsible,
            "target_count": "1",
            "target_unit": "insats",
            "order": "0",
        },
    )
    assert response.status_code == 302
    assert not draft.approvals.get(side="municipality").is_active


def test_admin_says_which_version_each_side_approved_and_that_it_lapsed(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    draft.approve(vaggeryd_coordinator)
    post_change(client, varnamo_police, draft, effect="Ny effekt.")
    draft.refresh_from_db()
    with translation.override("en"):
        lines = approval_lines(draft)
    assert lines[0].startswith("The municipality approved version 1 on ")
    assert "; changed after that by polis.varnamo on " in lines[0]
    assert lines[0].endswith("; needs approving again.")
    assert lines[1] == "The police has not approved yet."


# A published pledge changes only through a new approved version --------------------------


def test_editing_a_published_pledge_leaves_the_public_page_unchanged(
    client, published, vaggeryd_coordinator
):
    response = post_change(
        client, vaggeryd_coordinator, published, promise="Kommunen ensam lovar något annat."
    )
    assert response.status_code == 302
    content = page(client, published)
    assert "Vi lovar fyra insatser." in content
    assert "Kommunen ensam lovar något annat." not in content
    published.refresh_from_db()
    assert published.status == Pledge.Status.PUBLISHED
    assert published.published_version.number == 1
    assert published.has_unpublished_changes()


def test_a_change_needs_a_reason_and_both_sides(
    client, published, vaggeryd_coordinator, varnamo_police
):
    post_change(client, vaggeryd_coordinator, published, promise="Vi lovar fem insatser.")
    published.refresh_from_db()
    with pytest.raises(ValidationError):
        published.approve(vaggeryd_coordinator)
    assert published.approvals.filter(version__number=2).count() == 0

    post_change(
        client,
        vaggeryd_coordinator,
        published,
        promise="Vi lovar fem insatser.",
        change_reason="Fler insatser behövs i Skillingaryd.",
    )
    published.refresh_from_db()
    published.approve(vaggeryd_coordinator)
    assert "Vi lovar fyra insatser." in page(client, published)
    published.approve(varnamo_police)
    assert published.published_version.number == 2

    content = page(client, published)
    assert "Vi lovar fem insatser." in content
    assert "Fler insatser behövs i Skillingaryd." in content
    assert "<del>Vi lovar fyra insatser.</del>" in content
    old = client.get(reverse("pledges:pledge_version", args=[published.slug, 1]))
    assert old.status_code == 200
    assert "Vi lovar fyra insatser." in old.content.decode()
    assert (
        "Vi lovar fem insatser."
        not in old.content.decode().split("<footer")[0].split('id="versioner"')[0]
    )


def test_approving_an_unchanged_published_pledge_is_refused(published, vaggeryd_coordinator):
    with pytest.raises(ValidationError):
        published.approve(vaggeryd_coordinator)
    assert published.approvals.count() == 2


def test_changes_list_activities_added_removed_and_changed(
    client, published, vaggeryd_coordinator, varnamo_police, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # it reads the view's context, twice from one address
    first, second = published.activities.order_by("order")
    first.description = "Aktivitet 1, utökad"
    first.save()
    second.delete()
    Activity.objects.create(pledge=published, description="Ny aktivitet", order=5)
    published.change_reason = "Omprioritering."
    published.save()
    published.record_edit(vaggeryd_coordinator)
    published.approve(vaggeryd_coordinator)
    published.approve(varnamo_police)
    content = page(client, published)
    assert "<ins>Ny aktivitet</ins>" in content
    assert "<del>Aktivitet 2</del>" in content
    assert "<ins>Aktivitet 1, utökad</ins>" in content
    history = client.get(published.get_absolute_url()).context["version_history"]
    version, changes = history[0]
    assert version.number == 2
    assert sorted(change.kind for change in changes) == ["added", "changed", "removed"]


def test_withdrawn_pledge_comes_back_only_with_two_new_approvals(
    client, published, vaggeryd_coordinator, varnamo_police
):
    published.withdraw(varnamo_police, "Fel period.")
    assert client.get(published.get_absolute_url()).status_code == 404
    published.approve(vaggeryd_coordinator)
    assert published.status == Pledge.Status.WITHDRAWN
    published.approve(varnamo_police)
    assert published.status == Pledge.Status.PUBLISHED


def test_earlier_versions_are_not_shown_for_a_withdrawn_pledge(client, published, varnamo_police):
    published.withdraw(varnamo_police, "Fel period.")
    url = reverse("pledges:pledge_version", args=[published.slug, 1])
    assert client.get(url).status_code == 404


def test_unpublished_version_numbers_are_not_found(client, published, vaggeryd_coordinator):
    published.change_reason = "Skäl."
    published.effect = "Ny."
    published.save()
    published.approve(vaggeryd_coordinator)  # version 2 exists, not published
    url = reverse("pledges:pledge_version", args=[published.slug, 2])
    assert client.get(url).status_code == 404


def test_working_copy_preview_only_for_its_staff(
    client, published, vaggeryd_coordinator, vanersborg_coordinator
):
    published.effect = "Förslag."
    published.save()
    url = reverse("pledges:pledge_working_copy", args=[published.slug])
    assert client.get(url).status_code == 404
    client.force_login(vanersborg_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(vaggeryd_coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Förslag." in response.content.decode()


def test_version_page_query_count_does_not_grow(
    client, published, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the whole-page cache's
    url = reverse("pledges:pledge_version", args=[published.slug, 1])
    client.get(url)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


# Carry-over into a published pledge makes a new version ----------------------------------


def test_carry_over_into_a_published_pledge_waits_for_approval(
    client, lpo_varnamo, vaggeryd_coordinator, varnamo_police
):
    import datetime

    old = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2025",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
    )
    new = make_pledge(lpo_varnamo, slug="vaggeryd-2026", status=Pledge.Status.PUBLISHED,
                      previous=old)  # fmt: skip
    client.force_login(vaggeryd_coordinator)
    client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "carry_over_selected", "_selected_action": [old.pk]},
    )
    new.refresh_from_db()
    assert new.activities.filter(carried_over_from__isnull=False).count() == 2
    assert len(new.published_version.content["activities"]) == 2
    assert new.has_unpublished_changes()
    assert "Överförd" not in page(client, old)


# Nothing a published pledge shows can be taken away under it ------------------------------


def test_focus_area_of_another_pledge_cannot_be_linked_to_an_activity(
    client, lpo_varnamo, lpo_fyrbodal, varnamo_police, superuser
):
    ours = make_pledge(lpo_varnamo, slug="vaggeryd", status=Pledge.Status.PUBLISHED)
    theirs = make_pledge(lpo_fyrbodal, slug="vanersborg", municipality_names=["Vänersborg"])
    foreign = FocusArea.objects.create(pledge=theirs, name="Sanden")
    activity = ours.activities.first()
    with pytest.raises(ValidationError), transaction.atomic():
        activity.focus_areas.add(foreign)
    with pytest.raises(ValidationError), transaction.atomic():
        foreign.activities.add(activity)
    # The probe through the activity admin, as a superuser who can see both pledges.
    client.force_login(superuser)
    response = client.post(
        reverse("admin:pledges_activity_change", args=[activity.pk]),
        {
            "pledge": ours.pk,
            "description": activity.description,
            "responsible": activity.responsible,
            "focus_areas": [foreign.pk],
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert "focus_areas" in response.context["adminform"].form.errors
    assert list(activity.focus_areas.all()) == list(ours.focus_areas.all())


def test_focus_area_choices_are_only_the_activitys_own_pledges(
    client, lpo_varnamo, vaggeryd_coordinator
):
    ours = make_pledge(lpo_varnamo, slug="vaggeryd")
    other = make_pledge(lpo_varnamo, slug="vaggeryd-2", title="Annat")
    FocusArea.objects.create(pledge=other, name="Annans område")
    client.force_login(vaggeryd_coordinator)
    response = client.get(
        reverse("admin:pledges_activity_change", args=[ours.activities.first().pk])
    )
    choices = response.context["adminform"].form.fields["focus_areas"].queryset
    assert set(choices) == set(ours.focus_areas.all())


def test_kommun_of_a_pledge_cannot_be_deleted(published):
    with pytest.raises(ProtectedError), transaction.atomic():
        Municipality.objects.get(name="Vaggeryd").delete()
    assert list(published.municipalities.values_list("name", flat=True)) == ["Vaggeryd"]


def test_situation_picture_of_a_pledge_cannot_be_deleted(lpo_varnamo, vaggeryd):
    import datetime

    picture = SituationPicture.objects.create(
        municipality=vaggeryd,
        title="Lägesbild 2026",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    make_pledge(lpo_varnamo, status=Pledge.Status.PUBLISHED, situation_picture=picture)
    # A queryset delete skips the model's own delete(): the foreign key alone must hold.
    with pytest.raises(ProtectedError), transaction.atomic():
        SituationPicture.objects.filter(pk=picture.pk).delete()
    assert SituationPicture.objects.filter(pk=picture.pk).exists()


def test_pledge_form_offers_only_the_pledges_own_kommuns_situation_pictures(
    client, lpo_varnamo, varnamo_police, vaggeryd
):
    # The police of the area may work with Gnosjö's lägesbild too, but not on this pledge.
    import datetime

    pledge = make_pledge(lpo_varnamo)
    other = SituationPicture.objects.create(
        municipality=Municipality.objects.get(name="Gnosjö"),
        title="Gnosjö",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    own = SituationPicture.objects.create(
        municipality=vaggeryd,
        title="Vaggeryd",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    response = post_change(client, varnamo_police, pledge, situation_picture=other.pk)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["situation_picture"] == [
        "Välj en lägesbild för någon av medborgarlöftets egna kommuner."
    ]
    response = post_change(client, varnamo_police, pledge, situation_picture=own.pk)
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.situation_picture == own


# Two people editing at once ----------------------------------------------------------------


def test_a_save_from_a_stale_form_is_refused_and_loses_nothing(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    stale = pledge_form_data(draft, effect="Polisens text.")
    post_change(client, vaggeryd_coordinator, draft, effect="Kommunens text.")
    client.force_login(varnamo_police)
    response = client.post(change_url(draft), stale)
    assert response.status_code == 200
    page_text = response.content.decode()
    assert "Kommunens text." in page_text  # what is saved now
    assert "Polisens text." in page_text  # what the police typed, still in the form
    draft.refresh_from_db()
    assert draft.effect == "Kommunens text."


def test_new_activity_cannot_take_a_focus_area_of_another_of_the_users_pledges(
    client, lpo_varnamo, vaggeryd_coordinator
):
    ours = make_pledge(lpo_varnamo, slug="vaggeryd")
    other = make_pledge(lpo_varnamo, slug="vaggeryd-2", title="Annat")
    foreign = FocusArea.objects.create(pledge=other, name="Annans område")
    client.force_login(vaggeryd_coordinator)
    response = client.post(
        reverse("admin:pledges_activity_add"),
        {
            "pledge": ours.pk,
            "description": "Ny aktivitet",
            "responsible": "together",
            "focus_areas": [foreign.pk],
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["focus_areas"] == [
        "En aktivitet kan bara ha fokusområden från sitt eget medborgarlöfte."
    ]
    assert not Activity.objects.filter(description="Ny aktivitet").exists()


def test_listings_show_the_published_title_and_period_until_a_change_is_approved(
    client, lpo_varnamo
):
    import datetime

    today = datetime.date.today()
    pledge = make_pledge(
        lpo_varnamo,
        slug="nu",
        title="Löftet som gäller",
        status=Pledge.Status.PUBLISHED,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=300),
    )
    Pledge.objects.filter(pk=pledge.pk).update(
        title="Ett utkast till ändring",
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=40),
    )
    home = client.get(reverse("home"))
    assert [p.pk for p in home.context["current_pledges"]] == [pledge.pk]
    kommun = client.get(reverse("organisations:municipality_detail", args=["vaggeryd"]))
    assert [p.pk for p in kommun.context["current_pledges"]] == [pledge.pk]
    for response in (home, kommun):
        assert "Löftet som gäller" in response.content.decode()
        assert "Ett utkast till ändring" not in response.content.decode()


def test_follow_up_schedule_keeps_to_the_published_period(lpo_varnamo):
    import datetime

    from followup.progress import schedule

    pledge = make_pledge(
        lpo_varnamo,
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    Pledge.objects.filter(pk=pledge.pk).update(
        start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 12, 31)
    )
    pledge.refresh_from_db()
    plan = schedule(pledge, set(), today=datetime.date(2026, 11, 30))
    assert [str(tertial) for tertial, _due in plan.overdue + plan.due] == ["T1 2026", "T2 2026"]


def test_carry_over_retires_a_pending_approval_of_the_next_pledge(
    client, lpo_varnamo, vaggeryd_coordinator, varnamo_police
):
    import datetime

    old = make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2025",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
    )
    new = make_pledge(lpo_varnamo, slug="vaggeryd-2026", previous=old)
    new.approve(varnamo_police)
    client.force_login(vaggeryd_coordinator)
    client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "carry_over_selected", "_selected_action": [old.pk]},
    )
    police = new.approvals.get()
    assert (police.is_active, police.retired_by) == (False, vaggeryd_coordinator)


def test_report_page_and_feed_name_the_pledge_by_its_published_title(
    client, lpo_varnamo, varnamo_police
):
    import datetime

    from followup.tests.factories import make_report

    pledge = make_pledge(
        lpo_varnamo,
        title="Löftet som gäller",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 12, 31),
    )
    report = make_report(pledge, year=2022, tertial=1)
    Pledge.objects.filter(pk=pledge.pk).update(title="Ett utkast till ändring")
    for url in (report.get_absolute_url(), reverse("followup_feed")):
        content = client.get(url).content.decode()
        assert "Löftet som gäller" in content
        assert "Ett utkast till ändring" not in content


def test_approvals_kommuner_and_activity_links_keep_their_history(
    draft, vaggeryd_coordinator, varnamo_police
):
    draft.approve(vaggeryd_coordinator)
    draft.municipalities.add(Municipality.objects.get(name="Gnosjö"))
    area = FocusArea.objects.create(pledge=draft, name="Skillingaryd")
    draft.activities.first().focus_areas.add(area)
    draft.record_edit(varnamo_police)

    approval = draft.approvals.get()
    assert [h.is_active for h in approval.history.order_by("history_date")] == [True, False]
    latest = draft.history.first()
    assert sorted(m.municipality.name for m in latest.municipalities.all()) == [
        "Gnosjö",
        "Vaggeryd",
    ]
    activity_history = draft.activities.first().history.first()
    assert "Skillingaryd" in [link.focusarea.name for link in activity_history.focus_areas.all()]


def test_after_the_conflict_message_saving_again_keeps_what_was_typed(
    client, draft, vaggeryd_coordinator, varnamo_police
):
    stale = pledge_form_data(draft, effect="Polisens text.")
    post_change(client, vaggeryd_coordinator, draft, effect="Kommunens text.")
    client.force_login(varnamo_police)
    refused = client.post(change_url(draft), stale)
    again = dict(stale, edit_revision=refused.context["adminform"].form["edit_revision"].value())
    assert client.post(change_url(draft), again).status_code == 302
    draft.refresh_from_db()
    assert draft.effect == "Polisens text."


def test_bulk_delete_leaves_a_published_pledge(client, published, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    # Django's confirmation page, saying the user may not delete what is selected.
    assert response.status_code == 200
    assert response.context["perms_lacking"]
    assert Pledge.objects.filter(pk=published.pk).exists()
    assert published.versions.count() == 1
