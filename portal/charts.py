"""Key figures (nyckeltal) as server-rendered, accessible SVG bar charts that need no JS.

Each chart is one inline SVG of horizontal bars, one row per point: the label above its bar
(wrapped onto as many lines as it needs, never shortened) and the value after the bar. The SVG
has no viewBox, so its text is drawn at its own pixel size at any width (a phone does not
shrink it); only the bars' lengths follow the width, as percentages of it.
"""

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

# Geometry in CSS pixels (the SVG has no viewBox, so one unit is one pixel).
FONT_SIZE = 14
LINE = 18  # height of one line of text
BAR = 18  # thickness of a bar
ROW_GAP = 12  # between one row's bar and the next row's label
BASELINE_OFFSET = 4  # from a line's bottom up to its text's baseline
VALUE_GAP = 6  # between a bar's end and its value
# The longest bar takes this share of the width; the rest is room for its value.
BAR_SPAN = 80
# Characters per label line: about 210 px of a 14 px sans-serif, within a 320 px phone's column.
LABEL_CHARS = 30


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


def _percent(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0") + "%"


def wrap_label(label: str, width: int = LABEL_CHARS) -> list[str]:
    """The label's words on lines of at most width characters; every character is kept.

    A word longer than a line is split over lines rather than cut.
    """
    lines: list[str] = []
    current = ""
    for word in label.split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


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


def _text(y: int, content: str, *, x: str = "0", css: str, fill: str = TEXT_COLOUR, dx=0) -> str:
    shift = f' dx="{dx}"' if dx else ""
    return (
        f'<text class="{css}" x="{x}" y="{y}"{shift} fill="{fill}" '
        f'font-size="{FONT_SIZE}">{escape(content)}</text>'
    )


def _label(y: int, lines: list[str]) -> str:
    """A label over several lines: one <text>, a <tspan> per line (read as one string)."""
    spans = "".join(
        f'<tspan x="0" y="{y + LINE * index}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text class="chart-label" fill="{TEXT_COLOUR}" font-size="{FONT_SIZE}">{spans}</text>'


def bar_chart(title: str, points, *, target=None, unit: str = "", chart_id: str) -> SafeString:
    """Inline SVG for points [(label, value or None)], with an optional dashed target line."""
    points = list(points)
    values = [float(value) for _label, value in points if value is not None]
    if target is not None:
        values.append(float(target))
    scale_top = nice_ceiling(max(values, default=0))

    def span(value) -> float:
        return max(float(value), 0) / scale_top * BAR_SPAN

    cid = escape(chart_id)
    body = []
    y = 0  # the top of the next row: the first label starts at the very top, no empty band
    for label, value in points:
        lines = wrap_label(str(label))
        body.append(_label(y + LINE - BASELINE_OFFSET, lines))
        y += LINE * len(lines) + 2
        value_baseline = y + BAR - BASELINE_OFFSET
        if value is None:
            body.append(_text(value_baseline, "–", css="chart-value"))
        else:
            length = span(value)
            body.append(
                f'<rect class="bar" x="0" y="{y}" width="{_percent(length)}" height="{BAR}" '
                f'fill="{BAR_COLOUR}"/>'
            )
            body.append(
                _text(
                    value_baseline,
                    format_number(value),
                    x=_percent(length),
                    dx=VALUE_GAP,
                    css="chart-value",
                )
            )
        y += BAR + ROW_GAP
    if not points:
        body.append(_text(LINE - BASELINE_OFFSET, _("No values yet."), css="chart-empty"))
        y = LINE + ROW_GAP
    if target is not None:
        x = _percent(span(target))
        if points:
            body.append(
                f'<line class="target" x1="{x}" y1="0" x2="{x}" y2="{y - ROW_GAP}" '
                f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
            )
        # The legend: a piece of the dashed line and what it means, below the bars.
        legend = y + LINE - BASELINE_OFFSET
        body.append(
            f'<line class="target-key" x1="0" y1="{legend - 5}" x2="24" y2="{legend - 5}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        target_label = _("Target: %(value)s") % {"value": format_number(target)}
        body.append(_text(legend, target_label, x="30", css="target-label", fill=TARGET_COLOUR))
        y += LINE + ROW_GAP
    height = y - ROW_GAP + BASELINE_OFFSET
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" width="100%" '
        f'height="{height}" role="img" aria-labelledby="{cid}-title {cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(describe(points, target, unit))}</desc>',
        *body,
        "</svg>",
    ]
    return mark_safe("".join(parts))
