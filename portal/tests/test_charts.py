"""Key-figure bar charts: valid, accessible SVG with every number also in the text alternative."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils.translation import override

from portal.charts import bar_chart, format_number, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"

WALKS = [("T1 2022", 3), ("T2 2022", None), ("T3 2022", Decimal("4.00"))]


def render(points=WALKS, language="en", **kwargs):
    kwargs.setdefault("chart_id", "walks")
    with override(language):
        return str(bar_chart("Trygghetsvandringar", points, **kwargs))


def parse(svg):
    return ET.fromstring(svg)


def bars(root):
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def desc(root):
    return root.find(f"{SVG}desc").text


def test_chart_is_svg_with_an_accessible_name_and_description():
    root = parse(render())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    ids = {element.get("id"): element for element in root.iter()}
    assert ids[title_id].tag == f"{SVG}title"
    assert ids[title_id].text == "Trygghetsvandringar"
    assert ids[desc_id].tag == f"{SVG}desc"
    assert (title_id, desc_id) == ("walks-title", "walks-desc")


def test_chart_is_responsive_without_a_fixed_pixel_width():
    root = parse(render())
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("viewBox").startswith("0 0 ")


def test_description_states_every_label_and_value_with_unit():
    root = parse(render(target=4, unit="trygghetsvandringar"))
    assert desc(root) == (
        "T1 2022: 3 trygghetsvandringar; T2 2022: not reported; "
        "T3 2022: 4 trygghetsvandringar; target 4 trygghetsvandringar"
    )


def test_unreported_value_draws_no_bar_but_a_dash():
    root = parse(render())
    assert len(bars(root)) == 2
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "–" in texts
    assert {"T1 2022", "T2 2022", "T3 2022", "3", "4"} <= set(texts)


def test_zero_is_a_value_not_a_missing_report():
    root = parse(render([("T1 2023", 0), ("T2 2023", 2)]))
    assert len(bars(root)) == 2
    assert desc(root) == "T1 2023: 0; T2 2023: 2"


def test_bars_are_scaled_to_the_nice_ceiling():
    root = parse(render([("T1 2023", 5), ("T2 2023", 10)]))
    low, high = (float(rect.get("height")) for rect in bars(root))
    assert high == pytest.approx(2 * low)


def test_target_line_only_when_a_target_is_given():
    with_target = parse(render(target=4))
    lines = [line for line in with_target.iter(f"{SVG}line") if line.get("class") == "target"]
    assert len(lines) == 1
    assert lines[0].get("stroke-dasharray")
    labels = [text.text for text in with_target.iter(f"{SVG}text")]
    assert "Target: 4" in labels

    without = parse(render())
    assert not [line for line in without.iter(f"{SVG}line") if line.get("class") == "target"]
    assert "target" not in desc(without)


def test_staff_text_is_escaped():
    svg = render(
        [("<script>alert(1)</script>", 1)],
        unit='"><script>',
        chart_id='x" onload="alert(1)',
    )
    assert "<script>" not in svg
    root = parse(svg)
    assert root.get("onload") is None
    assert "<script>alert(1)</script>" in desc(root)


def test_no_inline_styles_scripts_or_external_references():
    svg = render(target=4, unit="%")
    assert "style" not in svg
    assert "<script" not in svg
    assert "href" not in svg
    assert "<?xml" not in svg


@pytest.mark.parametrize(
    "value, ceiling",
    [(0, 1), (-3, 1), (0.3, 0.5), (1, 1), (3, 5), (4, 5), (5, 5), (7, 10), (10, 10), (11, 20)]
    + [(72.5, 100), (Decimal("150"), 200), (600, 1000)],
)
def test_nice_ceiling_is_the_next_one_two_or_five_times_a_power_of_ten(value, ceiling):
    assert nice_ceiling(value) == ceiling


@pytest.mark.parametrize("points", [[], [("T1 2024", None), ("T2 2024", None)]])
def test_chart_without_values_is_valid_and_says_so(points):
    root = parse(render(points))
    assert bars(root) == []
    assert desc(root) == "No values yet."


def test_chart_without_values_still_states_the_target():
    root = parse(render([], target=4))
    assert desc(root) == "No values yet. Target: 4."


def test_swedish_number_format():
    root = parse(render([("T1 2022", 72.5)], language="sv", unit="%", target=Decimal("80.00")))
    assert "72,5 %" in desc(root)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "72,5" in texts


@pytest.mark.parametrize(
    "value, english, swedish",
    [(Decimal("4.00"), "4", "4"), (72.5, "72.5", "72,5"), (Decimal("0.50"), "0.5", "0,5")],
)
def test_numbers_drop_trailing_zeros_and_follow_the_language(value, english, swedish):
    with override("en"):
        assert format_number(value) == english
    with override("sv"):
        assert format_number(value) == swedish


def test_long_labels_are_shortened_under_the_bars_but_whole_in_the_text_alternative():
    label = "Fler vuxna ute på kvällarna i centrum"
    points = [(label, 3)] + [(f"Svar {n}", n) for n in range(6)]
    with override("sv"):
        svg = str(bar_chart("Förslag", points, chart_id="lang"))
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert label not in texts
    assert any(t.startswith("Fler v") and t.endswith("…") for t in texts)
    assert label in root.find(f"{SVG}desc").text
