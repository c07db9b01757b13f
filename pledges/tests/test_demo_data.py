"""The demo loader: alive on any day, idempotent, from the seeds' facts, safe in production.

The demo is loaded as of a frozen day: the loaders take it as `today`, and the clock is frozen at
noon of that day, for the domain methods (approving, publishing a follow-up) read the clock.
"""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from dialogue.demo import load_dialogue_demo
from followup.demo import load_follow_up_demo
from followup.models import ActivityUpdate, FollowUpReport
from followup.services import FINISHED
from organisations.models import ContactPerson, Membership, Place, PoliceArea
from pledges.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data
from pledges.models import Activity, FocusArea, Pledge, PledgeApproval, PledgeVersion, Signatory

d = datetime.date
# A day in a tertial; the first working days after New Year, which fall on a holiday and a
# weekend; and Första maj, the day after a tertial ended, years ahead.
DAYS = [d(2026, 11, 30), d(2027, 1, 3), d(2031, 5, 1)]
SEEDS = {"Vaggeryd": "vaggeryd-2022", "Vänersborg": "vanersborg-2021"}
SEED_SLUGS = ["vaggeryd-2021", "vaggeryd-2022", "vanersborg-2021"]
APPROVERS = {
    "Vaggeryd": ("samordnare.vaggeryd", "polis.varnamo"),
    "Vänersborg": ("samordnare.vanersborg", "polis.ostrafyrbodal"),
}

COUNTED_MODELS = [
    Pledge,
    PledgeVersion,
    Activity,
    FocusArea,
    Signatory,
    Place,
    ContactPerson,
    PledgeApproval,
    get_user_model(),
    Membership,
    PoliceArea,
    FollowUpReport,
    ActivityUpdate,
    # A rerun that saved unchanged rows would still add history.
    Pledge.history.model,
    Activity.history.model,
    ContactPerson.history.model,
    FollowUpReport.history.model,
    ActivityUpdate.history.model,
]


def freeze(monkeypatch, day, hour=12):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def load_demo_on(monkeypatch, day, create_users=True):
    """The whole demo as the command loads it, with the clock frozen at noon of `day`."""
    freeze(monkeypatch, day)
    created = Counter()
    created.update(load_demo_data(create_users=create_users, today=day))
    created.update(load_follow_up_demo(create_users=create_users, today=day))
    created.update(load_dialogue_demo(today=day))
    return dict(created)


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def in_force(kommun, day):
    return Pledge.objects.current(day).get(municipalities__name=kommun)


@pytest.mark.django_db
@pytest.mark.parametrize("day", DAYS)
def test_each_demo_kommun_has_a_pledge_in_force_with_a_published_change(monkeypatch, day):
    load_demo_on(monkeypatch, day)
    now = timezone.now()

    for kommun, (municipal, police) in APPROVERS.items():
        pledge = in_force(kommun, day)
        assert pledge.previous.slug == SEEDS[kommun]
        assert pledge.end_date - day >= datetime.timedelta(days=300)
        assert pledge.signed_on < pledge.start_date
        assert pledge.page_owner.municipality.name == kommun
        assert pledge.situation_picture.period_end < pledge.start_date
        earlier = Pledge.objects.earlier(day).filter(municipalities__name=kommun)
        assert set(earlier.values_list("slug", flat=True)) == {
            slug for slug in SEED_SLUGS if slug.startswith(SEEDS[kommun][:5])
        }
        # Version 2 is live, with its reason; version 1 stays readable.
        first, second = pledge.versions.order_by("number")
        assert pledge.published_version == second
        assert (first.change_reason, bool(second.change_reason)) == ("", True)
        assert pledge.published_at == first.published_at < second.published_at <= now
        assert pledge.start_date < timezone.localdate(second.published_at)
        assert first.content != second.content
        assert second.content == pledge.snapshot()
        for version in (first, second):
            by_side = {a.side: a.user.username for a in version.approvals.all()}
            assert by_side == {"municipality": municipal, "police": police}
            times = {timezone.localtime(a.approved_at).hour for a in version.approvals.all()}
            assert times <= set(range(9, 18))
        # Version 2 retired the approvals of version 1 when it was published.
        assert {a.retired_at for a in first.approvals.all()} == {second.published_at}
        assert second.approvals.filter(is_active=True).count() == 2


