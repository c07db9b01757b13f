"""Residents report unsafe places, and see the counts, never what anyone wrote.

The helpers at the top (make_report, the place fixtures) are shared with the other
test_place_reports_* modules.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import PlaceReport
from dialogue.place_reports import OTHER_PLACES, report_counts
from organisations.models import Municipality, Place

# Every test here sends reports to, or reads the form of, a kommun where someone reads them.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vaggeryd_reads_reports")]

SECRET = "Zyxwv-hemlig-text"  # a distinctive string that must never reach a public page
SCRIPT = "<script>alert('x')</script>"


def kommun(name):
    return Municipality.objects.get(name=name)


def make_report(municipality, place=None, days_ago=10, **fields):
    values = {
        "category": PlaceReport.Category.LIGHTING,
        "place_text": "" if place else "Vid ån",
        "created_at": timezone.now() - datetime.timedelta(days=days_ago),
    }
    values.update(fields)
    return PlaceReport.objects.create(municipality=municipality, place=place, **values)


def url(name, slug="vaggeryd", language="sv"):
    with translation.override(language):
        return reverse(f"dialogue:{name}", args=[slug])


@pytest.fixture
def vaggeryd_centre(vaggeryd):
    return Place.objects.create(municipality=vaggeryd, name="Vaggeryd")


@pytest.fixture
def sanden(db):
    return Place.objects.create(municipality=kommun("Vänersborg"), name="Aktivitetsområdet Sanden")


def valid_data(place=None, /, **changes):
    data = {
        "place": str(place.pk) if place else "",
        "place_text": "" if place else "Gångtunneln vid stationen",
        "category": "lighting",
        "description": "Lamporna är trasiga.",
        "time_of_day": "evening",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
    }
    data.update(changes)
    return data


# The form -------------------------------------------------------------------------------------


def test_form_says_emergency_privacy_and_retention_before_the_fields(client, skillingaryd):
    response = client.get(url("report_form", language="en"))
    content = response.content.decode()
    assert response.status_code == 200
    form_starts = content.index('<form method="post"')
    for text in [
        "Emergency? Call 112. Tips about crime: 114 14 or polisen.se.",
        "Do not write names of people or anything that points out a person.",
        "Nothing you write is published as written.",
        "kept for 365 days",
        'href="/en/personuppgifter/"',
    ]:
        assert -1 < content.find(text) < form_starts, text


def test_retention_days_come_from_the_setting(client, settings, vaggeryd):
    settings.DIALOGUE_RETENTION_DAYS = 90
    content = client.get(url("report_form", language="en")).content.decode()
    assert "kept for 90 days" in content
    assert "remove them after 90 days" in content


def test_form_offers_the_places_of_the_kommun_only(client, skillingaryd, vaggeryd_centre, sanden):
    response = client.get(url("report_form"))
    content = response.content.decode()
    assert f'value="{skillingaryd.pk}"' in content
    assert f'value="{vaggeryd_centre.pk}"' in content
    assert "Sanden" not in content


def test_kommun_without_places_asks_for_words_only(client, vaggeryd):
    response = client.post(url("report_form", language="en"), valid_data(place_text=""))
    assert response.status_code == 400
    assert 'name="place"' not in response.content.decode()
    assert response.context["form"].errors["place_text"] == ["Describe where the place is."]


def test_form_has_labels_fieldsets_and_a_honeypot(client, skillingaryd):
    content = client.get(url("report_form", language="en")).content.decode()
    for field in ["place", "place_text", "description", "contact_name", "contact_email"]:
        assert f'for="id_{field}"' in content, field
    assert content.count("<legend>") >= 4
    assert 'for="id_category_0"' in content and 'for="id_time_of_day_5"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert 'for="id_website">Leave this field empty</label>' in content
    trap = content[content.index('name="website"') - 200 : content.index('name="website"') + 200]
    assert 'autocomplete="off"' in trap and 'tabindex="-1"' in trap
    assert 'autocomplete="email"' in content and 'type="tel"' in content
    # No inline scripts, styles or handlers: the site runs under a strict CSP.
    assert "<script" not in content and "style=" not in content and " onclick" not in content


@pytest.mark.parametrize("name", ["report_form", "report_thanks", "what_you_told_us"])
def test_unknown_kommun_is_not_found(client, name):
    assert client.get(url(name, slug="atlantis")).status_code == 404


def test_report_is_stored_as_new_and_the_resident_is_sent_to_thanks(client, skillingaryd):
    response = client.post(url("report_form"), valid_data(skillingaryd))
    assert response.status_code == 302
    assert response["Location"] == url("report_thanks")
    report = PlaceReport.objects.get()
    assert (report.municipality.name, report.place, report.category) == (
        "Vaggeryd",
        skillingaryd,
        "lighting",
    )
    assert (report.description, report.time_of_day) == ("Lamporna är trasiga.", "evening")
    assert report.status == PlaceReport.Status.NEW
    assert not report.has_contact and report.handled_by is None


def test_a_place_in_words_is_enough_and_time_of_day_defaults_to_unknown(client, skillingaryd):
    data = valid_data(description="", time_of_day="")
    response = client.post(url("report_form"), data)
    assert response.status_code == 302
    report = PlaceReport.objects.get()
    assert report.place is None and report.place_text == "Gångtunneln vid stationen"
    assert report.time_of_day == PlaceReport.TimeOfDay.UNKNOWN


def test_english_form_sends_to_the_english_thanks_page(client, vaggeryd):
    response = client.post(url("report_form", language="en"), valid_data())
    assert response["Location"] == url("report_thanks", language="en")


def test_contact_details_are_kept_and_the_thanks_page_says_how_they_are_used(client, vaggeryd):
    data = valid_data(
        contact_name="  Boende  ", contact_email="boende@example.se", contact_phone="070-123 45 67"
    )
    response = client.post(url("report_form", language="en"), data, follow=True)
    report = PlaceReport.objects.get()
    assert (report.contact_name, report.contact_email, report.contact_phone) == (
        "Boende",
        "boende@example.se",
        "070-123 45 67",
    )
    content = response.content.decode()
    assert "We use your contact details only to answer you about this report." in content
    assert "removed after 365 days" in content
    assert "boende@example.se" not in content


def test_thanks_without_contact_details_promises_no_answer(client, vaggeryd):
    response = client.post(url("report_form", language="en"), valid_data(), follow=True)
    content = response.content.decode()
    assert "Thank you for your report" in content
    assert "We use your contact details" not in content


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"category": ""}, "category"),
        ({"category": "fire"}, "category"),
        ({"place": "", "place_text": ""}, "place"),
        ({"place": "   ", "place_text": "   "}, "place"),
        ({"place": "not-a-number"}, "place"),
        ({"place_text": "x" * 201}, "place_text"),
        ({"description": "x" * 2001}, "description"),
        ({"time_of_day": "midnight"}, "time_of_day"),
        ({"contact_email": "not an e-mail"}, "contact_email"),
        ({"contact_email": SCRIPT}, "contact_email"),
        ({"contact_phone": "ring mig"}, "contact_phone"),
        ({"contact_phone": "+-()"}, "contact_phone"),
        ({"contact_phone": "1234"}, "contact_phone"),
        ({"contact_phone": "1" * 31}, "contact_phone"),
        ({"contact_name": "x" * 101}, "contact_name"),
        ({"description": "Null\x00tecken"}, "description"),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_stores_nothing(
    client, skillingaryd, changes, field
):
    response = client.post(url("report_form"), valid_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not PlaceReport.objects.exists()


def test_a_place_of_another_kommun_is_refused(client, skillingaryd, sanden):
    response = client.post(url("report_form", language="en"), valid_data(sanden))
    assert response.status_code == 400
    assert response.context["form"].errors["place"] == ["Choose a place from the list."]
    assert not PlaceReport.objects.exists()


def test_errors_are_summarised_linked_and_marked_on_the_fields(client, skillingaryd):
    text = "Min beskrivning " + "x" * 2000
    data = valid_data(skillingaryd, category="", description=text, contact_email="fel")
    content = client.post(url("report_form", language="en"), data).content.decode()
    start = content.index('role="alert"')
    summary = content[start : content.index("</ul>", start)]
    assert 'href="#id_category_0"' in summary
    assert 'href="#id_description"' in summary
    assert 'href="#id_contact_email"' in summary
    assert "Choose what kind of problem it is." in summary
    assert "Write at most 2000 characters (you wrote 2016)." in content
    assert 'id="id_description_error"' in content
    textarea = content[content.index("<textarea") : content.index("</textarea>")]
    assert 'aria-invalid="true"' in textarea
    assert 'aria-describedby="id_description_helptext id_description_error"' in textarea
    assert "maxlength" not in textarea
    assert 'aria-describedby="id_category_error"' in content  # on the category fieldset
    # Nothing the resident wrote is lost.
    assert text in content
    assert 'value="fel"' in content
    assert f'value="{skillingaryd.pk}" selected' in content
    assert 'value="evening" id="id_time_of_day_2" checked' in content


def test_html_is_stored_as_text_and_always_shown_escaped(client, skillingaryd):
    fields = ["place_text", "description", "contact_name"]
    client.post(url("report_form"), valid_data(**dict.fromkeys(fields, SCRIPT)))
    report = PlaceReport.objects.get()
    assert [getattr(report, name) for name in fields] == [SCRIPT] * 3

    everything = {name: SCRIPT for name in valid_data() if name != "website"}
    response = client.post(url("report_form"), everything)
    assert response.status_code == 400
    assert SCRIPT.encode() not in response.content
    assert b"&lt;script&gt;" in response.content
    assert PlaceReport.objects.count() == 1


def test_filled_honeypot_stores_nothing_but_thanks(client, vaggeryd):
    response = client.post(url("report_form"), valid_data(website="http://spam.example.com"))
    assert response.status_code == 302
    assert response["Location"] == url("report_thanks")
    assert not PlaceReport.objects.exists()


def test_honeypot_wins_over_bad_input(client, vaggeryd):
    response = client.post(url("report_form"), valid_data(category="", website="x"))
    assert response.status_code == 302
    assert not PlaceReport.objects.exists()


def test_rate_limit_keeps_what_was_written_and_says_to_wait(client, settings, vaggeryd):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(url("report_form"), valid_data()).status_code == 302
    data = valid_data(description="Min tredje rapport om lampor")
    response = client.post(url("report_form", language="en"), data)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many reports in a short time" in content
    assert "Min tredje rapport om lampor" in content
    assert not response.context["form"].is_bound
    assert PlaceReport.objects.count() == 2


def test_reading_the_form_is_not_rate_limited(client, settings, vaggeryd):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    for _ in range(3):
        assert client.get(url("report_form")).status_code == 200


def test_csrf_is_required(vaggeryd):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url("report_form"), valid_data())
    assert response.status_code == 403
    assert not PlaceReport.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_form_accepts_only_get_and_post(client, vaggeryd, method):
    assert getattr(client, method)(url("report_form")).status_code == 405


@pytest.mark.parametrize("name", ["report_thanks", "what_you_told_us"])
def test_read_only_pages_refuse_post(client, vaggeryd, name):
    assert client.post(url(name), valid_data()).status_code == 405
    assert not PlaceReport.objects.exists()


def test_staff_user_sends_a_report_like_anyone_else(client, vanersborg_coordinator, vaggeryd):
    # Being logged in gives no other powers on a public form (and no other kommun's places).
    client.force_login(vanersborg_coordinator)
    assert client.post(url("report_form"), valid_data()).status_code == 302
    assert PlaceReport.objects.get().status == PlaceReport.Status.NEW


def many_places_and_reports(municipality, count):
    for number in range(count):
        place = Place.objects.create(municipality=municipality, name=f"Plats {number}")
        make_report(municipality, place, days_ago=number % 300, category="unsafe", status="read")
        make_report(
            municipality, days_ago=number % 300, place_text=f"Gatan {number}", status="used"
        )


def test_form_page_queries_do_not_grow_with_places_or_reports(
    client, vaggeryd, django_assert_num_queries
):
    many_places_and_reports(vaggeryd, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url("report_form"))
    for number in range(1, 50):
        place = Place.objects.create(municipality=vaggeryd, name=f"Fler {number}")
        make_report(vaggeryd, place)
    with django_assert_num_queries(len(few)):
        response = client.get(url("report_form"))
    assert response.content.decode().count("<option") == 51


# What you have told us ------------------------------------------------------------------------


@pytest.fixture
def reported(vaggeryd, skillingaryd, vaggeryd_centre, sanden):
    make_report(vaggeryd, skillingaryd, category="lighting", status="read")
    make_report(vaggeryd, skillingaryd, category="lighting", status="read")
    make_report(vaggeryd, skillingaryd, category="unsafe", status="used")
    make_report(vaggeryd, vaggeryd_centre, category="traffic", status="read")
    make_report(vaggeryd, vaggeryd_centre, category="unsafe", status="dismissed")
    make_report(vaggeryd, vaggeryd_centre, category="vandalism")  # new: nobody moderated it yet
    make_report(
        vaggeryd,
        place_text=SECRET,
        description=SECRET,
        contact_name=SECRET,
        contact_email="zyxwv@example.se",
        contact_phone="070-999 99 99",
        category="litter",
        status="read",
    )
    make_report(kommun("Vänersborg"), sanden, category="vandalism", status="used")


def test_counts_leave_out_unmoderated_dismissed_and_other_kommuners_reports(reported, vaggeryd):
    today = timezone.localdate()
    with translation.override("en"):
        counts = report_counts(vaggeryd, today - datetime.timedelta(days=30), today)
    assert counts.total == 5
    assert counts.by_category == [("Lighting", 2), ("Litter", 1), ("Unsafe place", 1), (
        "Unsafe traffic", 1)]  # fmt: skip
    assert counts.by_place == [
        ("Skillingaryd", 3),
        ("Vaggeryd", 1),
        ("Other places (described in words)", 1),
    ]


def test_report_counts_include_both_end_days_and_take_two_queries(
    vaggeryd, django_assert_num_queries
):
    day = datetime.date(2024, 3, 10)
    at = timezone.make_aware(datetime.datetime(2024, 3, 10, 23, 59))
    make_report(vaggeryd, created_at=at, status="read")
    make_report(vaggeryd, created_at=at + datetime.timedelta(minutes=2), status="read")  # 11 Mar
    with django_assert_num_queries(2):
        assert report_counts(vaggeryd, day, day).total == 1
    assert report_counts(vaggeryd, day - datetime.timedelta(days=1), day).total == 1
    assert report_counts(vaggeryd, day + datetime.timedelta(days=2), day).total == 0


def test_page_shows_counts_as_charts_and_tables_without_free_text_or_contacts(client, reported):
    response = client.get(url("what_you_told_us", language="en"))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert 'role="img"' in content
    assert '<th scope="col">Kind of problem</th>' in content
    assert '<th scope="row">Skillingaryd</th><td>3</td>' in content
    assert f'<th scope="row">{OTHER_PLACES}</th><td>1</td>' in content
    assert '<th scope="row">Total</th><td>5</td>' in content
    assert "Sanden" not in content
    for private in [SECRET, "zyxwv@example.se", "070-999 99 99"]:
        assert private not in content


@pytest.mark.parametrize("name", ["report_form", "report_thanks"])
def test_no_public_page_shows_what_residents_wrote(client, reported, name):
    content = client.get(url(name)).content.decode()
    assert SECRET not in content and "zyxwv" not in content


def test_a_report_counts_on_the_public_page_only_once_moderated(client, vaggeryd, skillingaryd):
    report = make_report(vaggeryd, skillingaryd, category="unsafe")
    assert report.status == PlaceReport.Status.NEW
    page = url("what_you_told_us", language="en")
    response = client.get(page)
    assert response.context["counts"].total == 0
    assert "Skillingaryd" not in response.content.decode().split("<footer", 1)[0]
    for status, counted in [("read", 1), ("used", 1), ("dismissed", 0), ("new", 0)]:
        PlaceReport.objects.filter(pk=report.pk).update(status=status)
        assert client.get(page).context["counts"].total == counted, status


def test_years_offered_start_with_the_first_counted_report(client, vaggeryd):
    year = timezone.localdate().year
    make_report(vaggeryd, created_at=timezone.make_aware(datetime.datetime(year - 3, 5, 1, 12)))
    make_report(
        vaggeryd,
        status="read",
        created_at=timezone.make_aware(datetime.datetime(year - 1, 5, 1, 12)),
    )
    content = client.get(url("what_you_told_us", language="en")).content.decode()
    assert f'<option value="{year - 1}"' in content
    assert f'<option value="{year - 3}"' not in content


def test_default_period_is_the_last_twelve_months(client, vaggeryd):
    make_report(vaggeryd, days_ago=5, status="read")
    make_report(vaggeryd, days_ago=300, status="read")
    make_report(vaggeryd, days_ago=400, status="read")
    response = client.get(url("what_you_told_us", language="en"))
    assert response.context["counts"].total == 2
    assert response.context["period"].is_default
    assert "the last 12 months" in response.content.decode()


def test_a_year_or_a_tertial_can_be_chosen(client, vaggeryd):
    year = timezone.localdate().year - 1
    for month in (2, 6, 6, 10):
        at = timezone.make_aware(datetime.datetime(year, month, 15, 12))
        make_report(vaggeryd, created_at=at, status="used")
    page = url("what_you_told_us", language="en")
    assert client.get(page, {"year": year}).context["counts"].total == 4
    response = client.get(page, {"year": year, "tertial": 2})
    assert response.context["counts"].total == 2
    assert f"T2 {year}" in response.content.decode()
    assert f'<option value="{year}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1800"},
        {"year": "9999"},
        {"year": "2024", "tertial": "7"},
        {"tertial": "2"},
        {"year": "<script>"},
    ],
)
def test_a_bad_period_gets_a_message_and_the_default_period(client, vaggeryd, query):
    make_report(vaggeryd, days_ago=5, status="read")
    response = client.get(url("what_you_told_us", language="en"), query)
    assert response.status_code == 200
    assert response.context["period"].is_default
    assert response.context["counts"].total == 1
    content = response.content.decode()
    assert "could not be shown, so the last 12 months are shown instead" in content
    assert "<script>" not in content.split("<main", 1)[1]


def test_unrelated_query_parameters_change_nothing(client, vaggeryd):
    response = client.get(url("what_you_told_us", language="en"), {"utm": "x"})
    assert response.context["period"].is_default
    assert "could not be shown" not in response.content.decode()


def test_an_empty_period_says_so(client, vaggeryd):
    content = client.get(url("what_you_told_us", language="en")).content.decode()
    assert "No reports were received in this period." in content
    assert "<svg" not in content


def test_purged_reports_still_count(client, vaggeryd, skillingaryd):
    make_report(vaggeryd, skillingaryd, status="read").purge()
    make_report(vaggeryd, description=SECRET, status="used").purge()
    response = client.get(url("what_you_told_us", language="en"))
    assert response.context["counts"].by_place == [
        ("Skillingaryd", 1),
        (str(OTHER_PLACES), 1),
    ]


def test_counts_page_queries_do_not_grow_with_reports_or_places(
    client, vaggeryd, django_assert_num_queries
):
    many_places_and_reports(vaggeryd, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url("what_you_told_us"))
    for number in range(1, 50):
        place = Place.objects.create(municipality=vaggeryd, name=f"Fler {number}")
        make_report(vaggeryd, place, category="vandalism", days_ago=number * 5, status="read")
    with django_assert_num_queries(len(few)):
        response = client.get(url("what_you_told_us"))
    assert response.context["counts"].total == 51


def test_an_error_of_the_whole_form_links_to_the_form(vaggeryd):
    from dialogue.forms.reports import FORM_ID, PlaceReportForm

    form = PlaceReportForm(valid_data(), municipality=vaggeryd, places=[])
    assert form.is_valid()
    form.add_error(None, "Något gick fel.")
    assert form.error_summary() == [(FORM_ID, "Något gick fel.")]
