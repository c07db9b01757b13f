"""tools/fetch_pledges.py, a reuser's script, reads every published pledge through the API of
a running portal (with the demo content) and follows the pagination."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.pagination import PageNumberPagination

from followup.progress import attach_follow_up
from pledges.models import Pledge
from pledges.versions import Content

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "fetch_pledges.py"


def run(tmp_path, *args):
    # Isolated mode (-I) from another folder: the script cannot import the portal's code.
    return subprocess.run(
        [sys.executable, "-I", str(SCRIPT), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)


def test_script_fetches_every_published_pledge_with_activity_statuses(site, small_pages, tmp_path):
    done = run(tmp_path, "--base-url", site, "--json", "pledges.json")
    assert done.returncode == 0, done.stderr
    fetched = {p["slug"]: p for p in json.loads((tmp_path / "pledges.json").read_text())}
    published = Pledge.objects.published().select_related("published_version")
    assert len(published) > 2  # more than one page of two
    assert set(fetched) == {pledge.slug for pledge in published}
    for pledge in published:
        content = Content.of(pledge.published_version.content)
        attach_follow_up(content.activities)
        row = fetched[pledge.slug]
        assert (row["version"], row["title"]) == (pledge.published_version.number, content.title)
        assert [(a["id"], a["status"]) for a in row["activities"]] == [
            (a.id, str(a.status)) for a in content.activities
        ]
    statuses = {a["status"] for p in fetched.values() for a in p["activities"]}
    assert {"done", "in_progress", "carried_over"} <= statuses


def test_script_prints_a_summary(site, tmp_path):
    done = run(tmp_path, "--base-url", site, "--status", "in_force")
    assert done.returncode == 0, done.stderr
    current = Pledge.objects.current()
    assert done.stdout.splitlines()[-1].startswith(f"{current.count()} pledges, ")
    for pledge in current:
        assert f"({pledge.slug}), version {pledge.published_version.number}" in done.stdout


def test_script_says_when_the_portal_cannot_be_read(tmp_path):
    done = run(tmp_path, "--base-url", "http://127.0.0.1:9")
    assert done.returncode == 1
    assert "Could not read the pledges" in done.stderr
