"""Kommuner are named as Swedes write them: “Vaggeryds kommun”, never “kommunen Vaggeryd”."""

import pytest
from django.urls import reverse
from django.utils import translation

from organisations.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, full",
    [
        ("Vaggeryd", "Vaggeryds kommun"),
        ("Borås", "Borås kommun"),
        ("Malmö", "Malmö kommun"),
        ("Ale", "Ale kommun"),
    ],
)
def test_swedish_name_is_the_official_one(name, full):
    assert Municipality.objects.get(name=name).full_name == full


def test_english_name():
    with translation.override("en"):
        assert Municipality.objects.get(name="Vaggeryd").full_name == "Vaggeryd Municipality"


@pytest.mark.usefixtures("vaggeryd_coordinator")  # the report form opens where reports are read
def test_pages_use_the_genitive(client):
    kommun = client.get(reverse("organisations:municipality_detail", args=["vaggeryd"]))
    assert "Medborgarlöften från Vaggeryds kommun och polisen." in kommun.content.decode()
    report = client.get(reverse("dialogue:report_form", args=["vaggeryd"]))
    content = report.content.decode()
    assert "Berätta för Vaggeryds kommun och polisen" in content
    assert "kommunen Vaggeryd" not in content
