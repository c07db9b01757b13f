"""The published record as tables for CSV downloads: one function per table, fixed queries each.

Every table reads only what residents can read on the pages: published pledges through their
published version, published follow-up reports of published pledges, their key figures, and
the counted results of surveys whose results are public.
Column names are fixed Swedish words, a stable interface for scripts (see README, "CSV").
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from dialogue.models import Question
from dialogue.results import survey_results as results_of
from followup.models import FollowUpReport, IndicatorValue
from pledges.models import Activity

from . import records

LIST_SEPARATOR = "; "
# The period a pledge's published version covers, against today (records.period_status).
PERIOD_STATUSES = {"in_force": "Gäller", "earlier": "Tidigare", "coming": "Kommande"}


@dataclass
class Table:
    """A table to download: its file name, the header row and the rows (lists of cells)."""

    filename: str
    header: list
    rows: list


def _yes_no(value):
    return "Ja" if value else "Nej"


def _joined(values):
    return LIST_SEPARATOR.join(str(value) for value in values)


def _number(value):
    """A decimal as the pages write it, without trailing zeros: 4, 2.5."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date(moment):
    return timezone.localtime(moment).date().isoformat() if moment else ""


def municipalities(absolute):
    """All 290 kommuner with their län, police areas and the pledges in force today, if any."""
    rows = []
    for kommun in records.municipalities().order_by("code", "id"):
        pledges = sorted(kommun.current_pledges, key=lambda pledge: pledge.slug)
        contents = [pledge.public for pledge in pledges]
        rows.append(
            [
                kommun.code,
                kommun.name,
                kommun.county.code,
                kommun.county.name,
                _joined(sorted(area.name for area in kommun.police_areas.all())),
                _yes_no(pledges),
                _joined(content.title for content in contents),
                _joined(pledge.slug for pledge in pledges),
                _joined(absolute(pledge.get_absolute_url()) for pledge in pledges),
                _joined(content.start_date.isoformat() for content in contents),
                _joined(content.end_date.isoformat() for content in contents),
                absolute(kommun.get_absolute_url()),
            ]
        )
    header = [
        "Kommunkod",
        "Kommun",
        "Länskod",
        "Län",
        "Lokalpolisområde",
        "Medborgarlöfte gäller idag",
        "Medborgarlöfte",
        "Medborgarlöftets id",
        "Medborgarlöftets adress",
        "Startdatum",
        "Slutdatum",
        "Kommunens adress",
    ]
    return Table("kommuner.csv", header, rows)


def _published_pledges(pledge=None, municipality=None, county=None):
    """Published pledges prepared from their published versions (records.prepare_pledges),
    newest period first. The kommun and län filters read the kommuner the published version
    names, not the working copy, and are applied here to rows the query has read anyway."""
    queryset = records.pledges()
    if pledge is not None:
        queryset = queryset.filter(pk=pledge.pk)
    pledges = records.prepare_pledges(list(queryset))
    if municipality is not None:
        pledges = [p for p in pledges if municipality.name in p.shown.municipalities]
    if county is not None:
        pledges = [
            p for p in pledges if any(m.county_id == county.pk for m in p.shown_municipalities)
        ]
    pledges.sort(key=lambda p: (p.shown.title, p.pk))
    pledges.sort(key=lambda p: p.shown.start_date, reverse=True)
    return pledges


def pledges(absolute, municipality=None, county=None):
    """Every published pledge as its published version has it, newest period first."""
    rows = []
    for pledge in _published_pledges(municipality=municipality, county=county):
        content, version = pledge.shown, pledge.shown_version
        rows.append(
            [
                pledge.slug,
                content.title,
                _joined(content.municipalities),
                content.police_area,
                content.start_date.isoformat(),
                content.end_date.isoformat(),
                content.signed_on.isoformat() if content.signed_on else "",
                version.number,
                _date(version.published_at),
                PERIOD_STATUSES[pledge.period_status],
                len(content.activities),
                _joined(area.name for area in content.focus_areas),
                absolute(pledge.get_absolute_url()),
            ]
        )
    header = [
        "Medborgarlöftets id",
        "Medborgarlöfte",
        "Kommuner",
        "Lokalpolisområde",
        "Startdatum",
        "Slutdatum",
        "Undertecknat",
        "Version",
        "Versionen publicerad",
        "Status",
        "Antal aktiviteter",
        "Fokusområden",
        "Adress",
    ]
    return Table("medborgarloften.csv", header, rows)


