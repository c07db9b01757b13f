"""The read-only JSON API: one viewset per published resource, the schema and its docs page.

Every response carries an ETag and a conditional GET with a matching If-None-Match gets 304
(Django's ConditionalGetMiddleware, applied to these views only). Anything but GET, HEAD and
OPTIONS is 405.
"""

from django.http import JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import decorator_from_middleware
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers as drf_serializers
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import APIRootView

from dialogue.results import survey_results
from pledges.models import PledgeVersion

from . import filters, records, reference, serializers

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


class ConditionalGetMixin:
    """ETag on every 200 answer, and 304 for a GET whose If-None-Match matches it."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        return conditional_get(super().as_view(*args, **kwargs))


class ErrorSerializer(drf_serializers.Serializer):
    detail = drf_serializers.CharField()


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such published record.")
BAD_FILTER = OpenApiResponse(
    description="A malformed filter or one out of range; the answer says which and why."
)


def documented(serializer, name):
    """Schema of a list and a detail view, with the error answers they give."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {name}",
            responses={200: serializer(many=True), 400: BAD_FILTER, 404: NOT_FOUND},
        ),
        retrieve=extend_schema(
            summary=f"One of the {name}", responses={200: serializer, 404: NOT_FOUND}
        ),
    )


class ReadOnlyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    pass


@documented(serializers.CountySerializer, "counties (län)")
class CountyViewSet(ReadOnlyViewSet):
    """Sweden's 21 län, by their two-digit code."""

    serializer_class = serializers.CountySerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2}"
    filter_backends = []

    def get_queryset(self):
        return records.counties()


@documented(serializers.MunicipalitySerializer, "municipalities (kommuner)")
class MunicipalityViewSet(ReadOnlyViewSet):
    """Sweden's 290 kommuner, by their four-digit kommun code, with the pledge in force."""

    serializer_class = serializers.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{4}"

    def get_queryset(self):
        return records.municipalities()


@documented(serializers.PoliceAreaSerializer, "local police areas")
class PoliceAreaViewSet(ReadOnlyViewSet):
    """Local police areas (lokalpolisområden) and the kommuner each covers."""

    serializer_class = serializers.PoliceAreaSerializer
    filterset_class = filters.PoliceAreaFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return records.police_areas().distinct()


@documented(serializers.PledgeSerializer, "published pledges")
class PledgeViewSet(ReadOnlyViewSet):
    """Published pledges, each as its published version shows it, with the latest published
    status of every activity. Drafts, withdrawn pledges and changes waiting for approval are
    never shown."""

    serializer_class = serializers.PledgeSerializer
    filterset_class = filters.PledgeFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        # The filters match kommuner and län in subqueries (api.filters), so no DISTINCT.
        return records.pledges()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return records.prepare_pledges(page) if page is not None else None

    def get_object(self):
        return records.prepare_pledges([super().get_object()])[0]

    @extend_schema(
        summary="One published version of a pledge",
        responses={200: serializers.PledgeVersionSerializer, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        url_path=r"versions/(?P<number>[0-9]{1,6})",
        url_name="version",
        serializer_class=serializers.PledgeVersionSerializer,
        filter_backends=[],
    )
    def version(self, request, slug=None, number=None):
        """An earlier (or the current) published version, at a stable address."""
        pledge = get_object_or_404(self.get_queryset(), slug=slug)
        version = get_object_or_404(
            PledgeVersion.objects.filter(pledge=pledge, published_at__isnull=False),
            number=int(number),
        )
        records.prepare_pledges([pledge], versions={pledge.pk: version})
        pledge.is_current = version.pk == pledge.published_version_id
        return Response(self.get_serializer(pledge).data)


@documented(serializers.FollowUpSerializer, "published follow-up reports")
class FollowUpViewSet(ReadOnlyViewSet):
    """Published tertial follow-ups of published pledges: every activity's status, key-figure
    values and public corrections."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = serializers.FollowUpSerializer
    filterset_class = filters.FollowUpFilter

    def get_queryset(self):
        # The filters match kommuner and län in subqueries (api.filters), so no DISTINCT.
        return records.follow_ups()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return records.prepare_follow_ups(page) if page is not None else None

    def get_object(self):
        return records.prepare_follow_ups([super().get_object()])[0]


@documented(serializers.KeyFigureSerializer, "key figures of published pledges")
class KeyFigureViewSet(ReadOnlyViewSet):
    """Key figures (nyckeltal) of published pledges with their values in published reports."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = serializers.KeyFigureSerializer
    filterset_class = filters.KeyFigureFilter

    def get_queryset(self):
        # The filters match kommuner and län in subqueries (api.filters), so no DISTINCT.
        return records.key_figures()


@documented(serializers.DialogueActivitySerializer, "public dialogue activities")
class DialogueActivityViewSet(ReadOnlyViewSet):
    """Published citizen dialogue meetings, safety walks, survey rounds and other activities;
    staff dialogue is internal and never shown."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = serializers.DialogueActivitySerializer
    filterset_class = filters.DialogueActivityFilter

    def get_queryset(self):
        return records.dialogue_activities()


@documented(serializers.SurveySerializer, "surveys with published results")
class SurveyViewSet(ReadOnlyViewSet):
    """Surveys whose results are public; one survey's results are counts and shares per
    question, never what anyone wrote."""

    lookup_value_regex = r"[0-9]+"
    serializer_class = serializers.SurveySerializer
    filterset_class = filters.SurveyFilter

    def get_queryset(self):
        return records.surveys()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SurveyResultsSerializer
        return super().get_serializer_class()

    @extend_schema(responses={200: serializers.SurveyResultsSerializer, 404: NOT_FOUND})
    def retrieve(self, request, *args, **kwargs):
        survey = self.get_object()
        survey.results = survey_results(survey)
        return Response(self.get_serializer(survey).data)


class RootView(ConditionalGetMixin, APIRootView):
    """The API's resources, each a link."""


class SchemaView(ConditionalGetMixin, SpectacularAPIView):
    pass


def not_found(request, path):
    """Any other address under /api/: a 404 in JSON, like the API's own."""
    return JsonResponse({"detail": "Not found."}, status=404)


def docs(request):
    """The operations, read from the schema; Swagger UI from the portal's own files on demand."""
    return render(request, "api/docs.html", {"operations": reference.operations()})
