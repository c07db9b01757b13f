"""The pledge form in Chromium with its script: arrows, ticked focus areas, address, 1280 px."""

import pytest

from conftest import make_staff
from organisations.models import Membership, Municipality, PoliceArea, PoliceRegion
from pledges.models import Pledge
from portal.tests.browser import accessibility_problems, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    from organisations.reference import load_reference_data

    load_reference_data()
    area = PoliceArea.objects.create(
        name="Värnamo", police_region=PoliceRegion.objects.get(name="Öst")
    )
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    area.municipalities.set([vaggeryd])
    make_staff("samordnare", role=Membership.Role.COORDINATOR, municipality=vaggeryd)
    return live_server.url


@pytest.fixture
def coordinator(browser, site):
    # A browser in another time zone than the server: the admin would add its server-time note.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="America/New_York"
    )
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill("test-password-123")
    page.get_by_role("button", name="Logga in").click()
    yield page
    context.close()


def save_and_continue(page):
    with page.expect_navigation(wait_until="load"):
        page.locator("input[name='_continue']").first.click()


def checked_areas(page, row):
    boxes = page.locator(f"#activities-{row} .pf-focus-choices label")
    return [
        boxes.nth(n).inner_text().strip()
        for n in range(boxes.count())
        if boxes.nth(n).locator("input").is_checked()
    ]


def assert_fits_and_accessible(page):
    assert not layout_problems(page), layout_problems(page)
    problems = accessibility_problems(page)
    assert not problems, problems


def test_coordinator_makes_a_pledge_in_one_save_with_arrows_and_ticks(site, coordinator):
    page = coordinator
    page.goto(site + "/admin/pledges/pledge/add/")
    # The kommun and its police area are chosen; the address follows title and period.
    assert page.get_by_label("Vaggeryd").is_checked()
    assert page.locator("#id_police_area option:checked").inner_text() == (
        "Lokalpolisområde Värnamo"
    )
    page.locator("#id_title").fill("Medborgarlöfte Vaggeryd 2027–2028")
    page.locator("#id_start_date").fill("2027-01-01")
    page.locator("#id_end_date").fill("2028-12-31")
    assert page.locator("#id_slug").input_value() == "vaggeryd-2027-2028"
    assert (
        page.locator(".timezonewarning").count() == 0
        or not page.locator(".timezonewarning").first.is_visible()
    )
    page.locator("#id_promise").fill("Vaggeryds kommun och polisen lovar att …")

    page.locator("#id_focus_areas-0-name").fill("Trafiksäkerhet")
    page.locator("#id_focus_areas-1-name").fill("Skillingaryds centrum")
    # The second focus area moves to the top: its number becomes 1.
    page.locator("#focus_areas-1").get_by_role("button", name="Flytta upp").click()
    choices = page.locator("#activities-0 .pf-focus-choices label")
    assert [choices.nth(n).inner_text().strip() for n in range(2)] == [
        "1. Skillingaryds centrum",
        "2. Trafiksäkerhet",
    ]

    page.locator("#activities-group .add-row a").click()
    for row, text in enumerate(["Hastighetskontroller.", "Vandringar.", "Belysning.", "Möten."]):
        page.locator(f"#id_activities-{row}-description").fill(text)
    page.locator("#activities-0").get_by_label("2. Trafiksäkerhet").check()
    page.locator("#activities-1").get_by_label("1. Skillingaryds centrum").check()
    page.locator("#activities-3").get_by_label("1. Skillingaryds centrum").check()
    page.locator("#activities-3").get_by_label("2. Trafiksäkerhet").check()
    # “Möten.” moves above “Belysning.”.
    page.locator("#activities-3").get_by_role("button", name="Flytta upp").click()
    assert "plats 3 av 4" in page.locator(".pf-live").inner_text()

    page.locator("#id_signatories-0-name").fill("Anna Andersson")
    page.locator("#id_signatories-0-role").fill("Kommunstyrelsens ordförande")
    page.locator("#id_signatories-0-organisation").fill("Vaggeryds kommun")
    assert_fits_and_accessible(page)

    save_and_continue(page)
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()

    pledge = Pledge.objects.get(slug="vaggeryd-2027-2028")
    assert [a.name for a in pledge.focus_areas.all()] == ["Skillingaryds centrum", "Trafiksäkerhet"]
    assert [
        (a.description, sorted(f.name for f in a.focus_areas.all()))
        for a in pledge.activities.all()
    ] == [
        ("Hastighetskontroller.", ["Trafiksäkerhet"]),
        ("Vandringar.", ["Skillingaryds centrum"]),
        ("Möten.", ["Skillingaryds centrum", "Trafiksäkerhet"]),
        ("Belysning.", []),
    ]
    assert [s.name for s in pledge.signatories.all()] == ["Anna Andersson"]

    # The saved pledge shows the same links as ticks, and fits too.
    assert checked_areas(page, 0) == ["2. Trafiksäkerhet"]
    assert checked_areas(page, 2) == ["1. Skillingaryds centrum", "2. Trafiksäkerhet"]
    assert_fits_and_accessible(page)

    # Moving a saved activity down and saving stores only the new order.
    page.locator("#activities-0").get_by_role("button", name="Flytta ned").click()
    save_and_continue(page)
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()
    assert [a.description for a in pledge.activities.all()] == [
        "Vandringar.",
        "Hastighetskontroller.",
        "Möten.",
        "Belysning.",
    ]
    assert [sorted(f.name for f in a.focus_areas.all()) for a in pledge.activities.all()] == [
        ["Skillingaryds centrum"],
        ["Trafiksäkerhet"],
        ["Skillingaryds centrum", "Trafiksäkerhet"],
        [],
    ]

    page.goto(site + "/admin/pledges/pledge/")
    assert page.get_by_role("link", name="Medborgarlöfte Vaggeryd 2027–2028").is_visible()
    assert_fits_and_accessible(page)
