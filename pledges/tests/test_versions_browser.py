"""End to end in Chromium: both sides approve version 1, one side edits, both approve version 2."""

import datetime

import pytest

from conftest import make_staff
from organisations.models import Membership, Municipality, PoliceArea, PoliceRegion
from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from portal.tertials import Tertial
from portal.tests.browser import accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "test-password-123"


@pytest.fixture
def world(live_server):
    from organisations.reference import load_reference_data

    load_reference_data()
    area = PoliceArea.objects.create(
        name="Värnamo", police_region=PoliceRegion.objects.get(name="Öst")
    )
    vaggeryd = Municipality.objects.get(name="Vaggeryd")
    area.municipalities.set([vaggeryd])
    make_staff("samordnare", role=Membership.Role.COORDINATOR, municipality=vaggeryd)
    make_staff("polis", role=Membership.Role.POLICE, police_area=area)
    # Two tertials have ended and one is under way, whatever day the test runs.
    start = Tertial.containing(datetime.date.today()).previous().previous().start
    pledge = make_pledge(
        area,
        slug="vaggeryd-nu",
        promise="Vi lovar fyra insatser mot narkotika.",
        start=start,
        end=start.replace(year=start.year + 2) - datetime.timedelta(days=1),
    )
    return live_server.url, pledge


def log_in(browser, site, username):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    return page


def public_text(browser, url):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(url)
    text = page.locator("main").inner_text() if response.status == 200 else ""
    problems = accessibility_problems(page) if response.status == 200 else ""
    context.close()
    assert not problems, problems
    return response.status, text


def test_both_sides_approve_each_version_and_residents_see_what_changed(world, browser):
    site, pledge = world
    change = f"{site}/admin/pledges/pledge/{pledge.pk}/change/"
    public = site + pledge.get_absolute_url()
    coordinator = log_in(browser, site, "samordnare")
    police = log_in(browser, site, "polis")

    # Version 1: the kommun approves, then the police; only then residents see it.
    coordinator.goto(change)
    coordinator.get_by_role("button", name="Godkänn för kommunen").click()
    assert public_text(browser, public)[0] == 404
    police.goto(change)
    police.get_by_role("button", name="Godkänn för polisen").click()
    assert "publicerat" in police.locator(".messagelist").inner_text()
    status, text = public_text(browser, public)
    assert status == 200
    assert "Vi lovar fyra insatser mot narkotika." in text

    # The police publish the last tertial's follow-up straight from the form, unsaved.
    ended = Tertial.containing(datetime.date.today()).previous()
    police.goto(
        f"{site}/admin/followup/followupreport/add/"
        f"?pledge={pledge.pk}&year={ended.year}&tertial={ended.number}"
    )
    police.locator("input[name='_continue']").first.click()
    police.locator("textarea[name='summary']").fill("Tertialen gick enligt plan.")
    police.locator("select[name='updates-0-status']").select_option("in_progress")
    police.locator("textarea[name='updates-0-narrative']").fill("Två insatser är gjorda.")
    police.locator("input[name='_publish']").click()
    preview = police.locator("main, #content").first.inner_text()
    assert "Tertialen gick enligt plan." in preview
    assert "Två insatser är gjorda." in preview
    police.get_by_role("button", name="Publicera uppföljningen").click()
    report_url = f"{public}uppfoljning/{ended.slug}/"
    status, text = public_text(browser, report_url)
    assert status == 200
    assert "Två insatser är gjorda." in text
    assert "Aktivitet 1" in text

    # The tertial under way cannot be published yet.
    under_way = Tertial.containing(datetime.date.today())
    police.goto(
        f"{site}/admin/followup/followupreport/add/"
        f"?pledge={pledge.pk}&year={under_way.year}&tertial={under_way.number}"
    )
    police.locator("input[name='_continue']").first.click()
    assert "Du kan inte publicera den nu:" in police.locator("#content").inner_text()
    assert police.locator("input[name='_publish']").count() == 0

    # The kommun edits the promise and an activity: residents still read version 1.
    coordinator.goto(change)
    coordinator.locator("textarea[name='promise']").fill("Vi lovar sex insatser mot narkotika.")
    coordinator.locator("textarea[name='activities-0-description']").fill("Sex insatser.")
    coordinator.locator("input[name='_continue']").first.click()
    status, text = public_text(browser, public)
    assert "Vi lovar fyra insatser mot narkotika." in text
    assert "Vi lovar sex insatser mot narkotika." not in text

    # The police see that the pledge changed and that their approval is needed.
    police.goto(change)
    panel = police.locator(".pledge-approval").inner_text()
    assert "Ändringar som väntar på godkännande" in panel
    assert "Vi lovar sex insatser mot narkotika." in panel
    police.screenshot(path="/tmp/version-approval-panel.png", full_page=False)
    police.get_by_role("button", name="Godkänn för polisen").click()
    assert "skälet" in police.locator(".messagelist").inner_text()

    # With a reason, both approve version 2.
    police.goto(change)
    police.locator("textarea[name='change_reason']").fill("Två insatser till i Skillingaryd.")
    police.locator("input[name='_continue']").first.click()
    police.get_by_role("button", name="Godkänn för polisen").click()
    coordinator.goto(change)
    coordinator.get_by_role("button", name="Godkänn för kommunen").click()

    status, text = public_text(browser, public)
    assert "Vi lovar sex insatser mot narkotika." in text
    assert "Två insatser till i Skillingaryd." in text
    assert "Version 2" in text
    status, old = public_text(browser, site + f"/medborgarloften/{pledge.slug}/version/1/")
    assert status == 200
    assert "Vi lovar fyra insatser mot narkotika." in old
    pledge.refresh_from_db()
    assert (pledge.status, pledge.published_version.number) == (Pledge.Status.PUBLISHED, 2)

    # The follow-up published before the change still shows the activity as it was.
    status, text = public_text(browser, report_url)
    assert "Aktivitet 1" in text
    assert "Sex insatser." not in text
