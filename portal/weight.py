"""How much a resident's browser downloads for one page: the HTML and every file it links.

Each file is measured gzip-compressed (level 6, as a web server sends text), the way the bar
"every public page under 60 KB compressed in total" is meant. The linked files are found in
the HTML (stylesheets, also print; scripts; images; icons) and read from the static files, so
a page measures the same in a test, a benchmark and production.
"""

import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.staticfiles import finders

BUDGET_BYTES = 60_000


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and {"stylesheet", "icon"} & set((attrs.get("rel") or "").split()):
            self.found.append(attrs.get("href"))
        elif tag in ("script", "img") and attrs.get("src"):
            self.found.append(attrs["src"])


def compressed_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6, mtime=0))


def linked_static_files(html: str) -> list[str]:
    """The static files a page links, as paths under STATIC_URL, each once, in page order."""
    parser = _Links()
    parser.feed(html)
    names = []
    for url in parser.found:
        if url and url.startswith(settings.STATIC_URL):
            name = url.removeprefix(settings.STATIC_URL).split("?")[0]
            if name not in names:
                names.append(name)
    return names


@dataclass
class PageWeight:
    path: str
    html: int
    files: dict = field(default_factory=dict)  # static name -> compressed bytes

    @property
    def total(self):
        return self.html + sum(self.files.values())


def weigh(path: str, html: bytes) -> PageWeight:
    weight = PageWeight(path, compressed_size(html))
    for name in linked_static_files(html.decode()):
        found = finders.find(name)
        if found is None:
            raise FileNotFoundError(f"{path} links {name}, which is not a static file")
        with open(found, "rb") as handle:
            weight.files[name] = compressed_size(handle.read())
    return weight
