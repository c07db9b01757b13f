"""Retention of reports (the purge command) and the demo reports."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from dialogue.demo.reports import load_report_demo
from dialogue.models import PlaceReport
from dialogue.place_reports import report_counts
from dialogue.tests.test_place_reports import (
    kommun,
    make_report,
)
from organisations.models import Place
from pledges.demo import load_demo_data

pytestmark = pytest.mark.django_db


def purge(*args):
    out = io.StringIO()
    call_command("purge_place_reports", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def reports(db):
    vaggeryd = kommun("Vaggeryd")
    place = Place.objects.create(municipality=vaggeryd, name="Skillingaryd")
    details = {
        "description": "Trasig lampa",
        "contact_name": "Boende",
        "contact_email": "boende@example.se",
        "contact_phone": "070-000 00 00",
        "staff_note": "Ringde upp.",
        "status": PlaceReport.Status.USED,
        "time_of_day": PlaceReport.TimeOfDay.NIGHT,
    }
    return {
        "old_in_words": make_report(vaggeryd, days_ago=400, place_text="Vid ån", **details),
        "old_listed": make_report(vaggeryd, place, days_ago=366, **details),
        "recent": make_report(vaggeryd, place, days_ago=100, **details),
    }


def fresh(report):
    return PlaceReport.objects.get(pk=report.pk)


def test_purge_removes_details_of_old_reports_and_keeps_what_counts(reports):
    vaggeryd = kommun("Vaggeryd")
    today = timezone.localdate()
    start = today.replace(year=today.year - 2)
    before = report_counts(vaggeryd, start, today)

    output = purge()

    assert "Purged 2 report(s) older than 365 days." in output
    for key in ("old_in_words", "old_listed"):
        report = fresh(reports[key])
        assert report.purged_at is not None
        assert not report.has_contact
        assert report.description == report.staff_note == ""
        assert (report.category, report.status, report.time_of_day) == ("lighting", "used", "night")
        assert report.created_at == reports[key].created_at
    assert fresh(reports["old_in_words"]).place_text == "—"
    assert fresh(reports["old_listed"]).place.name == "Skillingaryd"
    recent = fresh(reports["recent"])
    assert recent.purged_at is None and recent.description == "Trasig lampa" and recent.has_contact
    assert report_counts(vaggeryd, start, today) == before


def test_purge_is_idempotent(reports):
    purge()
    purged_at = fresh(reports["old_listed"]).purged_at
    assert "Purged 0 report(s)" in purge()
    assert fresh(reports["old_listed"]).purged_at == purged_at


def test_dry_run_changes_nothing(reports):
    output = purge("--dry-run")
    assert "Would purge 2 report(s) older than 365 days" in output
    assert not PlaceReport.objects.filter(purged_at__isnull=False).exists()
    assert fresh(reports["old_listed"]).contact_email == "boende@example.se"


def test_retention_follows_the_setting_and_the_days_option(reports, settings):
    settings.DIALOGUE_RETENTION_DAYS = 30
    assert "Would purge 3 report(s) older than 30 days" in purge("--dry-run")
    assert "Would purge 1 report(s) older than 380 days" in purge("--dry-run", "--days", "380")
    assert "Purged 1 report(s) older than 380 days." in purge("--days", "380")
    assert fresh(reports["old_in_words"]).purged_at is not None
    assert fresh(reports["old_listed"]).purged_at is None


def test_negative_days_are_refused(reports):
    with pytest.raises(CommandError):
        purge("--days", "-1")
    assert not PlaceReport.objects.filter(purged_at__isnull=False).exists()


# Demo -----------------------------------------------------------------------------------------


def test_demo_reports_are_made_once_in_both_kommuner(db):
    load_demo_data(create_users=True)
    first = load_report_demo()
    count = PlaceReport.objects.count()

    assert first == {"place reports": count}
    assert 25 <= count <= 35
    assert load_report_demo() == {}
    assert PlaceReport.objects.count() == count

    for name in ("Vaggeryd", "Vänersborg"):
        theirs = PlaceReport.objects.filter(municipality__name=name)
        assert theirs.filter(status=PlaceReport.Status.NEW).count() >= 3
        assert theirs.values("category").distinct().count() >= 5
        assert not theirs.filter(place__isnull=False).exclude(place__municipality__name=name)
        assert theirs.filter(place__isnull=True).exclude(place_text="").exists()
        handled = theirs.exclude(status=PlaceReport.Status.NEW)
        assert handled.filter(handled_by__isnull=False).exists()
    places = set(PlaceReport.objects.values_list("place__name", flat=True))
    expected = {"Skillingaryd", "Vaggeryd", "Aktivitetsområdet Sanden", "Bostadsområdet Torpa"}
    assert places >= expected
    contacts = PlaceReport.objects.exclude(contact_email="").values_list("contact_email", flat=True)
    assert contacts and all(email.endswith("@example.se") for email in contacts)
    ages = [timezone.now() - report.created_at for report in PlaceReport.objects.all()]
    assert all(0 < age.days < 366 for age in ages)


def test_demo_is_the_same_every_time_and_works_without_users(db):
    load_demo_data(create_users=False)
    load_report_demo()
    first = list(PlaceReport.objects.order_by("municipality", "description").values_list(
        "category", "status", "contact_email", "description"))  # fmt: skip
    assert not PlaceReport.objects.filter(handled_by__isnull=False).exists()
    PlaceReport.objects.all().delete()
    load_report_demo()
    again = list(PlaceReport.objects.order_by("municipality", "description").values_list(
        "category", "status", "contact_email", "description"))  # fmt: skip
    assert again == first


def test_demo_leaves_a_kommun_with_reports_alone(db):
    load_demo_data(create_users=False)
    make_report(kommun("Vaggeryd"), description="En riktig rapport")
    created = load_report_demo()
    assert PlaceReport.objects.filter(municipality__name="Vaggeryd").count() == 1
    assert (
        created["place reports"]
        == PlaceReport.objects.filter(municipality__name="Vänersborg").count()
    )


def test_demo_counts_show_on_the_public_page(client, db):
    load_demo_data(create_users=False)
    load_report_demo()
    response = client.get("/en/dialog/vanersborg/det-har-har-ni-berattat/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<th scope="row">Aktivitetsområdet Sanden</th>' in content
    assert "Gångbron över kanalen" not in content  # a place described in words
    assert "@example.se" not in content.split("<footer", 1)[0]
