"""Builds pledges for tests with the ORM, as close to the demo pledges as a test needs."""

import datetime

from django.utils import timezone

from organisations.models import Municipality
from pledges.models import Activity, FocusArea, Pledge, Signatory


def make_pledge(
    area,
    municipality_names=("Vaggeryd",),
    slug="vaggeryd-2026",
    status=Pledge.Status.DRAFT,
    activities=2,
    start=datetime.date(2026, 1, 1),
    end=datetime.date(2026, 12, 31),
    **fields,
):
    pledge = Pledge.objects.create(
        title=fields.pop("title", f"Medborgarlöfte {slug}"),
        slug=slug,
        police_area=area,
        start_date=start,
        end_date=end,
        promise=fields.pop("promise", "Kommunen och polisen lovar att arbeta för ökad trygghet."),
        **fields,
    )
    pledge.municipalities.set(Municipality.objects.filter(name__in=municipality_names))
    theme = FocusArea.objects.create(pledge=pledge, name="Trafiksäkerhet")
    responsibles = list(Activity.Responsible)
    for number in range(activities):
        activity = Activity.objects.create(
            pledge=pledge,
            description=f"Aktivitet {number + 1}",
            responsible=responsibles[number % len(responsibles)],
            target_count=4 if number % 2 == 0 else None,
            target_unit="trygghetsvandringar" if number % 2 == 0 else "",
            order=number,
        )
        activity.focus_areas.add(theme)
    Signatory.objects.create(
        pledge=pledge, name="Anna Exempel", role="Kommunstyrelsens ordförande", organisation="X"
    )
    if status != Pledge.Status.DRAFT:
        # Published as version 1 of what was built above, as both sides' approval would.
        pledge.publish_without_approvals()
    if status == Pledge.Status.WITHDRAWN:
        Pledge.objects.filter(pk=pledge.pk).update(
            status=status, withdrawn_at=timezone.now(), withdrawal_reason="Test."
        )
        pledge.refresh_from_db()
    return pledge
