"""Fixtures shared by the follow-up tests."""

import datetime

import pytest

from pledges.models import Pledge
from pledges.tests.factories import make_pledge


@pytest.fixture
def pledge(lpo_varnamo):
    """A published 2022 pledge of Vaggeryd with two activities, as version 1."""
    return make_pledge(
        lpo_varnamo,
        slug="vaggeryd-2022",
        status=Pledge.Status.PUBLISHED,
        activities=2,
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 12, 31),
    )
