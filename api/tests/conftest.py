"""Records for the API tests: published ones, and everything that must never be shown.

Every text that must stay hidden holds the word HEMLIG (secret), so that one search of a
response finds any of them.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from dialogue.models import (
    Answer,
    DialogueActivity,
    Excerpt,
    Option,
    PlaceReport,
    Question,
    Response,
    Survey,
)
from followup.models import Correction, Indicator, IndicatorValue
from followup.tests.factories import make_report
from pledges.models import Activity, Pledge
from pledges.tests.factories import make_pledge

SECRET = "HEMLIG"
TODAY = datetime.date.today()
THIS_YEAR = datetime.date(TODAY.year, 1, 1)


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def add_dialogue(municipality, title, **fields):
    fields.setdefault("kind", DialogueActivity.Kind.CITIZEN_DIALOGUE)
    fields.setdefault("is_published", True)
    return DialogueActivity.objects.create(
        municipality=municipality, title=title, starts_at=days(-10), **fields
    )


def add_closed_survey(municipality, slug, title="Trygghetsundersökning", **fields):
    """A survey that closed yesterday with public results: one choice question with two
    answers, and a free-text question whose answers are secret."""
    survey = Survey.objects.create(
        municipality=municipality,
        slug=slug,
        title=title,
        opens_at=days(-30),
        closes_at=days(-1),
        is_published=True,
        **fields,
    )
    choice = Question.objects.create(survey=survey, text="Känner du dig trygg?", kind="single")
    yes = Option.objects.create(question=choice, text="Ja", order=1)
    Option.objects.create(question=choice, text="Nej", order=2)
    free = Question.objects.create(survey=survey, text="Vad kan bli bättre?", kind="text", order=2)
    for number in range(2):
        response = Response.objects.create(survey=survey, submitted_at=days(-5))
        Answer.objects.create(response=response, survey=survey, question=choice, option=yes)
        Answer.objects.create(
            response=response,
            survey=survey,
            question=free,
            text=f"{SECRET} fritextsvar {number} från Storgatan 1",
        )
    Excerpt.objects.create(question=free, text=f"{SECRET} opublicerat utdrag", is_published=False)
    return survey


@dataclass
class Record:
    published: Pledge
    draft: Pledge
    withdrawn: Pledge
    report: object
    draft_report: object
    withdrawn_report: object
    indicator: Indicator
    meeting: DialogueActivity
    staff_dialogue: DialogueActivity
    survey: Survey
    open_survey: Survey


@pytest.fixture
def record(lpo_varnamo, vaggeryd, vaggeryd_coordinator, skillingaryd):
    """A published pledge in force with an approved but unpublished version 2, a draft and a
    withdrawn pledge, published and draft follow-ups, dialogue, place reports and surveys."""
    start, end = THIS_YEAR, datetime.date(TODAY.year + 1, 12, 31)
    published = make_pledge(
        lpo_varnamo, slug="vaggeryd-nu", status=Pledge.Status.PUBLISHED, start=start, end=end
    )
    report = make_report(published, year=TODAY.year - 0, tertial=1, status="in_progress")
    indicator = Indicator.objects.create(pledge=published, name="Trygghetsvandringar", unit="st")
    IndicatorValue.objects.create(report=report, indicator=indicator, value=2)
    Correction.objects.create(
        report=report, reason="Rättat antal.", changes="Antal 1 → 2", made_by=vaggeryd_coordinator
    )
    draft_report = make_report(
        published, year=TODAY.year, tertial=2, published=False, summary=f"{SECRET} utkast"
    )
    draft_report.updates.update(narrative=f"{SECRET} berättelse i utkast", status="delayed")
    IndicatorValue.objects.create(report=draft_report, indicator=indicator, value=777)

    # The working copy changes after publication and one side approves it: version 2 exists
    # but is not published.
    published.promise = f"{SECRET} nytt löfte som väntar på godkännande"
    published.change_reason = f"{SECRET} skäl"
    published.save()
    Activity.objects.create(pledge=published, description=f"{SECRET} ny aktivitet", order=9)
    published.record_edit(vaggeryd_coordinator)
    published.approve(vaggeryd_coordinator)

    draft = make_pledge(
        lpo_varnamo, slug="gislaved-utkast", municipality_names=("Gislaved",),
        title=f"{SECRET} utkast", promise=f"{SECRET} löfte i utkast", start=start, end=end,
    )  # fmt: skip
    Indicator.objects.create(pledge=draft, name=f"{SECRET} nyckeltal i utkast")
    withdrawn = make_pledge(
        lpo_varnamo, slug="gnosjo-indraget", municipality_names=("Gnosjö",),
        status=Pledge.Status.WITHDRAWN, title=f"{SECRET} indraget", start=start, end=end,
    )  # fmt: skip
    withdrawn_report = make_report(withdrawn, year=TODAY.year, tertial=1, summary=f"{SECRET} rapp")
    Indicator.objects.create(pledge=withdrawn, name=f"{SECRET} indraget nyckeltal")

    meeting = add_dialogue(vaggeryd, "Medborgardialog i Skillingaryd", summary="Belysning.")
    staff_dialogue = add_dialogue(
        vaggeryd,
        f"{SECRET} medarbetardialog",
        kind=DialogueActivity.Kind.STAFF_DIALOGUE,
        summary=f"{SECRET} internt",
    )
    add_dialogue(vaggeryd, f"{SECRET} opublicerat möte", is_published=False)
    PlaceReport.objects.create(
        municipality=vaggeryd,
        place=skillingaryd,
        place_text=f"{SECRET} vid tunneln",
        category="lighting",
        description=f"{SECRET} synpunkt om mörk gångväg",
        contact_name=f"{SECRET} Person",
        contact_email="hemlig@example.se",
        status=PlaceReport.Status.USED,
    )
    survey = add_closed_survey(vaggeryd, "trygghet")
    open_survey = add_closed_survey(vaggeryd, "pagar", title=f"{SECRET} enkät som pågår")
    Survey.objects.filter(pk=open_survey.pk).update(closes_at=days(5))
    return Record(
        published, draft, withdrawn, report, draft_report, withdrawn_report, indicator,
        meeting, staff_dialogue, survey, open_survey,
    )  # fmt: skip
