"""One scope vocabulary: every model that belongs to an organisation answers editable_by(user),
and the admin offers only those rows in its choice fields, list filters and autocompletes."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.forms import ModelChoiceField
from django.urls import reverse
from django.utils import timezone

from dialogue.models import (
    Answer,
    DialogueActivity,
    Excerpt,
    Observation,
    Option,
    PlaceReport,
    Question,
    Response,
    SituationPicture,
    Survey,
)
from followup.models import ActivityUpdate, Correction, Indicator, IndicatorValue
from followup.tests.factories import make_report
from organisations.models import ContactPerson, Municipality, Place, PoliceArea, StaffScope
from organisations.scoped_admin import ScopedAdmin
from pledges.models import (
    FocusArea,
    PledgeApproval,
    PledgeMunicipality,
    PledgeVersion,
    Signatory,
)
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db

# Models a project app defines that belong to no organisation: reference data (police regions,
# counties, postcodes), the memberships that draw the scope, residents' page feedback.
NOT_SCOPED = {
    "organisations.policeregion",
    "organisations.county",
    "organisations.postalcode",
    "organisations.membership",
    "feedback.pagefeedback",
}
PROJECT_APPS = ("organisations", "pledges", "followup", "dialogue", "feedback")


def kommun(name):
    return Municipality.objects.get(name=name)


def names(queryset):
    return {str(getattr(row, "name", row)) for row in queryset}


# Kommuner and police areas ---------------------------------------------------------------------


def test_coordinator_works_in_own_kommun_and_with_its_police_area(vaggeryd_coordinator):
    assert names(Municipality.objects.editable_by(vaggeryd_coordinator)) == {"Vaggeryd"}
    assert names(Municipality.objects.owned_by(vaggeryd_coordinator)) == {"Vaggeryd"}
    assert names(PoliceArea.objects.editable_by(vaggeryd_coordinator)) == {"Värnamo"}
    assert not PoliceArea.objects.owned_by(vaggeryd_coordinator).exists()


def test_police_work_in_every_kommun_of_their_area_but_own_none(varnamo_police):
    assert names(Municipality.objects.editable_by(varnamo_police)) == {
        "Värnamo",
        "Vaggeryd",
        "Gislaved",
        "Gnosjö",
    }
    assert not Municipality.objects.owned_by(varnamo_police).exists()
    assert names(PoliceArea.objects.editable_by(varnamo_police)) == {"Värnamo"}
    assert names(PoliceArea.objects.owned_by(varnamo_police)) == {"Värnamo"}


def test_other_kommuns_staff_reach_only_theirs(vanersborg_coordinator, fyrbodal_police):
    assert names(Municipality.objects.editable_by(vanersborg_coordinator)) == {"Vänersborg"}
    assert names(PoliceArea.objects.editable_by(vanersborg_coordinator)) == {"Östra Fyrbodal"}
    assert names(Municipality.objects.editable_by(fyrbodal_police)) == {"Vänersborg", "Trollhättan"}


def test_superuser_reaches_every_kommun_and_area(superuser, lpo_varnamo, lpo_fyrbodal):
    assert Municipality.objects.editable_by(superuser).count() == Municipality.objects.count()
    assert Municipality.objects.owned_by(superuser).count() == Municipality.objects.count()
    assert PoliceArea.objects.editable_by(superuser).count() == 2


def test_staff_without_membership_and_residents_reach_nothing(
    staff_without_membership, lpo_varnamo, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    for user in (staff_without_membership, AnonymousUser()):
        assert not Municipality.objects.editable_by(user).exists()
        assert not PoliceArea.objects.editable_by(user).exists()
        assert not StaffScope.of(user).can_work


def test_police_area_covering_several_of_a_coordinators_kommuner_is_listed_once(
    vaggeryd_coordinator, lpo_varnamo
):
    from organisations.models import Membership

    Membership.objects.create(
        user=vaggeryd_coordinator, role=Membership.Role.COORDINATOR, municipality=kommun("Gnosjö")
    )
    vaggeryd_coordinator._staff_scope = None  # the scope is kept per request: a new request
    assert list(PoliceArea.objects.editable_by(vaggeryd_coordinator)) == [lpo_varnamo]


# Every organisation-owned model -----------------------------------------------------------------


def build(side, lpo):
    """One row of every organisation-owned model, in Vaggeryd (own) or Vänersborg (other)."""
    name = "Vaggeryd" if side == "own" else "Vänersborg"
    place = Place.objects.create(municipality=kommun(name), name=f"Torget {side}")
    pledge = make_pledge(lpo, municipality_names=[name], slug=f"scope-{side}")
    report = make_report(pledge, published=False)
    indicator = Indicator.objects.create(pledge=pledge, name="Trygghetsvandringar")
    walk = DialogueActivity.objects.create(
        municipality=kommun(name),
        kind=DialogueActivity.Kind.SAFETY_WALK,
        title="Trygghetsvandring",
        starts_at=timezone.now(),
    )
    now = timezone.now()
    survey = Survey.objects.create(
        municipality=kommun(name),
        slug=f"scope-{side}",
        title="Enkät",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    question = Question.objects.create(survey=survey, kind=Question.Kind.SINGLE, text="Trygg?")
    option = Option.objects.create(question=question, text="Ja")
    response = Response.objects.create(survey=survey)
    rows = {
        Place: place,
        ContactPerson: ContactPerson.objects.create(
            municipality=kommun(name), role="Samordnare", name=f"Kontakt {side}"
        ),
        type(pledge): pledge,
        type(pledge.activities.first()): pledge.activities.first(),
        type(report): report,
        ActivityUpdate: ActivityUpdate.objects.create(
            report=report, activity=pledge.activities.first()
        ),
        Indicator: indicator,
        IndicatorValue: IndicatorValue.objects.create(report=report, indicator=indicator, value=2),
        Correction: Correction.objects.create(
            report=report, reason="Rättat.", made_by=pledge_user()
        ),
        DialogueActivity: walk,
        Observation: Observation.objects.create(
            activity=walk, place=place, category="lighting", description="Mörkt."
        ),
        PlaceReport: PlaceReport.objects.create(
            municipality=kommun(name), category="lighting", place_text="Vid ån"
        ),
        SituationPicture: SituationPicture.objects.create(
            municipality=kommun(name),
            title="Lägesbild",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
        ),
        Survey: survey,
        Question: question,
        Option: option,
        Response: response,
        Answer: Answer.objects.create(
            response=response, survey=survey, question=question, option=option
        ),
        Excerpt: Excerpt.objects.create(question=question, text="Bra belysning behövs."),
        # The parts of a pledge follow it.
        FocusArea: pledge.focus_areas.first(),
        Signatory: Signatory.objects.create(
            pledge=pledge, name="Anna", role="Ordförande", organisation=f"{name}s kommun"
        ),
        PledgeMunicipality: PledgeMunicipality.objects.get(pledge=pledge),
        PledgeVersion: PledgeVersion.objects.create(pledge=pledge, number=1, content={}),
        PledgeApproval: PledgeApproval.objects.create(
            pledge=pledge, side=PledgeApproval.Side.MUNICIPALITY, user=pledge_user()
        ),
    }
    return rows


def pledge_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username="rättare")[0]


def scoped_models():
    return sorted(
        (
            model
            for model in apps.get_models()
            if model._meta.app_label in PROJECT_APPS
            and hasattr(model._default_manager, "editable_by")
            and model not in (Municipality, PoliceArea)
        ),
        key=lambda model: model._meta.label_lower,
    )


def test_every_project_model_is_scoped_or_named_as_not(lpo_varnamo):
    """A new model in a project app either answers editable_by, or is named here with a reason."""
    unscoped = {
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model._meta.label_lower.split(".")[1].startswith("historical")
        and not hasattr(model._default_manager, "editable_by")
    }
    assert unscoped == NOT_SCOPED


@pytest.fixture
def rows(lpo_varnamo, lpo_fyrbodal):
    return {"own": build("own", lpo_varnamo), "other": build("other", lpo_fyrbodal)}


SEES = {
    "vaggeryd_coordinator": {"own"},
    "varnamo_police": {"own"},
    "vanersborg_coordinator": {"other"},
    "fyrbodal_police": {"other"},
    "superuser": {"own", "other"},
    "staff_without_membership": set(),
}


@pytest.mark.parametrize("persona", SEES)
def test_editable_by_of_every_model_follows_the_organisations(request, rows, persona):
    user = request.getfixturevalue(persona)
    models = scoped_models()
    assert set(models) == set(rows["own"]), "build() needs one row of every scoped model"
    for model in models:
        visible = set(model._default_manager.editable_by(user))
        seen = {side for side in ("own", "other") if rows[side][model] in visible}
        want = SEES[persona]
        if model is ContactPerson and persona.endswith("police"):
            want = set()  # a kommun's contacts speak for the kommun: police do not edit them
        assert seen == want, f"{model._meta.label}: {persona} sees {seen or 'nothing'}"


# Choice fields, list filters and autocompletes in the admin --------------------------------------


def choice_fields(response):
    form = response.context["adminform"].form
    return {
        name: field for name, field in form.fields.items() if isinstance(field, ModelChoiceField)
    }


SCOPED_ADMINS = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ScopedAdmin) and model_admin.has_add_permission
    ),
    key=lambda model: model._meta.label_lower,
)


@pytest.mark.parametrize("persona", ["vaggeryd_coordinator", "varnamo_police"])
@pytest.mark.parametrize("model", SCOPED_ADMINS, ids=lambda model: model._meta.label_lower)
def test_add_forms_offer_only_rows_the_user_may_work_with(client, request, persona, model):
    user = request.getfixturevalue(persona)
    request.getfixturevalue("lpo_fyrbodal")
    client.force_login(user)
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    if response.status_code == 403:  # residents' reports are not added in the admin
        assert model is PlaceReport
        return
    assert response.status_code == 200
    for name, field in choice_fields(response).items():
        related = field.queryset.model
        if not hasattr(related._default_manager, "editable_by"):
            continue
        allowed = set(related._default_manager.editable_by(user))
        offered = set(field.queryset)
        assert offered <= allowed, f"{opts.label}.{name} offers rows outside the scope"


def test_place_form_offers_police_every_kommun_of_their_area(client, varnamo_police):
    client.force_login(varnamo_police)
    response = client.get(reverse("admin:organisations_place_add"))
    offered = names(choice_fields(response)["municipality"].queryset)
    assert offered == {"Värnamo", "Vaggeryd", "Gislaved", "Gnosjö"}


def test_contact_form_offers_only_the_organisations_the_user_belongs_to(
    client, vaggeryd_coordinator, varnamo_police
):
    client.force_login(vaggeryd_coordinator)
    fields = choice_fields(client.get(reverse("admin:organisations_contactperson_add")))
    assert names(fields["municipality"].queryset) == {"Vaggeryd"}
    assert not fields["police_area"].queryset.exists()
    client.force_login(varnamo_police)
    fields = choice_fields(client.get(reverse("admin:organisations_contactperson_add")))
    assert not fields["municipality"].queryset.exists()
    assert names(fields["police_area"].queryset) == {"Värnamo"}


def test_coordinator_cannot_save_a_survey_in_another_kommun(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    now = timezone.now()
    response = client.post(
        reverse("admin:dialogue_survey_add"),
        {
            "title": "Enkät",
            "slug": "enkat",
            "municipality": kommun("Vänersborg").pk,
            "opens_at_0": now.date().isoformat(),
            "opens_at_1": "08:00",
            "closes_at_0": (now + datetime.timedelta(days=9)).date().isoformat(),
            "closes_at_1": "08:00",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Survey.objects.exists()


def filter_choices(response, title):
    for spec in response.context["cl"].filter_specs:
        if str(spec.title) == title:
            return {str(label) for _pk, label in spec.lookup_choices}
    raise AssertionError(f"no filter {title!r}")


def test_kommun_filter_lists_the_kommuner_of_the_police_area_not_all_290(
    client, varnamo_police, lpo_fyrbodal, django_assert_max_num_queries
):
    client.force_login(varnamo_police)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:organisations_place_changelist"))
    assert filter_choices(response, "kommun") == {"Värnamo", "Vaggeryd", "Gislaved", "Gnosjö"}


def test_a_single_own_kommun_needs_no_filter(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.get(reverse("admin:organisations_place_changelist"))
    assert not [spec for spec in response.context["cl"].filter_specs if spec.title == "kommun"]


def test_police_area_filter_lists_only_the_areas_of_the_users_kommuner(
    client, vaggeryd_coordinator, lpo_varnamo, lpo_fyrbodal
):
    from organisations.models import Membership, PoliceRegion

    jonkoping = PoliceArea.objects.create(
        name="Jönköping", police_region=PoliceRegion.objects.get(name="Öst")
    )
    jonkoping.municipalities.set([kommun("Jönköping")])
    Membership.objects.create(
        user=vaggeryd_coordinator,
        role=Membership.Role.COORDINATOR,
        municipality=kommun("Vänersborg"),
    )
    client.force_login(vaggeryd_coordinator)
    for name in ("followup_followupreport", "followup_indicator", "pledges_activity"):
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert filter_choices(response, "lokalpolisområde") == {
            "Lokalpolisområde Värnamo",
            "Lokalpolisområde Östra Fyrbodal",
        }, name


def autocomplete(client, source, field, term=""):
    app_label, model_name = source.split(".")
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field, "term": term},
    )


def result_names(response):
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


def test_kommun_autocomplete_answers_staff_with_their_kommuner_only(
    client, varnamo_police, lpo_fyrbodal, django_assert_max_num_queries
):
    client.force_login(varnamo_police)
    with django_assert_max_num_queries(12):
        response = autocomplete(client, "pledges.pledge", "municipalities")
    assert result_names(response) == {"Värnamo", "Vaggeryd", "Gislaved", "Gnosjö"}
    assert result_names(autocomplete(client, "pledges.pledge", "municipalities", "Vänersborg")) == (
        set()
    )


def test_police_area_autocomplete_answers_a_coordinator_with_the_area_of_their_kommun(
    client, vaggeryd_coordinator, lpo_fyrbodal
):
    client.force_login(vaggeryd_coordinator)
    response = autocomplete(client, "pledges.pledge", "police_area")
    assert result_names(response) == {"Lokalpolisområde Värnamo"}


def test_autocomplete_of_another_kommuns_places_finds_nothing(
    client, vaggeryd_coordinator, skillingaryd, torpa
):
    client.force_login(vaggeryd_coordinator)
    response = autocomplete(client, "dialogue.dialogueactivity", "place", "Torpa")
    assert result_names(response) == set()
    response = autocomplete(client, "dialogue.dialogueactivity", "place", "Skillingaryd")
    assert result_names(response) == {str(skillingaryd)}


def test_autocomplete_refuses_staff_without_membership(client, staff_without_membership, torpa):
    client.force_login(staff_without_membership)
    assert autocomplete(client, "pledges.pledge", "municipalities").status_code == 403
    assert autocomplete(client, "dialogue.dialogueactivity", "place").status_code == 403


def test_reference_data_pages_stay_closed_to_staff(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    assert client.get(reverse("admin:organisations_municipality_changelist")).status_code == 403
    vaggeryd = kommun("Vaggeryd")
    url = reverse("admin:organisations_municipality_change", args=[vaggeryd.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Ändrad"}).status_code == 403
    vaggeryd.refresh_from_db()
    assert vaggeryd.name == "Vaggeryd"


def test_scoped_admins_save_from_the_top(client, vaggeryd_coordinator):
    client.force_login(vaggeryd_coordinator)
    response = client.get(reverse("admin:organisations_place_add"))
    assert response.context["save_on_top"] is True
    assert response.content.decode().count('name="_save"') == 2
