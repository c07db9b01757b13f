"""CSV downloads of the published record: what each table holds, and what it never holds."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from api import csv_views
from dialogue.models import DialogueActivity, PlaceReport
from dialogue.tests.test_surveys_helpers import add_response, make_survey
from followup.models import Correction, Indicator, IndicatorValue
from followup.tests.factories import make_report
from pledges.models import Pledge, PledgeVersion
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db

TABLES = ["municipalities", "pledges", "activities", "updates", "key_figures"]  # unfiltered
BOM = b"\xef\xbb\xbf"


def rows(response):
    """The rows of a CSV answer as dicts by column name (after checking the byte order mark)."""
    assert response.status_code == 200
    assert response.content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(response.content[len(BOM) :].decode("utf-8"))))


def download(client, name, **query):
    return client.get(reverse(f"csv:{name}"), query)


def in_force(area, slug="vaggeryd-2026", names=("Vaggeryd",), **fields):
    """A pledge published as version 1 whose period includes today."""
    today = timezone.localdate()
    return make_pledge(
        area,
        municipality_names=names,
        slug=slug,
        status=Pledge.Status.PUBLISHED,
        start=fields.pop("start", today - datetime.timedelta(days=100)),
        end=fields.pop("end", today + datetime.timedelta(days=200)),
        **fields,
    )


def add_key_figure(report, name="Trygghetsvandringar", value=3):
    indicator = Indicator.objects.create(pledge=report.pledge, name=name, unit="st", target=4)
    IndicatorValue.objects.create(report=report, indicator=indicator, value=value)
    if report.is_published:
        report.freeze_content()
    return indicator


@pytest.fixture
def published(lpo_varnamo):
    """Vaggeryd's pledge in force with a published follow-up (two activities, a key figure)."""
    pledge = in_force(lpo_varnamo)
    report = make_report(pledge, year=2026, tertial=1, status="in_progress")
    add_key_figure(report)
    return pledge


# Each table -------------------------------------------------------------------------------


def test_kommuner_lists_all_290_with_the_pledge_in_force_today(client, published, lpo_varnamo):
    make_pledge(
        lpo_varnamo,
        municipality_names=("Värnamo",),
        slug="varnamo-2020",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
    )
    table = rows(download(client, "municipalities"))
    assert len(table) == 290
    by_name = {row["Kommun"]: row for row in table}
    vaggeryd = by_name["Vaggeryd"]
    assert vaggeryd["Kommunkod"] == "0665"
    assert vaggeryd["Län"] == "Jönköpings län"
    assert vaggeryd["Länskod"] == "06"
    assert vaggeryd["Lokalpolisområde"] == "Värnamo"
    assert vaggeryd["Medborgarlöfte gäller idag"] == "Ja"
    assert vaggeryd["Medborgarlöfte"] == "Medborgarlöfte vaggeryd-2026"
    assert vaggeryd["Medborgarlöftets id"] == "vaggeryd-2026"
    assert vaggeryd["Medborgarlöftets adress"] == "http://testserver/medborgarloften/vaggeryd-2026/"
    assert vaggeryd["Startdatum"] == published.public.start_date.isoformat()
    # An earlier pledge is not in force.
    assert by_name["Värnamo"]["Medborgarlöfte gäller idag"] == "Nej"
    assert by_name["Värnamo"]["Medborgarlöfte"] == ""


def test_pledges_show_the_published_version_and_its_period_status(client, published, lpo_varnamo):
    make_pledge(
        lpo_varnamo,
        municipality_names=("Värnamo",),
        slug="varnamo-2020",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
    )
    in_force(
        lpo_varnamo,
        slug="gnosjo-kommande",
        names=("Gnosjö",),
        start=timezone.localdate() + datetime.timedelta(days=30),
    )
    table = rows(download(client, "pledges"))
    assert [row["Medborgarlöftets id"] for row in table] == [
        "gnosjo-kommande",
        "vaggeryd-2026",
        "varnamo-2020",
    ]
    assert [row["Status"] for row in table] == ["Kommande", "Gäller", "Tidigare"]
    vaggeryd = table[1]
    assert vaggeryd["Medborgarlöfte"] == "Medborgarlöfte vaggeryd-2026"
    assert vaggeryd["Kommuner"] == "Vaggeryd"
    assert vaggeryd["Lokalpolisområde"] == "Värnamo"
    assert vaggeryd["Version"] == "1"
    assert vaggeryd["Antal aktiviteter"] == "2"
    assert vaggeryd["Fokusområden"] == "Trafiksäkerhet"
    assert vaggeryd["Adress"] == "http://testserver/medborgarloften/vaggeryd-2026/"


