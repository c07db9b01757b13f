"""What only a phone-sized browser shows on the dialogue pages: overlaps, bullets, broken words."""

import pytest

# Every word of every table header, with the number of lines its letters are laid out on.
HEADER_WORDS = """() => {
  const words = [];
  for (const th of document.querySelectorAll("th")) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        words.push([match[0], tops.size]);
      }
    }
  }
  return words;
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_report_button_and_told_us_link_sit_apart_without_bullets_at_390_px(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path, button, link in [
        ("/dialog/vaggeryd/", "Rapportera en otrygg plats", "Det här har ni berättat"),
        ("/en/dialog/vaggeryd/", "Report an unsafe place", "What you have told us"),
    ]:
        page.goto(site + path)
        report = page.get_by_role("link", name=button, exact=True).bounding_box()
        told = page.get_by_role("link", name=link, exact=True).bounding_box()
        apart = (
            report["x"] + report["width"] <= told["x"]
            or told["x"] + told["width"] <= report["x"]
            or report["y"] + report["height"] <= told["y"]
            or told["y"] + told["height"] <= report["y"]
        )
        assert apart, (path, report, told)
        markers = page.eval_on_selector_all(
            ".action-list li", "items => items.map(li => getComputedStyle(li).listStyleType)"
        )
        assert markers == ["none", "none"], path
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_table_headers_break_only_between_words_at_320_px(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in [
        "/dialog/vaggeryd/enkater/trygghetsundersokning-2021/resultat/",
        "/dialog/vaggeryd/det-har-har-ni-berattat/",
        "/en/dialog/vaggeryd/det-har-har-ni-berattat/",
    ]:
        page.goto(site + path)
        words = page.evaluate(HEADER_WORDS)
        assert words, path
        broken = [word for word, lines in words if lines > 1]
        assert not broken, (path, broken)
    context.close()
