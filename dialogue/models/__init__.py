"""Dialogue: the input pledges rest on, split by feature."""

from .activities import DialogueActivity, Observation
from .reports import PlaceReport
from .situation import SituationPicture
from .surveys import Answer, Excerpt, Option, Question, Response, Survey

__all__ = [
    "Answer",
    "DialogueActivity",
    "Excerpt",
    "Observation",
    "Option",
    "PlaceReport",
    "Question",
    "Response",
    "SituationPicture",
    "Survey",
]
