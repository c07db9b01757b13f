"""How the API shows each published record: explicit fields, links between resources as URLs.

A pledge is shown from its published version (the frozen `content` snapshot, read through
`pledges.versions.Content`), never from the working copy that staff may be editing.
"""

from django.conf import settings
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from dialogue.models import DialogueActivity, Question, Survey
from followup.models import ActivityUpdate, FollowUpReport, Indicator
from organisations.models import County, Municipality, PoliceArea
from pledges.models import Activity, FocusArea


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


def page_url(request, obj):
    """A record's page on the portal, at its Swedish (default) address whatever the client's
    Accept-Language: the API has one address in every language."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(request, obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """The record's public page on the portal, as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return page_url(self.context.get("request"), value)


# Organisations ---------------------------------------------------------------------------


class CountyLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:county-detail", lookup_field="code")

    class Meta:
        model = County
        fields = ["url", "code", "name"]


class MunicipalityLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:municipality-detail", lookup_field="code"
    )

    class Meta:
        model = Municipality
        fields = ["url", "code", "name"]


class PoliceAreaLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:policearea-detail", lookup_field="slug"
    )

    class Meta:
        model = PoliceArea
        fields = ["url", "slug", "name"]


class PledgeLinkSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    slug = serializers.CharField()
    title = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, pledge):
        return reverse("api:pledge-detail", [pledge.slug], request=self.context.get("request"))

    def get_title(self, pledge) -> str:
        return pledge.published_version.content["title"]


class CountySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:county-detail", lookup_field="code")
    municipalities = serializers.SerializerMethodField(
        help_text="The county's kommuner: the municipality list filtered on this county."
    )

    class Meta:
        model = County
        fields = ["url", "code", "name", "short_name", "municipalities"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_municipalities(self, county):
        url = reverse("api:municipality-list", request=self.context.get("request"))
        return f"{url}?county={county.code}"


class MunicipalitySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:municipality-detail", lookup_field="code"
    )
    county = CountyLinkSerializer()
    police_areas = PoliceAreaLinkSerializer(many=True)
    current_pledge = serializers.SerializerMethodField(
        help_text="The published pledge in force today, if the kommun has one."
    )
    pledges = serializers.SerializerMethodField(
        help_text="All the kommun's published pledges: the pledge list filtered on this kommun."
    )
    web_url = WebUrlField()

    class Meta:
        model = Municipality
        fields = [
            "url",
            "code",
            "name",
            "official_name",
            "slug",
            "county",
            "police_areas",
            "current_pledge",
            "pledges",
            "web_url",
        ]

    @extend_schema_field(PledgeLinkSerializer(allow_null=True))
    def get_current_pledge(self, municipality):
        current = municipality.current_pledges
        return PledgeLinkSerializer(current[0], context=self.context).data if current else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_pledges(self, municipality):
        url = reverse("api:pledge-list", request=self.context.get("request"))
        return f"{url}?municipality={municipality.code}"


class PoliceAreaSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:policearea-detail", lookup_field="slug"
    )
    police_region = serializers.CharField(source="police_region.name")
    municipalities = MunicipalityLinkSerializer(many=True)

    class Meta:
        model = PoliceArea
        fields = ["url", "slug", "name", "police_region", "municipalities"]


# Pledges: read from the published version ------------------------------------------------


class FocusAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=FocusArea.Kind.choices)
    description = serializers.CharField()
    place = serializers.CharField(allow_null=True, help_text="The place's name, for a place.")


class LatestUpdateSerializer(serializers.Serializer):
    """The activity's row in its most recent published follow-up."""

    follow_up = serializers.SerializerMethodField()
    year = serializers.IntegerField(source="report.year")
    tertial = serializers.IntegerField(source="report.tertial")
    status = serializers.ChoiceField(choices=ActivityUpdate.Status.choices)
    achieved = serializers.IntegerField(allow_null=True)
    narrative = serializers.CharField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_follow_up(self, update):
        return reverse(
            "api:followup-detail", [update.report_id], request=self.context.get("request")
        )


class ShownActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable id; follow-up updates name it.")
    description = serializers.CharField(help_text="What is done (“Detta gör vi genom att …”).")
    responsible = serializers.ChoiceField(choices=Activity.Responsible.choices)
    target_count = serializers.IntegerField(allow_null=True)
    target_unit = serializers.CharField()
    focus_areas = serializers.ListField(child=serializers.CharField())
    places = serializers.ListField(child=serializers.CharField())
    order = serializers.IntegerField()
    carried_over_from = serializers.IntegerField(
        allow_null=True, help_text="The id of the earlier pledge's activity this one continues."
    )
    status = serializers.ChoiceField(
        choices=ActivityUpdate.Status.choices,
        help_text=(
            "The latest published status; carried_over once a later published pledge continues "
            "the activity; not_reported when no published follow-up has reported on it."
        ),
    )
    latest_update = LatestUpdateSerializer(allow_null=True)


class SignatorySerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    organisation = serializers.CharField()


class VersionLinkSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    change_reason = serializers.CharField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, version):
        return reverse(
            "api:pledge-version",
            [version.pledge_slug, version.number],
            request=self.context.get("request"),
        )


class PledgeContentSerializer(serializers.Serializer):
    """One published version of a pledge: its number and everything both sides approved."""

    version = serializers.IntegerField(source="shown_version.number")
    version_published_at = serializers.DateTimeField(source="shown_version.published_at")
    change_reason = serializers.CharField(
        source="shown_version.change_reason",
        help_text="Why this version changed the previous one (empty for version 1).",
    )
    title = serializers.CharField(source="shown.title")
    start_date = serializers.DateField(source="shown.start_date")
    end_date = serializers.DateField(source="shown.end_date")
    signed_on = serializers.DateField(source="shown.signed_on", allow_null=True)
    municipalities = MunicipalityLinkSerializer(source="shown_municipalities", many=True)
    police_area = PoliceAreaLinkSerializer(source="shown_police_area", allow_null=True)
    promise = serializers.CharField(source="shown.promise")
    effect = serializers.CharField(source="shown.effect")
    background = serializers.CharField(source="shown.background")
    situation_method = serializers.CharField(source="shown.situation_method")
    follow_up_method = serializers.CharField(source="shown.follow_up_method")
    focus_areas = FocusAreaSerializer(source="shown.focus_areas", many=True)
    activities = ShownActivitySerializer(source="shown.activities", many=True)
    signatories = SignatorySerializer(source="shown.signatories", many=True)


class PledgeSerializer(PledgeContentSerializer):
    url = serializers.SerializerMethodField()
    slug = serializers.CharField()
    period_status = serializers.ChoiceField(
        choices=["in_force", "earlier", "coming"],
        help_text="Whether the published period has not begun, is running or has ended today.",
    )
    published_at = serializers.DateTimeField(help_text="When the pledge was first published.")
    previous = serializers.SerializerMethodField(help_text="The published pledge this follows.")
    versions = VersionLinkSerializer(source="published_versions", many=True)
    follow_ups = serializers.SerializerMethodField(
        help_text="The pledge's published follow-ups: the follow-up list filtered on this pledge."
    )
    key_figures = serializers.SerializerMethodField(
        help_text="The pledge's key figures: the key-figure list filtered on this pledge."
    )
    web_url = WebUrlField()

    field_order = ["url", "slug", "period_status", "published_at"]

    def get_fields(self):
        fields = super().get_fields()
        first = {name: fields.pop(name) for name in self.field_order}
        return {**first, **fields}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, pledge):
        return reverse("api:pledge-detail", [pledge.slug], request=self.context.get("request"))

    @extend_schema_field(PledgeLinkSerializer(allow_null=True))
    def get_previous(self, pledge):
        previous = pledge.previous
        if previous is None or not previous.is_published:
            return None
        return PledgeLinkSerializer(previous, context=self.context).data

    def _filtered(self, name, pledge):
        url = reverse(name, request=self.context.get("request"))
        return f"{url}?pledge={pledge.slug}"

    @extend_schema_field(OpenApiTypes.URI)
    def get_follow_ups(self, pledge):
        return self._filtered("api:followup-list", pledge)

    @extend_schema_field(OpenApiTypes.URI)
    def get_key_figures(self, pledge):
        return self._filtered("api:keyfigure-list", pledge)


class PledgeVersionSerializer(PledgeContentSerializer):
    """A published version of a pledge at its stable address; the activities' statuses are
    today's, as on the version's page."""

    pledge = serializers.SerializerMethodField()
    is_current = serializers.BooleanField(help_text="Whether residents see this version now.")

    def get_fields(self):
        fields = super().get_fields()
        return {"pledge": fields.pop("pledge"), "is_current": fields.pop("is_current"), **fields}

    @extend_schema_field(OpenApiTypes.URI)
    def get_pledge(self, pledge):
        return reverse("api:pledge-detail", [pledge.slug], request=self.context.get("request"))


# Follow-up -------------------------------------------------------------------------------


