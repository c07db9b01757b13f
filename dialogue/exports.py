"""CSV export of a survey's responses: one row per response, one column per question.

The texts are the Swedish ones, whatever language a response was given in (the answers are the
same rows); a column says which page each response came from.
"""

import csv
import itertools

from django.utils import timezone
from django.utils.translation import gettext

from organisations.models import Place

from .models import Answer, Question, Response
from .results import ordered_questions

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# First in a CSV file, so that spreadsheet programs read it as UTF-8 (also used by api.csv_views).
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_safe(value):
    """A cell a spreadsheet shows as text: a leading = + - @ would otherwise start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(survey):
    """One row per response and one column per question, streamed as it is read."""
    writer = csv.writer(_Echo())
    questions = list(ordered_questions(survey))
    column = {question.pk: index for index, question in enumerate(questions)}
    kinds = {question.pk: question.kind for question in questions}
    options = {
        option.pk: (option.order, option.pk, option.text)
        for question in questions
        for option in question.options.all()
    }
    places = dict(
        Place.objects.filter(
            pk__in=Answer.objects.filter(survey=survey, place__isnull=False).values("place")
        )
        .order_by()
        .values_list("pk", "name")
    )
    yield BYTE_ORDER_MARK
    yield writer.writerow(
        [
            spreadsheet_safe(cell)
            for cell in [gettext("Response"), gettext("Submitted at"), gettext("Language")]
        ]
        + [spreadsheet_safe(question.text) for question in questions]
    )
    responses = (
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("pk", "submitted_at", "language")
        .iterator(chunk_size=2000)
    )
    answers = (
        Answer.objects.filter(survey=survey)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "option_id", "scale", "place_id", "text")
        .iterator(chunk_size=5000)
    )
    grouped = itertools.groupby(answers, key=lambda row: row[0])
    pending = next(grouped, None)
    languages = dict(Response.Language.choices)
    for response_id, submitted_at, language in responses:
        cells = [[] for _question in questions]
        while pending is not None and pending[0] <= response_id:
            if pending[0] == response_id:
                for _r, question_id, option_id, scale, place_id, text in pending[1]:
                    if question_id not in column:
                        continue
                    cells[column[question_id]].append(
                        _answer_cell(
                            kinds[question_id], option_id, scale, place_id, text, options, places
                        )
                    )
            pending = next(grouped, None)
        row = [
            str(response_id),
            timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M"),
            str(languages.get(language, language)),
        ]
        for cell in cells:
            if cell and isinstance(cell[0], tuple):  # options, in the order of the question
                row.append("; ".join(text for *_order, text in sorted(cell)))
            elif cell:
                row.append("; ".join(cell))
            else:
                row.append("")
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def _answer_cell(kind, option_id, scale, place_id, text, options, places):
    """An option as (order, id, text) to sort by, anything else as its text."""
    if option_id is not None:
        return options.get(option_id, (0, 0, ""))
    if scale is not None:
        return str(scale)
    if kind == Question.Kind.PLACE:
        if place_id in places:
            return places[place_id]
        other = gettext("Other place")
        return f"{other}: {text}" if text else other
    return text
