"""Key figures speak the page's language: the tertial header and the units staff type in Swedish."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from followup.models import Indicator, unit_label


def key_figures(unit, language):
    figure = SimpleNamespace(
        indicator=Indicator(name="Polisiär närvaro", unit=unit, target=Decimal(200)),
        chart="",
        rows=[],
    )
    with translation.override(language):
        return render_to_string("followup/includes/key_figures.html", {"figures": [figure]})


@pytest.mark.parametrize(
    "unit, english, swedish",
    [("st", "pcs.", "st"), ("timmar", "hours", "timmar"), ("Procent", "per cent", "procent")],
)
def test_known_swedish_units_are_shown_in_the_page_language(unit, english, swedish):
    with translation.override("en"):
        assert str(unit_label(unit)) == english
    with translation.override("sv"):
        assert str(unit_label(unit)) == swedish


def test_other_units_are_shown_as_typed():
    with translation.override("en"):
        assert unit_label("trygghetsvandringar") == "trygghetsvandringar"
        assert unit_label("%") == "%"
        assert unit_label("") == ""


def test_english_key_figures_have_no_swedish_units_or_header():
    html = key_figures("timmar", "en")
    assert "target 200 hours" in html
    assert "Value (hours)" in html
    assert ">Four-month period (tertial)</th>" in html
    assert "timmar" not in html


def test_swedish_key_figures_keep_their_words():
    html = key_figures("timmar", "sv")
    assert "mål 200 timmar" in html
    assert ">Tertial</th>" in html
