"""The demo loader and its management command: idempotent, published, and safe in production."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from organisations.models import ContactPerson, Membership, Place, PoliceArea
from pledges.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data
from pledges.models import Activity, FocusArea, Pledge, PledgeApproval, Signatory

COUNTED_MODELS = [
    Pledge,
    Activity,
    FocusArea,
    Signatory,
    Place,
    ContactPerson,
    PledgeApproval,
    get_user_model(),
    Membership,
    PoliceArea,
    # A rerun that saved unchanged rows would still add history.
    Pledge.history.model,
    Activity.history.model,
    ContactPerson.history.model,
]
DEMO_SLUGS = ["vaggeryd-2021", "vaggeryd-2022", "vanersborg-2021"]


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


@pytest.mark.django_db
def test_demo_loader_is_idempotent():
    first = load_demo_data(create_users=True)
    counts = row_counts()
    second = load_demo_data(create_users=True)

    assert row_counts() == counts
    assert first["pledges"] == 3
    assert second == {}


@pytest.mark.django_db
def test_demo_pledges_are_published_with_both_approvals_by_the_right_users():
    load_demo_data(create_users=True)
    approvers = {
        "vaggeryd-2021": ("samordnare.vaggeryd", "polis.varnamo"),
        "vaggeryd-2022": ("samordnare.vaggeryd", "polis.varnamo"),
        "vanersborg-2021": ("samordnare.vanersborg", "polis.ostrafyrbodal"),
    }

    for slug, (municipal, police) in approvers.items():
        pledge = Pledge.objects.get(slug=slug)
        assert pledge.is_published
        assert pledge.published_at is not None
        by_side = {a.side: a.user.username for a in pledge.active_approvals()}
        assert by_side == {
            PledgeApproval.Side.MUNICIPALITY: municipal,
            PledgeApproval.Side.POLICE: police,
        }
        # Each approver is a member of the side they approved for.
        for approval in pledge.active_approvals():
            assert approval.side in pledge.approval_sides_for(approval.user)


@pytest.mark.django_db
def test_demo_users_can_log_in_with_the_demo_password():
    load_demo_data(create_users=True)

    for username in DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        assert user.is_staff
        assert user.check_password(DEMO_PASSWORD)
    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_lpo_varnamo_covers_its_four_kommuner():
    load_demo_data(create_users=False)

    area = PoliceArea.objects.get(slug="varnamo")
    assert area.police_region.name == "Öst"
    assert set(area.municipalities.values_list("name", flat=True)) == {
        "Värnamo",
        "Vaggeryd",
        "Gislaved",
        "Gnosjö",
    }


@pytest.mark.django_db
def test_safety_walks_are_carried_over_from_the_previous_pledge():
    load_demo_data(create_users=False)

    pledge = Pledge.objects.get(slug="vaggeryd-2022")
    assert pledge.previous.slug == "vaggeryd-2021"
    walks = pledge.activities.get(description__startswith="Genomföra trygghetsvandringar")
    assert walks.carried_over_from.pledge == pledge.previous
    assert walks.target_count == 2
    assert set(walks.places.values_list("name", flat=True)) == {"Skillingaryd", "Vaggeryd"}


@pytest.mark.django_db
def test_vanersborg_focus_areas_are_its_two_places():
    load_demo_data(create_users=False)

    pledge = Pledge.objects.get(slug="vanersborg-2021")
    places = {fa.name: fa.place.name for fa in pledge.focus_areas.all()}
    assert places == {
        "Aktivitetsområdet Sanden": "Aktivitetsområdet Sanden",
        "Bostadsområdet Torpa": "Bostadsområdet Torpa",
    }
    assert all(activity.focus_areas.exists() for activity in pledge.activities.all())


@pytest.mark.django_db
def test_demo_contacts_use_example_addresses_only():
    load_demo_data(create_users=True)

    assert ContactPerson.objects.exists()
    for contact in ContactPerson.objects.all():
        assert contact.email.endswith(".example.se") or contact.email.endswith("@example.se")
        contact.full_clean()
    for user in get_user_model().objects.all():
        assert user.email.endswith("@example.se")


@pytest.mark.django_db
def test_withdrawn_demo_pledge_stays_withdrawn_on_rerun():
    load_demo_data(create_users=True)
    pledge = Pledge.objects.get(slug="vaggeryd-2022")
    pledge.withdraw(get_user_model().objects.get(username="admin"), "Felaktig text.")

    load_demo_data(create_users=True)

    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.WITHDRAWN
    assert not pledge.active_approvals().exists()


@pytest.mark.django_db
def test_command_refuses_demo_users_without_debug(settings):
    settings.DEBUG = False
    users = get_user_model().objects.count()

    with pytest.raises(CommandError, match="--no-users"):
        call_command("load_demo_data", stdout=StringIO())

    assert get_user_model().objects.count() == users
    assert not Pledge.objects.filter(slug__in=DEMO_SLUGS).exists()


@pytest.mark.django_db
def test_command_loads_content_without_users_when_asked(settings):
    settings.DEBUG = False
    users = get_user_model().objects.count()

    call_command("load_demo_data", "--no-users", stdout=StringIO())

    assert get_user_model().objects.count() == users
    assert not PledgeApproval.objects.exists()
    published = Pledge.objects.published().filter(slug__in=DEMO_SLUGS)
    assert published.count() == len(DEMO_SLUGS)


@pytest.mark.django_db
def test_command_lists_demo_logins_with_debug(settings):
    settings.DEBUG = True
    out = StringIO()

    call_command("load_demo_data", stdout=out)

    output = out.getvalue()
    assert DEMO_PASSWORD in output
    for username in DEMO_USERS:
        assert username in output
