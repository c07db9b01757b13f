"""Build portal/data/kommun_paths.json, the national map's SVG outlines, from open boundary data.

The portal never reads the source at runtime: this tool is run once, by hand, and its output is
committed. Run it again only when the boundaries change:

    .venv/bin/python tools/build_kommun_map.py /work/shared/data/municipalities.geojson

The source is a GeoJSON FeatureCollection of the 290 kommuner in WGS84 (properties `id` = kommun
code), from the okfse/sweden-geojson repository, derived from Valmyndigheten's boundaries (via
opendatasoft) and already simplified with mapshaper. This tool

1. projects each point onto a plane with a transverse Mercator projection on the sphere
   around 15° E, the central meridian of SWEREF 99 TM, so that Sweden keeps its shape from
   Skåne to Norrbotten (a plain longitude/latitude grid would stretch the north);
2. scales to map units of SCALE_KM kilometres and simplifies each ring with Douglas–Peucker at
   TOLERANCE units, dropping islands smaller than MIN_ISLAND square units (a kommun's largest
   part always stays, however small);
3. rounds to whole units and writes one SVG path per kommun code, relative moves after the
   first point, which keeps the file small.

Neighbouring kommuner are simplified one by one, so their shared borders may differ by a unit
or so; the map's white border lines hide that at the size it is drawn.
"""

import argparse
import json
import math
import sys
from pathlib import Path

EARTH_RADIUS_KM = 6371.0
CENTRAL_MERIDIAN = 15.0
SCALE_KM = 2.0  # kilometres per map unit
TOLERANCE = 1.0  # map units
MIN_ISLAND = 6.0  # square map units
MARGIN = 4  # map units around the country

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "portal" / "data" / "kommun_paths.json"
SOURCE = (
    "Kommungränser: okfse/sweden-geojson (github.com/okfse/sweden-geojson), härledda ur "
    "Valmyndighetens gränser via opendatasoft; förenklade för portalen med "
    "tools/build_kommun_map.py."
)


def project(longitude, latitude):
    """Spherical transverse Mercator around CENTRAL_MERIDIAN, in kilometres (north is up)."""
    phi = math.radians(latitude)
    delta = math.radians(longitude - CENTRAL_MERIDIAN)
    b = math.cos(phi) * math.sin(delta)
    x = EARTH_RADIUS_KM * math.atanh(b)
    y = EARTH_RADIUS_KM * math.atan2(math.tan(phi), math.cos(delta))
    return x, y


def _distance_to_segment(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points, tolerance):
    """The points of an open line that stay within tolerance of it (iterative, no recursion)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring, tolerance):
    """A closed ring simplified, split at its two farthest-apart points so both halves keep."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) <= 3:
        return ring
    start = ring[0]
    far = max(range(len(ring)), key=lambda i: math.dist(ring[i], start))
    first = douglas_peucker(ring[: far + 1], tolerance)
    second = douglas_peucker([*ring[far:], start], tolerance)
    return first[:-1] + second[:-1]


def area(ring):
    return (
        abs(
            sum(
                x0 * y1 - x1 * y0
                for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 2
    )


def rounded(ring):
    """Whole map units without repeated points; None when fewer than three are left."""
    points = []
    for x, y in ring:
        point = (round(x), round(y))
        if not points or point != points[-1]:
            points.append(point)
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points if len(points) >= 3 else None


def path_data(rings):
    """SVG path data: an absolute move to each ring's first point, relative lines after it."""
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        steps = []
        for nx, ny in rest:
            steps.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps) + "z")
    # Negative numbers need no separator in SVG path data.
    return "".join(parts).replace(" -", "-")


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"Unexpected geometry type {geometry['type']}")


def build(collection):
    """{"viewBox": [w, h], "paths": {code: path data}} for every feature of the collection."""
    projected = {}
    for feature in collection["features"]:
        code = feature["properties"]["id"]
        # Outer rings only: the source has no kommun inside another, holes would be lakes.
        outer = [polygon[0] for polygon in polygons_of(feature["geometry"])]
        projected[code] = [[project(lon, lat) for lon, lat in ring] for ring in outer]
    xs = [x for rings in projected.values() for ring in rings for x, _y in ring]
    ys = [y for rings in projected.values() for ring in rings for _x, y in ring]
    left, top = min(xs), max(ys)

    def to_map(point):
        x, y = point
        return ((x - left) / SCALE_KM + MARGIN, (top - y) / SCALE_KM + MARGIN)

    paths = {}
    for code, rings in sorted(projected.items()):
        rings = [[to_map(point) for point in ring] for ring in rings]
        rings.sort(key=area, reverse=True)
        kept = []
        for index, ring in enumerate(rings):
            if index > 0 and area(ring) < MIN_ISLAND:
                continue
            simple = rounded(simplify_ring(ring, TOLERANCE))
            if simple is None and index == 0:
                # A kommun too small for the tolerance still gets its outline, unsimplified.
                simple = rounded(ring) or _dot(ring)
            if simple is not None:
                kept.append(simple)
        paths[code] = path_data(kept)
    width = math.ceil((max(xs) - left) / SCALE_KM) + 2 * MARGIN
    height = math.ceil((top - min(ys)) / SCALE_KM) + 2 * MARGIN
    return {"source": SOURCE, "viewBox": [0, 0, width, height], "paths": paths}


def _dot(ring):
    """A one-unit triangle at the ring's centre, for a kommun smaller than a map unit."""
    x = round(sum(x for x, _y in ring) / len(ring))
    y = round(sum(y for _x, y in ring) / len(ring))
    return [(x, y), (x + 1, y), (x, y + 1)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="municipalities.geojson (WGS84)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    data = build(json.loads(args.source.read_text(encoding="utf-8")))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{len(data['paths'])} kommuner, {len(text.encode()) / 1024:.1f} KiB → {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
