"""The API shows the published record only: one test per resource, list and detail, and a crawl
of every address the API links to.

Never shown: drafts, a published pledge's unpublished version (its working copy, even approved
by one side), withdrawn pledges and their reports and key figures, draft follow-ups and their
values, staff dialogue and unpublished dialogue, residents' place reports, free-text survey
answers and surveys whose results are not public yet.
"""

import json

import pytest
from django.urls import reverse

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    return response.json()


def texts(data):
    return json.dumps(data, ensure_ascii=False)


REFERENCE_DETAILS = ("/api/municipalities/", "/api/counties/", "/api/police-areas/")


def worth_following(url):
    """Every page of every list and every record's own address, except two kinds that can show
    nothing new: a filtered list (a subset of the same list, shown by the same serializer) and a
    kommun's, län's or police area's own address (the same fields as its row in the list)."""
    path, _, query = url.partition("?")
    if query:
        return query.startswith("page=") and "&" not in query
    reference = next((prefix for prefix in REFERENCE_DETAILS if prefix in path), None)
    return reference is None or path.endswith(reference)


def crawl(client):
    """Every API address reachable from the root (see worth_following), with its body."""
    root = "http://testserver" + reverse("api:api-root")
    seen, queue, bodies = set(), [root], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content.decode()
        links = []

        def collect(value, links=links):
            if isinstance(value, dict):
                for item in value.values():
                    collect(item)
            elif isinstance(value, list):
                for item in value:
                    collect(item)
            elif isinstance(value, str) and value.startswith("http://testserver/api/"):
                links.append(value)

        collect(response.json())
        queue += [link for link in links if link not in seen and worth_following(link)]
    return bodies


def test_no_response_anywhere_in_the_api_shows_unpublished_text(client, record):
    bodies = crawl(client)
    # The crawl reached every resource's detail pages, not only the lists.
    for name, obj in [
        ("api:pledge-detail", record.published.slug),
        ("api:followup-detail", record.report.pk),
        ("api:keyfigure-detail", record.indicator.pk),
        ("api:dialogueactivity-detail", record.meeting.pk),
        ("api:survey-detail", record.survey.pk),
        ("api:pledge-version", None),
    ]:
        args = [obj] if name != "api:pledge-version" else [record.published.slug, 1]
        assert "http://testserver" + reverse(name, args=args) in bodies
    leaks = {url: body for url, body in bodies.items() if SECRET in body or "hemlig@" in body}
    assert not leaks


def test_pledges_show_the_published_version_only(client, record):
    listed = get(client, reverse("api:pledge-list"))
    assert [pledge["slug"] for pledge in listed["results"]] == ["vaggeryd-nu"]
    detail = get(client, reverse("api:pledge-detail", args=["vaggeryd-nu"]))
    assert detail["version"] == 1
    assert detail["promise"] == "Kommunen och polisen lovar att arbeta för ökad trygghet."
    assert [a["description"] for a in detail["activities"]] == ["Aktivitet 1", "Aktivitet 2"]
    assert [v["number"] for v in detail["versions"]] == [1]
    assert SECRET not in texts(listed) + texts(detail)
    # The version both sides have not approved, the draft and the withdrawn pledge: not found.
    get(client, reverse("api:pledge-version", args=["vaggeryd-nu", 2]), status=404)
    get(client, reverse("api:pledge-detail", args=[record.draft.slug]), status=404)
    get(client, reverse("api:pledge-detail", args=[record.withdrawn.slug]), status=404)
    get(client, reverse("api:pledge-version", args=[record.withdrawn.slug, 1]), status=404)


def test_activity_status_comes_from_published_follow_ups_only(client, record):
    detail = get(client, reverse("api:pledge-detail", args=["vaggeryd-nu"]))
    # The draft report says "delayed"; the published one "in_progress".
    assert {a["status"] for a in detail["activities"]} == {"in_progress"}
    latest = detail["activities"][0]["latest_update"]
    assert latest["follow_up"].endswith(reverse("api:followup-detail", args=[record.report.pk]))


def test_follow_ups_are_the_published_reports_of_published_pledges(client, record):
    listed = get(client, reverse("api:followup-list"))
    assert [report["id"] for report in listed["results"]] == [record.report.pk]
    detail = get(client, reverse("api:followup-detail", args=[record.report.pk]))
    assert [c["reason"] for c in detail["corrections"]] == ["Rättat antal."]
    assert [v["value"] for v in detail["key_figures"]] == ["2.00"]
    assert SECRET not in texts(listed) + texts(detail)
    get(client, reverse("api:followup-detail", args=[record.draft_report.pk]), status=404)
    get(client, reverse("api:followup-detail", args=[record.withdrawn_report.pk]), status=404)


def test_key_figures_are_of_published_pledges_with_published_values(client, record):
    listed = get(client, reverse("api:keyfigure-list"))
    assert [figure["name"] for figure in listed["results"]] == ["Trygghetsvandringar"]
    detail = get(client, reverse("api:keyfigure-detail", args=[record.indicator.pk]))
    # The value in the draft report (777) is not among them.
    assert [row["value"] for row in detail["values"]] == ["2.00"]
    assert "777" not in texts(listed) + texts(detail)
    hidden = record.withdrawn.indicators.get()
    get(client, reverse("api:keyfigure-detail", args=[hidden.pk]), status=404)


def test_dialogue_activities_are_public_ones_never_staff_dialogue(client, record):
    listed = get(client, reverse("api:dialogueactivity-list"))
    assert [a["title"] for a in listed["results"]] == ["Medborgardialog i Skillingaryd"]
    detail = get(client, reverse("api:dialogueactivity-detail", args=[record.meeting.pk]))
    assert detail["summary"] == "Belysning."
    get(
        client,
        reverse("api:dialogueactivity-detail", args=[record.staff_dialogue.pk]),
        status=404,
    )
    staff_kind = client.get(reverse("api:dialogueactivity-list"), {"kind": "staff_dialogue"})
    assert staff_kind.status_code == 400


def test_surveys_show_counts_never_free_text(client, record):
    listed = get(client, reverse("api:survey-list"))
    assert [s["slug"] for s in listed["results"]] == ["trygghet"]
    detail = get(client, reverse("api:survey-detail", args=[record.survey.pk]))
    choice, free = detail["results"]
    assert [(row["label"], row["count"]) for row in choice["rows"]] == [("Ja", 2), ("Nej", 0)]
    assert (free["kind"], free["respondents"], free["rows"]) == ("text", 2, [])
    assert SECRET not in texts(listed) + texts(detail)
    assert "Storgatan" not in texts(detail)
    get(client, reverse("api:survey-detail", args=[record.open_survey.pk]), status=404)


def test_municipalities_link_their_published_pledge_in_force_only(client, record):
    vaggeryd = get(client, reverse("api:municipality-detail", args=["0665"]))
    assert vaggeryd["current_pledge"]["slug"] == "vaggeryd-nu"
    assert vaggeryd["current_pledge"]["title"] == "Medborgarlöfte vaggeryd-nu"
    gislaved = get(client, reverse("api:municipality-detail", args=["0662"]))
    gnosjo = get(client, reverse("api:municipality-detail", args=["0617"]))
    assert gislaved["current_pledge"] is None
    assert gnosjo["current_pledge"] is None


def test_place_reports_have_no_resource_and_no_trace(client, record):
    bodies = crawl(client)
    assert not [url for url in bodies if "report" in url.rsplit("/api/", 1)[1]]
    assert not [url for url, body in bodies.items() if "tunneln" in body or "gångväg" in body]