@pytest.mark.django_db
def test_version_2_adds_an_activity_in_vaggeryd_and_a_target_in_vanersborg(monkeypatch):
    day = DAYS[0]
    load_demo_on(monkeypatch, day)

    vaggeryd = in_force("Vaggeryd", day).versions.order_by("number")
    before, after = ([a["description"] for a in v.content["activities"]] for v in vaggeryd)
    assert set(after) - set(before) == {
        "Nå unga som riskerar att hamna i missbruk, och deras föräldrar, tillsammans med skolan "
        "och socialtjänsten."
    }
    vanersborg = in_force("Vänersborg", day).versions.order_by("number")
    targets = [
        {
            a["target_count"]
            for a in v.content["activities"]
            if "polisens närvaro" in a["description"]
        }
        for v in vanersborg
    ]
    assert targets == [{None}, {400}]


@pytest.mark.django_db
@pytest.mark.parametrize("kommun", ["Vaggeryd", "Vänersborg"])
def test_the_seeds_unfinished_activities_are_carried_over_and_linked(monkeypatch, kommun):
    load_demo_on(monkeypatch, DAYS[0])

    seed = Pledge.objects.get(slug=SEEDS[kommun])
    latest = {}
    for update in ActivityUpdate.objects.filter(
        report__pledge=seed, report__status=FollowUpReport.Status.PUBLISHED
    ).order_by("report__year", "report__tertial"):
        latest[update.activity_id] = update.status
    unfinished = {a.pk for a in seed.activities.all() if latest.get(a.pk) not in FINISHED}
    pledge = in_force(kommun, DAYS[0])
    carried = pledge.activities.filter(carried_over_from__isnull=False)

    assert {a.carried_over_from_id for a in carried} == unfinished
    # As carried over, in version 1: the same words, responsibility and focus areas, with the
    # focus areas of the new pledge.
    first = pledge.versions.get(number=1).content["activities"]
    sources = {a.pk: a for a in seed.activities.prefetch_related("focus_areas")}
    as_carried = [a for a in first if a["carried_over_from"]]
    assert {a["carried_over_from"] for a in as_carried} == unfinished
    for activity in as_carried:
        source = sources[activity["carried_over_from"]]
        assert (activity["description"], activity["responsible"]) == (
            source.description,
            source.responsible,
        )
        assert activity["focus_areas"] == sorted(f.name for f in source.focus_areas.all())
    assert set(
        FocusArea.objects.filter(activities__in=carried).values_list("pledge", flat=True)
    ) == {pledge.pk}
    expected = {"Vaggeryd": 2, "Vänersborg": 7}[kommun]
    assert len(unfinished) == expected


@pytest.mark.django_db
def test_demo_loader_is_idempotent(monkeypatch):
    first = load_demo_on(monkeypatch, DAYS[0])
    counts = row_counts()
    second = load_demo_on(monkeypatch, DAYS[0])

    assert row_counts() == counts
    assert second == {}
    assert first["pledges"] == 5
    assert first["pledge changes"] == 2


@pytest.mark.django_db
def test_a_rerun_while_the_pledge_is_in_force_adds_only_the_tertials_ended_since(monkeypatch):
    load_demo_on(monkeypatch, d(2026, 11, 30))
    pledges = set(Pledge.objects.values_list("pk", flat=True))

    created = load_demo_on(monkeypatch, d(2027, 5, 31))

    assert set(Pledge.objects.values_list("pk", flat=True)) == pledges
    assert created["follow-up reports"] == 4  # T3 2026 and T1 2027 of both pledges
    assert "pledge changes" not in created
    for kommun in SEEDS:
        pledge = in_force(kommun, d(2027, 5, 31))
        assert pledge.previous.slug == SEEDS[kommun]
        assert pledge.follow_up_reports.published().count() == 4


