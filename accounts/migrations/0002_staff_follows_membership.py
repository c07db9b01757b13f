"""Existing accounts: staff exactly when superuser or member of a kommun or police area.

Before, the administrator ticked staff status by hand; a staff account without a membership
could log in to an admin showing nothing, and a member without the tick could not log in.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q


def staff_follows_membership(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Membership = apps.get_model("organisations", "Membership")
    member = Exists(Membership.objects.filter(user=OuterRef("pk")))
    User.objects.filter(Q(is_superuser=True) | Q(member)).update(is_staff=True)
    User.objects.exclude(Q(is_superuser=True) | Q(member)).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("organisations", "0003_history_baseline"),
    ]

    operations = [migrations.RunPython(staff_follows_membership, migrations.RunPython.noop)]
