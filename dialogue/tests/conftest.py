"""Fixtures shared by the dialogue tests (the personas are in the project's conftest.py)."""

import pytest


@pytest.fixture
def vaggeryd_reads_reports(vaggeryd_coordinator):
    """Vaggeryd's coordinator is on the portal, so residents' reports of unsafe places reach
    someone and Vaggeryd's report form is open (Municipality.takes_reports). Tests that send
    reports use it; the rule itself is tested in test_place_reports_intake.py."""
    return vaggeryd_coordinator