@pytest.mark.django_db
def test_a_rerun_years_later_continues_with_a_new_pledge_without_duplicates(monkeypatch):
    load_demo_on(monkeypatch, d(2026, 11, 30))
    first = {kommun: in_force(kommun, d(2026, 11, 30)) for kommun in SEEDS}

    load_demo_on(monkeypatch, d(2031, 5, 1))
    counts = row_counts()
    assert load_demo_on(monkeypatch, d(2031, 5, 1)) == {}

    assert row_counts() == counts
    for kommun, earlier in first.items():
        pledge = in_force(kommun, d(2031, 5, 1))
        assert pledge.previous == earlier
        # The earlier one is complete: a published follow-up for each of its six tertials.
        assert earlier.follow_up_reports.published().count() == 6
        carried = pledge.activities.filter(carried_over_from__pledge=earlier)
        assert carried.exists()
        assert (
            Pledge.objects.current(d(2031, 5, 1)).filter(municipalities__name=kommun).count() == 1
        )


@pytest.mark.django_db
def test_a_staff_draft_continuing_the_demo_pledge_is_left_alone(monkeypatch):
    load_demo_on(monkeypatch, DAYS[0])
    current = in_force("Vaggeryd", DAYS[0])
    own = Pledge.objects.create(
        title="Vårt nästa löfte", slug="vaggeryd-2028", police_area=current.police_area,
        start_date=d(2028, 1, 1), end_date=d(2028, 12, 31), promise="Vi lovar.", previous=current,
    )  # fmt: skip
    own.municipalities.add(*current.municipalities.all())
    counts = row_counts()

    assert load_demo_on(monkeypatch, DAYS[0]) == {}

    assert row_counts() == counts
    own.refresh_from_db()
    assert (own.status, own.title) == (Pledge.Status.DRAFT, "Vårt nästa löfte")
    assert not own.activities.exists() and not own.versions.exists()


def test_a_pledge_that_already_has_the_address_is_not_taken_over(monkeypatch, lpo_varnamo):
    own = Pledge.objects.create(
        title="Eget löfte", slug="vaggeryd-2026", police_area=lpo_varnamo,
        start_date=d(2026, 1, 1), end_date=d(2026, 6, 30), promise="Vi lovar.",
    )  # fmt: skip

    load_demo_on(monkeypatch, DAYS[0])

    own.refresh_from_db()
    assert (own.title, own.status, own.previous) == ("Eget löfte", Pledge.Status.DRAFT, None)
    assert in_force("Vaggeryd", DAYS[0]).slug == "vaggeryd-2026-2"


@pytest.mark.django_db
def test_without_users_everything_is_published_without_approvals(monkeypatch):
    users = get_user_model().objects.count()

    load_demo_on(monkeypatch, DAYS[1], create_users=False)

    assert get_user_model().objects.count() == users
    assert not PledgeApproval.objects.exists()
    for kommun in SEEDS:
        pledge = in_force(kommun, DAYS[1])
        assert list(pledge.versions.values_list("number", flat=True)) == [1, 2]
        assert pledge.published_version.number == 2
    assert Pledge.objects.published().count() == 5
    counts = row_counts()
    assert load_demo_on(monkeypatch, DAYS[1], create_users=False) == {}
    assert row_counts() == counts


@pytest.mark.django_db
def test_the_seed_pledges_are_published_with_both_approvals_by_the_right_users(monkeypatch):
    load_demo_on(monkeypatch, DAYS[0])
    approvers = {
        "vaggeryd-2021": APPROVERS["Vaggeryd"],
        "vaggeryd-2022": APPROVERS["Vaggeryd"],
        "vanersborg-2021": APPROVERS["Vänersborg"],
    }

    for slug, (municipal, police) in approvers.items():
        pledge = Pledge.objects.get(slug=slug)
        assert pledge.is_published
        assert timezone.localdate(pledge.published_at) == pledge.signed_on
        by_side = {a.side: a.user.username for a in pledge.active_approvals()}
        assert by_side == {
            PledgeApproval.Side.MUNICIPALITY: municipal,
            PledgeApproval.Side.POLICE: police,
        }
        for approval in pledge.active_approvals():
            assert approval.side in pledge.approval_sides_for(approval.user)


