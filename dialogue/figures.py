"""The figures of a lägesbild that the portal computes from its own inputs in the period."""

from dataclasses import dataclass

from django.db.models import Count

from .models import Survey
from .place_reports import report_counts
from .walks import activity_counts, observation_counts


@dataclass
class SituationFigures:
    surveys: list  # surveys with public results that closed in the period, with response_count
    reports: object  # counts of residents' reports by category and place
    observations: dict  # safety-walk observations by category, responsible and status
    activities: dict  # public dialogue activities and their participants

    @property
    def survey_responses(self):
        return sum(survey.response_count for survey in self.surveys)


def situation_figures(picture):
    """Everything the portal knows about the kommun in the lägesbild's period, in 5 queries."""
    municipality, start, end = picture.municipality, picture.period_start, picture.period_end
    surveys = (
        Survey.objects.with_public_results()
        .filter(municipality=municipality, closes_at__date__gte=start, closes_at__date__lte=end)
        .select_related("municipality")
        .annotate(response_count=Count("responses"))
    )
    return SituationFigures(
        surveys=list(surveys),
        reports=report_counts(municipality, start, end),
        observations=observation_counts(municipality, start, end),
        activities=activity_counts(municipality, start, end),
    )
