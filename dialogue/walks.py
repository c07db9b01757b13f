"""Counts of safety-walk observations and public dialogue activities for a kommun's lägesbild."""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import DialogueActivity, Observation


def _period_q(field, start, end):
    """Rows whose `field` falls in the period; dates are whole local days, both included."""
    if isinstance(start, datetime.datetime):
        lower = Q(**{f"{field}__gte": start})
    else:
        lower = Q(**{f"{field}__date__gte": start})
    if isinstance(end, datetime.datetime):
        upper = Q(**{f"{field}__lte": end})
    else:
        upper = Q(**{f"{field}__date__lte": end})
    return lower & upper


def _counted(choices, field):
    """One conditional count per choice, so a whole breakdown is one aggregate query."""
    return {f"{field}_{value}": Count("pk", filter=Q(**{field: value})) for value in choices.values}


def _breakdown(totals, choices, field):
    """[(label, count)] in the order of the choices, leaving out what was not counted."""
    rows = [(label, totals[f"{field}_{value}"] or 0) for value, label in choices.choices]
    return [(label, count) for label, count in rows if count]


def observation_counts(municipality, start, end) -> dict:
    """Observations made on published safety walks of the kommun in the period, in one query.

    `by_category` is sorted by count, most common first (what the lägesbild is about);
    `by_responsible` and `by_action_status` keep the order of the choices.
    """
    observations = Observation.objects.filter(
        _period_q("activity__starts_at", start, end),
        activity__municipality=municipality,
        activity__kind=DialogueActivity.Kind.SAFETY_WALK,
        activity__is_published=True,
    )
    totals = observations.aggregate(
        total=Count("pk"),
        **_counted(Observation.Category, "category"),
        **_counted(Observation.Responsible, "responsible"),
        **_counted(Observation.ActionStatus, "action_status"),
    )
    by_category = _breakdown(totals, Observation.Category, "category")
    by_category.sort(key=lambda row: -row[1])  # stable: ties keep the order of the choices
    return {
        "total": totals["total"],
        "by_category": by_category,
        "by_responsible": _breakdown(totals, Observation.Responsible, "responsible"),
        "by_action_status": _breakdown(totals, Observation.ActionStatus, "action_status"),
    }


def activity_counts(municipality, start, end, now=None) -> dict:
    """Public dialogue activities held in the period (not staff dialogue), in one query.

    Only activities that have started by `now` count as held; `participants` sums the numbers
    given (0 when none is), `by_kind` is [(label, count)] in the order of kinds.
    """
    now = now or timezone.now()
    activities = DialogueActivity.objects.public().filter(
        _period_q("starts_at", start, end), municipality=municipality, starts_at__lte=now
    )
    kinds = [kind for kind in DialogueActivity.Kind if kind != DialogueActivity.Kind.STAFF_DIALOGUE]
    totals = activities.aggregate(
        total=Count("pk"),
        participants=Sum("participants"),
        **{f"kind_{kind.value}": Count("pk", filter=Q(kind=kind)) for kind in kinds},
    )
    by_kind = [(kind.label, totals[f"kind_{kind.value}"]) for kind in kinds]
    return {
        "total": totals["total"],
        "by_kind": [(label, count) for label, count in by_kind if count],
        "participants": totals["participants"] or 0,
    }
