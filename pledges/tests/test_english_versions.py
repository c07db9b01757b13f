"""English versions of a pledge: part of the approved content, shown on the English pages only,
each piece of content marked with its language, and a note where only Swedish is given."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from pledges.tests.test_admin_scope import pledge_form_data
from pledges.versions import Content, changes_between

pytestmark = pytest.mark.django_db

ENGLISH = {
    "title_en": "Vaggeryd citizen pledge 2026",
    "promise_en": "The municipality and the police promise to work for greater safety.",
    "effect_en": "More people feel safe in the evenings.",
}


def give_english(pledge, **fields):
    for name, value in {**ENGLISH, **fields}.items():
        setattr(pledge, name, value)
    pledge.save()
    area = pledge.focus_areas.get()
    area.name_en, area.description_en = "Road safety", "Lower speeds near the schools."
    area.save()
    for activity in pledge.activities.all():
        activity.description_en = f"Activity {activity.order + 1} in English"
        activity.save()


@pytest.fixture
def swedish_only(lpo_varnamo):
    return make_pledge(
        lpo_varnamo, status=Pledge.Status.PUBLISHED, effect="Fler känner sig trygga på kvällarna."
    )


@pytest.fixture
def translated(lpo_varnamo):
    pledge = make_pledge(
        lpo_varnamo, effect="Fler känner sig trygga på kvällarna.", slug="vaggeryd-2026-en"
    )
    give_english(pledge)
    pledge.publish_without_approvals()
    pledge.refresh_from_db()
    return pledge


def swedish_path(name, *args):
    """The path without a language prefix, whichever language the last request left active."""
    with translation.override("sv"):
        return reverse(name, args=args)


def page(client, pledge, prefix=""):
    response = client.get(prefix + swedish_path("pledges:pledge_detail", pledge.slug))
    assert response.status_code == 200
    return response.content.decode()


def element(html, tag, text):
    """The opening tag of the innermost `tag` element whose content starts with `text`."""
    match = re.search(rf"<{tag}\b([^>]*)>\s*(?:<[^>]+>\s*)*{re.escape(text)}", html)
    assert match, f"no <{tag}> with {text!r}"
    return match.group(1)


def without_english(content):
    """A version's content as saved before the English fields existed."""

    def strip(item):
        return {key: value for key, value in item.items() if not key.endswith("_en")}

    return {
        **strip(content),
        "focus_areas": [strip(area) for area in content["focus_areas"]],
        "activities": [strip(activity) for activity in content["activities"]],
    }


# The snapshot and the versions ---------------------------------------------------------------


def test_a_snapshot_holds_english_only_where_given(swedish_only):
    content = swedish_only.snapshot()
    assert not [key for key in content if key.endswith("_en")]
    assert not [key for item in content["activities"] for key in item if key.endswith("_en")]
    assert not [key for item in content["focus_areas"] for key in item if key.endswith("_en")]

    give_english(swedish_only)
    content = swedish_only.snapshot()
    assert content["title_en"] == ENGLISH["title_en"]
    assert content["focus_areas"][0]["name_en"] == "Road safety"
    assert content["activities"][0]["description_en"] == "Activity 1 in English"


def test_a_version_published_before_english_existed_still_matches_its_pledge(swedish_only):
    """Versions saved before the English fields have no such keys: an unchanged pledge must not
    look changed, or every published pledge would wait for approval after the upgrade."""
    version = swedish_only.published_version
    version.content = without_english(version.content)  # as saved before the upgrade
    version.save(update_fields=["content"])
    swedish_only.refresh_from_db()
    assert not swedish_only.has_unpublished_changes()
    # Giving English is a change that both sides approve, as any other.
    swedish_only.title_en = "Citizen pledge"
    swedish_only.save()
    assert swedish_only.has_unpublished_changes()


def test_every_demo_pledge_is_unchanged_after_the_upgrade(monkeypatch):
    from pledges.tests.test_demo_data import DAYS, load_demo_on

    load_demo_on(monkeypatch, DAYS[0])
    published = Pledge.objects.published()
    assert published.count() >= 5
    for pledge in published:
        assert not pledge.has_unpublished_changes(), pledge.slug


def test_the_demo_pledge_of_vaggeryd_in_force_is_published_in_english(monkeypatch):
    from pledges.tests.test_demo_data import DAYS, in_force, load_demo_on

    load_demo_on(monkeypatch, DAYS[0])
    content = in_force("Vaggeryd", DAYS[0]).public
    assert content.has_english and content.title_en.startswith("Vaggeryd citizen pledge")
    assert all(area.name_en and area.description_en for area in content.focus_areas)
    assert all(activity.description_en for activity in content.activities)
    assert not in_force("Vänersborg", DAYS[0]).public.has_english


def test_changes_name_the_english_texts_apart_from_the_swedish(swedish_only):
    translation.activate("en")
    before = swedish_only.snapshot()
    give_english(swedish_only)
    listed = [str(change.label) for change in changes_between(before, swedish_only.snapshot())]
    labels = set(listed)
    assert {"Title (English)", "The promise (English)", "Expected effect (English)"} <= labels
    assert listed.count("Title (English)") == 1  # each change once
    assert "Title" not in labels and "The promise" not in labels
    details = {
        str(label)
        for change in changes_between(before, swedish_only.snapshot())
        for label, _before, _after in change.details
    }
    assert details == {"What we do (English)", "Name (English)", "Description (English)"}


