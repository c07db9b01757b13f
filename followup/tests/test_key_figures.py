"""Key figures: a value in a published report keeps its key figure and shows it as published."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.db.models import ProtectedError
from django.urls import reverse

from followup.models import Indicator, IndicatorValue
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db

REFUSED = "Nyckeltalet {name} kan inte tas bort"


@pytest.fixture
def pledge(lpo_varnamo):
    return make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2022",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 12, 31),
    )


@pytest.fixture
def walks(pledge):
    return Indicator.objects.create(pledge=pledge, name="Trygghetsvandringar", unit="st", target=4)


@pytest.fixture
def meetings(pledge):
    return Indicator.objects.create(pledge=pledge, name="Dialogmöten", unit="st")


def published_value(indicator, value=2):
    report = make_report(indicator.pledge, year=2022, tertial=1)
    value = IndicatorValue.objects.create(report=report, indicator=indicator, value=value)
    value.freeze()
    return value


def draft_value(indicator, value=1):
    report = make_report(indicator.pledge, year=2022, tertial=2, published=False)
    return IndicatorValue.objects.create(report=report, indicator=indicator, value=value)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def delete_url(indicator):
    return reverse("admin:followup_indicator_delete", args=[indicator.pk])


def test_a_published_value_protects_its_key_figure_in_the_database(walks):
    published_value(walks)
    with pytest.raises(ProtectedError):
        walks.delete()
    assert IndicatorValue.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_delete_page_refuses_a_key_figure_shown_in_a_published_report(
    client, walks, vaggeryd_coordinator, method
):
    published_value(walks)
    client.force_login(vaggeryd_coordinator)
    response = getattr(client, method)(delete_url(walks), {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:followup_indicator_change", args=[walks.pk])
    [message] = messages_of(response)
    assert message.startswith(REFUSED.format(name="Trygghetsvandringar"))
    assert "T1 2022" in message
    assert Indicator.objects.filter(pk=walks.pk).exists()
    assert IndicatorValue.objects.filter(indicator=walks).count() == 1


def test_key_figure_only_in_drafts_is_deleted_with_its_draft_values(
    client, walks, vaggeryd_coordinator
):
    value = draft_value(walks)
    client.force_login(vaggeryd_coordinator)
    page = client.get(delete_url(walks))
    assert page.status_code == 200
    assert not page.context["protected"]
    assert str(value.report) in page.content.decode()
    response = client.post(delete_url(walks), {"post": "yes"})
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=walks.pk).exists()
    assert not IndicatorValue.objects.exists()


def test_bulk_delete_refuses_each_key_figure_shown_in_a_published_report(
    client, walks, meetings, vaggeryd_coordinator
):
    published_value(walks)
    draft_value(meetings)
    client.force_login(vaggeryd_coordinator)
    changelist = reverse("admin:followup_indicator_changelist")
    action = {"action": "delete_selected", "_selected_action": [walks.pk, meetings.pk]}
    confirmation = client.post(changelist, action)
    assert confirmation.status_code == 200
    assert [str(i) for i in confirmation.context["queryset"]] == ["Dialogmöten"]
    assert not confirmation.context["protected"]
    [message] = messages_of(confirmation)
    assert message.startswith(REFUSED.format(name="Trygghetsvandringar"))
    response = client.post(changelist, {**action, "_selected_action": [meetings.pk], "post": "yes"})
    assert response.status_code == 302
    assert list(Indicator.objects.values_list("name", flat=True)) == ["Trygghetsvandringar"]
    assert IndicatorValue.objects.get().indicator == walks


def test_bulk_delete_of_only_refused_key_figures_deletes_nothing(
    client, walks, vaggeryd_coordinator
):
    published_value(walks)
    client.force_login(vaggeryd_coordinator)
    response = client.post(
        reverse("admin:followup_indicator_changelist"),
        {"action": "delete_selected", "_selected_action": [walks.pk], "post": "yes"},
    )
    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith(REFUSED.format(name="Trygghetsvandringar"))
    assert Indicator.objects.filter(pk=walks.pk).exists()


def test_published_report_shows_the_key_figure_as_it_was_published(
    client, pledge, walks, varnamo_police
):
    report = make_report(pledge, year=2022, tertial=1, published=False)
    IndicatorValue.objects.create(report=report, indicator=walks, value=3)
    report.publish(varnamo_police)
    Indicator.objects.filter(pk=walks.pk).update(name="Promenader", unit="gånger", target=9)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert '<th scope="row">Trygghetsvandringar</th><td>3 st</td><td>4 st</td>' in content
    assert "Promenader" not in content


def test_draft_report_shows_the_key_figure_as_it_is_now(client, pledge, walks, varnamo_police):
    value = draft_value(walks)
    Indicator.objects.filter(pk=walks.pk).update(name="Promenader")
    client.force_login(varnamo_police)
    content = client.get(value.report.get_absolute_url()).content.decode()
    assert '<th scope="row">Promenader</th>' in content


def test_correction_that_adds_a_value_shows_its_key_figure_as_it_was_then(
    client, pledge, walks, varnamo_police
):
    report = make_report(pledge, year=2022, tertial=1)
    client.force_login(varnamo_police)
    data = {
        "base_revision": str(report.revision),
        "summary": report.summary,
        "correction_reason": "Nyckeltalet saknades.",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "0",
        "values-0-indicator": str(walks.pk),
        "values-0-value": "5",
    }
    response = client.post(reverse("admin:followup_followupreport_change", args=[report.pk]), data)
    assert response.status_code == 302
    Indicator.objects.filter(pk=walks.pk).update(name="Promenader")
    value = IndicatorValue.objects.get()
    assert (value.name, value.unit, value.target) == ("Trygghetsvandringar", "st", Decimal("4"))


def test_migration_freezes_values_that_were_published_before(pledge, walks):
    from importlib import import_module

    migration = import_module("followup.migrations.0002_key_figures_protected_and_frozen")
    value = published_value(walks)
    IndicatorValue.objects.filter(pk=value.pk).update(indicator_name="")
    draft = draft_value(walks)
    migration.freeze_published_values(apps, None)
    value.refresh_from_db()
    draft.refresh_from_db()
    assert (value.indicator_name, value.indicator_unit) == ("Trygghetsvandringar", "st")
    assert draft.indicator_name == ""
