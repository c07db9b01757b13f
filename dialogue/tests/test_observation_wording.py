"""How a safety walk's observation names who is responsible, in words that read right."""

import re

import pytest

from dialogue.models import DialogueActivity, Observation

from .test_activities_pages import english, make_activity, make_observation

pytestmark = pytest.mark.django_db


def responsible_shown(content):
    return re.search(r"<dt>(?:Ansvarig|Responsible)</dt><dd>(.*?)</dd>", content).group(1)


def test_someone_else_responsible_reads_as_a_person_not_a_thing(client, vaggeryd):
    walk = make_activity(
        vaggeryd, "Trygghetsvandring", days=-5, kind=DialogueActivity.Kind.SAFETY_WALK
    )
    make_observation(walk, responsible=Observation.Responsible.OTHER)
    swedish = client.get(walk.get_absolute_url()).content.decode()
    assert responsible_shown(swedish) == "Någon annan"
    assert responsible_shown(client.get(english(walk)).content.decode()) == "Someone else"


def test_a_named_responsible_keeps_its_label(client, vaggeryd):
    walk = make_activity(
        vaggeryd, "Trygghetsvandring", days=-5, kind=DialogueActivity.Kind.SAFETY_WALK
    )
    make_observation(walk, responsible=Observation.Responsible.POLICE)
    assert responsible_shown(client.get(walk.get_absolute_url()).content.decode()) == "Polisen"
