"""The list of all published pledges at /medborgarloften/: filters, search, pages (issue 9)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from followup.tests.factories import make_report
from organisations.models import Municipality, PoliceArea, PoliceRegion
from pledges.models import Activity, FocusArea, Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db

URL = "/medborgarloften/"
TODAY = timezone.localdate()
YEAR = datetime.timedelta(days=365)


def listed(response):
    """The slugs of the pledges on the page, in order."""
    assert response.status_code == 200
    return [row.pledge.slug for row in response.context["results"]]


def published(area, slug, **fields):
    return make_pledge(area, slug=slug, status=Pledge.Status.PUBLISHED, **fields)


@pytest.fixture
def pledges(lpo_varnamo, lpo_fyrbodal):
    """In force in Vaggeryd, earlier in Vänersborg, coming in Gislaved; a draft and a withdrawn."""
    return {
        "current": published(
            lpo_varnamo,
            "vaggeryd-nu",
            start=TODAY - YEAR,
            end=TODAY + YEAR,
            promise="Vaggeryds kommun och polisen lovar att minska narkotikabrottsligheten.",
        ),
        "earlier": published(
            lpo_fyrbodal,
            "vanersborg-forr",
            municipality_names=("Vänersborg",),
            start=TODAY - 3 * YEAR,
            end=TODAY - 2 * YEAR,
            activities=1,
        ),
        "coming": published(
            lpo_varnamo,
            "gislaved-sedan",
            municipality_names=("Gislaved",),
            start=TODAY + YEAR,
            end=TODAY + 2 * YEAR,
        ),
        "draft": make_pledge(lpo_varnamo, slug="vaggeryd-utkast", start=TODAY, end=TODAY),
        "withdrawn": make_pledge(
            lpo_varnamo,
            slug="vaggeryd-indraget",
            status=Pledge.Status.WITHDRAWN,
            start=TODAY,
            end=TODAY,
        ),
    }


def test_lists_every_published_pledge_newest_period_first(client, pledges):
    assert listed(client.get(URL)) == ["gislaved-sedan", "vaggeryd-nu", "vanersborg-forr"]


def test_drafts_and_withdrawn_pledges_are_not_listed(client, pledges):
    content = client.get(URL).content.decode()
    assert "vaggeryd-utkast" not in content
    assert "vaggeryd-indraget" not in content


def test_each_result_shows_the_published_version(client, pledges, settings):
    settings.PAGE_CACHE_SECONDS = 0  # it reads the view's context, twice from one address
    pledge = pledges["current"]
    pledge.title = "Osparad arbetstitel"
    pledge.promise = "Arbetskopians löfte som ingen godkänt."
    pledge.save()
    Activity.objects.create(pledge=pledge, description="Ny ej godkänd aktivitet")
    content = client.get(URL).content.decode()
    assert "Osparad arbetstitel" not in content
    assert "Arbetskopians löfte" not in content
    assert 'href="/medborgarloften/vaggeryd-nu/"' in content
    assert "Medborgarlöfte vaggeryd-nu" in content
    assert "minska narkotikabrottsligheten" in content
    assert "Lokalpolisområde Värnamo" in content
    row = next(r for r in client.get(URL).context["results"] if r.pledge == pledge)
    assert row.content.municipalities == ["Vaggeryd"]
    assert len(row.content.activities) == 2


def test_each_result_says_whether_it_is_in_force(client, pledges):
    response = client.get(URL)
    statuses = {row.pledge.slug: row.status for row in response.context["results"]}
    assert statuses == {
        "vaggeryd-nu": "current",
        "vanersborg-forr": "earlier",
        "gislaved-sedan": "coming",
    }
    content = response.content.decode()
    for label in ("Gäller nu", "Tidigare", "Kommande"):
        assert label in content


@pytest.mark.parametrize(
    ("status", "slug"),
    [("aktuella", "vaggeryd-nu"), ("tidigare", "vanersborg-forr"), ("kommande", "gislaved-sedan")],
)
def test_filter_by_in_force_earlier_or_coming(client, pledges, status, slug):
    assert listed(client.get(URL, {"status": status})) == [slug]


def test_coming_is_published_pledges_that_have_not_begun(pledges):
    assert list(Pledge.objects.coming()) == [pledges["coming"]]
    assert list(Pledge.objects.coming(TODAY + 3 * YEAR)) == []


def test_a_change_waiting_for_approval_moves_no_pledge_between_current_and_coming(pledges):
    pledge = pledges["current"]
    pledge.start_date = TODAY + YEAR
    pledge.end_date = TODAY + 2 * YEAR
    pledge.save()
    assert pledge not in Pledge.objects.coming()


def test_filter_by_year_finds_pledges_in_force_some_time_that_year(client, lpo_varnamo):
    published(
        lpo_varnamo, "a-2021", start=datetime.date(2021, 7, 1), end=datetime.date(2022, 6, 30)
    )
    published(
        lpo_varnamo, "b-2023", start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31)
    )
    assert listed(client.get(URL, {"ar": "2022"})) == ["a-2021"]
    assert listed(client.get(URL, {"ar": "2021"})) == ["a-2021"]
    assert listed(client.get(URL, {"ar": "2023"})) == ["b-2023"]
    assert [c[0] for c in client.get(URL).context["form"].fields["ar"].choices] == [
        "",
        2023,
        2022,
        2021,
    ]


def test_filter_by_county(client, pledges):
    assert listed(client.get(URL, {"lan": "06"})) == ["gislaved-sedan", "vaggeryd-nu"]
    assert listed(client.get(URL, {"lan": "14"})) == ["vanersborg-forr"]
    assert listed(client.get(URL, {"lan": "01"})) == []


def test_filter_by_police_area(client, pledges, lpo_fyrbodal):
    assert listed(client.get(URL, {"polisomrade": lpo_fyrbodal.slug})) == ["vanersborg-forr"]


def test_filter_by_municipality(client, pledges):
    assert listed(client.get(URL, {"kommun": "vaggeryd"})) == ["vaggeryd-nu"]
    assert listed(client.get(URL, {"kommun": "gislaved"})) == ["gislaved-sedan"]


def test_place_filters_read_the_published_version_not_the_working_copy(client, pledges):
    pledge = pledges["current"]
    pledge.municipalities.set([Municipality.objects.get(name="Vänersborg")])
    other = PoliceArea.objects.create(
        name="Någonstans", police_region=PoliceRegion.objects.get(name="Väst")
    )
    pledge.police_area = other
    pledge.save()
    assert "vaggeryd-nu" in listed(client.get(URL, {"kommun": "vaggeryd"}))
    assert "vaggeryd-nu" not in listed(client.get(URL, {"kommun": "vanersborg"}))
    assert "vaggeryd-nu" in listed(client.get(URL, {"lan": "06"}))
    assert "vaggeryd-nu" not in listed(client.get(URL, {"lan": "14"}))
    assert listed(client.get(URL, {"polisomrade": other.slug})) == []


def test_a_newly_published_version_moves_the_pledge(client, pledges):
    pledge = pledges["current"]
    pledge.municipalities.set([Municipality.objects.get(name="Vänersborg")])
    pledge.change_reason = "Ny kommun."
    pledge.save()
    pledge.publish_without_approvals()
    assert "vaggeryd-nu" in listed(client.get(URL, {"kommun": "vanersborg"}))
    assert "vaggeryd-nu" not in listed(client.get(URL, {"kommun": "vaggeryd"}))


def test_filter_by_theme_recognised_in_the_focus_areas(client, lpo_varnamo):
    drugs = make_pledge(lpo_varnamo, slug="narkotika-pledge")
    drugs.focus_areas.update(name="Narkotikabrottslighet")
    drugs.publish_without_approvals()
    traffic = published(lpo_varnamo, "trafik-pledge")  # the factory's focus: Trafiksäkerhet
    FocusArea.objects.create(pledge=traffic, name="Narkotika i centrum")  # not yet approved
    assert listed(client.get(URL, {"tema": "narkotika"})) == ["narkotika-pledge"]
    assert listed(client.get(URL, {"tema": "trafik"})) == ["trafik-pledge"]
    assert listed(client.get(URL, {"tema": "centrum"})) == []


def test_filter_by_who_carries_out_the_activities(client, pledges):
    # The factory gives activities to the police, the kommun, together, in turn.
    assert listed(client.get(URL, {"utfors": "polisen"})) == [
        "gislaved-sedan",
        "vaggeryd-nu",
        "vanersborg-forr",
    ]
    assert listed(client.get(URL, {"utfors": "kommunen"})) == ["gislaved-sedan", "vaggeryd-nu"]
    assert listed(client.get(URL, {"utfors": "tillsammans"})) == []


def test_filters_combine(client, pledges):
    response = client.get(URL, {"lan": "06", "status": "aktuella", "utfors": "kommunen"})
    assert listed(response) == ["vaggeryd-nu"]


# Search ---------------------------------------------------------------------------------


def test_search_finds_words_in_the_promise_ignoring_case(client, pledges):
    assert listed(client.get(URL, {"q": "NARKOTIKABROTTSLIGHETEN"})) == ["vaggeryd-nu"]


def test_search_finds_words_in_the_activities(client, lpo_varnamo):
    pledge = make_pledge(lpo_varnamo, slug="med-vandring")
    pledge.activities.filter(order=0).update(description="Genomföra trygghetsvandringar i Östra")
    pledge.publish_without_approvals()
    published(lpo_varnamo, "utan-vandring")
    assert listed(client.get(URL, {"q": "trygghetsvandringar"})) == ["med-vandring"]
    assert listed(client.get(URL, {"q": "östra trygghetsvandringar"})) == ["med-vandring"]
    assert listed(client.get(URL, {"q": "östra cykelbana"})) == []


def test_search_does_not_find_the_working_copy(client, pledges):
    pledge = pledges["current"]
    pledge.promise = "Hemlig ändring om hundrastgårdar."
    pledge.save()
    assert listed(client.get(URL, {"q": "hundrastgårdar"})) == []


def test_search_finds_published_follow_ups_only(client, pledges):
    report = make_report(pledges["current"], year=TODAY.year - 1, tertial=3)
    report.updates.update(narrative="Vi satte upp belysning vid busshållplatsen.")
    draft = make_report(pledges["coming"], year=TODAY.year - 1, tertial=2, published=False)
    draft.updates.update(narrative="Utkast om skolgården.")
    assert listed(client.get(URL, {"q": "busshållplatsen"})) == ["vaggeryd-nu"]
    assert listed(client.get(URL, {"q": "skolgården"})) == []


def test_search_combines_with_filters(client, pledges):
    assert listed(client.get(URL, {"q": "Aktivitet", "lan": "14"})) == ["vanersborg-forr"]


def test_search_ignores_signs_that_are_not_words(client, pledges):
    assert listed(client.get(URL, {"q": "narkotikabrottsligheten & | ! :* '"})) == ["vaggeryd-nu"]
    assert len(listed(client.get(URL, {"q": "&&& ''' !"}))) == 3


# Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ar": "abc"}, "Välj ett år då något löfte gäller."),
        ({"ar": "1899"}, "Välj ett år då något löfte gäller."),
        ({"lan": "99"}, "Det finns inget län med den koden."),
        ({"kommun": "atlantis"}, "Det finns ingen kommun med den adressen."),
        ({"polisomrade": "atlantis"}, "Det finns inget lokalpolisområde med den adressen."),
        ({"status": "snart"}, "Välj gäller nu, tidigare eller kommande."),
        ({"tema": "bilar"}, "Det finns inget sådant tema."),
        ({"utfors": "brandkaren"}, "Välj polisen, kommunen eller tillsammans."),
        ({"q": "x" * 101}, "Använd högst 100 tecken i sökningen."),
    ],
)
def test_bad_parameters_are_named_and_left_out(client, pledges, params, message):
    response = client.get(URL, params)
    assert listed(response) == ["gislaved-sedan", "vaggeryd-nu", "vanersborg-forr"]
    content = response.content.decode()
    assert message in content
    assert "Några av filtren kunde inte användas" in content
    assert 'aria-invalid="true"' in content


def test_a_bad_parameter_leaves_the_good_ones_in_force(client, pledges):
    assert listed(client.get(URL, {"ar": "abc", "lan": "14"})) == ["vanersborg-forr"]


def test_no_match_says_so_and_offers_to_clear_the_filters(client, pledges):
    response = client.get(URL, {"lan": "01"})
    content = response.content.decode()
    assert "Inget publicerat medborgarlöfte stämmer med det du valt." in content
    assert f'<a href="{URL}">Ta bort alla filter och visa alla löften</a>' in content


def test_without_pledges_the_page_says_none_is_published(client, db):
    content = client.get(URL).content.decode()
    assert "Inget medborgarlöfte har publicerats ännu." in content
    assert "Ta bort alla filter" not in content


# Pages ------------------------------------------------------------------------------------


@pytest.fixture
def many(lpo_varnamo):
    for number in range(25):
        published(
            lpo_varnamo,
            f"loefte-{number:02d}",
            start=datetime.date(2000 + number, 1, 1),
            end=datetime.date(2000 + number, 12, 31),
            activities=1,
        )


def test_pages_of_twenty_with_numbers_in_the_address(client, many):
    first = client.get(URL)
    assert len(listed(first)) == 20
    assert listed(first)[0] == "loefte-24"
    second = client.get(URL, {"page": "2"})
    assert listed(second) == [f"loefte-{n:02d}" for n in range(4, -1, -1)]
    content = second.content.decode()
    assert 'aria-label="Sidor med medborgarlöften"' in content
    assert 'href="?page=2" aria-current="page"' in content
    assert 'href="?page=1" rel="prev"' in content


def test_page_links_keep_the_filters(client, many):
    content = client.get(URL, {"utfors": "polisen", "lan": "06"}).content.decode()
    assert 'href="?utfors=polisen&amp;lan=06&amp;page=2"' in content


@pytest.mark.parametrize(("asked", "shown"), [("99", 2), ("abc", 1), ("0", 2), ("-1", 2)])
def test_a_page_that_does_not_exist_shows_another_and_says_so(client, many, asked, shown):
    response = client.get(URL, {"page": asked})
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert f"Det finns ingen sida ”{asked}”" in response.content.decode()


def test_query_count_does_not_grow_with_the_pledges(client, lpo_varnamo, django_assert_num_queries):
    def make(count, offset):
        for number in range(count):
            pledge = published(lpo_varnamo, f"p-{offset + number}", activities=3)
            make_report(pledge, year=2026, tertial=1).updates.update(narrative="Trygghet.")

    make(3, 0)
    params = {"q": "trygghet", "utfors": "polisen", "lan": "06", "status": "", "page": "1"}
    with django_assert_num_queries(7) as three:
        assert len(listed(client.get(URL, params))) == 3
    make(27, 100)
    with django_assert_num_queries(len(three.captured_queries)):
        assert len(listed(client.get(URL, params))) == 20


# The page around the list -----------------------------------------------------------------


def test_page_is_in_english_under_en(client, pledges):
    response = client.get("/en" + URL, {"status": "kommande"})
    assert listed(response) == ["gislaved-sedan"]
    content = response.content.decode()
    assert "Citizen pledges" in content
    assert "Coming" in content
    assert "Local police area Värnamo" in content


def test_site_menu_links_the_list(client, db):
    content = client.get(reverse("home")).content.decode()
    assert f'<a href="{URL}">Medborgarlöften</a>' in content
    assert (
        f'<a href="{URL}" aria-current="page">Medborgarlöften</a>'
        in client.get(URL).content.decode()
    )


def test_the_form_works_without_javascript(client, pledges):
    content = client.get(URL).content.decode()
    assert f'<form method="get" action="{URL}"' in content
    assert '<button type="submit" class="button">Visa löften</button>' in content
    assert "<script" not in content
    assert 'style="' not in content


@pytest.mark.parametrize("slug", ["oversikt", "sok", "atom"])
def test_pages_of_their_own_are_not_pledge_addresses(lpo_varnamo, slug):
    pledge = make_pledge(lpo_varnamo, slug="vaggeryd-2026")
    pledge.slug = slug
    with pytest.raises(ValidationError) as error:
        pledge.full_clean()
    assert error.value.message_dict["slug"] == [
        f"”{slug}” kan inte vara ett löftes adress: /medborgarloften/{slug}/ är en annan sida "
        "i portalen. Välj en annan, till exempel kommunens namn och året."
    ]
    pledge.slug = f"{slug}-vaggeryd"
    pledge.full_clean()


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("q", 3),
        ("lan", 3),
        ("polisomrade", 3),
        ("kommun", 3),
        ("ar", 3),
        ("status", 3),
        ("page", 3),
    ],
)
def test_a_null_character_in_a_parameter_is_no_server_error(client, pledges, name, count):
    assert len(listed(client.get(URL, {name: "vaggeryd\x00"}))) == count


def test_links_the_overview_and_the_csv_download_once_they_exist(client, pledges):
    content = client.get(URL).content.decode()
    assert f'<a href="{reverse("overview")}">Se den nationella översikten</a>' in content
    assert f'<a href="{reverse("csv:pledges")}">Ladda ner alla publicerade löften' in content


def test_a_page_that_is_not_there_yet_is_not_linked(client, pledges, monkeypatch):
    from django.urls import NoReverseMatch

    from pledges import views

    def nothing_there(name):
        raise NoReverseMatch(name)

    monkeypatch.setattr(views, "reverse", nothing_there)
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Se den nationella översikten" not in content
    assert "Ladda ner alla publicerade löften" not in content
