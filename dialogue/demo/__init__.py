"""Demo dialogue content for the demo kommuner, one module per feature."""

import datetime
from collections import Counter

from django.utils import timezone

from .activities import load_activity_demo
from .reports import load_earlier_report_demo, load_report_demo
from .situation import load_situation_demo
from .surveys import load_survey_demo


def load_dialogue_demo(today: datetime.date | None = None) -> dict:
    """Lägesbilder, events, safety walks, surveys and reports as of `today`; safe to run again.

    The lägesbilder come first: the other loaders put their inputs inside those periods.
    """
    today = today or timezone.localdate()
    created = Counter()
    for loader in (
        load_situation_demo,
        load_activity_demo,
        load_survey_demo,
        load_report_demo,
        load_earlier_report_demo,
    ):
        created.update(loader(today))
    return dict(created)
