#!/usr/bin/env python3
"""Fetch every published medborgarlöfte from a portal's open data API, with its current version
and the latest status of every activity, and print a summary or write it as JSON.

A reuser's script: only the Python standard library, nothing from the portal's code.

    python3 tools/fetch_pledges.py --base-url https://medborgarloften.example.se
    python3 tools/fetch_pledges.py --base-url http://127.0.0.1:8000 --json pledges.json
    python3 tools/fetch_pledges.py --base-url http://127.0.0.1:8000 --status in_force --json -
"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

USER_AGENT = "fetch_pledges/1 (+open data reuse example)"


def get_json(url, timeout=30):
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def fetch_all(url):
    """Every row of a paginated list, following its `next` links."""
    rows = []
    while url:
        page = get_json(url)
        rows += page["results"]
        url = page["next"]
    return rows


def pledges_url(base_url, status=None, municipality=None):
    query = {key: value for key, value in (("status", status), ("municipality", municipality))
             if value}  # fmt: skip
    url = urllib.parse.urljoin(base_url.rstrip("/") + "/", "api/pledges/")
    return f"{url}?{urllib.parse.urlencode(query)}" if query else url


def simplify(pledge):
    """What a reuser keeps of a pledge: its current version and each activity's status."""
    return {
        "slug": pledge["slug"],
        "url": pledge["url"],
        "web_url": pledge["web_url"],
        "title": pledge["title"],
        "version": pledge["version"],
        "period_status": pledge["period_status"],
        "start_date": pledge["start_date"],
        "end_date": pledge["end_date"],
        "municipalities": [m["name"] for m in pledge["municipalities"]],
        "police_area": (pledge["police_area"] or {}).get("name"),
        "promise": pledge["promise"],
        "activities": [
            {
                "id": activity["id"],
                "description": activity["description"],
                "responsible": activity["responsible"],
                "status": activity["status"],
                "reported": (
                    f"{activity['latest_update']['year']}-t{activity['latest_update']['tertial']}"
                    if activity["latest_update"]
                    else None
                ),
            }
            for activity in pledge["activities"]
        ],
    }


def summary(pledges):
    lines = []
    statuses = Counter()
    for pledge in pledges:
        lines.append(
            f"{pledge['title']} ({pledge['slug']}), version {pledge['version']}, "
            f"{pledge['start_date']}–{pledge['end_date']}, {pledge['period_status']}"
        )
        lines.append(f"  {', '.join(pledge['municipalities'])}; police: {pledge['police_area']}")
        for activity in pledge["activities"]:
            when = f" ({activity['reported']})" if activity["reported"] else ""
            lines.append(f"  [{activity['status']}]{when} {activity['description']}")
            statuses[activity["status"]] += 1
    counts = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
    activities = sum(statuses.values())
    lines.append(f"{len(pledges)} pledges, {activities} activities: {counts or 'none'}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base-url", required=True, help="The portal's address, e.g. http://127.0.0.1:8000"
    )
    parser.add_argument("--status", choices=["in_force", "earlier", "coming"])
    parser.add_argument("--municipality", help="A kommun code, e.g. 0665")
    parser.add_argument("--json", metavar="FILE", help="Write JSON to FILE (- for stdout)")
    args = parser.parse_args(argv)
    try:
        pledges = [
            simplify(pledge)
            for pledge in fetch_all(pledges_url(args.base_url, args.status, args.municipality))
        ]
    except (urllib.error.URLError, ValueError, KeyError) as error:
        print(f"Could not read the pledges from {args.base_url}: {error}", file=sys.stderr)
        return 1
    if args.json:
        text = json.dumps(pledges, ensure_ascii=False, indent=2)
        if args.json == "-":
            print(text)
        else:
            with open(args.json, "w", encoding="utf-8") as out:
                out.write(text + "\n")
    else:
        print(summary(pledges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
