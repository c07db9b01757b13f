"""The API over HTTP: the root, conditional GET (ETag, 304), CORS under /api/ only, read-only
methods, JSON errors and the schema's stable address."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESOURCES = [
    "municipalities",
    "counties",
    "police-areas",
    "pledges",
    "follow-ups",
    "key-figures",
    "dialogue-activities",
    "surveys",
]


def test_root_lists_every_resource_as_a_link(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response.json() == {name: f"http://testserver/api/{name}/" for name in RESOURCES}


@pytest.mark.parametrize("name", RESOURCES)
def test_every_resource_answers_a_matching_etag_with_304(client, record, name):
    first = client.get(f"/api/{name}/")
    assert first.status_code == 200
    etag = first.headers["ETag"]
    again = client.get(f"/api/{name}/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(f"/api/{name}/", headers={"if-none-match": '"something-else"'})
    assert other.status_code == 200


def test_etag_changes_when_the_published_record_changes(client, record):
    url = reverse("api:pledge-detail", args=[record.published.slug])
    before = client.get(url).headers["ETag"]
    record.published.versions.filter(number=1).update(change_reason="Rättelse")
    after = client.get(url, headers={"if-none-match": before})
    assert after.status_code == 200
    assert after.headers["ETag"] != before


def test_any_origin_may_read_the_api(client):
    response = client.get("/api/pledges/", headers={"origin": "https://example.org"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/pledges/",
        headers={"origin": "https://example.org", "access-control-request-method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]


def test_pages_outside_the_api_send_no_cors_header(client, vaggeryd):
    for url in ["/", "/kommuner/vaggeryd/", "/medborgarloften/finns-inte/"]:
        response = client.get(url, headers={"origin": "https://example.org"})
        assert "Access-Control-Allow-Origin" not in response.headers, url


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url", ["/api/", "/api/pledges/", "/api/pledges/vaggeryd-nu/", "/api/follow-ups/1/"]
)
def test_the_api_is_read_only(client, record, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405


def test_unknown_address_and_record_are_json_404s(client):
    for url in ["/api/finns-inte/", "/api/pledges/finns-inte/", "/api/follow-ups/99999/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["Content-Type"] == "application/json", url
        assert "detail" in response.json()


@pytest.mark.parametrize(
    "query",
    [
        {"municipality": "Vaggeryd"},
        {"county": "6"},
        {"year": "2026.5"},
        {"year": "99999"},
        {"status": "pagaende"},
        {"page": "0"},
    ],
)
def test_bad_filters_are_explained_never_a_server_error(client, query):
    response = client.get("/api/pledges/", query)
    # A page that does not exist is not found; a malformed filter is a bad request.
    assert response.status_code == (404 if "page" in query else 400)
    assert response.json()


def test_schema_is_openapi_3_at_its_stable_address(client):
    assert reverse("api:schema") == "/api/schema/"
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/pledges/{slug}/versions/{number}/" in schema["paths"]
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


def test_docs_page_lists_every_operation_without_javascript(client):
    """The reference is rendered on the server from the schema: readable with no script."""
    schema = client.get("/api/schema/", {"format": "json"}).json()
    html = client.get(reverse("api:docs")).content.decode()
    for path in schema["paths"]:
        assert f"<code>GET {path}</code>" in html
    assert '<a href="/api/pledges/">/api/pledges/</a>' in html  # needs no value: a link
    assert 'href="/api/pledges/{slug}/"' not in html
    assert "<code>municipality</code>" in html and "<code>slug</code> (required)" in html


def test_docs_page_loads_swagger_ui_only_when_asked_without_inline_script(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    bundle = "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    assert f'data-script="{bundle}"' in html and f'src="{bundle}"' not in html
    assert "<script>" not in html and "<style" not in html and "style=" not in html
    assert 'data-schema-url="/api/schema/?format=json"' in html
