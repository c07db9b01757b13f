"""The pages in docs/ stay current: every repository path they mention exists."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
FILE_ENDINGS = (".py", ".md", ".html", ".css", ".js", ".json", ".csv", ".po", ".toml", ".png")
NOT_A_PATH = set(" <>*…=():,'\"")


def mentioned_paths(text):
    """(kind, path) of the links and code spans in Markdown text that name repository files.

    Links are relative to the page; code spans with a slash are relative to the repository
    root; a bare file name ("conftest.py") must exist somewhere in the repository. Addresses
    on the site ("/medborgarloften/") start with a slash and are not files.
    """
    for target in LINK.findall(text):
        if not re.match(r"^(https?:|mailto:|#)", target):
            yield "link", target.split("#")[0]
    for span in CODE.findall(text):
        if span.startswith(("/", "-")) or NOT_A_PATH & set(span):
            continue
        if "/" in span:
            yield "path", span
        elif span.endswith(FILE_ENDINGS) or span == "Makefile":
            yield "name", span


def missing_paths(page: Path, text: str):
    missing = []
    for kind, path in mentioned_paths(text):
        if kind == "link":
            found = (page.parent / path).exists()
        elif kind == "path":
            found = (ROOT / path).exists()
        else:
            found = any(
                ".venv" not in hit.parts and hit.is_file() for hit in ROOT.glob(f"**/{path}")
            )
        if not found:
            missing.append(path)
    return missing


def doc_pages():
    return sorted(DOCS.glob("*.md"))


def test_docs_exist_with_an_index_linking_every_page():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for name in ("product.md", "domain.md", "conventions.md"):
        assert (DOCS / name).is_file()
        assert f"]({name})" in index


@pytest.mark.parametrize("page", doc_pages(), ids=lambda page: page.name)
def test_every_path_the_docs_mention_exists(page):
    assert missing_paths(page, page.read_text(encoding="utf-8")) == []


def test_a_path_that_does_not_exist_is_reported():
    text = (
        "See `portal/no_such_module.py`, [a page](gone.md), `nowhere.py`, the address "
        "`/dialog/`, and `portal/tertials.py`, [the index](README.md), `conftest.py`."
    )
    assert missing_paths(DOCS / "README.md", text) == [
        "gone.md",
        "portal/no_such_module.py",
        "nowhere.py",
    ]


def test_screenshot_tool_explains_itself():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "--max-height" in result.stdout
    assert "--out" in result.stdout
