"""Make the atlas' small map of Denmark from the official municipal boundaries (run once).

    .venv/bin/python scripts/tools/simplify_map.py \
        ../shared/data/dagi-kommuner-2014.geojson data/map/kommuner.json

Input: DAGI 1:500,000 (2014) as GeoJSON, WGS 84 longitude/latitude, one feature per polygon
(311 of them), properties ``KOMKODE``/``KOMNAVN``, a dummy third coordinate, Christiansø (0411,
no municipality) and the name «Høje Taastrup». Output: a small JSON file the build reads with
plain Python (``praksisatlas.render.denmark_map``): for each of the 98 municipalities its SVG
path in a fixed drawing of the country (integer units, relative commands), a point for its count
label, its region (from ``data/kommuner.csv``), the borders between regions, Bornholm moved into
a box, and an enlarged view of the Copenhagen area drawn from a finer simplification.

Steps: dissolve the polygons by ``KOMKODE``; project with the UTM zone 32N formulas (transverse
Mercator, central meridian 9° E; plain Python, below); simplify all municipalities together with
shapely's ``coverage_simplify`` (topology-preserving: a border two municipalities share stays one
line, so no gaps or overlaps appear between neighbours); round to the drawing's units.

Only this script needs shapely (pinned in requirements.txt); the build never imports it.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.ops import linemerge, polylabel, unary_union

# Metres per drawing unit, and the simplification tolerances (metres, Visvalingam–Whyatt area
# threshold as shapely's coverage_simplify takes it: the square root of the area is what is
# given). Changing these changes the committed file; record the values in DESIGN.md.
UNIT_M = 400
TOLERANCE_M = 1600
INSET_SCALE = 3
INSET_TOLERANCE_M = TOLERANCE_M / INSET_SCALE
# The Copenhagen area: municipalities whose label point lies inside this box (lon/lat) are drawn
# again, enlarged, in the inset.
INSET_BOX_LONLAT = (12.17, 55.58, 12.66, 55.86)
BORNHOLM = "0400"
CHRISTIANSOE = "0411"
RENAMED = {"Høje Taastrup": "Høje-Taastrup"}
MARGIN_UNITS = 5
GAP_UNITS = 10


def utm32(lon: float, lat: float) -> tuple[float, float]:
    """WGS 84 longitude/latitude → UTM zone 32N easting/northing in metres (Snyder's series)."""
    a, f, k0 = 6378137.0, 1 / 298.257223563, 0.9996
    e2 = f * (2 - f)
    ep2 = e2 / (1 - e2)
    phi, lam = math.radians(lat), math.radians(lon - 9.0)
    sin_phi, cos_phi, tan_phi = math.sin(phi), math.cos(phi), math.tan(phi)
    n = a / math.sqrt(1 - e2 * sin_phi**2)
    t = tan_phi**2
    c = ep2 * cos_phi**2
    aa = cos_phi * lam
    e4, e6 = e2 * e2, e2 * e2 * e2
    m = a * (
        (1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * phi
        - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * math.sin(2 * phi)
        + (15 * e4 / 256 + 45 * e6 / 1024) * math.sin(4 * phi)
        - (35 * e6 / 3072) * math.sin(6 * phi)
    )
    x = (
        k0
        * n
        * (aa + (1 - t + c) * aa**3 / 6 + (5 - 18 * t + t * t + 72 * c - 58 * ep2) * aa**5 / 120)
    )
    y = k0 * (
        m
        + n
        * tan_phi
        * (
            aa**2 / 2
            + (5 - t + 9 * c + 4 * c * c) * aa**4 / 24
            + (61 - 58 * t + t * t + 600 * c - 330 * ep2) * aa**6 / 720
        )
    )
    return x + 500000.0, y


def project(geom):
    import numpy

    return shapely.transform(geom, lambda xy: numpy.array([utm32(x, y) for x, y in xy]))


def read_municipalities(geojson: Path, kommuner_csv: Path) -> dict[str, dict]:
    regions = {}
    with kommuner_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            regions[row["kommune"]] = row["region"]
    parts: dict[str, list] = {}
    names: dict[str, str] = {}
    for feature in json.loads(geojson.read_text(encoding="utf-8"))["features"]:
        code = feature["properties"]["KOMKODE"]
        if code == CHRISTIANSOE:
            continue
        name = feature["properties"]["KOMNAVN"]
        names[code] = RENAMED.get(name, name)
        rings = [[(x, y) for x, y, *_ in ring] for ring in feature["geometry"]["coordinates"]]
        parts.setdefault(code, []).append(Polygon(rings[0], rings[1:]))
    out = {}
    for code, polygons in parts.items():
        name = names[code]
        if name not in regions:
            raise SystemExit(f"{name} ({code}) er ikke i {kommuner_csv}")
        out[code] = {
            "name": name,
            "region": regions[name],
            "geom": project(unary_union(polygons).buffer(0)),
        }
    missing = set(regions) - {m["name"] for m in out.values()}
    if missing or len(out) != 98:
        raise SystemExit(f"forventede 98 kommuner; mangler {sorted(missing)}")
    return out


def simplify(geoms: list, tolerance_m: float) -> list:
    return list(shapely.coverage_simplify(geoms, tolerance_m, simplify_boundary=True))


def polygons(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.is_empty else []
    if isinstance(geom, MultiPolygon):
        return [p for p in geom.geoms if not p.is_empty]
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]


class Frame:
    """Projected metres → integer drawing units (y down), with an offset and a scale."""

    def __init__(self, x0: float, y_top: float, dx: float, dy: float, scale: float = 1) -> None:
        self.x0, self.y_top, self.dx, self.dy, self.scale = x0, y_top, dx, dy, scale

    def point(self, x: float, y: float) -> tuple[int, int]:
        return (
            round((x - self.x0) * self.scale / UNIT_M + self.dx),
            round((self.y_top - y) * self.scale / UNIT_M + self.dy),
        )


def ring_path(coords, frame: Frame, closed: bool = True) -> str:
    points = []
    for x, y in coords:
        p = frame.point(x, y)
        if not points or p != points[-1]:
            points.append(p)
    if closed and len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < (3 if closed else 2):
        return ""
    out = [f"M{points[0][0]} {points[0][1]}"]
    steps = []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        steps.append(f"{x2 - x1} {y2 - y1}")
    out.append("l" + " ".join(steps).replace(" -", "-"))
    return "".join(out) + ("z" if closed else "")


def geom_path(geom, frame: Frame) -> str:
    rings = []
    for polygon in polygons(geom):
        rings.append(ring_path(polygon.exterior.coords, frame))
        rings.extend(ring_path(r.coords, frame) for r in polygon.interiors)
    return "".join(r for r in rings if r)


def lines_path(geom, frame: Frame) -> str:
    merged = linemerge(geom) if geom.geom_type in ("MultiLineString", "LineString") else geom
    lines = getattr(merged, "geoms", [merged])
    return "".join(ring_path(line.coords, frame, closed=False) for line in lines if line.length)


def label_point(geom, frame: Frame) -> list[int]:
    biggest = max(polygons(geom), key=lambda p: p.area)
    point = polylabel(biggest, tolerance=UNIT_M)
    return list(frame.point(point.x, point.y))


def region_borders(geoms: dict[str, object], regions: dict[str, str]):
    """The lines where two regions meet (coasts are left out: they are drawn by the fills)."""
    by_region: dict[str, list] = {}
    for code, geom in geoms.items():
        by_region.setdefault(regions[code], []).append(geom)
    outlines = {r: unary_union(g).boundary for r, g in by_region.items()}
    names = sorted(outlines)
    lines = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = outlines[a].intersection(outlines[b])
            lines.extend(
                g
                for g in shapely.get_parts(shapely.line_merge(shapely.get_parts(shared)))
                if g.geom_type == "LineString" and not g.is_empty
            )
    return shapely.MultiLineString(lines) if lines else None


def build(geojson: Path, kommuner_csv: Path) -> dict:
    data = read_municipalities(geojson, kommuner_csv)
    codes = sorted(data)
    simple = dict(zip(codes, simplify([data[c]["geom"] for c in codes], TOLERANCE_M), strict=True))
    regions = {c: data[c]["region"] for c in codes}

    mainland = [simple[c] for c in codes if c != BORNHOLM]
    minx, miny, maxx, maxy = unary_union(mainland).bounds
    main = Frame(minx, maxy, MARGIN_UNITS, MARGIN_UNITS)
    main_w = math.ceil((maxx - minx) / UNIT_M) + MARGIN_UNITS
    main_h = math.ceil((maxy - miny) / UNIT_M) + 2 * MARGIN_UNITS

    # The Copenhagen inset: to the right of Zealand, scaled up, from a finer simplification.
    bx0, by0 = utm32(INSET_BOX_LONLAT[0], INSET_BOX_LONLAT[1])
    bx1, by1 = utm32(INSET_BOX_LONLAT[2], INSET_BOX_LONLAT[3])
    inset_box = box(min(bx0, bx1), min(by0, by1), max(bx0, bx1), max(by0, by1))
    inset_codes = [
        c for c in codes if c != BORNHOLM and inset_box.contains(simple[c].representative_point())
    ]
    inset_geoms = dict(
        zip(
            inset_codes,
            simplify([data[c]["geom"] for c in inset_codes], INSET_TOLERANCE_M),
            strict=True,
        )
    )
    ix0, iy0, ix1, iy1 = unary_union(list(inset_geoms.values())).bounds
    inset_x = main_w + GAP_UNITS
    inset_y = main_h - MARGIN_UNITS - math.ceil((iy1 - iy0) * INSET_SCALE / UNIT_M) - MARGIN_UNITS
    inset = Frame(ix0, iy1, inset_x + MARGIN_UNITS, inset_y + MARGIN_UNITS, INSET_SCALE)
    inset_w = math.ceil((ix1 - ix0) * INSET_SCALE / UNIT_M) + 2 * MARGIN_UNITS
    inset_h = math.ceil((iy1 - iy0) * INSET_SCALE / UNIT_M) + 2 * MARGIN_UNITS

    # Bornholm in a box above the inset.
    bminx, bminy, bmaxx, bmaxy = simple[BORNHOLM].bounds
    born_w = math.ceil((bmaxx - bminx) / UNIT_M) + 2 * MARGIN_UNITS
    born_h = math.ceil((bmaxy - bminy) / UNIT_M) + 2 * MARGIN_UNITS
    born_x, born_y = inset_x, MARGIN_UNITS
    bornholm = Frame(bminx, bmaxy, born_x + MARGIN_UNITS, born_y + MARGIN_UNITS)

    width = inset_x + max(inset_w, born_w) + MARGIN_UNITS
    height = main_h + MARGIN_UNITS

    municipalities = []
    for code in codes:
        frame = bornholm if code == BORNHOLM else main
        entry = {
            "code": code,
            "name": data[code]["name"],
            "region": regions[code],
            "path": geom_path(simple[code], frame),
            "label": label_point(simple[code], frame),
        }
        if code in inset_geoms:
            entry["inset_path"] = geom_path(inset_geoms[code], inset)
            entry["inset_label"] = label_point(inset_geoms[code], inset)
        municipalities.append(entry)

    main_borders = region_borders({c: g for c, g in simple.items() if c != BORNHOLM}, regions)
    inset_borders = region_borders(inset_geoms, regions)
    return {
        "about": (
            "Kommunegrænser: Klimadatastyrelsen, DAGI 1:500.000 (2014), CC BY 4.0. "
            "Forenklet med scripts/tools/simplify_map.py (se DESIGN.md); rediger ikke i hånden."
        ),
        "unit_m": UNIT_M,
        "tolerance_m": TOLERANCE_M,
        "inset_tolerance_m": INSET_TOLERANCE_M,
        "width": width,
        "height": height,
        "region_borders": lines_path(main_borders, main) if main_borders else "",
        "inset": {
            "box": [inset_x, inset_y, inset_w, inset_h],
            "scale": INSET_SCALE,
            "region_borders": lines_path(inset_borders, inset) if inset_borders else "",
            # Where the inset's area lies on the main map (a thin frame drawn there).
            "source_box": [
                *main.point(ix0, iy1),
                round((ix1 - ix0) / UNIT_M),
                round((iy1 - iy0) / UNIT_M),
            ],
        },
        "bornholm_box": [born_x, born_y, born_w, born_h],
        "municipalities": municipalities,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("geojson", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--kommuner", type=Path, default=Path("data/kommuner.csv"))
    args = parser.parse_args()
    result = build(args.geojson, args.kommuner)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    # One municipality per line, so a diff of the file stays readable.
    text = text.replace(',{"code"', ',\n{"code"')
    args.out.write_text(text + "\n", encoding="utf-8")
    points = sum(
        e["path"].count(" ") + e.get("inset_path", "").count(" ") for e in result["municipalities"]
    )
    print(f"{args.out}: {len(result['municipalities'])} kommuner, ca. {points} punkter")


if __name__ == "__main__":
    main()
