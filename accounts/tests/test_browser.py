"""In Chromium: the invitation and password reset pages pass axe-core, with and without errors,
and the new person gets from the link to the admin start page by labels and button texts."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from accounts.models import Invitation
from organisations.models import Membership, Municipality
from portal.tests.browser import accessibility_problems

from .conftest import STRONG_PASSWORD, link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page):
    problems = accessibility_problems(page)
    assert not problems, problems


@pytest.fixture
def invitation_link(live_server):
    from organisations.reference import load_reference_data

    load_reference_data()
    inviter = get_user_model().objects.create_superuser("admin", "admin@example.se", "x" * 12)
    invitation = Invitation(
        email="anna.svensson@vaggeryd.se",
        name="Anna Svensson",
        role=Membership.Role.COORDINATOR,
        municipality=Municipality.objects.get(name="Vaggeryd"),
        invited_by=inviter,
    )
    token = invitation.new_link_token()
    invitation.save()
    return live_server.url, f"/konto/inbjudan/{token}/"


def test_the_invited_person_chooses_a_password_and_reaches_the_admin(invitation_link, page):
    server, link = invitation_link
    page.goto(server + link)
    assert_accessible(page)

    page.get_by_label("Välj ett lösenord").fill("kort")
    page.get_by_label("Samma lösenord igen").fill("kort")
    page.get_by_role("button", name="Godta inbjudan").click()
    assert page.get_by_text("Det här lösenordet är för kort.").is_visible()
    assert_accessible(page)

    page.get_by_label("Välj ett lösenord").fill(STRONG_PASSWORD)
    page.get_by_label("Samma lösenord igen").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Godta inbjudan").click()
    assert page.url == server + "/admin/"
    welcome = "Välkommen! Nu arbetar du med Vaggeryds kommun i portalen."
    assert page.get_by_text(welcome).is_visible()


def test_a_used_invitation_link_page_is_accessible(invitation_link, page):
    server, link = invitation_link
    Invitation.objects.update(revoked_at="2026-01-01T00:00:00Z")
    page.goto(server + link)
    assert page.get_by_text("har dragit tillbaka inbjudan").is_visible()
    assert_accessible(page)


def test_password_reset_pages_are_accessible(invitation_link, page, settings):
    server, _ = invitation_link
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    get_user_model().objects.create_user(
        "anna.svensson@vaggeryd.se", "anna.svensson@vaggeryd.se", "x" * 12
    )
    page.goto(server + "/admin/login/")
    page.get_by_role("link", name="Har du glömt dina inloggningsuppgifter?").click()
    assert_accessible(page)

    page.get_by_label("E-postadress").fill("inte en adress")
    page.get_by_role("button", name="Skicka länken").click()
    assert_accessible(page)

    page.get_by_label("E-postadress").fill("anna.svensson@vaggeryd.se")
    page.get_by_role("button", name="Skicka länken").click()
    assert page.get_by_role("heading", name="Titta i din e-post").is_visible()
    assert_accessible(page)

    page.goto(server + link_in(mail.outbox[-1]))
    assert_accessible(page)
    page.get_by_label(re.compile("^Nytt lösenord")).fill(STRONG_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Spara det nya lösenordet").click()
    assert page.get_by_role("heading", name="Ditt nya lösenord är sparat").is_visible()
    assert_accessible(page)


def test_the_invitation_form_with_its_search_boxes_is_accessible(invitation_link, page):
    server, _ = invitation_link
    page.goto(server + "/admin/login/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("x" * 12)
    page.get_by_role("button", name="Logga in").click()
    page.goto(server + "/admin/accounts/invitation/add/")
    # The kommun is chosen in a search box, named by its label (portal-admin.js).
    box = page.locator("#id_municipality + .select2 .select2-selection")
    label_id = box.get_attribute("aria-labelledby").split()[0]
    assert page.locator(f"#{label_id}").inner_text().startswith("Kommun")
    assert_accessible(page)
