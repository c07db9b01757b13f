"""The whole-page cache: anonymous readers share kept pages, and no change is ever served stale.

A resident (the anonymous `client`) reads a page twice: the second answer comes from the cache
without one query. Then a coordinator or the police change what the page shows, through the
flow they use, and the very next read shows the change.
"""

import datetime
import gzip

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogue.models import DialogueActivity
from feedback.models import PageFeedback
from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge
from portal import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(lpo_varnamo):
    today = timezone.localdate()
    return make_pledge(
        lpo_varnamo,
        slug="vaggeryd-i-ar",
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(today.year, 1, 1),
        end=datetime.date(today.year, 12, 31),
        title="Tryggare Vaggeryd",
    )


def read(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response


def kept(client, url):
    """Read a page until it is kept, and show that the next read is served from the cache."""
    read(client, url)
    response = read(client, url)
    assert response["X-Cache"] == "HIT"
    return response


def text(response):
    return response.content.decode()


# Who shares kept pages ----------------------------------------------------------------------


def test_a_second_reader_gets_the_kept_page_without_a_query(
    client, pledge, django_assert_num_queries
):
    url = pledge.get_absolute_url()
    first = read(client, url)
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = read(Client(), url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


@pytest.mark.parametrize(
    "url",
    ["/", "/medborgarloften/", "/kommuner/", "/kommuner/vaggeryd/", "/dialog/", "/en/"],
)
def test_public_pages_set_no_cookie_and_may_be_shared(client, pledge, url):
    response = read(client, url)
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert response["Cache-Control"] == ("public, max-age=0, s-maxage=30, stale-if-error=86400")
    assert response["X-Cache"] == "MISS"


def test_the_pledge_page_sets_no_cookie(client, pledge):
    response = read(client, pledge.get_absolute_url())
    assert not response.cookies
    assert 'name="csrfmiddlewaretoken"' not in text(response)


def test_a_signed_in_reader_is_never_served_a_kept_page(client, pledge, vaggeryd_coordinator):
    url = pledge.get_absolute_url()
    kept(Client(), url)
    client.force_login(vaggeryd_coordinator)
    response = read(client, url)
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_reader_with_a_message_waiting_gets_it_not_the_kept_page(client, pledge):
    url = pledge.get_absolute_url()
    kept(Client(), url)
    response = client.post(
        reverse("feedback:submit"), {"helpful": "yes", "comment": "", "next": url}
    )
    assert response.status_code == 302
    shown = client.get(url)
    assert "X-Cache" not in shown
    assert "Tack för att du hjälper oss" in text(shown)


def test_a_form_page_with_a_csrf_token_is_private_and_never_kept(client, vaggeryd):
    # The login page carries a CSRF token, so its answer sets a cookie of the reader's own.
    response = client.get(reverse("admin:login"))
    assert response.cookies
    assert "private" in response["Cache-Control"]
    assert "X-Cache" not in response


def test_a_page_answered_with_a_cookie_is_not_kept(rf, pledge):
    def sets_a_cookie(request):
        from django.http import HttpResponse

        response = HttpResponse("min sida")
        response.set_cookie("egen", "1")
        return response

    middleware = page_cache.PageCacheMiddleware(sets_a_cookie)
    first = middleware(rf.get("/egen/"))
    assert "private" in first["Cache-Control"]
    assert "X-Cache" not in middleware(rf.get("/egen/"))


def test_posts_are_never_kept(client, pledge):
    url = pledge.get_absolute_url()
    response = client.post(url, {})
    assert "X-Cache" not in response


# Conditional requests and compression -------------------------------------------------------


def test_a_browser_that_has_the_page_gets_304(client, pledge):
    url = pledge.get_absolute_url()
    response = read(client, url)
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]


def test_a_browser_that_knows_the_page_by_date_gets_304(client, pledge):
    url = pledge.get_absolute_url()
    response = read(client, url)
    again = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
    assert again.status_code == 304


def test_a_changed_page_is_sent_again_in_full(client, pledge):
    url = pledge.get_absolute_url()
    etag = read(client, url)["ETag"]
    pledge.title = "Tryggare Vaggeryd, nu med skolvägar"
    pledge.save()
    pledge.publish_without_approvals()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "nu med skolvägar" in text(response)


def test_pages_are_sent_compressed_to_a_browser_that_asks(client, pledge):
    url = pledge.get_absolute_url()
    plain = read(client, url)
    compressed = read(client, url, **{"Accept-Encoding": "gzip, deflate, br"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] != plain["ETag"]
    assert "Accept-Encoding" in compressed["Vary"]
    assert (
        client.get(
            url, headers={"Accept-Encoding": "gzip", "If-None-Match": compressed["ETag"]}
        ).status_code
        == 304
    )


def test_the_atom_feed_keeps_its_own_last_modified(client, pledge):
    make_report(pledge, year=timezone.localdate().year, tertial=1)
    response = read(client, "/uppfoljningar/atom/")
    assert response["Last-Modified"]
    assert (
        client.get("/uppfoljningar/atom/", headers={"If-None-Match": response["ETag"]}).status_code
        == 304
    )


# No change is ever served stale -------------------------------------------------------------


def test_a_new_version_of_a_pledge_is_shown_at_once(client, pledge):
    url = pledge.get_absolute_url()
    assert "Tryggare Vaggeryd" in text(kept(client, url))
    pledge.title = "Ett tryggare Vaggeryd för alla"
    pledge.save()
    assert "Ett tryggare Vaggeryd för alla" not in text(read(client, url))  # not yet approved
    pledge.publish_without_approvals()
    response = read(client, url)
    assert response["X-Cache"] == "MISS"
    assert "Ett tryggare Vaggeryd för alla" in text(response)


def test_a_newly_published_pledge_is_listed_at_once(client, pledge, lpo_varnamo):
    kept(client, "/medborgarloften/")
    kept(client, "/kommuner/vaggeryd/")
    other = make_pledge(lpo_varnamo, slug="vaggeryd-nytt", title="Nytt löfte för Vaggeryd")
    assert "Nytt löfte för Vaggeryd" not in text(read(client, "/medborgarloften/"))
    other.publish_without_approvals()
    assert "Nytt löfte för Vaggeryd" in text(read(client, "/medborgarloften/"))
    assert "Nytt löfte för Vaggeryd" in text(read(client, "/kommuner/vaggeryd/"))


def test_a_withdrawn_pledge_leaves_the_site_at_once(client, pledge, vaggeryd_coordinator):
    url = pledge.get_absolute_url()
    kept(client, url)
    kept(client, "/medborgarloften/")
    pledge.withdraw(vaggeryd_coordinator, "Ersätts av ett nytt löfte.")
    assert client.get(url).status_code == 404
    assert "Tryggare Vaggeryd" not in text(read(client, "/medborgarloften/"))


def test_a_published_follow_up_and_its_correction_are_shown_at_once(client, pledge, varnamo_police):
    report = make_report(pledge, year=timezone.localdate().year, tertial=1, published=False)
    url = pledge.get_absolute_url()
    kept(client, url)
    kept(client, "/uppfoljningar/atom/")
    report.summary = "Fyra trygghetsvandringar genomförda."
    report.save()
    report.publish(varnamo_police)
    assert "Fyra trygghetsvandringar genomförda." in text(read(client, report.get_absolute_url()))
    assert "Fyra trygghetsvandringar" in text(read(client, "/uppfoljningar/atom/"))
    kept(client, report.get_absolute_url())
    report.summary = "Tre trygghetsvandringar genomförda."
    report.save()
    assert "Tre trygghetsvandringar" in text(read(client, report.get_absolute_url()))


def test_a_new_dialogue_activity_is_shown_at_once(client, vaggeryd):
    kept(client, "/dialog/vaggeryd/")
    day = timezone.localdate() + datetime.timedelta(days=7)
    DialogueActivity.objects.create(
        municipality=vaggeryd,
        title="Trygghetsvandring i Skillingaryd",
        kind=DialogueActivity.Kind.SAFETY_WALK,
        open_to_public=True,
        is_published=True,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18))),
    )
    assert "Trygghetsvandring i Skillingaryd" in text(read(client, "/dialog/vaggeryd/"))


