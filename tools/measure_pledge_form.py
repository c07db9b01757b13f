"""Count the work of making and approving a pledge in the admin: forms sent, clicks, fields.

Runs in Chromium against a dev server with the demo data (`load_demo_data`):

    .venv/bin/python manage.py runserver 8000 &
    .venv/bin/python tools/measure_pledge_form.py --site http://127.0.0.1:8000

The Vaggeryd coordinator makes a pledge with two focus areas and six activities, each activity
linked to a focus area, saves it and approves it for the kommun; the Värnamo police open it
from the pledge list and approve it for the police. Logging in is not counted. A click is every
press of a button, link or checkbox; a field is every form control given a value (a ticked box
counts as both); a form is every page load caused by sending a form.
"""

import argparse
import sys
from dataclasses import dataclass

from playwright.sync_api import sync_playwright


@dataclass
class Tally:
    forms: int = 0
    clicks: int = 0
    fields: int = 0

    def click(self, locator, sends_form=False, opens_page=False):
        self.clicks += 1
        self.forms += int(sends_form)
        if sends_form or opens_page:
            with locator.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def fill(self, locator, value):
        self.fields += 1
        locator.fill(value)

    def tick(self, locator):
        self.fields += 1
        self.click(locator)


def log_in(browser, site, username, password):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    return page


def make_pledge(page, tally, site, title, signatories):
    page.goto(f"{site}/admin/pledges/pledge/")
    tally.click(page.locator(".object-tools a.addlink"), opens_page=True)
    # The kommun and its police area are chosen already; the address follows title and period.
    tally.fill(page.locator("#id_title"), title)
    tally.fill(page.locator("#id_start_date"), "2027-01-01")
    tally.fill(page.locator("#id_end_date"), "2028-12-31")
    tally.fill(page.locator("#id_promise"), "Vaggeryds kommun och polisen lovar att tillsammans …")
    for number, name in enumerate(["Trafiksäkerhet", "Skillingaryds centrum"]):
        tally.fill(page.locator(f"#id_focus_areas-{number}-name"), name)
    add_activity = page.locator("#activities-group .add-row a")
    for number in range(6):
        if page.locator(f"#id_activities-{number}-description").count() == 0:
            tally.click(add_activity)
        tally.fill(page.locator(f"#id_activities-{number}-description"), f"Aktivitet {number + 1}.")
        # Every other activity works for the first focus area, the rest for the second.
        choice = page.locator(f"#activities-{number} .pf-focus-choices input[type=checkbox]")
        tally.tick(choice.nth(number % 2))
    people = [
        ("Anna Andersson", "Kommunstyrelsens ordförande", "Vaggeryds kommun"),
        ("Per Persson", "Lokalpolisområdeschef", "Polisen, LPO Värnamo"),
    ]
    for number, person in enumerate(people[:signatories]):
        if page.locator(f"#id_signatories-{number}-name").count() == 0:
            tally.click(page.locator("#signatories-group .add-row a"))
        for name, value in zip(["name", "role", "organisation"], person, strict=True):
            tally.fill(page.locator(f"#id_signatories-{number}-{name}"), value)
    tally.click(page.locator("input[name=_continue]").first, sends_form=True)
    errors = page.locator(".errornote, .errorlist")
    if errors.count():
        sys.exit("The form was refused: " + errors.first.inner_text())
    tally.click(page.get_by_role("button", name="Godkänn för kommunen"), sends_form=True)
    return page.url


def approve_as_police(page, tally, site, title):
    page.goto(f"{site}/admin/pledges/pledge/")
    tally.click(page.get_by_role("link", name=title, exact=True), opens_page=True)
    tally.click(page.get_by_role("button", name="Godkänn för polisen"), sends_form=True)
    return page.locator(".messagelist").inner_text()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="http://127.0.0.1:8000")
    parser.add_argument("--coordinator", default="samordnare.vaggeryd")
    parser.add_argument("--police", default="polis.varnamo")
    parser.add_argument("--password", default="medborgarlofte")
    parser.add_argument("--title", default="Medborgarlöfte Vaggeryd 2027–2028")
    parser.add_argument("--signatories", type=int, default=0, choices=[0, 1, 2])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        coordinator = log_in(browser, args.site, args.coordinator, args.password)
        police = log_in(browser, args.site, args.police, args.password)
        tally = Tally()
        address = make_pledge(coordinator, tally, args.site, args.title, args.signatories)
        message = approve_as_police(police, tally, args.site, args.title)
        browser.close()
    print(f"pledge: {address}")
    print(f"last message: {message.strip()}")
    print(f"forms: {tally.forms}, clicks: {tally.clicks}, fields: {tally.fields}")


if __name__ == "__main__":
    main()
