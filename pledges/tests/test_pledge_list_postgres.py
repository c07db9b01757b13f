"""Full-text search of the list of pledges on PostgreSQL: Swedish stems, compounds, ranking."""

import pytest
from django.db import connection

from followup.tests.factories import make_report
from pledges.models import Pledge, PledgeVersion
from pledges.search import version_vector
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("full-text search runs on PostgreSQL (CI); SQLite matches words plainly")


def published(area, slug, promise, **fields):
    return make_pledge(area, slug=slug, status=Pledge.Status.PUBLISHED, promise=promise, **fields)


def found(client, words):
    response = client.get("/medborgarloften/", {"q": words})
    assert response.status_code == 200
    return [row.pledge.slug for row in response.context["results"]]


def test_swedish_stems_find_other_forms_of_a_word(client, lpo_varnamo):
    published(lpo_varnamo, "vandringar", "Vi lovar att genomföra trygghetsvandringarna.")
    published(lpo_varnamo, "annat", "Vi lovar att minska skadegörelsen.")
    assert found(client, "trygghetsvandring") == ["vandringar"]
    assert found(client, "Trygghetsvandringar") == ["vandringar"]


def test_the_first_part_of_a_compound_finds_it(client, lpo_varnamo):
    published(lpo_varnamo, "narkotika", "Vi lovar att minska narkotikabrottsligheten.")
    assert found(client, "narkotika") == ["narkotika"]


def test_every_word_must_match(client, lpo_varnamo):
    published(lpo_varnamo, "bada", "Trafiksäkerhet och belysning i centrum.")
    published(lpo_varnamo, "ena", "Trafiksäkerhet vid skolorna.")
    assert found(client, "trafiksäkerhet belysning") == ["bada"]


def test_the_best_match_comes_first(client, lpo_varnamo):
    # The factory titles sort the pledges this way when nothing ranks them.
    published(lpo_varnamo, "a-en-gang", "Vi lovar fler trygghetsvandringar.")
    published(
        lpo_varnamo,
        "b-tre-ganger",
        "Trygghetsvandringar, trygghetsvandringar och åter trygghetsvandringar.",
    )
    assert found(client, "trygghetsvandringar") == ["b-tre-ganger", "a-en-gang"]


def test_published_follow_ups_are_searched_with_full_text(client, lpo_varnamo):
    pledge = published(lpo_varnamo, "med-uppfoljning", "Vi lovar ökad trygghet.")
    make_report(pledge, year=2026, tertial=1).updates.update(
        narrative="Belysningen i gångtunnlarna byttes."
    )
    draft = published(lpo_varnamo, "med-utkast", "Vi lovar ökad trygghet.")
    make_report(draft, year=2026, tertial=1, published=False).updates.update(
        narrative="Gångtunneln fick ny belysning."
    )
    assert found(client, "belysning") == ["med-uppfoljning"]


def test_stop_words_alone_find_nothing_and_give_no_error(client, lpo_varnamo):
    published(lpo_varnamo, "vanlig", "Kommunen och polisen lovar att samverka.")
    assert found(client, "och att") == []


def test_the_version_search_can_use_the_gin_index(lpo_varnamo):
    published(lpo_varnamo, "indexerad", "Vi lovar att minska narkotikabrottsligheten.")
    from django.contrib.postgres.search import SearchQuery

    query = SearchQuery("narkotika:*", config="swedish", search_type="raw")
    versions = PledgeVersion.objects.alias(found=version_vector()).filter(found=query)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = versions.explain()
    assert "pledge_version_search_gin" in plan
