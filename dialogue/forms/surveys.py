"""The resident's survey form, built from the survey's questions, and how an answer is saved."""

from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.content_language import ContentText, page_language

from ..models import Answer, Question, Response
from ..results import SCALE, scale_label

MAX_TEXT_LENGTH = 2000
MAX_OTHER_PLACE_LENGTH = 150
OTHER = "other"
HONEYPOT = "homepage"

REQUIRED = _("Answer this question.")


def interface_text(text):
    """A label the interface gives (not staff's), in the page's language like the page."""
    return ContentText(str(text), page_language())


TOO_LONG = _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")


@dataclass(frozen=True)
class Choice:
    """One radio button or checkbox as the template draws it."""

    value: str
    label: str
    input_id: str
    checked: bool


@dataclass
class QuestionField:
    """A question with its bound field(s) and the ids that tie label, help and error together."""

    question: Question
    field: forms.BoundField
    other: forms.BoundField | None = None
    choices: tuple[Choice, ...] = ()

    WIDGETS = {
        Question.Kind.SINGLE: "radio",
        Question.Kind.SCALE: "radio",
        Question.Kind.MULTIPLE: "checkbox",
        Question.Kind.PLACE: "select",
        Question.Kind.TEXT: "textarea",
    }

    @property
    def widget(self):
        return self.WIDGETS[self.question.kind]

    @property
    def text(self):
        """The question as this page shows it: in English where it has an English version."""
        return self.question.shown_text()

    @property
    def help_text(self):
        return self.question.shown_help_text()

    @property
    def input_id(self):
        return f"q{self.question.pk}"

    @property
    def other_id(self):
        return f"q{self.question.pk}-other"

    @property
    def first_input_id(self):
        """Where the error summary points: the first radio button or checkbox, or the field."""
        if self.widget in {"radio", "checkbox"} and self.choices:
            return self.choices[0].input_id
        if self.other is not None and self.other.errors and not self.field.errors:
            return self.other_id
        return self.input_id

    @property
    def help_id(self):
        return f"q{self.question.pk}-help"

    @property
    def error_id(self):
        return f"q{self.question.pk}-error"

    @property
    def max_length(self):
        return MAX_TEXT_LENGTH

    @property
    def has_help(self):
        return bool(self.help_text) or self.widget in {"textarea", "checkbox"}

    @property
    def errors(self):
        return [*self.field.errors, *(self.other.errors if self.other else [])]

    @property
    def describedby(self):
        ids = [self.help_id] if self.has_help else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)


