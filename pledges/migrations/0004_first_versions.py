"""Every pledge that residents have seen gets version 1: its content as it stands today."""

from django.db import migrations, models

from pledges.versions import snapshot


def first_versions(apps, schema_editor):
    Pledge = apps.get_model("pledges", "Pledge")
    PledgeVersion = apps.get_model("pledges", "PledgeVersion")
    PledgeApproval = apps.get_model("pledges", "PledgeApproval")
    for pledge in Pledge.objects.exclude(status="draft").filter(published_version__isnull=True):
        version = PledgeVersion.objects.create(
            pledge=pledge,
            number=1,
            content=snapshot(pledge),
            published_at=pledge.published_at,
        )
        pledge.published_version = version
        pledge.save(update_fields=["published_version"])
        PledgeApproval.objects.filter(pledge=pledge, version__isnull=True).update(version=version)


class Migration(migrations.Migration):
    dependencies = [("pledges", "0003_versions")]

    operations = [
        migrations.RunPython(first_versions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="pledge",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "draft"), ("published_version__isnull", False),
                                   _connector="OR"),
                name="pledge_published_has_version",
            ),
        ),
    ]
