"""A partial index of published reports, newest first, for the feeds and the overview."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0006_help_texts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="followupreport",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="followup_report_newest",
            ),
        ),
    ]
