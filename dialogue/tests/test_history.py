"""Every dialogue record a public page rests on keeps its full history, with who changed it; the
free text and contact details of residents' reports are never copied into it."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from dialogue.models import (
    DialogueActivity,
    Excerpt,
    Observation,
    Option,
    PlaceReport,
    Question,
    SituationPicture,
    Survey,
)
from dialogue.models.reports import PURGED_FIELDS
from dialogue.tests.test_place_reports import make_report
from dialogue.tests.test_surveys_helpers import Kind, add_response, make_survey, question

pytestmark = pytest.mark.django_db

# What the public pages show or count: surveys with their questions, options and excerpts,
# residents' reports and their moderation, lägesbilder, activities and safety-walk observations.
PUBLIC_RECORDS = [
    Survey,
    Question,
    Option,
    Excerpt,
    PlaceReport,
    SituationPicture,
    DialogueActivity,
    Observation,
]


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model.__name__)
def test_every_public_record_keeps_its_history_with_its_many_to_many_fields(model):
    historical = model.history.model
    tracked = {field.name for field in historical._history_m2m_fields}
    assert tracked == {field.name for field in model._meta.many_to_many}


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model.__name__)
def test_their_admins_show_the_history(model):
    # Options and excerpts are edited on their question's page and have no admin of their own.
    if model in (Option, Excerpt, Observation):
        assert model not in admin.site._registry
        return
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


@pytest.fixture
def survey(vaggeryd):
    return make_survey(vaggeryd, title="Trygghet i Vaggeryd")


def question_post(q, **changes):
    existing = list(q.options.all())
    data = {
        "order": str(q.order), "kind": q.kind, "text": q.text, "help_text": q.help_text,
        "required": "on", "scale_low_label": q.scale_low_label,
        "scale_high_label": q.scale_high_label,
        "options-TOTAL_FORMS": str(len(existing)), "options-INITIAL_FORMS": str(len(existing)),
    }  # fmt: skip
    for number, option in enumerate(existing):
        data.update(
            {
                f"options-{number}-id": str(option.pk),
                f"options-{number}-question": str(q.pk),
                f"options-{number}-order": str(option.order),
                f"options-{number}-text": option.text,
            }
        )
    data.update(changes)
    return data


def test_question_and_option_changes_are_kept_with_who_made_them(
    client, vaggeryd_coordinator, survey
):
    single = question(survey, Kind.SINGLE)
    client.force_login(vaggeryd_coordinator)
    data = question_post(single, text="Hur ofta går du ut?", **{"options-0-text": "Jämt"})
    assert (
        client.post(reverse("admin:dialogue_question_change", args=[single.pk]), data).status_code
        == 302
    )
    latest = single.history.latest()
    assert (latest.text, latest.history_type, latest.history_user) == (
        "Hur ofta går du ut?",
        "~",
        vaggeryd_coordinator,
    )
    assert list(single.history.order_by("history_id").values_list("text", flat=True)) == [
        "Hur ofta går du ut på kvällen?",
        "Hur ofta går du ut?",
    ]
    option = single.options.get(order=1)
    assert [v.text for v in option.history.order_by("history_id")] == ["Ofta", "Jämt"]
    assert option.history.latest().history_user == vaggeryd_coordinator


def test_excerpt_history_is_kept(client, vaggeryd_coordinator, survey):
    text = question(survey, Kind.TEXT)
    client.force_login(vaggeryd_coordinator)
    data = {
        "order": str(text.order), "kind": text.kind, "text": text.text, "help_text": "",
        "scale_low_label": "", "scale_high_label": "",
        "excerpts-TOTAL_FORMS": "1", "excerpts-INITIAL_FORMS": "0",
        "excerpts-0-text": "Mörkt vid stationen.", "excerpts-0-is_published": "on",
        "excerpts-0-order": "1",
    }  # fmt: skip
    assert (
        client.post(reverse("admin:dialogue_question_change", args=[text.pk]), data).status_code
        == 302
    )
    excerpt = Excerpt.objects.get()
    assert excerpt.history.get().history_user == vaggeryd_coordinator


def test_question_history_page_is_shown_in_scope_only(
    client, vaggeryd_coordinator, vanersborg_coordinator, survey
):
    single = question(survey, Kind.SINGLE)
    url = reverse("admin:dialogue_question_history", args=[single.pk])
    client.force_login(vaggeryd_coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Hur ofta går du ut på kvällen?" in response.content.decode()
    client.force_login(vanersborg_coordinator)
    assert client.get(url).status_code in (302, 403, 404)


# Residents' reports and their moderation --------------------------------------------------------


@pytest.fixture
def report(vaggeryd, skillingaryd):
    return make_report(
        vaggeryd,
        skillingaryd,
        description="Zyxwv-hemlig-text",
        contact_name="Anna Andersson",
        contact_email="anna@example.se",
        contact_phone="070-000 00 00",
    )


def test_report_history_never_holds_what_the_resident_wrote_or_their_contacts(report):
    fields = {field.name for field in PlaceReport.history.model._meta.fields}
    assert not fields & set(PURGED_FIELDS)
    assert {"status", "handled_by", "category", "place", "created_at", "purged_at"} <= fields
    assert report.history.get().history_type == "+"


def test_moderation_on_the_change_page_is_kept_with_who_did_it(client, varnamo_police, report):
    client.force_login(varnamo_police)
    url = reverse("admin:dialogue_placereport_change", args=[report.pk])
    response = client.post(url, {"status": "read", "staff_note": "Ringde Anna."})
    assert response.status_code == 302
    latest = report.history.latest()
    assert (latest.status, latest.handled_by, latest.history_user) == (
        "read",
        varnamo_police,
        varnamo_police,
    )


def test_moderation_by_a_bulk_action_is_kept_too(client, vaggeryd_coordinator, report, vaggeryd):
    other = make_report(vaggeryd)
    client.force_login(vaggeryd_coordinator)
    response = client.post(
        reverse("admin:dialogue_placereport_changelist"),
        {"action": "mark_used", "_selected_action": [str(report.pk), str(other.pk)]},
    )
    assert response.status_code == 302
    for chosen in (report, other):
        latest = chosen.history.latest()
        assert (latest.status, latest.handled_by, latest.history_user) == (
            "used",
            vaggeryd_coordinator,
            vaggeryd_coordinator,
        )
        assert latest.history_type == "~"


def test_report_history_page_shows_no_contact_details(client, vaggeryd_coordinator, report):
    report.status = PlaceReport.Status.READ
    report.save()
    client.force_login(vaggeryd_coordinator)
    response = client.get(reverse("admin:dialogue_placereport_history", args=[report.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for secret in ("Zyxwv-hemlig-text", "anna@example.se", "070-000 00 00", "Anna Andersson"):
        assert secret not in content
    version = report.history.earliest()
    page = client.get(
        reverse("admin:dialogue_placereport_simple_history", args=[report.pk, version.history_id])
    )
    assert page.status_code == 200


def test_purged_report_leaves_nothing_personal_in_the_history(report):
    report.purge(now=timezone.now() + datetime.timedelta(days=400))
    assert report.history.count() == 2
    assert report.history.latest().purged_at is not None


# Versions from before the history was kept ------------------------------------------------------


def test_existing_rows_get_one_first_version_once(survey, vaggeryd):
    baseline = importlib.import_module("dialogue.migrations.0005_history_baseline")
    for model in (Question, Option, Excerpt, PlaceReport):
        model.history.all().delete()
    PlaceReport.objects.bulk_create(
        [PlaceReport(municipality=vaggeryd, place_text="Torget", category="lighting")]
    )
    baseline.add_baseline(apps, None)
    baseline.add_baseline(apps, None)  # a second run adds nothing
    single = question(survey, Kind.SINGLE)
    assert [(v.history_type, v.text) for v in single.history.all()] == [
        ("+", "Hur ofta går du ut på kvällen?")
    ]
    assert Option.history.count() == Option.objects.count()
    assert PlaceReport.history.get().category == "lighting"
    baseline.remove_baseline(apps, None)
    assert not Question.history.exists()


def test_a_questions_earlier_version_is_not_saved_back_once_answered(
    client, vaggeryd_coordinator, survey
):
    single = question(survey, Kind.SINGLE)
    single.text = "Hur ofta går du ut?"
    single.save()
    earlier = single.history.earliest()
    add_response(survey, single=0)
    client.force_login(vaggeryd_coordinator)
    url = reverse("admin:dialogue_question_simple_history", args=[single.pk, earlier.history_id])
    assert client.get(url).status_code == 200
    client.post(url, question_post(earlier.instance))
    single.refresh_from_db()
    assert single.text == "Hur ofta går du ut?"
    with pytest.raises(ValidationError, match="redan svar"):
        earlier.instance.full_clean()
    with pytest.raises(ValidationError):
        earlier.instance.save()
