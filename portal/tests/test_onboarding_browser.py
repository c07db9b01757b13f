"""The whole onboarding of a kommun new to the portal, in Chromium, as its people would do it.

Gislaved has no data. The portal's administrator (with two-step login, as required) invites
its coordinator by e-mail; she chooses a password from the link, turns on two-step login, finds
on her start page what to do, makes the kommun's first pledge with two focus areas and six
activities in one save and approves it for the kommun; the police of LPO Värnamo find it on
their start page and approve it there, and it is published.
"""

import re
import time
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_otp.oath import hotp

from organisations.models import Membership, Municipality, PoliceArea, PoliceRegion
from pledges.models import Pledge
from twofactor.tests.conftest import app_code, give_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-langt-losenord-for-test"
NEW_PASSWORD = "gislaved-trygghet-2027"


def code_from_secret(secret):
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{hotp(key, int(time.time()) // 30):06d}"


def log_in(page, server, username, password=PASSWORD):
    page.goto(server + "/admin/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


@pytest.fixture
def portal(live_server, settings):
    from organisations.reference import load_reference_data

    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_reference_data()
    area = PoliceArea.objects.create(
        name="Värnamo", police_region=PoliceRegion.objects.get(name="Öst")
    )
    area.municipalities.set(
        Municipality.objects.filter(name__in=["Värnamo", "Vaggeryd", "Gislaved", "Gnosjö"])
    )
    users = get_user_model().objects
    admin = users.create_superuser("admin", "admin@example.se", PASSWORD)
    police = users.create_user("polis.varnamo", "polis@example.se", PASSWORD)
    Membership.objects.create(user=police, role=Membership.Role.POLICE, police_area=area)
    device, _codes = give_two_factor(admin)
    return live_server.url, device


def test_a_new_kommun_goes_from_invitation_to_a_published_pledge(portal, browser):
    server, admin_device = portal

    # The administrator logs in with password and app code, and invites in one form.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, server, "admin")
    page.get_by_label("Kod från appen").fill(app_code(admin_device))
    page.get_by_role("button", name="Logga in").click()
    page.goto(server + "/admin/accounts/invitation/add/")
    page.get_by_label("E-post").fill("karin.lind@gislaved.se")
    page.get_by_label("Namn").fill("Karin Lind")
    page.get_by_label("Roll").select_option(label="Kommunal samordnare")
    # The kommun is a search box: a few letters find it among the 290.
    page.locator("#id_municipality + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Gisla")
    page.locator(".select2-results__option", has_text="Gislaved").click()
    page.get_by_role("button", name="Spara", exact=True).click()
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()
    context.close()

    # The invitation reaches her in Swedish, with a link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin.lind@gislaved.se"]
    link = re.search(r"https?://\S+/konto/inbjudan/\S+/", message.body).group(0)
    path = link[link.index("/konto/") :]

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + path)
    page.get_by_label("Välj ett lösenord").fill(NEW_PASSWORD)
    page.get_by_label("Samma lösenord igen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Godta inbjudan").click()
    assert page.url == server + "/admin/"

    # Two-step login, offered on the start page.
    page.get_by_role("link", name="Slå på tvåstegsinloggning").first.click()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Kod från appen").fill(code_from_secret(secret))
    page.get_by_role("button", name="Slå på tvåstegsinloggning").click()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    assert page.url == server + "/admin/"

    # Her start page says what to do first: Gislaved has no pledge.
    worklist = page.locator(".worklist")
    assert "Gislaved" in worklist.inner_text()
    page.get_by_role("link", name=re.compile("första medborgarlöfte")).click()
    assert page.url.startswith(server + "/admin/pledges/pledge/add/")

    # A pledge with two focus areas and six activities, in one save.
    assert page.get_by_label("Gislaved").is_checked()
    page.locator("#id_title").fill("Medborgarlöfte Gislaved 2027–2028")
    page.locator("#id_start_date").fill("2027-01-01")
    page.locator("#id_end_date").fill("2028-12-31")
    page.locator("#id_promise").fill("Gislaveds kommun och polisen lovar att arbeta tillsammans.")
    page.locator("#id_focus_areas-0-name").fill("Trygg centrumkärna")
    page.locator("#id_focus_areas-1-name").fill("Trafiksäkerhet")
    activities = [
        "Trygghetsvandringar i centrum.",
        "Hastighetskontroller vid skolor.",
        "Möten med företagare.",
        "Belysning i parken.",
        "Föräldravandringar på helger.",
        "Dialog med unga.",
    ]
    add_row = page.locator("#activities-group .add-row a")
    while page.locator("#activities-group .inline-related:not(.empty-form)").count() < 6:
        add_row.click()
    for row, text in enumerate(activities):
        page.locator(f"#id_activities-{row}-description").fill(text)
        area = "1. Trygg centrumkärna" if row % 2 == 0 else "2. Trafiksäkerhet"
        page.locator(f"#activities-{row}").get_by_label(area).check()
    page.locator("#id_signatories-0-name").fill("Karin Lind")
    page.locator("#id_signatories-0-role").fill("Säkerhetssamordnare")
    page.locator("#id_signatories-0-organisation").fill("Gislaveds kommun")
    with page.expect_navigation():
        page.locator("input[name='_continue']").first.click()
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()

    pledge = Pledge.objects.get(title="Medborgarlöfte Gislaved 2027–2028")
    assert pledge.focus_areas.count() == 2
    assert [a.description for a in pledge.activities.all()] == activities
    assert all(a.focus_areas.count() == 1 for a in pledge.activities.all())

    page.get_by_role("button", name="Godkänn för kommunen").click()
    assert "godkänt av kommunen" in page.locator(".messagelist").inner_text().lower()
    context.close()

    # The police find it on their start page and approve it there.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, server, "polis.varnamo")
    assert page.url == server + "/admin/"
    item = page.locator(".worklist-item", has_text="Medborgarlöfte Gislaved 2027–2028")
    assert "kommunen godkände version 1" in item.inner_text()
    item.get_by_role("button", name="Godkänn för polisen").click()
    assert "publicerat" in page.locator(".messagelist").inner_text()
    context.close()

    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PUBLISHED
    assert pledge.published_version.number == 1
