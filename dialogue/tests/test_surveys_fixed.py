"""Once a survey has answers, what the respondents were asked is fixed: its questions and options,
its title and introduction. Every way in is tried: the survey's page and its question inlines,
the question page and its option inlines, bulk actions, delete pages, history, and the models.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dialogue.models import Option, Question, Survey
from dialogue.tests.test_surveys_helpers import Kind, add_response, make_survey, options, question

pytestmark = pytest.mark.django_db

FIXED = "Enkäten har redan svar, så dess frågor och svarsalternativ kan inte längre"
SURVEY_FIXED = "Enkäten har redan svar, så dess titel, inledning och kommun kan inte längre ändras"


@pytest.fixture
def survey(vaggeryd):
    return make_survey(vaggeryd, title="Trygghet i Vaggeryd", introduction="Om kvällarna.")


@pytest.fixture
def answered(survey):
    add_response(survey, single=0)
    return survey


def admin_url(name, *args):
    return reverse(f"admin:dialogue_{name}", args=args)


class FormInputs(HTMLParser):
    """What a browser sends for a form on the page: its inputs, chosen options and text areas."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on" if checkable else ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n") if not data.strip() else data


def page_form(client, url, form_id):
    """The change form as the page shows it: what a user sends who changes nothing."""
    response = client.get(url)
    assert response.status_code == 200
    parser = FormInputs(form_id)
    parser.feed(response.content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


def survey_state(survey):
    return [
        (q.order, q.kind, q.required, q.text, [(o.order, o.text) for o in q.options.all()])
        for q in Question.objects.filter(survey=survey).prefetch_related("options")
    ]


def question_data(q, **changes):
    """The question page's POST with the question and its options as they are, plus changes."""
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


# The survey's page and its question inlines ----------------------------------------------------


def test_answered_survey_shows_questions_as_text_with_the_reason(
    client, vaggeryd_coordinator, answered
):
    client.force_login(vaggeryd_coordinator)
    response = client.get(admin_url("survey_change", answered.pk))
    content = response.content.decode()
    assert FIXED in content
    assert "Detsamma gäller dess titel, inledning och kommun." in content
    inline = response.context["inline_admin_formsets"][0]
    # Only the English texts can still change (until the first answer in English:
    # test_surveys_english_admin.py).
    assert inline.has_change_permission
    assert 'name="questions-0-text_en"' in content
    assert not inline.has_add_permission
    assert not inline.has_delete_permission
    assert 'name="questions-0-text"' not in content
    assert 'name="title"' not in content
    assert "Hur ofta går du ut på kvällen?" in content


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"questions-0-text": "Hur sällan går du ut?"}, id="reworded"),
        pytest.param({"questions-0-order": "9"}, id="reordered"),
        pytest.param({"questions-0-kind": Kind.TEXT}, id="retyped"),
        pytest.param({"questions-0-help_text": "Räkna inte helger."}, id="help text"),
        pytest.param({"questions-0-DELETE": "on"}, id="deleted"),
        pytest.param(
            {
                "questions-TOTAL_FORMS": "6",
                "questions-5-order": "6",
                "questions-5-kind": Kind.TEXT,
                "questions-5-text": "En ny fråga",
            },
            id="added",
        ),
    ],
)
def test_questions_of_an_answered_survey_do_not_change_in_its_page(
    client, vaggeryd_coordinator, answered, change
):
    client.force_login(vaggeryd_coordinator)
    before = survey_state(answered)
    url = admin_url("survey_change", answered.pk)
    data = page_form(client, url, "survey_form")
    # What the page sends for the questions shown as text, with a change a crafted POST adds.
    for number, q in enumerate(answered.questions.all()):
        data.update(
            {
                f"questions-{number}-order": str(q.order),
                f"questions-{number}-kind": q.kind,
                f"questions-{number}-text": q.text,
            }
        )
    data.update(change)
    response = client.post(url, data)
    assert response.status_code == 200
    assert FIXED in response.content.decode()
    assert survey_state(answered) == before


