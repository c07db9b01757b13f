"""The filters of the list of pledges: a GET form whose values make a linkable address."""

from django import forms
from django.db import connection
from django.db.models import F, Max, Min, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import County, Municipality, PoliceArea

from .models import Activity
from .search import MAX_QUERY_LENGTH
from .themes import THEMES

# Values in the address are Swedish words, the same in every language of the interface.
STATUSES = {
    "aktuella": ("current", _("In force")),
    "tidigare": ("earlier", _("Earlier")),
    "kommande": ("coming", _("Coming")),
}
RESPONSIBLE = {
    "polisen": (Activity.Responsible.POLICE, _("The police")),
    "kommunen": (Activity.Responsible.MUNICIPALITY, _("The municipality")),
    "tillsammans": (Activity.Responsible.TOGETHER, _("Together")),
}


class PledgeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Words in the promise, the activities or the follow-ups, e.g. trygghetsvandring."
        ),
        error_messages={"max_length": _("Use at most %(limit_value)d characters in the search.")},
    )
    lan = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All counties"),
        error_messages={"invalid_choice": _("There is no county with that code.")},
    )
    polisomrade = forms.ModelChoiceField(
        label=_("Local police area"),
        queryset=PoliceArea.objects.order_by("name", "pk"),
        to_field_name="slug",
        required=False,
        empty_label=_("All police areas"),
        error_messages={"invalid_choice": _("There is no local police area with that address.")},
    )
    kommun = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All municipalities"),
        error_messages={"invalid_choice": _("There is no municipality with that address.")},
    )
    ar = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a year in which a pledge applies.")},
    )
    status = forms.ChoiceField(
        label=_("In force or not"),
        required=False,
        choices=[("", _("All"))] + [(key, label) for key, (_x, label) in STATUSES.items()],
        error_messages={"invalid_choice": _("Choose in force, earlier or coming.")},
    )
    tema = forms.ChoiceField(
        label=_("Theme"),
        required=False,
        choices=[("", _("All themes"))] + [(t.slug, t.label) for t in THEMES],
        error_messages={"invalid_choice": _("There is no such theme.")},
    )
    utfors = forms.ChoiceField(
        label=_("Activities carried out by"),
        required=False,
        choices=[("", _("Anyone"))] + [(key, label) for key, (_x, label) in RESPONSIBLE.items()],
        error_messages={"invalid_choice": _("Choose the police, the municipality or together.")},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["polisomrade"].label_from_instance = lambda area: area.name

    def full_clean(self):
        super().full_clean()
        # A field in error names its message, so that a screen reader reads it with the field.
        for name in self.errors:
            if name in self.fields:
                ids = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    ids.append(f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)

    def filter(self, pledges):
        """The pledges that every valid filter lets through; a filter in error is left out."""
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if "status" in data:
            pledges = getattr(pledges, STATUSES[data["status"]][0])(timezone.localdate())
        for name, method in FILTERS.items():
            if name in data:
                pledges = getattr(pledges, method)(data[name])
        if "utfors" in data:
            pledges = pledges.carried_out_by(RESPONSIBLE[data["utfors"]][0])
        if "q" in data:
            pledges = pledges.search(data["q"])
        return pledges


# Form field → PledgeQuerySet method that takes its cleaned value.
FILTERS = {
    "lan": "in_county",
    "polisomrade": "in_police_area",
    "kommun": "in_municipality",
    "ar": "in_year",
    "tema": "with_theme",
}


def public_years(pledges):
    """The years in which some published pledge applies, newest first (one query).

    The first start and the last end, each the first row of an ordered subquery (not MIN and
    MAX over every published version): read from the period indexes on the versions, so that
    no version's content is read whole (at national scale MIN/MAX read all 2,500, 50 ms).
    """
    if not connection.features.supports_slicing_ordering_in_compound:  # SQLite
        bounds = (
            pledges.published()
            .with_public_period()
            .annotate(start=F("public_start"), end=F("public_end"))
            .aggregate(first=Min("start"), last=Max("end"))
        )
        return _years(bounds)
    published = (
        pledges.published()
        .with_public_period()
        # A condition on the version: an inner join, which the ordered index scan can drive.
        .filter(published_version__published_at__isnull=False)
    )
    first = (
        published.filter(public_start__isnull=False)
        .annotate(bound=Value("first"), day=F("public_start"))
        .order_by("public_start")
        .values_list("bound", "day")[:1]
    )
    last = (
        published.filter(public_end__isnull=False)
        .annotate(bound=Value("last"), day=F("public_end"))
        .order_by("-public_end")
        .values_list("bound", "day")[:1]
    )
    return _years(dict(first.union(last, all=True)))


def _years(bounds):
    if not bounds.get("first") or not bounds.get("last"):
        return []
    return list(range(int(bounds["last"][:4]), int(bounds["first"][:4]) - 1, -1))
