"""The figures of a lägesbild that the portal computes from its own inputs in the period."""

from dataclasses import dataclass

from .models import Survey
from .place_reports import report_counts
from .results import survey_summary
from .walks import activity_counts, observation_counts


@dataclass
class SituationFigures:
    surveys: list  # (survey, summary) of surveys with public results that closed in the period
    reports: object  # counts of residents' reports by category and place
    observations: dict  # safety-walk observations by category, responsible and status
    activities: dict  # public dialogue activities and their participants


def situation_figures(picture):
    """Everything the portal knows about the kommun in the lägesbild's period."""
    municipality, start, end = picture.municipality, picture.period_start, picture.period_end
    surveys = Survey.objects.with_public_results().filter(
        municipality=municipality, closes_at__date__gte=start, closes_at__date__lte=end
    )
    return SituationFigures(
        surveys=[(survey, survey_summary(survey)) for survey in surveys],
        reports=report_counts(municipality, start, end),
        observations=observation_counts(municipality, start, end),
        activities=activity_counts(municipality, start, end),
    )
