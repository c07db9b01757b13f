"""Demo dialogue content for the demo kommuner, one module per feature."""

from .activities import load_activity_demo
from .reports import load_report_demo
from .situation import load_situation_demo
from .surveys import load_survey_demo


def load_dialogue_demo():
    """Events, safety walks, surveys, reports and lägesbilder; safe to run again."""
    created = {}
    for loader in (load_activity_demo, load_survey_demo, load_report_demo, load_situation_demo):
        created.update(loader())
    return created