class ReportUpdateSerializer(serializers.Serializer):
    """An activity's row in a published report, as it stood when the report was published."""

    activity = serializers.IntegerField(source="activity_id", help_text="The activity's id.")
    description = serializers.CharField(source="activity_description")
    responsible = serializers.ChoiceField(
        source="activity_responsible", choices=Activity.Responsible.choices
    )
    target_count = serializers.IntegerField(source="activity_target_count", allow_null=True)
    target_unit = serializers.CharField(source="activity_target_unit")
    status = serializers.ChoiceField(choices=ActivityUpdate.Status.choices)
    achieved = serializers.IntegerField(allow_null=True)
    narrative = serializers.CharField()
    evidence_url = serializers.CharField(help_text="A link given as evidence, or empty.")
    evidence_file = serializers.SerializerMethodField(
        help_text="The evidence file on the portal, or null."
    )

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_evidence_file(self, update):
        if not update.evidence_file:
            return None
        report = update.report
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse(
                "followup:evidence", args=[report.pledge.slug, report.period.slug, update.pk]
            )
        return absolute(self.context.get("request"), path)


class KeyFigureValueSerializer(serializers.Serializer):
    key_figure = serializers.SerializerMethodField()
    name = serializers.CharField()
    unit = serializers.CharField()
    target = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=10, decimal_places=2)

    @extend_schema_field(OpenApiTypes.URI)
    def get_key_figure(self, value):
        return reverse(
            "api:keyfigure-detail", [value.indicator_id], request=self.context.get("request")
        )


class CorrectionSerializer(serializers.Serializer):
    made_at = serializers.DateTimeField()
    reason = serializers.CharField()
    changes = serializers.CharField()


class FollowUpSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:followup-detail")
    pledge = PledgeLinkSerializer()
    period = serializers.CharField(source="period.slug", help_text="E.g. 2026-t1.")
    updates = ReportUpdateSerializer(source="shown_updates", many=True)
    key_figures = KeyFigureValueSerializer(source="values", many=True)
    corrections = CorrectionSerializer(many=True)
    web_url = WebUrlField()

    class Meta:
        model = FollowUpReport
        fields = [
            "url",
            "id",
            "pledge",
            "year",
            "tertial",
            "period",
            "summary",
            "published_at",
            "updates",
            "key_figures",
            "corrections",
            "web_url",
        ]


class IndicatorValueRowSerializer(serializers.Serializer):
    follow_up = serializers.SerializerMethodField()
    year = serializers.IntegerField(source="report.year")
    tertial = serializers.IntegerField(source="report.tertial")
    value = serializers.DecimalField(max_digits=10, decimal_places=2)

    @extend_schema_field(OpenApiTypes.URI)
    def get_follow_up(self, value):
        return reverse(
            "api:followup-detail", [value.report_id], request=self.context.get("request")
        )


class KeyFigureSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:keyfigure-detail")
    pledge = PledgeLinkSerializer()
    values = IndicatorValueRowSerializer(source="published_values", many=True)

    class Meta:
        model = Indicator
        fields = ["url", "id", "pledge", "name", "unit", "target", "order", "values"]


# Dialogue --------------------------------------------------------------------------------


class DialogueActivitySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:dialogueactivity-detail")
    municipality = MunicipalityLinkSerializer()
    police_area = PoliceAreaLinkSerializer(allow_null=True)
    place = serializers.CharField(source="place.name", allow_null=True, default=None)
    web_url = WebUrlField()

    class Meta:
        model = DialogueActivity
        fields = [
            "url",
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "municipality",
            "police_area",
            "place",
            "location",
            "description",
            "open_to_public",
            "participants",
            "summary",
            "web_url",
        ]


class SurveySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:survey-detail")
    municipality = MunicipalityLinkSerializer()
    police_area = PoliceAreaLinkSerializer(allow_null=True)
    responses = serializers.IntegerField(source="response_count")
    web_url = WebUrlField()

    class Meta:
        model = Survey
        fields = [
            "url",
            "id",
            "slug",
            "title",
            "introduction",
            "municipality",
            "police_area",
            "opens_at",
            "closes_at",
            "responses",
            "web_url",
        ]


class ResultRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(
        allow_null=True, help_text="Of the responses that answered the question, 0–1."
    )


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.CharField(source="question.text")
    kind = serializers.ChoiceField(source="question.kind", choices=Question.Kind.choices)
    respondents = serializers.IntegerField(help_text="Responses that answered the question.")
    rows = ResultRowSerializer(many=True, help_text="Counts; empty for a free-text question.")
    mean = serializers.FloatField(allow_null=True, help_text="Scale questions only.")


class SurveyResultsSerializer(SurveySerializer):
    """A survey with its published results: counts only, never what anyone wrote."""

    results = QuestionResultSerializer(many=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "results"]