def test_changes_that_bypass_save_are_shown_at_once(client, pledge):
    url = "/medborgarloften/"
    kept(client, url)
    Pledge.objects.filter(pk=pledge.pk).update(status=Pledge.Status.DRAFT)  # a bulk update
    assert "Tryggare Vaggeryd" not in text(read(client, url))
    kept(client, url)
    with connection.cursor() as cursor:  # raw SQL, as a data fix by hand would be
        cursor.execute(
            f"UPDATE {Pledge._meta.db_table} SET status = %s WHERE id = %s",
            [Pledge.Status.PUBLISHED, pledge.pk],
        )
    assert "Tryggare Vaggeryd" in text(read(client, url))


def test_a_deleted_record_disappears_at_once(client, vaggeryd):
    activity = DialogueActivity.objects.create(
        municipality=vaggeryd,
        title="Dialogmöte i Vaggeryd",
        kind=DialogueActivity.Kind.CITIZEN_DIALOGUE,
        open_to_public=True,
        is_published=True,
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    kept(client, "/dialog/vaggeryd/")
    activity.delete()
    assert "Dialogmöte i Vaggeryd" not in text(read(client, "/dialog/vaggeryd/"))


def test_a_new_day_renders_the_pages_again(client, pledge, monkeypatch):
    url = pledge.get_absolute_url()
    kept(client, url)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)
    assert read(client, url)["X-Cache"] == "MISS"


