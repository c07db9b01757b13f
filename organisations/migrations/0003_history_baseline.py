"""A first history entry for every kommun, police area (with its kommuner) and membership that
existed before their history was kept, so that their first change can be compared with it."""

from django.db import migrations
from django.utils import timezone

MODELS = ["Municipality", "PoliceArea", "Membership"]
REASON = "State when the history began"


def record_baseline(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("organisations", name)
        historical = apps.get_model("organisations", f"Historical{name}")
        copied = [f.attname for f in historical._meta.fields if not f.name.startswith("history_")]
        recorded = historical.objects.values("id")
        historical.objects.bulk_create(
            [
                historical(
                    **{attname: getattr(obj, attname) for attname in copied},
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
                for obj in model.objects.exclude(pk__in=recorded).order_by("pk")
            ],
            batch_size=500,
        )

    # The kommuner each police area covered when its history began, on its first entry.
    links = apps.get_model("organisations", "PoliceArea").municipalities.through
    covered = apps.get_model("organisations", "HistoricalPoliceArea_municipalities")
    first_entries = apps.get_model("organisations", "HistoricalPoliceArea").objects.filter(
        history_change_reason=REASON
    )
    covered.objects.bulk_create(
        [
            covered(
                id=link.pk,
                history_id=entry.history_id,
                policearea_id=link.policearea_id,
                municipality_id=link.municipality_id,
            )
            for entry in first_entries
            for link in links.objects.filter(policearea_id=entry.id)
        ]
    )


def remove_baseline(apps, schema_editor):
    entries = apps.get_model("organisations", "HistoricalPoliceArea").objects.filter(
        history_change_reason=REASON
    )
    apps.get_model("organisations", "HistoricalPoliceArea_municipalities").objects.filter(
        history__in=entries
    ).delete()
    for name in MODELS:
        historical = apps.get_model("organisations", f"Historical{name}")
        historical.objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_history_of_organisations")]

    operations = [migrations.RunPython(record_baseline, remove_baseline)]
