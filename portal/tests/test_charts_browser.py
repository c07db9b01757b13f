"""Every page with a bar chart, on a 320 px phone: text at least 12 px, labels whole and apart."""

import pytest

from .browser import accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Sanden och Torpa's results are shown once the survey closes; its page is measured when they are.
MAYBE_CHART_PAGES = ["/dialog/vanersborg/enkater/sanden-och-torpa/resultat/"]
CHART_PAGES = [
    "/dialog/vaggeryd/enkater/trygghetsundersokning-2021/resultat/",
    "/dialog/vaggeryd/det-har-har-ni-berattat/",
    "/medborgarloften/vaggeryd-2022/",
    "/en/medborgarloften/vaggeryd-2022/",
]

# Per chart: each text's font size and box, and each label's words beside the table's row
# headers (the chart's data in words) from the same figure or question.
MEASURE = """() => [...document.querySelectorAll("svg.bar-chart")].map((svg) => {
  const texts = [...svg.querySelectorAll("text")].map((text) => {
    const box = text.getBoundingClientRect();
    return {
      label: text.classList.contains("chart-label"),
      text: [...text.querySelectorAll("tspan")].map((s) => s.textContent).join(" ")
        || text.textContent,
      size: parseFloat(getComputedStyle(text).fontSize),
      height: box.height,
      box: [box.left, box.top, box.right, box.bottom],
    };
  });
  const holder = svg.closest("figure").querySelector("table") ? svg.closest("figure")
    : svg.closest("section");
  const rows = [...holder.querySelectorAll("table tbody th")].map((th) => th.textContent.trim());
  const frame = svg.getBoundingClientRect();
  return {texts, rows, frame: [frame.left, frame.top, frame.right, frame.bottom]};
})"""


# Elements reaching past the viewport's right edge (the page would scroll sideways).
OVERFLOW = """() => document.documentElement.scrollWidth <= window.innerWidth ? "" :
  [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
    .join("; ")"""


def overlap(a, b):
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def test_charts_are_readable_and_whole_at_320_px(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    for path in CHART_PAGES + MAYBE_CHART_PAGES:
        check_page(page, site, path, must_have_chart=path in CHART_PAGES)
    context.close()


def check_page(page, site, path, *, must_have_chart):
    page.goto(site + path)
    assert page.evaluate(OVERFLOW) == "", path
    charts = page.evaluate(MEASURE)
    assert charts or not must_have_chart, f"no chart on {path}"
    for chart in charts:
        texts = chart["texts"]
        for text in texts:
            assert text["size"] >= 12, text
            assert text["height"] >= 12, text
            # Inside the chart's frame: nothing cut off at its edges.
            left, top, right, bottom = chart["frame"]
            assert left - 2 <= text["box"][0] and text["box"][2] <= right + 2, text
            assert top - 2 <= text["box"][1] and text["box"][3] <= bottom + 2, text
        for index, one in enumerate(texts):
            for other in texts[index + 1 :]:
                assert not overlap(one["box"], other["box"]), (one, other)
        labels = [text["text"] for text in texts if text["label"]]
        assert len(labels) == len(chart["rows"])
        for label, row in zip(labels, chart["rows"], strict=True):
            # Whole: the label is the row's words (a scale answer's label is its number,
            # "4" of "4 – Ganska trygg", by the survey's own choice), never a shortened word.
            assert "…" not in label
            assert row == label or row.startswith(label + " "), (label, row)
        # No empty band above the bars: the first label starts at the chart's top.
        first = min(text["box"][1] for text in texts)
        assert first - chart["frame"][1] < 6
    assert accessibility_problems(page) == "", path
