"""What a subscription hears about, read from the database state: published follow-ups, newly
published pledge versions and new public dialogue activities since the address was confirmed."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from dialogue.models import DialogueActivity
from followup.models import FollowUpReport
from pledges.models import Pledge, PledgeVersion

from .models import Delivery

Kind = Delivery.Kind


def public_since(activities):
    """Annotate each dialogue activity with when it first became public: the first saved state
    in its history that was published and not staff dialogue, else its creation (rows written
    without history, e.g. by a bulk import)."""
    history = DialogueActivity.history.model
    first_public = (
        history.objects.filter(id=OuterRef("pk"), is_published=True)
        .exclude(kind=DialogueActivity.Kind.STAFF_DIALOGUE)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    return activities.annotate(public_since=Coalesce(Subquery(first_public), "created_at"))


def pledges_followed(subscription):
    """The published pledges whose news the subscription brings: the pledge itself, or every
    pledge whose published version names the kommun."""
    if subscription.pledge_id:
        return Pledge.objects.published().filter(pk=subscription.pledge_id)
    return Pledge.objects.in_municipality(subscription.municipality)


def find(subscription):
    """(kind, id) of every public event since the subscription's confirmation."""
    since = subscription.confirmed_at
    pledges = pledges_followed(subscription)
    found = [
        (Kind.FOLLOW_UP, pk)
        for pk in FollowUpReport.objects.published()
        .filter(pledge__in=pledges, published_at__gt=since)
        .values_list("pk", flat=True)
    ]
    found += [
        (Kind.PLEDGE_VERSION, pk)
        for pk in PledgeVersion.objects.published()
        .filter(pledge__in=pledges, published_at__gt=since)
        .values_list("pk", flat=True)
    ]
    # A pledge subscription is about that pledge; a kommun's dialogue belongs to the kommun.
    if subscription.municipality_id:
        activities = DialogueActivity.objects.public().filter(
            municipality=subscription.municipality_id
        )
        found += [
            (Kind.DIALOGUE_ACTIVITY, pk)
            for pk in public_since(activities)
            .filter(public_since__gt=since)
            .values_list("pk", flat=True)
        ]
    return found


@dataclass
class Event:
    """One thing to tell, from a public record only."""

    kind: str
    record: object

    @property
    def sort_key(self):
        return (list(Kind.values).index(self.kind), self.record.pk)


def load(deliveries):
    """The events of these deliveries that are public now, as Event objects; and the deliveries
    whose record is no longer public (a pledge withdrawn meanwhile, an activity unpublished)."""
    wanted = {kind: set() for kind in Kind.values}
    for delivery in deliveries:
        wanted[delivery.kind].add(delivery.object_id)
    records = {
        Kind.FOLLOW_UP: FollowUpReport.objects.published()
        .select_related("pledge__published_version")
        .filter(pk__in=wanted[Kind.FOLLOW_UP]),
        Kind.PLEDGE_VERSION: PledgeVersion.objects.published()
        .select_related("pledge")
        .filter(pk__in=wanted[Kind.PLEDGE_VERSION]),
        Kind.DIALOGUE_ACTIVITY: DialogueActivity.objects.public()
        .select_related("municipality")
        .filter(pk__in=wanted[Kind.DIALOGUE_ACTIVITY]),
    }
    found = {}
    for kind, queryset in records.items():
        if wanted[kind]:
            found.update({(kind, record.pk): record for record in queryset})
    events, gone = [], []
    for delivery in deliveries:
        record = found.get((delivery.kind, delivery.object_id))
        if record is None:
            gone.append(delivery)
        else:
            events.append(Event(delivery.kind, record))
    return sorted(events, key=lambda event: event.sort_key), gone