def test_english_is_shown_only_on_english_pages_and_only_where_given():
    content = Content.of(
        {
            "title": "Medborgarlöfte",
            "title_en": "Citizen pledge",
            "promise": "Vi lovar.",
            "effect": "Tryggare.",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        }
    )
    with translation.override("en"):
        assert (content.shown_title, content.shown_title.lang) == ("Citizen pledge", "en")
        assert (content.shown_promise, content.shown_promise.lang) == ("Vi lovar.", "sv")
        assert not content.has_english  # a title alone is not an English version
        assert content.language_note() == "This pledge is only available in Swedish."
    with translation.override("sv"):
        assert content.shown_title == "Medborgarlöfte"
        assert content.language_note() == ""


# The pages -----------------------------------------------------------------------------------


def test_english_page_shows_the_english_version_marked_english(client, translated):
    html = page(client, translated, prefix="/en")
    assert 'lang="en"' in element(html, "h1", ENGLISH["title_en"])
    assert 'lang="en"' in element(html, "div", f"<p>{ENGLISH['promise_en']}")
    assert 'lang="en"' in element(html, "p", "Activity 1 in English")
    assert 'lang="en"' in element(html, "strong", "Road safety")
    # What has no English version stays Swedish and says so.
    assert '<span lang="sv">Kommunstyrelsens ordförande</span>' in html
    assert "Medborgarlöfte vaggeryd-2026-en</h1>" not in html
    assert "This pledge is only available in Swedish." not in html


def test_english_page_of_a_swedish_only_pledge_says_so_and_marks_it_swedish(client, swedish_only):
    html = page(client, swedish_only, prefix="/en")
    assert "This pledge is only available in Swedish." in html
    assert 'lang="sv"' in element(html, "h1", swedish_only.title)
    assert 'lang="sv"' in element(html, "div", f"<p>{swedish_only.promise}")
    assert 'lang="sv"' in element(html, "div", "<p>Fler känner sig trygga")
    assert 'lang="sv"' in element(html, "p", "Aktivitet 1")
    assert 'lang="sv"' in element(html, "strong", "Trafiksäkerhet")
    assert '<span lang="sv">trygghetsvandringar</span>' in html


def test_a_partly_translated_pledge_says_which_is_swedish(client, translated):
    activity = translated.activities.first()
    activity.description_en = ""
    activity.save()
    translated.change_reason = "Test."
    translated.save()
    translated.publish_without_approvals()
    html = page(client, translated, prefix="/en")
    assert "Parts of this pledge are only available in Swedish." in html
    assert 'lang="sv"' in element(html, "p", "Aktivitet 1")
    assert 'lang="en"' in element(html, "p", "Activity 2 in English")


def test_swedish_page_marks_nothing_and_never_shows_the_english(client, translated):
    html = page(client, translated)
    assert ENGLISH["title_en"] not in html
    assert ENGLISH["promise_en"] not in html
    assert "Activity 1 in English" not in html and "Road safety" not in html
    assert "Det här löftet finns bara på svenska" not in html
    main = html[html.index("<main") :]
    assert 'lang="' not in main


def test_lists_and_cards_show_the_english_title_on_english_pages(client, translated):
    html = client.get("/en" + swedish_path("pledges:pledge_list")).content.decode()
    assert '<h3 class="card-title" lang="en">' in html
    assert ENGLISH["title_en"] in html
    html = client.get(swedish_path("pledges:pledge_list")).content.decode()
    assert ENGLISH["title_en"] not in html and translated.title in html


def test_search_finds_a_pledge_by_its_english_words(client, translated, swedish_only):
    """A reader of the English pages searches in English: the published English is searched."""
    found = Pledge.objects.search("lower speeds")
    assert list(found) == [translated]
    html = client.get("/en" + swedish_path("pledges:pledge_list"), {"q": "Road safety"})
    assert ENGLISH["title_en"] in html.content.decode()


# The admin -----------------------------------------------------------------------------------


def test_english_saved_in_the_admin_is_shown_once_both_sides_approved_it(
    client, swedish_only, vaggeryd_coordinator, varnamo_police
):
    client.force_login(vaggeryd_coordinator)
    response = client.get(reverse("admin:pledges_pledge_change", args=[swedish_only.pk]))
    assert "In English (optional)" in response.content.decode() or (
        "På engelska (frivilligt)" in response.content.decode()
    )
    data = pledge_form_data(
        swedish_only,
        effect="",
        change_reason="An English version for residents who do not read Swedish.",
        **ENGLISH,
    )
    response = client.post(reverse("admin:pledges_pledge_change", args=[swedish_only.pk]), data)
    assert response.status_code == 302
    swedish_only.refresh_from_db()
    assert swedish_only.title_en == ENGLISH["title_en"]
    assert swedish_only.has_unpublished_changes()

    # The working copy is not what residents read.
    client.logout()
    html = page(client, swedish_only, prefix="/en")
    assert ENGLISH["title_en"] not in html
    assert "This pledge is only available in Swedish." in html

    swedish_only.approve(vaggeryd_coordinator)
    assert ENGLISH["title_en"] not in page(client, swedish_only, prefix="/en")
    swedish_only.approve(varnamo_police)
    html = page(client, swedish_only, prefix="/en")
    assert 'lang="en"' in element(html, "h1", ENGLISH["title_en"])
    assert "This pledge is only available in Swedish." not in html
    # The change is listed with its own label on the page's history of versions.
    assert "Title (English)" in html