@pytest.mark.django_db
def test_the_seeds_facts_are_back(monkeypatch):
    load_demo_on(monkeypatch, DAYS[0])

    vanersborg = Pledge.objects.get(slug="vanersborg-2021")
    aims = list(vanersborg.activities.values_list("description", flat=True))
    assert "Involvera dem som bor i och besöker kommunen i det brottsförebyggande arbetet." in aims
    assert len(aims) == 7
    sanden = Place.objects.get(name="Aktivitetsområdet Sanden")
    assert "största område för evenemang och aktiviteter" in sanden.description
    assert "största båthamn" in sanden.description
    contacts = set(ContactPerson.objects.values_list("municipality__name", "police_area__slug",
                                                     "role"))  # fmt: skip
    assert contacts == {
        ("Vaggeryd", None, "Trygghetssamordnare"),
        ("Vänersborg", None, "Beredskapssamordnare"),
        ("Vänersborg", None, "Säkerhetssamordnare"),
        (None, "varnamo", "Kommunpolis"),
        (None, "ostra-fyrbodal", "Kommunpolis"),
    }
    owners = dict(Pledge.objects.values_list("slug", "page_owner__role"))
    assert set(owners.values()) == {"Trygghetssamordnare", "Säkerhetssamordnare"}
    assert len(owners) == 5


@pytest.mark.django_db
def test_safety_walks_are_carried_over_from_the_previous_seed_pledge(monkeypatch):
    load_demo_on(monkeypatch, DAYS[0], create_users=False)

    pledge = Pledge.objects.get(slug="vaggeryd-2022")
    assert pledge.previous.slug == "vaggeryd-2021"
    walks = pledge.activities.get(description__startswith="Genomföra trygghetsvandringar")
    assert walks.carried_over_from.pledge == pledge.previous
    assert walks.target_count == 2
    assert set(walks.places.values_list("name", flat=True)) == {"Skillingaryd", "Vaggeryd"}


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
def test_demo_users_can_log_in_with_the_demo_password():
    load_demo_data(create_users=True)

    for username in DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        assert user.is_staff
        assert user.check_password(DEMO_PASSWORD)
    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_demo_contacts_use_example_addresses_only():
    load_demo_data(create_users=True)

    assert ContactPerson.objects.exists()
    for contact in ContactPerson.objects.all():
        assert contact.email.rsplit("@", 1)[1].endswith("example.se")
        contact.full_clean()
    for user in get_user_model().objects.all():
        assert user.email.endswith("@example.se")


@pytest.mark.django_db
def test_withdrawn_demo_pledge_stays_withdrawn_on_rerun(monkeypatch):
    load_demo_on(monkeypatch, DAYS[0])
    pledge = Pledge.objects.get(slug="vaggeryd-2022")
    pledge.withdraw(get_user_model().objects.get(username="admin"), "Felaktig text.")

    load_demo_on(monkeypatch, DAYS[0])

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
    assert not Pledge.objects.exists()


@pytest.mark.django_db
def test_command_loads_content_without_users_when_asked(settings):
    settings.DEBUG = False
    users = get_user_model().objects.count()

    call_command("load_demo_data", "--no-users", stdout=StringIO())

    assert get_user_model().objects.count() == users
    assert not PledgeApproval.objects.exists()
    assert Pledge.objects.published().count() == 5
    for kommun in SEEDS:
        assert Pledge.objects.current().filter(municipalities__name=kommun).count() == 1


@pytest.mark.django_db
def test_command_lists_demo_logins_with_debug(settings):
    settings.DEBUG = True
    out = StringIO()

    call_command("load_demo_data", stdout=out)

    output = out.getvalue()
    assert DEMO_PASSWORD in output
    for username in DEMO_USERS:
        assert username in output