def test_a_rolled_back_change_leaves_no_page_kept_from_it(client, pledge):
    # Pages read during the transaction are kept under a version that the commit leaves behind.
    before = page_cache.current_version()
    pledge.title = "Ändrat"
    pledge.save()
    assert page_cache.current_version() != before


def test_page_feedback_moves_no_version(client, pledge):
    # Feedback is never shown publicly: a burst of it must not empty the cache.
    before = page_cache.current_version()
    PageFeedback.objects.create(helpful=True, path="/")
    assert page_cache.current_version() == before


def test_the_tables_that_move_no_version_are_only_those_no_page_shows():
    from django.apps import apps

    unwatched = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if not page_cache._changes_pages(model._meta.db_table.lower())
    )
    assert all(
        table.startswith(("axes_", "otp_", "twofactor_"))
        or table in {"django_session", "django_admin_log", "feedback_pagefeedback"}
        for table in unwatched
    ), unwatched


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "pledges_pledge" ("title") VALUES (%s)', "pledges_pledge"),
        ('UPDATE "followup_followupreport" SET "summary" = %s', "followup_followupreport"),
        ('DELETE FROM "dialogue_answer" WHERE "id" IN (%s)', "dialogue_answer"),
        ('SELECT * FROM "pledges_pledge"', None),
        ("SAVEPOINT s1", None),
    ],
)
def test_the_written_table_is_read_off_the_statement(sql, table):
    assert page_cache._written_table(sql) == table


def test_a_lost_version_starts_again_from_the_clock_never_from_an_old_number():
    from django.core.cache import cache

    old = page_cache.current_version()
    cache.delete(page_cache.VERSION_KEY)
    assert page_cache.current_version() > old


def test_the_page_cache_can_be_turned_off(client, pledge, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = pledge.get_absolute_url()
    read(client, url)
    assert "X-Cache" not in read(client, url)


def test_each_host_and_scheme_has_its_own_kept_page(client, pledge, settings):
    # Pages hold absolute addresses: one kept for http://localhost must not reach https readers.
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    url = pledge.get_absolute_url()
    kept(client, url)
    assert client.get(url, HTTP_HOST="localhost")["X-Cache"] == "MISS"
    assert client.get(url, secure=True)["X-Cache"] == "MISS"


def test_a_head_request_gets_the_headers_of_the_kept_page(client, pledge):
    url = pledge.get_absolute_url()
    page = kept(client, url)
    response = client.head(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "HIT"
    assert response["Content-Length"] == str(len(page.content))
    assert response.content == b""


def test_a_new_release_renders_the_pages_again(client, pledge, monkeypatch):
    # After a deploy the content is the same, but templates or translations may not be.
    url = pledge.get_absolute_url()
    kept(client, url)
    monkeypatch.setattr(page_cache, "release", lambda: "nästa-version")
    assert read(client, url)["X-Cache"] == "MISS"


def test_the_release_is_a_digest_of_what_pages_are_made_from(settings):
    page_cache.release.cache_clear()
    try:
        digest = page_cache.release()
        assert len(digest) == 16
        settings.PORTAL_RELEASE = "2026.12.1"
        page_cache.release.cache_clear()
        assert page_cache.release() == "2026.12.1"
    finally:
        page_cache.release.cache_clear()


def test_changed_settings_render_the_pages_again(client, pledge, settings):
    kept(client, "/robots.txt")
    settings.PORTAL_BASE_URL = "https://medborgarloften.example.se"
    response = read(client, "/robots.txt")
    assert "Sitemap: https://medborgarloften.example.se/sitemap.xml" in text(response)