class SurveyForm(forms.Form):
    """One field per question (`q<id>`), plus `q<id>-other` for a place not in the list.

    Choices come from the question's own options and the kommun's own places, so a tampered
    option id or a place of another kommun is an invalid choice, never a stored answer.

    Questions and options are labelled in the page's language where they have an English
    version (Question.shown_text); the answers are the same rows in either language.
    """

    homepage = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200, strip=False
    )

    def __init__(self, survey, questions, places, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        # A choice question without options cannot be answered; the admin warns about it.
        self.questions = [
            question
            for question in questions
            if question.kind not in Question.CHOICE_KINDS or question.options.all()
        ]
        self.places = {place.pk: place for place in places}
        for question in self.questions:
            self.fields[self.field_name(question)] = self.field_for(question)
            if question.kind == Question.Kind.PLACE:
                self.fields[self.other_name(question)] = forms.CharField(
                    label=_("Other place"),
                    required=False,
                    max_length=MAX_OTHER_PLACE_LENGTH,
                    error_messages={"max_length": TOO_LONG},
                )

    @staticmethod
    def field_name(question):
        return f"q{question.pk}"

    @staticmethod
    def other_name(question):
        return f"q{question.pk}-other"

    def field_for(self, question):
        Kind = Question.Kind
        common = {
            "label": question.shown_text(),
            "help_text": question.shown_help_text(),
            "required": question.required,
        }
        invalid = {"required": REQUIRED}
        if question.kind == Kind.SINGLE:
            return forms.TypedChoiceField(
                choices=[(option.pk, option.shown_text()) for option in question.options.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={**invalid, "invalid_choice": _("Choose one of the options.")},
                **common,
            )
        if question.kind == Kind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                choices=[(option.pk, option.shown_text()) for option in question.options.all()],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                error_messages={**invalid, "invalid_choice": _("Choose among the options.")},
                **common,
            )
        if question.kind == Kind.SCALE:
            return forms.TypedChoiceField(
                choices=[(value, scale_label(question, value)) for value in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={**invalid, "invalid_choice": _("Choose a value from 1 to 5.")},
                **common,
            )
        if question.kind == Kind.PLACE:
            # Required is checked in clean(): typing an other place is an answer too.
            common["required"] = False
            return forms.ChoiceField(
                choices=[
                    ("", interface_text(_("Choose a place"))),
                    # Place names are staff's Swedish (ContentText's default language).
                    *((str(pk), ContentText(place.name)) for pk, place in self.places.items()),
                    (OTHER, interface_text(_("Other place"))),
                ],
                error_messages={
                    **invalid,
                    "invalid_choice": _("Choose one of the places in the list, or “Other place”."),
                },
                **common,
            )
        return forms.CharField(
            max_length=MAX_TEXT_LENGTH,
            widget=forms.Textarea,
            error_messages={**invalid, "max_length": TOO_LONG},
            **common,
        )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = self.field_name(question)
            if question.kind == Question.Kind.MULTIPLE and cleaned.get(name):
                # A checkbox posted twice is one choice.
                cleaned[name] = list(dict.fromkeys(cleaned[name]))
            if question.kind == Question.Kind.PLACE and name in cleaned:
                other = cleaned.get(self.other_name(question), "")
                if other and not cleaned[name]:
                    cleaned[name] = OTHER  # they typed a place without choosing "Other place"
                if question.required and not cleaned[name]:
                    self.add_error(name, REQUIRED)
        return cleaned

    @property
    def is_spam(self):
        """A filled-in honeypot: people never see the field, simple bots fill in everything."""
        return bool(self.data.get(HONEYPOT))

    # Rendering ---------------------------------------------------------------------------

    def question_fields(self):
        """The questions in order, each with what the template needs to draw it accessibly."""
        items = []
        for question in self.questions:
            bound = self[self.field_name(question)]
            is_place = question.kind == Question.Kind.PLACE
            other = self[self.other_name(question)] if is_place else None
            choices = ()
            if question.kind != Question.Kind.TEXT:
                value = bound.value()
                if is_place:  # clean() may have chosen "other" for a typed place
                    value = getattr(self, "cleaned_data", {}).get(bound.name, value)
                selected = {str(v) for v in value} if isinstance(value, list) else {str(value)}
                choices = tuple(
                    Choice(str(v), label, f"q{question.pk}-{index}", str(v) in selected)
                    for index, (v, label) in enumerate(bound.field.choices)
                )
            items.append(QuestionField(question, bound, other, choices))
        return items

    def error_summary(self, items):
        """(field id, message) for each question with an error, in the order of the questions:
        the question as the page shows it, in a span marking its language where that is not the
        page's (a Swedish question on the English page)."""
        summary = []
        for item in items:
            if not item.errors:
                continue
            errors = " ".join(map(str, item.errors))
            if item.text.lang == page_language():
                message = f"{item.text} – {errors}"
            else:
                message = format_html(
                    '<span lang="{}">{}</span> – {}', item.text.lang, item.text, errors
                )
            summary.append((item.first_input_id, message))
        return summary

    # Saving ------------------------------------------------------------------------------

    def answers(self):
        """Unsaved Answer rows for the cleaned data: one per chosen option, one per other kind."""
        rows = []
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if value in (None, "", []):
                continue
            row = {"survey": self.survey, "question": question}
            kind = question.kind
            if kind == Question.Kind.MULTIPLE:
                rows += [Answer(**row, option_id=option_id) for option_id in value]
            elif kind == Question.Kind.SINGLE:
                rows.append(Answer(**row, option_id=value))
            elif kind == Question.Kind.SCALE:
                rows.append(Answer(**row, scale=value))
            elif kind == Question.Kind.PLACE:
                if value == OTHER:
                    other = self.cleaned_data.get(self.other_name(question), "")
                    rows.append(Answer(**row, text=other))
                else:
                    rows.append(Answer(**row, place=self.places[int(value)]))
            else:
                rows.append(Answer(**row, text=value))
        return rows

    @staticmethod
    def language():
        """The language of the page answered: English on /en/, else Swedish."""
        english = page_language() == Response.Language.ENGLISH
        return Response.Language.ENGLISH if english else Response.Language.SWEDISH

    @transaction.atomic
    def save(self):
        """The whole answer or nothing: the response and its answers in one transaction."""
        answers = self.answers()
        response = Response.objects.create(survey=self.survey, language=self.language())
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
        return response
