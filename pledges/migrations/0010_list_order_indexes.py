"""Indexes in list order, on PostgreSQL, so that a page of a list is read in order instead of
sorting every published pledge:

- the published versions by period start (newest first) and title: the pledge list's page and the
  first year of its year filter (pledges.views.pledge_list, public_years), without reading every
  version's content (at national scale 110 -> 1.5 ms and 50 -> 0.2 ms);
- pledges by start date, title and id: the API's pledge and key-figure lists (65 -> 0.7 ms and
  48 -> 0.6 ms at national scale, api.views).

Raw SQL on PostgreSQL only (the expressions are those the list's ORDER BY compiles to there); it
is not part of the model state, so makemigrations sees nothing to do.
"""

from django.db import migrations

INDEXES = {
    "pledge_version_list_order": (
        "pledges_pledgeversion "
        "((((content ->> 'start_date'))::varchar) DESC, (content ->> 'title'))"
    ),
    "pledge_list_order": "pledges_pledge (start_date DESC, title, id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("pledges", "0009_start_page_indexes")]

    operations = [migrations.RunPython(create, drop)]