def test_answered_survey_page_saves_its_other_settings_as_sent(
    client, vaggeryd_coordinator, answered
):
    client.force_login(vaggeryd_coordinator)
    url = admin_url("survey_change", answered.pk)
    before = survey_state(answered)
    data = page_form(client, url, "survey_form")
    later = timezone.localtime(answered.closes_at) + datetime.timedelta(days=14)
    data.update({"closes_at_0": later.strftime("%Y-%m-%d"), "closes_at_1": "20:00:00"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    answered.refresh_from_db()
    assert timezone.localtime(answered.closes_at).date() == later.date()
    assert survey_state(answered) == before


def test_title_and_introduction_of_an_answered_survey_do_not_change(
    client, vaggeryd_coordinator, answered
):
    client.force_login(vaggeryd_coordinator)
    url = admin_url("survey_change", answered.pk)
    data = page_form(client, url, "survey_form")
    data.update({"title": "Något helt annat", "introduction": "Om dagarna."})
    response = client.post(url, data)
    assert response.status_code == 200
    assert SURVEY_FIXED in response.content.decode()
    answered.refresh_from_db()
    assert (answered.title, answered.introduction) == ("Trygghet i Vaggeryd", "Om kvällarna.")


def test_an_answered_survey_cannot_open_after_its_first_answer(
    client, vaggeryd_coordinator, answered
):
    client.force_login(vaggeryd_coordinator)
    url = admin_url("survey_change", answered.pk)
    data = page_form(client, url, "survey_form")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data.update({"opens_at_0": tomorrow.isoformat(), "opens_at_1": "08:00:00"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Det första svaret kom" in response.content.decode()


def test_unanswered_survey_stays_editable(client, vaggeryd_coordinator, survey):
    client.force_login(vaggeryd_coordinator)
    url = admin_url("survey_change", survey.pk)
    data = page_form(client, url, "survey_form")
    assert data["questions-0-text"] == "Hur ofta går du ut på kvällen?"
    data.update(
        {
            "title": "Trygghet i hela Vaggeryd",
            "questions-0-text": "Hur ofta går du ut?",
            "questions-1-order": "7",
            "questions-4-DELETE": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    survey.refresh_from_db()
    assert survey.title == "Trygghet i hela Vaggeryd"
    assert [q.text for q in survey.questions.all()] == [
        "Hur ofta går du ut?",
        "Hur trygg känner du dig?",
        "Var känner du dig otrygg?",
        "Vad gör dig tryggare?",
    ]


# The question page and its option inlines -------------------------------------------------------


def test_question_page_of_an_answered_survey_shows_it_as_text(
    client, vaggeryd_coordinator, answered
):
    client.force_login(vaggeryd_coordinator)
    single = question(answered, Kind.SINGLE)
    response = client.get(admin_url("question_change", single.pk))
    content = response.content.decode()
    assert FIXED in content
    assert 'name="text"' not in content
    assert 'name="options-0-text"' not in content
    assert not response.context["has_delete_permission"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"text": "Hur sällan går du ut?"}, id="question reworded"),
        pytest.param({"kind": Kind.MULTIPLE}, id="question retyped"),
        pytest.param({"order": "5"}, id="question reordered"),
        pytest.param({"options-0-text": "Jämt"}, id="option reworded"),
        pytest.param({"options-0-order": "3", "options-2-order": "1"}, id="options reordered"),
        pytest.param({"options-1-DELETE": "on"}, id="option deleted"),
        pytest.param(
            {"options-TOTAL_FORMS": "4", "options-3-order": "4", "options-3-text": "Varje dag"},
            id="option added",
        ),
    ],
)
def test_question_and_options_of_an_answered_survey_do_not_change_on_its_page(
    client, vaggeryd_coordinator, answered, change
):
    client.force_login(vaggeryd_coordinator)
    single = question(answered, Kind.SINGLE)
    before = survey_state(answered)
    response = client.post(admin_url("question_change", single.pk), question_data(single, **change))
    assert response.status_code == 200
    assert FIXED in response.content.decode()
    assert survey_state(answered) == before


def test_excerpts_are_still_published_once_a_survey_has_answers(
    client, vaggeryd_coordinator, survey
):
    add_response(survey, text="Mörkt vid stationen.")
    text = question(survey, Kind.TEXT)
    client.force_login(vaggeryd_coordinator)
    url = admin_url("question_change", text.pk)
    data = page_form(client, url, "question_form")
    data.update({"excerpts-0-text": "Det är mörkt vid stationen.", "excerpts-0-order": "1"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert text.excerpts.get().text == "Det är mörkt vid stationen."


def test_unanswered_question_page_stays_editable(client, vaggeryd_coordinator, survey):
    client.force_login(vaggeryd_coordinator)
    single = question(survey, Kind.SINGLE)
    data = question_data(single, text="Hur sällan går du ut?", **{"options-0-text": "Jämt"})
    response = client.post(admin_url("question_change", single.pk), data)
    assert response.status_code == 302
    single.refresh_from_db()
    assert single.text == "Hur sällan går du ut?"
    assert options(survey)[0].text == "Jämt"


def test_no_question_is_added_to_an_answered_survey(client, vaggeryd_coordinator, answered):
    client.force_login(vaggeryd_coordinator)
    form = client.get(admin_url("question_add")).context["adminform"].form
    assert answered not in form.fields["survey"].queryset
    count = Question.objects.count()
    data = {
        "survey": str(answered.pk), "order": "9", "kind": Kind.TEXT, "text": "Ny?",
        "help_text": "", "required": "on", "scale_low_label": "", "scale_high_label": "",
        "options-TOTAL_FORMS": "0", "options-INITIAL_FORMS": "0",
    }  # fmt: skip
    assert client.post(admin_url("question_add"), data).status_code == 200
    assert Question.objects.count() == count


# Delete pages and bulk actions --------------------------------------------------------------


def test_no_question_of_an_answered_survey_is_deleted(client, vaggeryd_coordinator, answered):
    client.force_login(vaggeryd_coordinator)
    text = question(answered, Kind.TEXT)  # nobody wrote anything: it has no answers itself
    assert not text.answers.exists()
    assert client.get(admin_url("question_delete", text.pk)).status_code == 403
    assert client.post(admin_url("question_delete", text.pk), {"post": "yes"}).status_code == 403
    ids = [str(pk) for pk in answered.questions.values_list("pk", flat=True)]
    data = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    response = client.post(admin_url("question_changelist"), data)
    assert response.status_code in (200, 302, 403)
    assert answered.questions.count() == len(ids)


def test_answered_surveys_are_not_deleted_in_bulk(client, vaggeryd_coordinator, answered):
    client.force_login(vaggeryd_coordinator)
    data = {"action": "delete_selected", "_selected_action": [str(answered.pk)], "post": "yes"}
    response = client.post(admin_url("survey_changelist"), data)
    assert response.status_code in (200, 302, 403)
    assert Survey.objects.filter(pk=answered.pk).exists()
    assert answered.questions.count() == 5


# History --------------------------------------------------------------------------------------


def test_history_page_does_not_bring_back_an_earlier_title(client, vaggeryd_coordinator, survey):
    survey.title = "Utkast"
    survey.save()
    earlier = survey.history.get(title="Utkast")
    survey.title = "Trygghet i Vaggeryd"
    survey.save()
    add_response(survey)
    client.force_login(vaggeryd_coordinator)
    url = admin_url("survey_simple_history", survey.pk, earlier.history_id)
    data = {
        "title": "Utkast", "slug": survey.slug, "municipality": str(survey.municipality_id),
        "police_area": "", "introduction": survey.introduction,
        "opens_at_0": timezone.localtime(survey.opens_at).strftime("%Y-%m-%d"),
        "opens_at_1": timezone.localtime(survey.opens_at).strftime("%H:%M:%S"),
        "closes_at_0": timezone.localtime(survey.closes_at).strftime("%Y-%m-%d"),
        "closes_at_1": timezone.localtime(survey.closes_at).strftime("%H:%M:%S"),
        "is_published": "on", "publish_results_on_close": "on",
    }  # fmt: skip
    client.post(url, data)  # refused by the admin (no revert), and by the model:
    survey.refresh_from_db()
    assert survey.title == "Trygghet i Vaggeryd"
    with pytest.raises(ValidationError, match="titel"):
        earlier.instance.full_clean()


# The models ---------------------------------------------------------------------------------


def test_models_refuse_changing_what_was_asked(answered):
    single = question(answered, Kind.SINGLE)
    single.text = "Hur sällan går du ut?"
    with pytest.raises(ValidationError, match="redan svar"):
        single.full_clean()
    with pytest.raises(ValidationError):
        single.save()
    option = options(answered)[1]
    option.order = 9
    with pytest.raises(ValidationError):
        option.full_clean()
    with pytest.raises(ValidationError):
        option.save()
    with pytest.raises(ValidationError):
        Option(question=single, text="Varje dag", order=4).full_clean()
    with pytest.raises(ValidationError):
        Question.objects.create(survey=answered, kind=Kind.TEXT, text="Ny?")
    with pytest.raises(ValidationError):
        question(answered, Kind.TEXT).delete()
    with pytest.raises(ValidationError):
        Option.objects.filter(question=single).delete()
    with pytest.raises(ValidationError):
        Question.objects.filter(survey=answered).delete()
    assert survey_state(answered)[0][3] == "Hur ofta går du ut på kvällen?"
    assert Option.objects.filter(question=single).count() == 3


def test_moving_a_question_out_of_or_into_an_answered_survey_is_refused(answered, vaggeryd):
    other = make_survey(vaggeryd, slug="annan")
    moved_out = question(answered, Kind.TEXT)
    moved_out.survey = other
    with pytest.raises(ValidationError):
        moved_out.full_clean()
    moved_in = question(other, Kind.TEXT)
    moved_in.survey = answered
    with pytest.raises(ValidationError):
        moved_in.full_clean()


def test_unanswered_survey_questions_change_freely(survey):
    single = question(survey, Kind.SINGLE)
    single.text = "Hur sällan går du ut?"
    single.full_clean()
    single.save()
    option = options(survey)[0]
    option.text = "Jämt"
    option.full_clean()
    option.save()
    question(survey, Kind.TEXT).delete()
    assert survey.questions.count() == 4


def test_answered_survey_keeps_its_title_in_the_model(answered):
    answered.title = "Något annat"
    with pytest.raises(ValidationError, match="titel"):
        answered.full_clean()


def test_closing_date_of_an_answered_survey_moves_later_not_before_an_answer(answered):
    answered.closes_at += datetime.timedelta(days=30)
    answered.full_clean()
    answered.save()
    answered.closes_at = timezone.now() - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as refused:
        answered.full_clean()
    assert "closes_at" in refused.value.error_dict


def test_survey_whose_results_were_public_is_not_deleted(vaggeryd):
    closed = make_survey(vaggeryd, slug="stangd", state="closed")
    add_response(closed)
    assert closed.results_are_public()
    closed.is_published = False  # unpublished afterwards: the results were public all the same
    closed.save()
    assert not closed.results_are_public()
    assert closed.results_were_public()
    with pytest.raises(ValidationError, match="har varit offentliga"):
        closed.delete()
    with pytest.raises(ValidationError):
        Survey.objects.filter(pk=closed.pk).delete()
    assert Survey.objects.filter(pk=closed.pk).exists()


def test_survey_whose_results_never_were_public_may_be_deleted_by_the_model(survey):
    add_response(survey)  # open: the results are not public
    assert not survey.results_were_public()
    survey.delete()
    assert not Survey.objects.filter(slug="trygghet").exists()