def test_pledges_filter_by_kommun_and_by_lan(client, published, lpo_fyrbodal):
    in_force(lpo_fyrbodal, slug="vanersborg-2026", names=("Vänersborg",))
    by_kommun = rows(download(client, "pledges", kommun="vanersborg"))
    assert [row["Medborgarlöftets id"] for row in by_kommun] == ["vanersborg-2026"]
    by_lan = rows(download(client, "pledges", lan="06"))  # Jönköpings län
    assert [row["Medborgarlöftets id"] for row in by_lan] == ["vaggeryd-2026"]
    assert rows(download(client, "pledges", kommun="gnosjo")) == []  # a kommun without one


def test_pledge_filters_read_the_kommuner_of_the_published_version(client, published):
    # A kommun added to the working copy, not yet approved by both sides, is not filtered on.
    published.municipalities.add(published.police_area.municipalities.get(name="Gnosjö"))
    assert rows(download(client, "pledges", kommun="gnosjo")) == []
    assert len(rows(download(client, "pledges", kommun="vaggeryd"))) == 1


def test_activities_of_the_published_version_with_their_latest_published_status(client, published):
    table = rows(download(client, "activities"))
    assert [row["Aktivitet"] for row in table] == ["Aktivitet 1", "Aktivitet 2"]
    first = table[0]
    assert first["Medborgarlöftets id"] == "vaggeryd-2026"
    assert first["Nummer"] == "1"
    assert first["Utförs av"] == "Polisen"
    assert first["Mål"] == "4"
    assert first["Målets enhet"] == "trygghetsvandringar"
    assert first["Fokusområden"] == "Trafiksäkerhet"
    assert first["Senaste status"] == "Pågår"
    assert first["Senast följd upp"] == "T1 2026"
    # A later follow-up that is still a draft changes nothing.
    make_report(published, year=2026, tertial=2, published=False, status="done")
    assert rows(download(client, "activities"))[0]["Senaste status"] == "Pågår"


def test_activities_and_updates_filter_by_pledge(client, published, lpo_fyrbodal):
    other = in_force(lpo_fyrbodal, slug="vanersborg-2026", names=("Vänersborg",))
    make_report(other, year=2026, tertial=1, status="done")
    for name in ("activities", "updates"):
        table = rows(download(client, name, medborgarlofte="vanersborg-2026"))
        assert {row["Medborgarlöftets id"] for row in table} == {"vanersborg-2026"}
        assert len(table) == 2


def test_updates_of_published_reports_with_their_corrections(client, published, varnamo_police):
    report = published.follow_up_reports.get()
    update = report.updates.order_by("activity__order").first()
    update.achieved = 2
    update.narrative = "Två trygghetsvandringar i Skillingaryd."
    update.save()
    Correction.objects.create(report=report, reason="Fel antal rättat.", made_by=varnamo_police)
    table = rows(download(client, "updates"))
    assert len(table) == 2
    first = table[0]
    assert first["Tertial"] == "T1 2026"
    assert first["År"] == "2026"
    assert first["Tertialnummer"] == "1"
    assert first["Aktivitet"] == "Aktivitet 1"
    assert first["Mål"] == "4"
    assert first["Uppnått"] == "2"
    assert first["Status"] == "Pågår"
    assert first["Vad som gjordes"] == "Två trygghetsvandringar i Skillingaryd."
    assert first["Rättelser"].endswith(": Fel antal rättat.")
    assert first["Adress"] == "http://testserver" + report.get_absolute_url()


def test_updates_show_the_activity_as_the_report_published_it(client, published):
    activity = published.activities.order_by("order").first()
    activity.description = "Omskriven efter publiceringen"
    activity.save()
    assert rows(download(client, "updates"))[0]["Aktivitet"] == "Aktivitet 1"


