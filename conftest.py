"""Shared test set-up: reference data in the test database and the named personas.

Personas (one place for all test modules):
- vaggeryd_coordinator: trygghetssamordnare, member of Vaggeryd kommun
- varnamo_police: kommunpolis, member of LPO Värnamo (Värnamo, Vaggeryd, Gislaved, Gnosjö)
- vanersborg_coordinator: säkerhetssamordnare, member of Vänersborg kommun
- fyrbodal_police: member of LPO Östra Fyrbodal (Vänersborg, Trollhättan)
- superuser: the portal administrator
- staff_without_membership: a staff account that belongs to no organisation

Shared places: the kommuner vaggeryd and vanersborg, and the places skillingaryd and torpa.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation

from organisations.models import Membership, Municipality, Place, PoliceArea, PoliceRegion
from organisations.reference import load_reference_data

pytest_plugins = ["portal.tests.browser"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def two_factor_not_required(settings):
    # Most tests log in a superuser and go to the admin; two-step login tests require it again.
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False


@pytest.fixture(autouse=True)
def default_language():
    # A test that switches to English (reverse() under /en/) must not leak it into the next.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


def municipality(name):
    return Municipality.objects.get(name=name)


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rate limits and cached results live in the cache: every test starts without them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vaggeryd(db):
    return municipality("Vaggeryd")


@pytest.fixture
def vanersborg(db):
    return municipality("Vänersborg")


@pytest.fixture
def skillingaryd(vaggeryd):
    return Place.objects.create(municipality=vaggeryd, name="Skillingaryd")


@pytest.fixture
def torpa(vanersborg):
    return Place.objects.create(municipality=vanersborg, name="Bostadsområdet Torpa")


@pytest.fixture
def lpo_varnamo(db):
    area = PoliceArea.objects.create(
        name="Värnamo", police_region=PoliceRegion.objects.get(name="Öst")
    )
    area.municipalities.set(
        Municipality.objects.filter(name__in=["Värnamo", "Vaggeryd", "Gislaved", "Gnosjö"])
    )
    return area


@pytest.fixture
def lpo_fyrbodal(db):
    area = PoliceArea.objects.create(
        name="Östra Fyrbodal", police_region=PoliceRegion.objects.get(name="Väst")
    )
    area.municipalities.set(Municipality.objects.filter(name__in=["Vänersborg", "Trollhättan"]))
    return area


def make_staff(username, **membership):
    user = get_user_model().objects.create_user(
        username=username, password="test-password-123", is_staff=True
    )
    if membership:
        Membership.objects.create(user=user, **membership)
    return user


@pytest.fixture
def vaggeryd_coordinator(lpo_varnamo):
    return make_staff(
        "samordnare.vaggeryd",
        role=Membership.Role.COORDINATOR,
        municipality=municipality("Vaggeryd"),
    )


@pytest.fixture
def varnamo_police(lpo_varnamo):
    return make_staff("polis.varnamo", role=Membership.Role.POLICE, police_area=lpo_varnamo)


@pytest.fixture
def vanersborg_coordinator(lpo_fyrbodal):
    return make_staff(
        "samordnare.vanersborg",
        role=Membership.Role.COORDINATOR,
        municipality=municipality("Vänersborg"),
    )


@pytest.fixture
def fyrbodal_police(lpo_fyrbodal):
    return make_staff("polis.fyrbodal", role=Membership.Role.POLICE, police_area=lpo_fyrbodal)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="admin", password="test-password-123", email="admin@example.se"
    )


@pytest.fixture
def staff_without_membership(db):
    return make_staff("staff.nobody")
