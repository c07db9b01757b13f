"""One 'created' version for every question, option, excerpt and place report that existed
before their history was kept, so that the first change has something to be compared with."""

from django.db import migrations
from django.utils import timezone

MODELS = ["Question", "Option", "Excerpt", "PlaceReport"]
REASON = "State when the history began"


def add_baseline(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("dialogue", name)
        historical = apps.get_model("dialogue", f"Historical{name}")
        kept = [
            field.attname
            for field in historical._meta.fields
            if not field.name.startswith("history_")
        ]
        already = set(historical.objects.values_list("id", flat=True).distinct())
        rows = (
            historical(
                **{attname: getattr(obj, attname) for attname in kept},
                history_date=now,
                history_type="+",
                history_change_reason=REASON,
            )
            for obj in model.objects.order_by("pk").iterator()
            if obj.pk not in already
        )
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 1000:
                historical.objects.bulk_create(batch)
                batch = []
        historical.objects.bulk_create(batch)


def remove_baseline(apps, schema_editor):
    for name in MODELS:
        historical = apps.get_model("dialogue", f"Historical{name}")
        historical.objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0004_history_of_questions_options_excerpts_and_reports")]

    operations = [migrations.RunPython(add_baseline, remove_baseline)]
