"""Two people save the same report: the later save from an older form never overwrites."""

import pytest
from django.urls import reverse

from followup.models import ActivityUpdate, FollowUpReport, Indicator, IndicatorValue
from followup.tests.factories import inline_data, make_report

pytestmark = pytest.mark.django_db
Status = ActivityUpdate.Status


@pytest.fixture
def draft(pledge):
    return make_report(pledge, year=2022, tertial=1, published=False, summary="Utkast.")


def change_url(report):
    return reverse("admin:followup_followupreport_change", args=[report.pk])


def loaded_form(client, report):
    """Open the change form, as a person does, and return the revision it carries."""
    response = client.get(change_url(report))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert f'name="base_revision" value="{form["base_revision"].value()}"' in (
        response.content.decode()
    )
    return str(form["base_revision"].value())


@pytest.fixture
def police_client(client, varnamo_police):
    client.force_login(varnamo_police)
    return client


@pytest.fixture
def coordinator_client(vaggeryd_coordinator):
    from django.test import Client

    other = Client()
    other.force_login(vaggeryd_coordinator)
    return other


def test_every_admin_save_counts_a_revision(police_client, draft):
    assert draft.revision == 0
    police_client.post(change_url(draft), inline_data(draft, summary="Ett."))
    police_client.post(change_url(draft), inline_data(draft, summary="Två."))
    draft.refresh_from_db()
    assert (draft.summary, draft.revision) == ("Två.", 2)


def test_the_second_of_two_saves_from_forms_opened_together_is_refused(
    police_client, coordinator_client, draft
):
    police_base = loaded_form(police_client, draft)
    coordinator_base = loaded_form(coordinator_client, draft)
    first = coordinator_client.post(
        change_url(draft),
        inline_data(
            draft,
            base_revision=coordinator_base,
            summary="Samordnarens sammanfattning.",
            **{"updates-0-status": "done", "updates-0-narrative": "Fyra vandringar."},
        ),
    )
    assert first.status_code == 302
    typed = inline_data(
        draft,
        base_revision=police_base,
        summary="Polisens sammanfattning.",
        **{"updates-1-narrative": "Polisens text."},
    )
    typed["updates-0-status"] = "in_progress"
    typed["updates-0-narrative"] = ""
    second = police_client.post(change_url(draft), typed)
    assert second.status_code == 200
    # Nothing of the second save went in; the first is intact.
    draft.refresh_from_db()
    assert draft.summary == "Samordnarens sammanfattning."
    first_row, second_row = draft.updates.order_by("activity__order")
    assert (first_row.status, first_row.narrative) == (Status.DONE, "Fyra vandringar.")
    assert second_row.narrative == ""
    # What the police typed stays in the form.
    form = second.context["adminform"].form
    assert form["summary"].value() == "Polisens sammanfattning."
    content = second.content.decode()
    assert "Polisens sammanfattning." in content and "Polisens text." in content
    # The message lists each field the coordinator changed, with its value as saved now.
    assert list(form.non_field_errors()) == [
        f"samordnare.vaggeryd sparade rapporten {_saved_at(draft)}, efter att du öppnade den. "
        "Inget av ditt sparades, och det du skrev finns kvar i formuläret. Det här ändrade "
        "de, som det är sparat nu:",
        "Sammanfattning: Samordnarens sammanfattning.",
        "Aktivitet 1 – Status: Genomförd",
        "Aktivitet 1 – Vad som gjordes: Fyra vandringar.",
        "Jämför och spara sedan igen: det du sparar ersätter då det som är sparat nu.",
    ]


def _saved_at(report):
    from django.utils import timezone
    from django.utils.formats import date_format

    return date_format(timezone.localtime(report.updated_at), "j F Y H:i")


