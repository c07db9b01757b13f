"""Query-string filters of the API: kommun, län, police area, year and status.

Kommuner are named by their four-digit code, län by their two-digit code and police areas by
their slug, the same stable ids the resources have. A value that names nothing gives 400 with a
message, never an empty list that looks like "no pledges".
"""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from dialogue.models import DialogueActivity, Survey
from followup.models import ActivityUpdate, FollowUpReport, Indicator
from organisations.models import County, Municipality, PoliceArea
from pledges.models import Pledge


def _municipality():
    return django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(),
        to_field_name="code",
        label="Kommun code (four digits), e.g. 0665 for Vaggeryd.",
    )


def _county():
    return django_filters.ModelChoiceFilter(
        queryset=County.objects.all(),
        to_field_name="code",
        label="Län code (two digits), e.g. 06 for Jönköpings län.",
    )


def _police_area():
    return django_filters.ModelChoiceFilter(
        queryset=PoliceArea.objects.all(),
        to_field_name="slug",
        label="Local police area slug, e.g. varnamo.",
    )


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A four-digit year: whole numbers only, so no date lookup ever sees 2026.5 or 10**30."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1900, max_value=9999, **kwargs)


class MunicipalityFilter(django_filters.FilterSet):
    county = _county()
    police_area = django_filters.ModelChoiceFilter(
        field_name="police_areas",
        queryset=PoliceArea.objects.all(),
        to_field_name="slug",
        label="Local police area slug, e.g. varnamo.",
    )

    class Meta:
        model = Municipality
        fields = ["county", "police_area"]


class PoliceAreaFilter(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        field_name="municipalities",
        queryset=Municipality.objects.all(),
        to_field_name="code",
        label="Kommun code (four digits): the police areas covering it.",
    )
    county = django_filters.ModelChoiceFilter(
        field_name="municipalities__county",
        queryset=County.objects.all(),
        to_field_name="code",
        label="Län code (two digits): police areas covering a kommun in it.",
        distinct=True,
    )

    class Meta:
        model = PoliceArea
        fields = ["municipality", "county"]


PERIOD_STATUSES = [
    ("in_force", "In force today"),
    ("earlier", "Ended"),
    ("coming", "Not begun yet"),
]


class PledgeFilter(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        field_name="municipalities",
        queryset=Municipality.objects.all(),
        to_field_name="code",
        label="Kommun code (four digits), e.g. 0665 for Vaggeryd.",
    )
    county = django_filters.ModelChoiceFilter(
        field_name="municipalities__county",
        queryset=County.objects.all(),
        to_field_name="code",
        label="Län code (two digits), e.g. 06 for Jönköpings län.",
        distinct=True,
    )
    police_area = _police_area()
    year = YearFilter(
        method="filter_year", label="Pledges whose published period includes a day of this year."
    )
    status = django_filters.ChoiceFilter(
        choices=PERIOD_STATUSES,
        method="filter_status",
        label="in_force, earlier or coming, by the published period and today's date.",
    )

    class Meta:
        model = Pledge
        fields = ["municipality", "county", "police_area", "year", "status"]

    def filter_year(self, queryset, name, value):
        year = value
        return queryset.with_public_period().filter(
            public_start__lte=datetime.date(year, 12, 31).isoformat(),
            public_end__gte=datetime.date(year, 1, 1).isoformat(),
        )

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "in_force":
            return queryset.filter(pk__in=Pledge.objects.current(today))
        if value == "earlier":
            return queryset.filter(pk__in=Pledge.objects.earlier(today))
        return queryset.with_public_period().filter(public_start__gt=today.isoformat())


class FollowUpFilter(django_filters.FilterSet):
    pledge = django_filters.ModelChoiceFilter(
        queryset=Pledge.objects.published(), to_field_name="slug", label="Pledge slug."
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="pledge__municipalities",
        queryset=Municipality.objects.all(),
        to_field_name="code",
        label="Kommun code (four digits).",
    )
    county = django_filters.ModelChoiceFilter(
        field_name="pledge__municipalities__county",
        queryset=County.objects.all(),
        to_field_name="code",
        label="Län code (two digits).",
        distinct=True,
    )
    police_area = django_filters.ModelChoiceFilter(
        field_name="pledge__police_area",
        queryset=PoliceArea.objects.all(),
        to_field_name="slug",
        label="Local police area slug.",
    )
    year = YearFilter(label="The year of the tertial.")
    tertial = django_filters.ChoiceFilter(choices=FollowUpReport.Number.choices)
    activity_status = django_filters.ChoiceFilter(
        choices=ActivityUpdate.Status.choices,
        method="filter_activity_status",
        label="Reports in which at least one activity has this status.",
    )

    class Meta:
        model = FollowUpReport
        fields = [
            "pledge",
            "municipality",
            "county",
            "police_area",
            "year",
            "tertial",
            "activity_status",
        ]

    def filter_activity_status(self, queryset, name, value):
        rows = ActivityUpdate.objects.filter(report=OuterRef("pk"), status=value)
        return queryset.filter(Exists(rows))


class KeyFigureFilter(django_filters.FilterSet):
    pledge = django_filters.ModelChoiceFilter(
        queryset=Pledge.objects.published(), to_field_name="slug", label="Pledge slug."
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="pledge__municipalities",
        queryset=Municipality.objects.all(),
        to_field_name="code",
        label="Kommun code (four digits).",
    )
    police_area = django_filters.ModelChoiceFilter(
        field_name="pledge__police_area",
        queryset=PoliceArea.objects.all(),
        to_field_name="slug",
        label="Local police area slug.",
    )

    class Meta:
        model = Indicator
        fields = ["pledge", "municipality", "police_area"]


class DialogueActivityFilter(django_filters.FilterSet):
    municipality = _municipality()
    county = django_filters.ModelChoiceFilter(
        field_name="municipality__county",
        queryset=County.objects.all(),
        to_field_name="code",
        label="Län code (two digits).",
    )
    police_area = _police_area()
    year = YearFilter(field_name="starts_at__year", label="The year the activity starts.")
    kind = django_filters.ChoiceFilter(
        choices=[
            choice
            for choice in DialogueActivity.Kind.choices
            if choice[0] != DialogueActivity.Kind.STAFF_DIALOGUE
        ]
    )

    class Meta:
        model = DialogueActivity
        fields = ["municipality", "county", "police_area", "year", "kind"]


class SurveyFilter(django_filters.FilterSet):
    municipality = _municipality()
    county = django_filters.ModelChoiceFilter(
        field_name="municipality__county",
        queryset=County.objects.all(),
        to_field_name="code",
        label="Län code (two digits).",
    )
    police_area = _police_area()
    year = YearFilter(field_name="closes_at__year", label="The year the survey closed.")

    class Meta:
        model = Survey
        fields = ["municipality", "county", "police_area", "year"]