def activities(absolute, pledge=None):
    """One row per activity of each published pledge's published version, with its latest
    published status as the pledge page shows it (Överförd once carried over)."""
    responsible = dict(Activity.Responsible.choices)
    rows = []
    for listed in _published_pledges(pledge=pledge):
        url = absolute(listed.get_absolute_url())
        for number, activity in enumerate(listed.shown.activities, start=1):
            latest = activity.latest_update
            rows.append(
                [
                    listed.slug,
                    listed.shown.title,
                    activity.id,
                    number,
                    activity.description,
                    str(responsible.get(activity.responsible, "")),
                    _number(activity.target_count),
                    activity.target_unit,
                    _joined(activity.focus_areas),
                    _joined(activity.places),
                    str(activity.status.label),
                    str(latest.report.period) if latest else "",
                    url,
                ]
            )
    header = [
        "Medborgarlöftets id",
        "Medborgarlöfte",
        "Aktivitetens id",
        "Nummer",
        "Aktivitet",
        "Utförs av",
        "Mål",
        "Målets enhet",
        "Fokusområden",
        "Platser",
        "Senaste status",
        "Senast följd upp",
        "Adress",
    ]
    return Table("aktiviteter.csv", header, rows)


def updates(absolute, pledge=None):
    """One row per activity update of each published follow-up report, showing the activity
    as the report published it, with the report's public corrections."""
    reports = records.follow_ups().order_by("pledge__slug", "year", "tertial", "id")
    if pledge is not None:
        reports = reports.filter(pledge=pledge)
    responsible = dict(Activity.Responsible.choices)
    rows = []
    for report in records.prepare_follow_ups(list(reports)):
        title = report.pledge.published_version.content["title"]
        url = absolute(report.get_absolute_url())
        corrections = _joined(f"{_date(c.made_at)}: {c.reason}" for c in report.corrections.all())
        for update in report.shown_updates:
            rows.append(
                [
                    report.pledge.slug,
                    title,
                    str(report.period),
                    report.year,
                    report.tertial,
                    update.activity_id,
                    update.activity_description,
                    str(responsible.get(update.activity_responsible, "")),
                    _number(update.activity_target_count),
                    update.activity_target_unit,
                    _number(update.achieved),
                    str(update.status_choice.label),
                    update.narrative,
                    update.evidence_url,
                    _date(report.published_at),
                    corrections,
                    url,
                ]
            )
    header = [
        "Medborgarlöftets id",
        "Medborgarlöfte",
        "Tertial",
        "År",
        "Tertialnummer",
        "Aktivitetens id",
        "Aktivitet",
        "Utförs av",
        "Mål",
        "Målets enhet",
        "Uppnått",
        "Status",
        "Vad som gjordes",
        "Underlag (länk)",
        "Uppföljningen publicerad",
        "Rättelser",
        "Adress",
    ]
    return Table("uppfoljningar.csv", header, rows)


def key_figures(absolute, pledge=None):
    """One row per key figure value of each published follow-up report, as published."""
    values = (
        IndicatorValue.objects.filter(report__in=FollowUpReport.objects.published())
        .select_related("report__pledge__published_version", "indicator")
        .order_by(
            "report__pledge__slug",
            "report__year",
            "report__tertial",
            "indicator__order",
            "indicator_id",
            "id",
        )
    )
    if pledge is not None:
        values = values.filter(report__pledge=pledge)
    rows = []
    for value in values:
        report = value.report
        rows.append(
            [
                report.pledge.slug,
                report.pledge.published_version.content["title"],
                str(report.period),
                report.year,
                report.tertial,
                value.name,
                value.unit,
                _number(value.target),
                _number(value.value),
                absolute(report.get_absolute_url()),
            ]
        )
    header = [
        "Medborgarlöftets id",
        "Medborgarlöfte",
        "Tertial",
        "År",
        "Tertialnummer",
        "Nyckeltal",
        "Enhet",
        "Mål",
        "Värde",
        "Adress",
    ]
    return Table("nyckeltal.csv", header, rows)


def survey_results(absolute, survey):
    """One survey's published results: per question and answer, how many and what share of
    those who answered the question (dialogue.results). Counts only: free text is never shown,
    a free-text question says only how many answered it."""
    kinds = dict(Question.Kind.choices)
    organiser = survey.municipality or survey.police_area
    url = (
        absolute(reverse("dialogue:survey_results", args=[survey.municipality.slug, survey.slug]))
        if survey.municipality_id
        else ""
    )
    start = [survey.pk, survey.title, str(organiser), _date(survey.closes_at)]
    rows = []
    for number, result in enumerate(results_of(survey), start=1):
        question = [number, result.question.text, str(kinds[result.question.kind])]
        mean = "" if result.mean is None else f"{result.mean:.2f}"
        if result.is_free_text:
            rows.append([*start, *question, "", "", "", result.respondents, "", url])
        for row in result.rows:
            percent = "" if row.percent is None else row.percent
            rows.append(
                [*start, *question, row.label, row.count, percent, result.respondents, mean, url]
            )
    header = [
        "Enkätens id",
        "Enkät",
        "Genomförd av",
        "Stängde",
        "Frågans nummer",
        "Fråga",
        "Frågetyp",
        "Svar",
        "Antal",
        "Andel (procent)",
        "Svarande på frågan",
        "Medelvärde",
        "Adress",
    ]
    return Table("enkatresultat.csv", header, rows)