def test_key_figures_of_published_reports(client, published):
    [row] = rows(download(client, "key_figures"))
    assert row["Nyckeltal"] == "Trygghetsvandringar"
    assert row["Enhet"] == "st"
    assert row["Mål"] == "4"
    assert row["Värde"] == "3"
    assert row["Tertial"] == "T1 2026"


# Never anything but the published record ---------------------------------------------------

FORBIDDEN = [
    "HEMLIGT UTKAST",
    "INDRAGET LÖFTE",
    "OPUBLICERAD ÄNDRING",
    "OPUBLICERAD AKTIVITET",
    "OPUBLICERAD VERSION",
    "UTKAST TILL UPPFÖLJNING",
    "HEMLIGT NYCKELTAL",
    "INDRAGEN UPPFÖLJNING",
    "PERSONALDIALOG",
    "INVÅNARES SYNPUNKT",
    "FRITEXTSVAR",
]
# What each table must show of the published record, beside the pledge's title.
PUBLISHED = {
    "municipalities": "Vaggeryd",
    "pledges": "Trafiksäkerhet",
    "activities": "Aktivitet 1",
    "updates": "Läget in_progress under T1.",
    "key_figures": "Trygghetsvandringar",
}


@pytest.fixture
def forbidden(published, lpo_varnamo, vaggeryd):
    """Everything a public table must never show, around the published pledge."""
    make_pledge(lpo_varnamo, slug="utkast", title="HEMLIGT UTKAST")
    withdrawn = in_force(lpo_varnamo, slug="indraget", names=("Gnosjö",), title="INDRAGET LÖFTE")
    report = make_report(withdrawn, year=2026, tertial=1, status="done")
    report.updates.update(narrative="INDRAGEN UPPFÖLJNING")
    Pledge.objects.filter(pk=withdrawn.pk).update(
        status=Pledge.Status.WITHDRAWN, withdrawn_at=timezone.now(), withdrawal_reason="Test."
    )
    # Changes to the working copy that both sides have not approved, and a version not published.
    published.title = "OPUBLICERAD ÄNDRING"
    published.save()
    activity = published.activities.order_by("order").first()
    activity.description = "OPUBLICERAD AKTIVITET"
    activity.save()
    PledgeVersion.objects.create(
        pledge=published,
        number=2,
        content={**published.published_version.content, "title": "OPUBLICERAD VERSION"},
    )
    draft = make_report(published, year=2026, tertial=2, published=False, status="done")
    draft.updates.update(narrative="UTKAST TILL UPPFÖLJNING")
    add_key_figure(draft, name="HEMLIGT NYCKELTAL")
    DialogueActivity.objects.create(
        municipality=vaggeryd,
        kind=DialogueActivity.Kind.STAFF_DIALOGUE,
        title="PERSONALDIALOG",
        starts_at=timezone.now(),
        is_published=True,
    )
    PlaceReport.objects.create(
        municipality=vaggeryd,
        place_text="Torget",
        category="lighting",
        status="used",
        description="INVÅNARES SYNPUNKT",
    )
    add_response(make_survey(vaggeryd, state="closed"), text="FRITEXTSVAR")


@pytest.mark.parametrize("name", TABLES)
def test_table_shows_only_the_published_record(client, forbidden, name):
    body = download(client, name).content.decode("utf-8")
    assert "Medborgarlöfte vaggeryd-2026" in body
    assert PUBLISHED[name] in body
    for text in FORBIDDEN:
        assert text not in body, f"{text} in {name}"


@pytest.mark.parametrize("slug", ["utkast", "indraget"])
@pytest.mark.parametrize("name", ["activities", "updates", "key_figures"])
def test_a_draft_or_withdrawn_pledge_is_no_filter(client, forbidden, name, slug):
    response = download(client, name, medborgarlofte=slug)
    assert response.status_code == 400
    assert "HEMLIGT UTKAST" not in response.content.decode()


# Format -------------------------------------------------------------------------------------


