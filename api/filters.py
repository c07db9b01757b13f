"""Query-string filters of the API: kommun, län, police area, year and status.

Kommuner are named by their four-digit code, län by their two-digit code and police areas and
pledges by their slug, the same stable ids the resources have. A malformed value (or a year
or status out of range) gives 400 with a message; a well-formed one that names nothing matches
nothing.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field

from dialogue.models import DialogueActivity, Survey
from followup.models import ActivityUpdate, FollowUpReport, Indicator
from organisations.models import Municipality, PoliceArea
from pledges.models import Pledge, PledgeMunicipality

MUNICIPALITY_CODE = r"^[0-9]{4}$"
COUNTY_CODE = r"^[0-9]{2}$"
SLUG = r"^[-a-zA-Z0-9_]+$"


class IdFilter(django_filters.CharFilter):
    """A kommun code, län code or slug: malformed is 400 with a message; well formed but naming
    nothing is simply no match (an empty list), as the schema promises for any such value."""

    field_class = forms.RegexField

    def __init__(self, *args, regex, **kwargs):
        super().__init__(*args, regex=regex, **kwargs)
        self.regex = regex


def _id_filter(field_name, regex, label, distinct=False):
    filter_ = IdFilter(field_name=field_name, regex=regex, label=label, distinct=distinct)
    # Empty is allowed, as everywhere on the web: ?county= filters nothing out.
    pattern = f"^({regex.strip('^$')})?$"
    return extend_schema_field({"type": "string", "pattern": pattern})(filter_)


def municipality_filter(field_name="municipality__code", distinct=False):
    label = "Kommun code (four digits), e.g. 0665 for Vaggeryd."
    return _id_filter(field_name, MUNICIPALITY_CODE, label, distinct)


def county_filter(field_name="municipality__county__code", distinct=False):
    label = "Län code (two digits), e.g. 06 for Jönköpings län."
    return _id_filter(field_name, COUNTY_CODE, label, distinct)


def police_area_filter(field_name="police_area__slug", distinct=False):
    return _id_filter(field_name, SLUG, "Local police area slug, e.g. varnamo.", distinct)


class PledgeKommunFilter(IdFilter):
    """A kommun or län code matched through the pledge's kommuner in an EXISTS subquery, not a
    join: a pledge of several kommuner in one län stays one row, so the list needs no DISTINCT
    (which sorted whole rows, pledge content included, at national scale)."""

    def __init__(self, *args, pledge_ref, code_lookup, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge_ref = pledge_ref
        self.code_lookup = code_lookup

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        rows = PledgeMunicipality.objects.filter(
            pledge=OuterRef(self.pledge_ref), **{self.code_lookup: value}
        )
        return qs.filter(Exists(rows))


def pledge_kommun_filter(pledge_ref, code_lookup, regex, label):
    filter_ = PledgeKommunFilter(
        regex=regex, label=label, pledge_ref=pledge_ref, code_lookup=code_lookup
    )
    pattern = f"^({regex.strip('^$')})?$"
    return extend_schema_field({"type": "string", "pattern": pattern})(filter_)


def pledge_municipality_filter(pledge_ref="pk"):
    label = "Kommun code (four digits), e.g. 0665 for Vaggeryd."
    return pledge_kommun_filter(pledge_ref, "municipality__code", MUNICIPALITY_CODE, label)


def pledge_county_filter(pledge_ref="pk"):
    label = "Län code (two digits), e.g. 06 for Jönköpings län."
    return pledge_kommun_filter(pledge_ref, "municipality__county__code", COUNTY_CODE, label)


def pledge_filter(field_name="pledge__slug"):
    return _id_filter(field_name, SLUG, "Pledge slug, e.g. vaggeryd-2026-2027.")


@extend_schema_field({"type": "integer", "minimum": 1900, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    """A four-digit year: whole numbers only, so no date lookup ever sees 2026.5 or 10**30."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1900, max_value=9999, **kwargs)


class MunicipalityFilter(django_filters.FilterSet):
    county = county_filter("county__code")
    police_area = police_area_filter("police_areas__slug")

    class Meta:
        model = Municipality
        fields = ["county", "police_area"]


class PoliceAreaFilter(django_filters.FilterSet):
    municipality = municipality_filter("municipalities__code")
    county = county_filter("municipalities__county__code", distinct=True)

    class Meta:
        model = PoliceArea
        fields = ["municipality", "county"]


PERIOD_STATUSES = [
    ("in_force", "In force today"),
    ("earlier", "Ended"),
    ("coming", "Not begun yet"),
]


class PledgeFilter(django_filters.FilterSet):
    municipality = pledge_municipality_filter()
    county = pledge_county_filter()
    police_area = police_area_filter()
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
        return queryset.with_public_period().filter(
            public_start__lte=datetime.date(value, 12, 31).isoformat(),
            public_end__gte=datetime.date(value, 1, 1).isoformat(),
        )

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "in_force":
            return queryset.filter(pk__in=Pledge.objects.current(today))
        if value == "earlier":
            return queryset.filter(pk__in=Pledge.objects.earlier(today))
        return queryset.with_public_period().filter(public_start__gt=today.isoformat())


class FollowUpFilter(django_filters.FilterSet):
    pledge = pledge_filter()
    municipality = pledge_municipality_filter("pledge_id")
    county = pledge_county_filter("pledge_id")
    police_area = police_area_filter("pledge__police_area__slug")
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
    pledge = pledge_filter()
    municipality = pledge_municipality_filter("pledge_id")
    police_area = police_area_filter("pledge__police_area__slug")

    class Meta:
        model = Indicator
        fields = ["pledge", "municipality", "police_area"]


class DialogueActivityFilter(django_filters.FilterSet):
    municipality = municipality_filter()
    county = county_filter()
    police_area = police_area_filter()
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
    municipality = municipality_filter()
    county = county_filter()
    police_area = police_area_filter()
    year = YearFilter(field_name="closes_at__year", label="The year the survey closed.")

    class Meta:
        model = Survey
        fields = ["municipality", "county", "police_area", "year"]
