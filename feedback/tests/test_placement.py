"""Where “Tyck till om sidan” is asked: after the content of pages that inform, never under a
form of its own (two “Skicka” buttons close together) nor on a thank-you page."""

import re

import pytest
from django.core import mail

from dialogue.tests.test_surveys_helpers import make_survey, valid_post
from dialogue.tests.test_surveys_helpers import url as survey_url
from subscriptions import services
from subscriptions.models import Subscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vaggeryd_coordinator")]

FEEDBACK = 'id="sidfeedback"'


def has_feedback(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return FEEDBACK in response.content.decode()


def test_feedback_comes_after_the_content_with_its_question_as_the_group_label(client, vaggeryd):
    content = client.get(vaggeryd.get_absolute_url()).content.decode()
    main = content[content.index("<main") : content.index("</main>")]
    assert main.rstrip().endswith("</section>")
    feedback = main[main.index(FEEDBACK) :]
    assert "<h2 " in feedback and "Tyck till om sidan</h2>" in feedback
    assert re.search(r"<legend>Hjälpte informationen på sidan dig\?</legend>", feedback)
    assert "<legend>Svar</legend>" not in content
    english = client.get("/en" + vaggeryd.get_absolute_url()).content.decode()
    assert "<legend>Did the information on the page help you?</legend>" in english


def test_no_feedback_under_the_public_forms_or_their_thanks(client, vaggeryd, skillingaryd):
    survey = make_survey(vaggeryd)
    assert not has_feedback(client, survey_url(survey))
    assert not has_feedback(client, "/dialog/vaggeryd/otrygg-plats/")
    assert not has_feedback(client, "/dialog/vaggeryd/otrygg-plats/tack/")
    assert client.post(survey_url(survey), valid_post(survey)).status_code == 302
    assert not has_feedback(client, survey_url(survey, name="survey_thanks"))
    # The survey answered from this browser is no longer a form: the page informs again.
    assert has_feedback(client, survey_url(survey))


def test_a_closed_survey_page_has_feedback(client, vaggeryd):
    survey = make_survey(vaggeryd, state="closed")
    assert has_feedback(client, survey_url(survey))


def test_no_feedback_on_the_subscription_pages(client, settings, vaggeryd):
    settings.PORTAL_BASE_URL = "https://medborgarloften.example.se"
    assert not has_feedback(client, "/prenumeration/kommun/vaggeryd/")
    assert not has_feedback(client, "/prenumeration/kommun/vaggeryd/skickat/")
    mail.outbox.clear()
    services.subscribe("boende@example.se", municipality=vaggeryd)
    confirm = re.search(r"/prenumeration/bekrafta/\S+", mail.outbox[-1].body).group(0)
    assert not has_feedback(client, confirm)
    assert client.post(confirm).status_code == 302
    assert not has_feedback(client, confirm)
    subscription = Subscription.objects.get(email="boende@example.se")
    assert not has_feedback(client, subscription.unsubscribe_path())
    assert not has_feedback(client, "/prenumeration/avslutad/")


def test_an_ordinary_page_keeps_its_feedback(client):
    assert has_feedback(client, "/kommuner/")
