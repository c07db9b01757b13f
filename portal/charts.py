"""Key figures (nyckeltal) as server-rendered, accessible SVG bar charts that need no CSS or JS."""

import math
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# A msgid, translated when a chart is rendered so that the active language applies.
NOT_REPORTED = gettext_noop("not reported")

BAR_COLOUR = "#123a63"
TEXT_COLOUR = "#1a1a1a"
TARGET_COLOUR = "#a4161a"

# Geometry in viewBox units; the chart scales to its container (width="100%").
HEIGHT = 240
MIN_WIDTH = 480
SLOT = 72  # horizontal room per point, wide enough for a label like "T1 2022"
BAR = 40
TOP, BOTTOM, SIDE = 28, 32, 12
TARGET_MARGIN = 96  # room right of the plot for the "Target: 4" label
FONT_SIZE = 13
CHAR_WIDTH = 7.5  # viewBox units per character at FONT_SIZE, for fitting labels under bars


def nice_ceiling(value) -> int | float:
    """The smallest 1, 2 or 5 times a power of ten that is at least value (1 for value <= 0).

    3 → 5, 7 → 10, 72.5 → 100, 0.3 → 0.5.
    """
    value = float(value)
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            nice = step * power
            return int(nice) if nice >= 1 else nice
    raise AssertionError("unreachable")  # pragma: no cover


def format_number(value) -> str:
    """Localised number without trailing zeros: Decimal("4.00") → "4", 72.5 → "72,5" in Swedish."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return number_format(int(number), use_l10n=True)
    return number_format(number.normalize(), use_l10n=True)


def _with_unit(value, unit: str) -> str:
    text = format_number(value)
    return f"{text} {unit}" if unit else text


def _coord(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def _text(x: float, y: float, content: str, *, fill: str = TEXT_COLOUR) -> str:
    return (
        f'<text x="{_coord(x)}" y="{_coord(y)}" fill="{fill}" font-size="{FONT_SIZE}" '
        f'text-anchor="middle">{escape(content)}</text>'
    )


def fit_label(label: str, slot: float) -> str:
    """A bar's label shortened to its slot; the text alternative and tables keep it whole."""
    limit = max(int(slot / CHAR_WIDTH), 4)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def describe(points, target, unit: str) -> str:
    """The text alternative: every value in words, in the active language."""
    values = [value for _label, value in points if value is not None]
    if not values:
        text = _("No values yet.")
        if target is not None:
            text += " " + _("Target: %(value)s") % {"value": _with_unit(target, unit)} + "."
        return text
    parts = [
        _("%(label)s: %(value)s")
        % {"label": label, "value": _(NOT_REPORTED) if value is None else _with_unit(value, unit)}
        for label, value in points
    ]
    if target is not None:
        parts.append(_("target %(value)s") % {"value": _with_unit(target, unit)})
    return _("; ").join(parts)


def bar_chart(title: str, points, *, target=None, unit: str = "", chart_id: str) -> SafeString:
    """Inline SVG for points [(label, value or None)], with an optional dashed target line."""
    points = list(points)
    values = [float(value) for _label, value in points if value is not None]
    if target is not None:
        values.append(float(target))
    scale_top = nice_ceiling(max(values, default=0))

    right = TARGET_MARGIN if target is not None else SIDE
    width = max(MIN_WIDTH, SIDE + right + SLOT * len(points))
    slot = (width - SIDE - right) / max(len(points), 1)
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM

    def y_of(value) -> float:
        return baseline - max(float(value), 0) / scale_top * plot_height

    cid = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(describe(points, target, unit))}</desc>',
    ]
    for index, (label, value) in enumerate(points):
        centre = SIDE + slot * (index + 0.5)
        if value is None:
            parts.append(_text(centre, baseline - 6, "–"))
        else:
            top = y_of(value)
            parts.append(
                f'<rect class="bar" x="{_coord(centre - BAR / 2)}" y="{_coord(top)}" '
                f'width="{BAR}" height="{_coord(baseline - top)}" fill="{BAR_COLOUR}"/>'
            )
            parts.append(_text(centre, top - 6, format_number(value)))
        parts.append(_text(centre, baseline + 20, fit_label(str(label), slot)))
    if not points:
        parts.append(_text(width / 2, baseline - plot_height / 2, _("No values yet.")))
    parts.append(
        f'<line class="axis" x1="{SIDE}" y1="{baseline}" x2="{_coord(width - right)}" '
        f'y2="{baseline}" stroke="{TEXT_COLOUR}" stroke-width="1"/>'
    )
    if target is not None:
        y = _coord(y_of(target))
        parts.append(
            f'<line class="target" x1="{SIDE}" y1="{y}" x2="{_coord(width - right)}" y2="{y}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        target_label = escape(_("Target: %(value)s") % {"value": format_number(target)})
        parts.append(
            f'<text class="target-label" x="{_coord(width - right + 4)}" y="{y}" '
            f'dy="4" fill="{TARGET_COLOUR}" font-size="{FONT_SIZE}">{target_label}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
