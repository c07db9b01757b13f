"""Every activity status is told apart by colour, by shape and by its words, never colour alone."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from followup.models import ActivityUpdate

Status = ActivityUpdate.Status
CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def badge(status):
    return render_to_string("followup/includes/status.html", {"status": status})


def css_colours():
    """The colour that site.css gives each `.status-<value>` class."""
    colours = {}
    for selectors, colour in re.findall(
        r"([^{}]+)\{[^}]*?\bcolor:\s*(#[0-9a-fA-F]{3,6})", CSS.read_text()
    ):
        for name in re.findall(r"\.status-([a-z_]+)", selectors):
            colours[name] = colour.lower()
    return colours


def contrast_on_white(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return 1.05 / (luminance + 0.05)


def icon(html):
    return re.search(r"<svg[^>]*>(.*?)</svg>", html, re.S).group(1).strip()


def test_every_status_has_its_own_colour_class_with_a_distinct_readable_colour():
    colours = css_colours()
    for status in Status:
        assert f'class="status status-{status.value}"' in badge(status)
    assert len({colours[status.value] for status in Status}) == len(Status)
    for status in Status:
        assert contrast_on_white(colours[status.value]) >= 4.5, status


def test_every_status_has_its_own_shape_hidden_from_screen_readers():
    shapes = {}
    for status in Status:
        html = badge(status)
        assert 'aria-hidden="true"' in html and 'focusable="false"' in html
        shapes[status] = icon(html)
        assert shapes[status], status
    assert len(set(shapes.values())) == len(Status)


@pytest.mark.parametrize("status", list(Status))
def test_the_badge_says_the_status_in_words(status):
    text = re.sub(r"<[^>]+>", "", badge(status)).strip()
    assert text == str(status.label)
