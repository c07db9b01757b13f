"""Surveys in the admin: building, scoping to the kommun, free text, excerpts and CSV export."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from dialogue.exports import spreadsheet_safe
from dialogue.models import Excerpt, Option, Question, Survey
from dialogue.tests.test_surveys_helpers import (
    Kind,
    add_response,
    kommun,
    make_survey,
    options,
    question,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(vaggeryd, skillingaryd):
    return make_survey(vaggeryd, title="Trygghet i Vaggeryd")


def admin_url(name, *args):
    return reverse(f"admin:dialogue_{name}", args=args)


def survey_form_data(municipality, questions=(), **fields):
    data = {
        "title": "Trygghet 2027",
        "slug": "trygghet-2027",
        "municipality": str(municipality.pk),
        "police_area": "",
        "introduction": "Berätta hur du upplever din kommun.",
        "opens_at_0": "2027-01-10",
        "opens_at_1": "08:00:00",
        "closes_at_0": "2027-02-10",
        "closes_at_1": "23:00:00",
        "is_published": "on",
        "publish_results_on_close": "on",
        "results_published_at_0": "",
        "results_published_at_1": "",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
    }
    for number, (kind, text, required) in enumerate(questions):
        prefix = f"questions-{number}-"
        data.update(
            {
                prefix + "order": str(number + 1),
                prefix + "kind": kind,
                prefix + "text": text,
                prefix + "help_text": "",
                prefix + "scale_low_label": "Mycket otrygg" if kind == Kind.SCALE else "",
                prefix + "scale_high_label": "Mycket trygg" if kind == Kind.SCALE else "",
            }
        )
        if required:
            data[prefix + "required"] = "on"
    data.update(fields)
    return data


# Building --------------------------------------------------------------------------------


def test_coordinator_builds_a_survey_with_ordered_questions(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    questions = [
        (Kind.SCALE, "Hur trygg känner du dig?", True),
        (Kind.SINGLE, "Hur ofta går du ut?", True),
        (Kind.TEXT, "Något mer?", False),
    ]
    response = client.post(admin_url("survey_add"), survey_form_data(kommun("Vaggeryd"), questions))
    assert response.status_code == 302, response.context["errors"]
    survey = Survey.objects.get(slug="trygghet-2027")
    assert survey.created_by == vaggeryd_coordinator
    assert [(q.order, q.kind, q.required) for q in survey.questions.all()] == [
        (1, Kind.SCALE, True),
        (2, Kind.SINGLE, True),
        (3, Kind.TEXT, False),
    ]
    assert survey.questions.get(kind=Kind.SCALE).scale_low_label == "Mycket otrygg"


def test_saving_warns_about_choice_questions_without_options(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    data = survey_form_data(kommun("Vaggeryd"), [(Kind.SINGLE, "Hur ofta?", True)])
    response = client.post(admin_url("survey_add"), data, follow=True)
    assert "har inga svarsalternativ ännu" in response.content.decode()


def test_choice_questions_link_to_their_options(client, vaggeryd_coordinator, survey):
    client.force_login(vaggeryd_coordinator)
    content = client.get(admin_url("survey_change", survey.pk)).content.decode()
    single = question(survey, Kind.SINGLE)
    text = question(survey, Kind.TEXT)
    assert f'href="{admin_url("question_change", single.pk)}"' in content
    assert f'href="{admin_url("question_change", text.pk)}"' in content  # for excerpts


def test_options_are_edited_on_the_question_page(client, vaggeryd_coordinator, survey):
    client.force_login(vaggeryd_coordinator)
    single = question(survey, Kind.SINGLE)
    existing = list(single.options.all())
    data = {
        "order": "1",
        "kind": single.kind,
        "text": single.text,
        "help_text": "",
        "required": "on",
        "scale_low_label": "",
        "scale_high_label": "",
        "options-TOTAL_FORMS": str(len(existing) + 1),
        "options-INITIAL_FORMS": str(len(existing)),
    }
    for number, option in enumerate(existing):
        data.update(
            {
                f"options-{number}-id": str(option.pk),
                f"options-{number}-question": str(single.pk),
                f"options-{number}-order": str(option.order),
                f"options-{number}-text": option.text,
            }
        )
    data.update({"options-3-order": "4", "options-3-text": "Varje dag"})
    response = client.post(admin_url("question_change", single.pk), data)
    assert response.status_code == 302
    assert response["Location"] == admin_url("survey_change", survey.pk)
    assert list(single.options.values_list("text", flat=True)) == [
        "Ofta",
        "Ibland",
        "Aldrig",
        "Varje dag",
    ]


def test_question_with_answers_keeps_its_kind_and_is_not_deleted(
    client, vaggeryd_coordinator, survey
):
    # More of this, for every way in, in test_surveys_fixed.py.
    add_response(survey, single=0)
    client.force_login(vaggeryd_coordinator)
    single = question(survey, Kind.SINGLE)
    data = question_page_data(single, kind=Kind.TEXT)
    response = client.post(admin_url("question_change", single.pk), data)
    assert response.status_code == 200
    assert "Enkäten har redan svar" in response.content.decode()
    single.refresh_from_db()
    assert single.kind == Kind.SINGLE
    assert client.post(admin_url("question_delete", single.pk), {"post": "yes"}).status_code == 403


def test_coordinator_may_only_choose_own_kommun(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    form = client.get(admin_url("survey_add")).context["adminform"].form
    assert list(form.fields["municipality"].queryset) == [kommun("Vaggeryd")]
    response = client.post(admin_url("survey_add"), survey_form_data(kommun("Vänersborg")))
    assert response.status_code == 200
    assert not Survey.objects.exists()


def test_police_area_must_cover_the_kommun(client, varnamo_police, lpo_fyrbodal):
    client.force_login(varnamo_police)
    data = survey_form_data(kommun("Vaggeryd"), police_area=str(lpo_fyrbodal.pk))
    assert client.post(admin_url("survey_add"), data).status_code == 200
    assert not Survey.objects.exists()


def test_police_may_run_surveys_in_the_kommuner_of_their_area(client, varnamo_police, lpo_varnamo):
    client.force_login(varnamo_police)
    data = survey_form_data(kommun("Gnosjö"), police_area=str(lpo_varnamo.pk))
    assert client.post(admin_url("survey_add"), data).status_code == 302
    assert Survey.objects.get().municipality == kommun("Gnosjö")


def test_list_shows_state_results_and_response_count(client, vaggeryd_coordinator, survey):
    make_survey(kommun("Vaggeryd"), slug="gammal", state="closed", title="Förra året")
    add_response(survey)
    add_response(survey)
    client.force_login(vaggeryd_coordinator)
    response = client.get(admin_url("survey_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    rows = {s.title: s for s in response.context["cl"].result_list}
    assert rows["Trygghet i Vaggeryd"].response_count == 2
    admin_class = response.context["cl"].model_admin
    with translation.override("en"):
        assert str(admin_class.state(rows["Trygghet i Vaggeryd"])) == "Open"
        assert str(admin_class.state(rows["Förra året"])) == "Closed"
        assert str(admin_class.results_state(rows["Förra året"])) == "Public"
        assert str(admin_class.results_state(rows["Trygghet i Vaggeryd"])) == "When it closes"


# Scoping ---------------------------------------------------------------------------------


def test_other_kommun_cannot_see_a_survey_even_by_direct_url(
    client, vanersborg_coordinator, survey
):
    add_response(survey, text="Hemligt svar")
    client.force_login(vanersborg_coordinator)
    assert survey not in client.get(admin_url("survey_changelist")).context["cl"].result_list
    for name in ["survey_change", "survey_export", "survey_free_text", "survey_delete"]:
        response = client.get(admin_url(name, survey.pk))
        assert response.status_code in (302, 404), name
        assert b"Hemligt svar" not in response.content
    assert client.get(admin_url("survey_history", survey.pk)).status_code in (403, 404)
    question_page = client.get(admin_url("question_change", question(survey, Kind.TEXT).pk))
    assert question_page.status_code in (302, 404)


def test_other_kommun_cannot_export_a_survey(client, vanersborg_coordinator, survey):
    add_response(survey, text="Hemligt svar")
    client.force_login(vanersborg_coordinator)
    response = client.get(admin_url("survey_export", survey.pk))
    assert response.status_code == 404
    assert not getattr(response, "streaming", False)


def test_police_of_the_area_see_the_kommun_survey(client, varnamo_police, survey):
    client.force_login(varnamo_police)
    assert survey in client.get(admin_url("survey_changelist")).context["cl"].result_list
    assert client.get(admin_url("survey_export", survey.pk)).status_code == 200


def test_police_of_another_area_do_not(client, fyrbodal_police, survey):
    client.force_login(fyrbodal_police)
    assert survey not in client.get(admin_url("survey_changelist")).context["cl"].result_list
    assert client.get(admin_url("survey_export", survey.pk)).status_code == 404


def test_staff_without_membership_cannot_open_surveys(client, staff_without_membership, survey):
    client.force_login(staff_without_membership)
    assert client.get(admin_url("survey_changelist")).status_code == 403
    # Forbidden like every other page of a scoped admin (ScopedAdmin.urls), not "not found".
    assert client.get(admin_url("survey_export", survey.pk)).status_code == 403


def test_residents_are_sent_to_the_login(client, survey):
    response = client.get(admin_url("survey_export", survey.pk))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_question_choices_of_the_question_admin_are_scoped(client, vanersborg_coordinator, survey):
    own = make_survey(kommun("Vänersborg"), slug="egen")
    client.force_login(vanersborg_coordinator)
    form = client.get(admin_url("question_add")).context["adminform"].form
    assert list(form.fields["survey"].queryset) == [own]


# Free text and excerpts ------------------------------------------------------------------


def test_coordinator_reads_free_text_escaped(client, vaggeryd_coordinator, survey):
    add_response(survey, text="<script>alert(1)</script> Mörkt vid stationen")
    add_response(survey, place="Vid <b>badplatsen</b>")
    client.force_login(vaggeryd_coordinator)
    response = client.get(admin_url("survey_free_text", survey.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mörkt vid stationen" in content
    assert "Vid &lt;b&gt;badplatsen&lt;/b&gt;" in content
    assert "<script>alert(1)" not in content


def test_coordinator_publishes_an_edited_excerpt(client, vaggeryd_coordinator, survey):
    text = question(survey, Kind.TEXT)
    client.force_login(vaggeryd_coordinator)
    data = {
        "order": str(text.order),
        "kind": text.kind,
        "text": text.text,
        "help_text": "",
        "scale_low_label": "",
        "scale_high_label": "",
        "excerpts-TOTAL_FORMS": "1",
        "excerpts-INITIAL_FORMS": "0",
        "excerpts-0-text": "Det är mörkt vid stationen.",
        "excerpts-0-is_published": "on",
        "excerpts-0-order": "1",
    }
    assert client.post(admin_url("question_change", text.pk), data).status_code == 302
    assert Excerpt.objects.get().text == "Det är mörkt vid stationen."


# CSV export ------------------------------------------------------------------------------


def export(client, survey):
    response = client.get(admin_url("survey_export", survey.pk))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_export_has_one_row_per_response_and_one_column_per_question(
    client, vaggeryd_coordinator, survey, skillingaryd
):
    add_response(survey, single=1, multiple=(2, 0), scale=5, place=skillingaryd, text="Lugnt.")
    add_response(survey, single=0, multiple=(1,), scale=None, place="Vid torget")
    client.force_login(vaggeryd_coordinator)
    header, first, second = export(client, survey)
    assert header[2] == "Språk"
    assert header[3:] == [q.text for q in survey.questions.all()]
    assert first[2:] == ["svenska", "Ibland", "Belysning; Grannar", "5", "Skillingaryd", "Lugnt."]
    assert second[2:] == ["svenska", "Ofta", "Polis", "", "Annan plats: Vid torget", ""]


def test_export_of_a_survey_without_responses_is_just_the_header(
    client, vaggeryd_coordinator, survey
):
    client.force_login(vaggeryd_coordinator)
    assert len(export(client, survey)) == 1


def test_export_guards_against_spreadsheet_formulas(client, vaggeryd_coordinator, survey):
    add_response(survey, text='=HYPERLINK("http://evil.example","klicka")')
    add_response(survey, text="+46 70 000 00 00")
    add_response(survey, text="@SUM(A1)")
    add_response(survey, text="-1")
    options(survey)[0].__class__.objects.filter(pk=options(survey)[0].pk).update(text="=1+1")
    client.force_login(vaggeryd_coordinator)
    rows = export(client, survey)
    texts = [row[-1] for row in rows[1:]]
    assert texts == [
        '\'=HYPERLINK("http://evil.example","klicka")',
        "'+46 70 000 00 00",
        "'@SUM(A1)",
        "'-1",
    ]
    assert rows[1][3] == "'=1+1"


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=1", "'=1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("ok", "ok"),
     ("", ""), (None, ""), (5, "5")],
)  # fmt: skip
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_export_question_without_option_rows(client, vaggeryd_coordinator, vaggeryd):
    survey = make_survey(vaggeryd, slug="tom", questions=[(Kind.SCALE, "Skala?", [])])
    add_response(survey, scale=2)
    client.force_login(vaggeryd_coordinator)
    assert export(client, survey)[1][3] == "2"
    assert not Option.objects.filter(question__survey=survey).exists()
    assert Question.objects.filter(survey=survey).count() == 1


def test_kommun_of_an_answered_survey_is_fixed(client, varnamo_police, survey):
    client.force_login(varnamo_police)
    form = client.get(admin_url("survey_change", survey.pk)).context["adminform"].form
    assert "municipality" in form.fields
    add_response(survey)
    form = client.get(admin_url("survey_change", survey.pk)).context["adminform"].form
    assert "municipality" not in form.fields


def test_answered_survey_cannot_be_deleted(client, vaggeryd_coordinator, survey):
    client.force_login(vaggeryd_coordinator)
    assert client.get(admin_url("survey_delete", survey.pk)).status_code == 200
    add_response(survey)
    assert client.post(admin_url("survey_delete", survey.pk), {"post": "yes"}).status_code == 403
    assert Survey.objects.filter(pk=survey.pk).exists()


def question_page_data(q, **changes):
    existing = list(q.options.all())
    data = {
        "order": str(q.order), "kind": q.kind, "text": q.text, "help_text": "",
        "required": "on", "scale_low_label": "", "scale_high_label": "",
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


def test_answered_option_and_question_cannot_be_deleted(client, vaggeryd_coordinator, survey):
    add_response(survey, single=0)
    client.force_login(vaggeryd_coordinator)
    single = question(survey, Kind.SINGLE)
    chosen = options(survey)[0]
    data = question_page_data(single, **{"options-0-DELETE": "on"})
    response = client.post(admin_url("question_change", single.pk), data)
    assert response.status_code == 200
    assert "Enkäten har redan svar" in response.content.decode()
    assert Option.objects.filter(pk=chosen.pk).exists()
    assert client.post(admin_url("question_delete", single.pk), {"post": "yes"}).status_code == 403