def test_after_reading_the_message_saving_again_keeps_what_was_typed(
    police_client, coordinator_client, draft
):
    police_base = loaded_form(police_client, draft)
    coordinator_client.post(change_url(draft), inline_data(draft, summary="Först."))
    refused = police_client.post(
        change_url(draft), inline_data(draft, base_revision=police_base, summary="Sedan.")
    )
    form = refused.context["adminform"].form
    # The form now carries the revision saved now: the next save is a knowing one.
    assert form["base_revision"].value() == "1"
    again = police_client.post(
        change_url(draft),
        inline_data(draft, base_revision=form["base_revision"].value(), summary="Sedan."),
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.revision) == ("Sedan.", 2)


def test_a_stale_form_lists_key_figure_values_added_changed_and_removed(
    police_client, pledge, draft
):
    walks = Indicator.objects.create(pledge=pledge, name="Trygghetsvandringar", unit="st")
    meetings = Indicator.objects.create(pledge=pledge, name="Dialogmöten", unit="st")
    kept = IndicatorValue.objects.create(report=draft, indicator=walks, value=1)
    gone = IndicatorValue.objects.create(report=draft, indicator=meetings, value=5)
    base = loaded_form(police_client, draft)
    data = inline_data(draft)
    data.update(
        {
            "values-TOTAL_FORMS": "2",
            "values-INITIAL_FORMS": "2",
            "values-0-id": str(kept.pk),
            "values-0-report": str(draft.pk),
            "values-0-indicator": str(walks.pk),
            "values-0-value": "3",
            "values-1-id": str(gone.pk),
            "values-1-report": str(draft.pk),
            "values-1-indicator": str(meetings.pk),
            "values-1-value": "5",
            "values-1-DELETE": "on",
        }
    )
    assert police_client.post(change_url(draft), data).status_code == 302
    stale = police_client.post(
        change_url(draft), inline_data(draft, base_revision=base, summary="Gammal flik.")
    )
    errors = list(stale.context["adminform"].form.non_field_errors())
    assert errors[1:-1] == ["Trygghetsvandringar – Värde: 3,00", "Dialogmöten: borttaget"]


@pytest.mark.parametrize("base", [None, "", "abc", "-1", "9" * 40])
def test_a_form_without_a_readable_revision_is_refused_not_a_500(police_client, draft, base):
    data = inline_data(draft, summary="Utan version.")
    if base is None:
        del data["base_revision"]
    else:
        data["base_revision"] = base
    response = police_client.post(change_url(draft), data)
    assert response.status_code == 200
    errors = list(response.context["adminform"].form.non_field_errors())
    assert errors == [
        "Formuläret sa inte vilken version av rapporten det gjordes från. Kontrollera rapporten "
        "som den är sparad nu och spara sedan igen."
    ]
    draft.refresh_from_db()
    assert draft.summary == "Utkast."


def test_a_stale_form_with_the_publish_button_saves_and_publishes_nothing(
    police_client, coordinator_client, draft
):
    base = loaded_form(police_client, draft)
    coordinator_client.post(change_url(draft), inline_data(draft, summary="Samordnaren."))
    response = police_client.post(
        change_url(draft),
        inline_data(draft, base_revision=base, summary="Polisen.", _publish="Spara och granska"),
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.summary, draft.is_published) == ("Samordnaren.", False)


def test_a_form_opened_before_publication_cannot_save_over_the_published_report(
    police_client, draft, varnamo_police
):
    base = loaded_form(police_client, draft)
    draft.publish(varnamo_police)
    response = police_client.post(
        change_url(draft),
        inline_data(draft, base_revision=base, summary="Ny text.", correction_reason="Rättat."),
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.summary == "Utkast."
    assert not draft.corrections.exists()


def test_changes_since_is_empty_for_the_current_revision(police_client, draft):
    police_client.post(change_url(draft), inline_data(draft, summary="Ett."))
    report = FollowUpReport.objects.get(pk=draft.pk)
    assert report.changes_since(report.revision) == []
    assert report.changes_since(0) == [("Sammanfattning", "Ett.")]
