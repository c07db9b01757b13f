"""Key-figure bar charts: valid, accessible SVG with every number also in the text alternative,
labels whole (wrapped, never shortened) and text that keeps its size at any width."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils.translation import override

from portal.charts import FONT_SIZE, bar_chart, format_number, nice_ceiling, wrap_label

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


def test_chart_fills_the_width_but_its_text_does_not_scale_with_it():
    root = parse(render())
    assert root.get("width") == "100%"
    # Without a viewBox one unit is one CSS pixel: a phone does not shrink the text.
    assert root.get("viewBox") is None
    assert int(root.get("height")) > 0
    sizes = {int(text.get("font-size")) for text in root.iter(f"{SVG}text")}
    assert sizes == {FONT_SIZE} and FONT_SIZE >= 12


def labels(root):
    return [
        " ".join(span.text for span in text.iter(f"{SVG}tspan"))
        for text in root.iter(f"{SVG}text")
        if text.get("class") == "chart-label"
    ]


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
    assert {"3", "4"} <= set(texts)
    assert labels(root) == ["T1 2022", "T2 2022", "T3 2022"]


def test_zero_is_a_value_not_a_missing_report():
    root = parse(render([("T1 2023", 0), ("T2 2023", 2)]))
    assert len(bars(root)) == 2
    assert desc(root) == "T1 2023: 0; T2 2023: 2"


def test_bars_are_scaled_to_the_nice_ceiling():
    root = parse(render([("T1 2023", 5), ("T2 2023", 10)]))
    low, high = (float(rect.get("width").removesuffix("%")) for rect in bars(root))
    assert high == pytest.approx(2 * low)
    assert high <= 80  # room after the longest bar for its value


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


def test_long_labels_are_kept_whole_on_as_many_lines_as_they_need():
    label = "Fler vuxna ute på kvällarna i centrum och vid busstationen på helgerna"
    points = [(label, 3)] + [(f"Svar {n}", n) for n in range(6)]
    with override("sv"):
        svg = str(bar_chart("Förslag", points, chart_id="lang"))
    assert "…" not in svg
    root = ET.fromstring(svg)
    assert labels(root) == [label] + [f"Svar {n}" for n in range(6)]
    long_label = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label")
    lines = list(long_label.iter(f"{SVG}tspan"))
    assert len(lines) >= 3
    tops = [int(line.get("y")) for line in lines]
    assert tops == sorted(set(tops))  # one line under the other, not on top of each other
    assert label in root.find(f"{SVG}desc").text


def test_rows_do_not_overlap_and_start_at_the_top():
    points = [("Belysning vid gång- och cykelvägar i hela kommunen", 3), ("Polis", 2)]
    root = parse(render(points))
    first_label = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label")
    assert int(next(first_label.iter(f"{SVG}tspan")).get("y")) <= FONT_SIZE + 4
    bar_tops = [int(rect.get("y")) for rect in bars(root)]
    label_lines = [
        int(span.get("y")) for span in root.iter(f"{SVG}tspan")
    ]  # baselines of every label line
    # Each label's lines are above its own bar and below the previous bar.
    assert max(label_lines[:-1]) < bar_tops[0] < label_lines[-1] - FONT_SIZE < bar_tops[1]
    assert int(root.get("height")) >= bar_tops[-1] + 18


@pytest.mark.parametrize(
    "label",
    [
        "Kort",
        "Fler vuxna ute på kvällarna i centrum",
        "Ett_ord_som_är_mycket_längre_än_en_hel_rad_i_diagrammet",
        "  mellanslag   runt  ",
    ],
)
def test_wrapping_keeps_every_word_and_character(label):
    lines = wrap_label(label, 12)
    assert all(len(line) <= 12 for line in lines)
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")
    if all(len(word) <= 12 for word in label.split()):
        assert " ".join(lines) == " ".join(label.split())
