"""The public form for reporting an unsafe place, and the period choice of the counts page."""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from portal.tertials import MONTHS

from ..models import PlaceReport

PHONE = re.compile(r"^\+?[0-9 ()-]{5,30}$")
MIN_PHONE_DIGITS = 5
TOO_LONG = _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
# The honeypot: people never see it, so anything in it was typed by a program.
HONEYPOT = "website"
# The id of the <form> element: errors that belong to no single field link to the whole form.
FORM_ID = "rapport"


def _text(label, max_length, **kwargs):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        error_messages={"max_length": TOO_LONG},
        **kwargs,
    )


class PlaceReportForm(forms.ModelForm):
    place = forms.TypedChoiceField(
        label=_("Place in the list"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a place from the list.")},
    )
    place_text = _text(
        _("Or describe where, in your own words"),
        200,
        help_text=_("For example a street, a path, a park or a building. At most 200 characters."),
    )
    category = forms.ChoiceField(
        label=_("What kind of problem is it?"),
        choices=PlaceReport.Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of problem it is."),
            "invalid_choice": _("Choose one of the kinds of problem in the list."),
        },
    )
    description = _text(
        _("What is the problem?"),
        2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Describe the place and what makes it unsafe. Do not write names of people or "
            "anything that points out a person. At most 2000 characters."
        ),
    )
    time_of_day = forms.ChoiceField(
        label=_("When is it a problem?"),
        choices=PlaceReport.TimeOfDay.choices,
        required=False,
        initial=PlaceReport.TimeOfDay.UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the times in the list.")},
    )
    contact_name = _text(_("Name"), 100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"max_length": TOO_LONG},
    )
    contact_phone = _text(
        _("Phone"), 30, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = PlaceReport
        fields = [
            "place",
            "place_text",
            "category",
            "description",
            "time_of_day",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def __init__(self, *args, municipality, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.places = {place.pk: place for place in places}
        self.fields["place"].choices = [("", _("Choose a place"))] + [
            (place.pk, place.name) for place in places
        ]
        for field in self.fields.values():
            # A browser's maxlength cuts pasted text without a word: the server says it instead.
            field.widget.attrs.pop("maxlength", None)

    @property
    def has_places(self):
        return bool(self.places)

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_place(self):
        pk = self.cleaned_data["place"]
        return None if pk is None else self.places[pk]

    def clean_time_of_day(self):
        return self.cleaned_data["time_of_day"] or PlaceReport.TimeOfDay.UNKNOWN

    def clean_contact_phone(self):
        phone = " ".join(self.cleaned_data["contact_phone"].split())
        digits = sum(character.isdigit() for character in phone)
        if phone and (not PHONE.match(phone) or digits < MIN_PHONE_DIGITS):
            raise forms.ValidationError(
                _("Enter a phone number with digits, spaces, hyphens and an optional +.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        where = ("place", "place_text")
        if not any(cleaned.get(name) for name in where) and not any(
            name in self.errors for name in where
        ):
            if self.has_places:
                message = _("Choose a place from the list or describe where it is.")
            else:
                message = _("Describe where the place is.")
            self.add_error("place" if self.has_places else "place_text", message)
        return cleaned

    def error_summary(self):
        """(anchor, message) for every error in the order of the fields, each linked to its field.

        clean() adds the place error last; the summary still lists it first, where the field is.
        """
        order = {name: index for index, name in enumerate(self.fields)}
        summary = []
        # Errors that belong to no single field come first, linked to the whole form.
        for name in sorted(self.errors, key=lambda name: order.get(name, -1)):
            errors = self.errors[name]
            if name == NON_FIELD_ERRORS:
                anchor = FORM_ID
            else:
                bound = self[name]
                anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.auto_id
            summary.extend((anchor, message) for message in errors)
        return summary

    def submitted_values(self):
        """What the resident typed, to show again in a form that was not checked."""
        return {name: self.data.get(name, "") for name in self.Meta.fields}


class PeriodForm(forms.Form):
    """Year and optional tertial, read from the query string of the counts page."""

    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )
    tertial = forms.TypedChoiceField(
        label=_("Tertial"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a tertial from the list.")},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("The last 12 months"))] + [
            (year, str(year)) for year in years
        ]
        self.fields["tertial"].choices = [("", _("The whole year"))] + [
            (number, f"T{number} ({months})") for number, (months, *_range) in MONTHS.items()
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tertial") and not cleaned.get("year") and "year" not in self.errors:
            self.add_error("tertial", _("Choose a year for the tertial."))
        return cleaned