def test_download_is_an_attachment_in_utf8_with_a_byte_order_mark(client, published):
    response = download(client, "municipalities")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kommuner.csv"'
    assert response.content.startswith(BOM)
    assert "Jönköpings län".encode() in response.content
    assert response.content.count(BOM) == 1


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("pledges", "medborgarloften.csv"),
        ("activities", "aktiviteter.csv"),
        ("updates", "uppfoljningar.csv"),
        ("key_figures", "nyckeltal.csv"),
    ],
)
def test_each_table_has_its_own_file_name(client, published, name, filename):
    assert download(client, name)["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_columns_and_values_are_swedish_whatever_language_is_active(rf, published):
    # /api/ is outside i18n_patterns; even where English is active, the file is Swedish.
    with translation.override("en"):
        response = csv_views.activities(rf.get(reverse("csv:activities")))
    table = rows(response)
    assert "Senaste status" in table[0]
    assert table[0]["Senaste status"] == "Pågår"
    assert table[0]["Utförs av"] == "Polisen"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_that_would_start_a_formula_starts_with_an_apostrophe(client, lpo_varnamo, start):
    in_force(lpo_varnamo, title=f'{start}HYPERLINK("http://x")')
    table = rows(download(client, "pledges"))
    assert table[0]["Medborgarlöfte"] == f'\'{start}HYPERLINK("http://x")'
    assert rows(download(client, "activities"))[0]["Medborgarlöfte"].startswith("'")


# Bad filters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("pledges", {"kommun": "atlantis"}, "ingen kommun med adressen ”atlantis”"),
        ("pledges", {"kommun": "vagg\x00eryd"}, "ingen kommun"),
        ("pledges", {"kommun": "x" * 5000}, "ingen kommun"),
        ("pledges", {"lan": "99"}, "inget län med koden ”99”"),
        ("pledges", {"lan": "6"}, "inget län"),
        ("pledges", {"lan": "0６"}, "inget län"),
        ("activities", {"medborgarlofte": "finns-inte"}, "inget publicerat medborgarlöfte"),
        ("updates", {"medborgarlofte": "../../etc"}, "inget publicerat medborgarlöfte"),
        ("key_figures", {"medborgarlofte": "ö"}, "inget publicerat medborgarlöfte"),
    ],
)
def test_a_filter_that_names_nothing_is_a_400_that_says_why(
    client, published, name, query, message
):
    response = download(client, name, **query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


def test_an_empty_filter_is_no_filter(client, published):
    assert len(rows(download(client, "pledges", kommun="", lan=""))) == 1


def test_only_get_and_head(client, published):
    url = reverse("csv:pledges")
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


# Caching and CORS -------------------------------------------------------------------------


def test_conditional_get_with_the_etag_is_304_until_the_table_changes(
    client, published, lpo_fyrbodal
):
    url = reverse("csv:pledges")
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"')
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    in_force(lpo_fyrbodal, slug="vanersborg-2026", names=("Vänersborg",))
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_depends_on_the_filter(client, published):
    all_pledges = download(client, "pledges")["ETag"]
    assert download(client, "pledges", kommun="gnosjo")["ETag"] != all_pledges


def test_any_site_may_read_the_tables(client, published):
    response = client.get(reverse("csv:pledges"), headers={"origin": "https://example.org"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


# Queries ----------------------------------------------------------------------------------


def _queries(client, name, **query):
    with CaptureQueriesContext(connection) as context:
        response = download(client, name, **query)
    assert response.status_code == 200
    return len(context)


def _pledges_with_follow_ups(area, first, count):
    for number in range(first, first + count):
        pledge = in_force(area, slug=f"vaggeryd-{number}")
        report = make_report(pledge, year=2026, tertial=1, status="in_progress")
        add_key_figure(report)


@pytest.mark.parametrize("name", TABLES)
def test_query_count_does_not_grow_with_the_pledges(client, lpo_varnamo, name):
    _pledges_with_follow_ups(lpo_varnamo, 0, 2)
    few = _queries(client, name)
    _pledges_with_follow_ups(lpo_varnamo, 2, 18)
    assert _queries(client, name) == few
    assert (
        len(rows(download(client, name)))
        == {
            "municipalities": 290,
            "pledges": 20,
            "activities": 40,
            "updates": 40,
            "key_figures": 20,
        }[name]
    )


# Links from the pages ---------------------------------------------------------------------


def test_kommun_list_links_the_kommuner_table(client, db):
    response = client.get(reverse("organisations:municipality_list"))
    assert f'href="{reverse("csv:municipalities")}"' in response.content.decode()
    assert "Ladda ner listan över alla kommuner" in response.content.decode()


def test_pledge_page_links_its_activities_and_follow_ups(client, published):
    content = client.get(published.get_absolute_url()).content.decode()
    assert f'href="{reverse("csv:activities")}?medborgarlofte=vaggeryd-2026"' in content
    assert f'href="{reverse("csv:updates")}?medborgarlofte=vaggeryd-2026"' in content


def test_draft_preview_has_no_download_links(client, lpo_varnamo, vaggeryd_coordinator):
    draft = make_pledge(lpo_varnamo, slug="utkast")
    client.force_login(vaggeryd_coordinator)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert reverse("csv:activities") not in response.content.decode()


def test_report_page_links_the_follow_ups_of_its_pledge(client, published):
    report = published.follow_up_reports.get()
    content = client.get(report.get_absolute_url()).content.decode()
    assert f'href="{reverse("csv:updates")}?medborgarlofte=vaggeryd-2026"' in content


# Survey results -----------------------------------------------------------------------------


@pytest.fixture
def closed_survey(vaggeryd):
    survey = make_survey(vaggeryd, state="closed")
    add_response(survey, single=0, multiple=(0, 1), scale=4, text="FRITEXTSVAR")
    add_response(survey, single=1, multiple=(1,), scale=2, text="ANNAT FRITEXTSVAR")
    return survey


def test_survey_results_are_counts_and_shares_never_free_text(client, closed_survey):
    response = download(client, "survey_results", enkat=closed_survey.pk)
    assert response["Content-Disposition"] == 'attachment; filename="enkatresultat.csv"'
    table = rows(response)
    by_answer = {(row["Fråga"], row["Svar"]): row for row in table}
    often = by_answer[("Hur ofta går du ut på kvällen?", "Ofta")]
    assert (often["Antal"], often["Andel (procent)"], often["Svarande på frågan"]) == (
        "1",
        "50",
        "2",
    )
    assert often["Enkät"] == "Trygghetsenkät"
    assert often["Genomförd av"] == "Vaggeryd"
    assert by_answer[("Vad gör dig tryggare?", "Polis")]["Antal"] == "2"
    assert by_answer[("Hur trygg känner du dig?", "4")]["Medelvärde"] == "3.00"
    free_text = by_answer[("Något mer?", "")]
    assert free_text["Svarande på frågan"] == "2"
    assert free_text["Frågetyp"] == "Fritext"
    assert "FRITEXTSVAR" not in response.content.decode()


@pytest.mark.parametrize(
    ("state", "is_published"), [("open", True), ("closed", False)], ids=["open", "unpublished"]
)
def test_results_of_an_open_or_unpublished_survey_are_not_downloadable(
    client, vaggeryd, state, is_published
):
    survey = make_survey(vaggeryd, state=state, is_published=is_published)
    add_response(survey, text="FRITEXTSVAR")
    response = download(client, "survey_results", enkat=survey.pk)
    assert response.status_code == 400
    assert "Trygghetsenkät" not in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999", "1\x00"])
def test_survey_results_need_the_number_of_a_public_survey(client, closed_survey, value):
    response = download(client, "survey_results", enkat=value)
    assert response.status_code == 400
    assert "?enkat=" in response.content.decode()


def test_survey_results_queries_do_not_grow_with_the_responses(client, closed_survey):
    few = _queries(client, "survey_results", enkat=closed_survey.pk)
    for _number in range(20):
        add_response(closed_survey, single=2, multiple=(2,), scale=5)
    cache.clear()  # the counts of a closed survey are cached by its set of responses anyway
    assert _queries(client, "survey_results", enkat=closed_survey.pk) == few


def test_addresses_use_the_portals_base_url_when_set(client, published, settings):
    settings.PORTAL_BASE_URL = "https://medborgarloften.example.se"
    [row] = rows(download(client, "pledges"))
    assert row["Adress"] == "https://medborgarloften.example.se/medborgarloften/vaggeryd-2026/"
