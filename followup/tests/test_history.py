"""Every follow-up record keeps its full history, and its admin shows it."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from followup.tests.factories import make_report
from pledges.models import Pledge
from pledges.tests.factories import make_pledge

pytestmark = pytest.mark.django_db


def followup_models():
    return [
        model
        for model in apps.get_app_config("followup").get_models()
        if not model.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", followup_models(), ids=lambda model: model.__name__)
def test_every_followup_model_keeps_history(model):
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        pytest.fail(f"{model.__name__} keeps no history")


def test_every_followup_admin_shows_history():
    admins = {
        model.__name__: type(model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "followup"
    }
    assert set(admins) == {"FollowUpReport", "Indicator"}
    for name, admin_class in admins.items():
        assert issubclass(admin_class, SimpleHistoryAdmin), name


def test_a_correction_is_kept_with_every_change_in_its_history(lpo_varnamo, varnamo_police):
    pledge = make_pledge(
        lpo_varnamo,
        status=Pledge.Status.PUBLISHED,
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 12, 31),
    )
    report = make_report(pledge, year=2022, tertial=1)
    correction = report.record_correction(varnamo_police, "Fel antal.", "uppnått")
    correction.reason = "Fel antal vandringar."
    correction.save()
    records = list(correction.history.order_by("history_date"))
    assert [(r.history_type, r.reason) for r in records] == [
        ("+", "Fel antal."),
        ("~", "Fel antal vandringar."),
    ]
