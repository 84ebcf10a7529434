"""The map of Denmark's 98 municipalities as inline SVG, drawn at build time in plain Python.

The shapes come from ``data/map/kommuner.json``, made once from the official boundaries by
``scripts/tools/simplify_map.py`` (see DESIGN.md «Pictures»); this module only reads that file.
No map library, no tiles, no script: the SVG is in the page's HTML and works without JavaScript.

Two pictures:

- :func:`choropleth` — cases per municipality in four shades (plus «none»), each municipality
  with cases a link to its page named «Randers: 6 praksiseksempler», the count written on it, the
  borders between regions, Bornholm in a box and the Copenhagen area enlarged (there, not on the
  small main map, are the links of its municipalities, so each municipality is one link), with
  the cases a map cannot hold (only an amt, or national) counted beside it: the figures beside
  the map make the catalogue's total.
- :func:`locator` — the country with one municipality marked (municipality pages).

Colours are classes (``atlas-map__s1`` … ``s4``, ``k0``, ``hl``) styled in
``docs/assets/atlas.css`` for the light and dark schemes and print: the page's
Content-Security-Policy has no ``'unsafe-inline'`` for styles, so nothing here writes a
``style`` attribute.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from praksisatlas.catalog import Catalog
from praksisatlas.render.html import OnPage
from praksisatlas.render.markup import esc
from praksisatlas.slugs import slugify

CREDIT = "Kommunegrænser: Klimadatastyrelsen, DAGI 1:500.000 (2014), CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.da"
STEPS = 4


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    region: str
    path: str
    label: tuple[int, int]
    inset_path: str = ""
    inset_label: tuple[int, int] | None = None


@dataclass(frozen=True)
class DenmarkMap:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    region_borders: str
    inset_box: tuple[int, int, int, int]
    inset_source_box: tuple[int, int, int, int]
    inset_region_borders: str
    bornholm_box: tuple[int, int, int, int]

    def shape(self, name: str) -> Shape:
        for shape in self.shapes:
            if shape.name == name:
                return shape
        raise KeyError(name)


@cache
def load_map(data_dir: Path) -> DenmarkMap:
    raw = json.loads((data_dir / "map" / "kommuner.json").read_text(encoding="utf-8"))
    shapes = tuple(
        Shape(
            code=m["code"],
            name=m["name"],
            region=m["region"],
            path=m["path"],
            label=tuple(m["label"]),
            inset_path=m.get("inset_path", ""),
            inset_label=tuple(m["inset_label"]) if "inset_label" in m else None,
        )
        for m in raw["municipalities"]
    )
    return DenmarkMap(
        width=raw["width"],
        height=raw["height"],
        shapes=shapes,
        region_borders=raw["region_borders"],
        inset_box=tuple(raw["inset"]["box"]),
        inset_source_box=tuple(raw["inset"]["source_box"]),
        inset_region_borders=raw["inset"]["region_borders"],
        bornholm_box=tuple(raw["bornholm_box"]),
    )


# --- the colour scale -----------------------------------------------------------------------


def scale_bins(max_count: int) -> list[tuple[int, int | None]]:
    """Four classes by doubling: 1 | 2–3 | 4–7 | 8+ while the largest count is under 16, then
    each bound times the power of two that keeps eight or more in the top class's reach
    (e.g. 1–15 | 16–31 | 32–63 | 64+ at 100). Counts grow with the atlas; the classes follow."""
    unit = 1
    while 8 * unit * 2 <= max_count:
        unit *= 2
    lows = [1, 2 * unit, 4 * unit, 8 * unit]
    if unit == 1:
        lows = [1, 2, 4, 8]
    return [(low, lows[i + 1] - 1 if i + 1 < len(lows) else None) for i, low in enumerate(lows)]


def step_of(count: int, bins: list[tuple[int, int | None]]) -> int:
    """0 for no cases, else 1–4 (the class whose range holds ``count``)."""
    if count <= 0:
        return 0
    for index, (low, high) in enumerate(bins, start=1):
        if count >= low and (high is None or count <= high):
            return index
    return len(bins)


def bin_label(low: int, high: int | None) -> str:
    if high is None:
        return f"{low} eller flere"
    return str(low) if low == high else f"{low}–{high}"


def cases_label(count: int) -> str:
    return f"{count} praksiseksempel" if count == 1 else f"{count} praksiseksempler"


# --- drawing ---------------------------------------------------------------------------------


def _frame(box: tuple[int, int, int, int], cls: str) -> str:
    x, y, w, h = box
    return f'<rect class="{cls}" x="{x}" y="{y}" width="{w}" height="{h}" fill="none"/>'


def _svg_open(m: DenmarkMap, attrs: str) -> str:
    return (
        f'<svg class="atlas-map__svg" viewBox="0 0 {m.width} {m.height}" '
        f'xmlns="http://www.w3.org/2000/svg" {attrs}>'
    )


def _furniture(m: DenmarkMap) -> str:
    """Region borders, the inset's frames and its frame on the main map (no meaning of their own
    for a screen reader: the links and the text beside the map carry it)."""
    parts = ['<g aria-hidden="true">']
    parts.append(f'<path class="atlas-map__regions" d="{m.region_borders}" fill="none"/>')
    parts.append(f'<path class="atlas-map__regions" d="{m.inset_region_borders}" fill="none"/>')
    parts.append(_frame(m.inset_source_box, "atlas-map__frame"))
    parts.append(_frame(m.inset_box, "atlas-map__frame"))
    parts.append(_frame(m.bornholm_box, "atlas-map__frame"))
    x, y, _, _ = m.inset_box
    size = _font_size(m) * 0.85
    parts.append(
        f'<text class="atlas-map__caption" x="{x + size / 3:.0f}" y="{y + size * 1.1:.0f}"'
        f' font-size="{size:.0f}">Hovedstaden</text>'
    )
    parts.append("</g>")
    return "".join(parts)


def _font_size(m: DenmarkMap) -> float:
    """The count labels' size in drawing units: about 0.8 em where the map is 45 em wide."""
    return m.width / 55


def _label(point: tuple[int, int], count: int, step: int) -> str:
    x, y = point
    return (
        f'<text class="atlas-map__n atlas-map__t{step}" x="{x}" y="{y}" '
        f'text-anchor="middle" dominant-baseline="central" aria-hidden="true">{count}</text>'
    )


def _shape(path: str, cls: str, title: str, extra: str = "") -> str:
    return f'<path class="{cls}" d="{path}"{extra}><title>{esc(title)}</title></path>'


def choropleth(catalog: Catalog, on: OnPage, m: DenmarkMap) -> str:
    """The map of cases per municipality with the counts beside it (``/kommuner/``, front page).
    Finished HTML: a ``<figure>`` with the SVG, the legend and the figures that make the total."""
    counts = {s.name: len(catalog.in_municipality(s.name)) for s in m.shapes}
    bins = scale_bins(max(counts.values(), default=0))
    steps = {name: step_of(count, bins) for name, count in counts.items()}

    def title(name: str) -> str:
        count = counts[name]
        return f"{name}: {cases_label(count) if count else 'ingen praksiseksempler'}"

    background, links = [], []
    # Keyboard and reading order: region by region (north to south-east), names A–Å within one.
    region_order = _region_order(catalog)
    ordered = sorted(m.shapes, key=lambda s: (region_order.get(s.region, 99), s.name))
    for shape in ordered:
        step = steps[shape.name]
        cls = f"atlas-map__s{step}" if step else "atlas-map__k0"
        in_inset = bool(shape.inset_path)
        if step and not in_inset:
            links.append(_link(shape, "main", counts[shape.name], step, cls, on))
        else:
            # Drawn, not a link: no cases, or a link in the enlarged Copenhagen area instead.
            background.append(_shape(shape.path, cls, title(shape.name), _data(shape, "main")))
    inset_background, inset_links = [], []
    for shape in ordered:
        if not shape.inset_path:
            continue
        step = steps[shape.name]
        cls = f"atlas-map__s{step}" if step else "atlas-map__k0"
        if step:
            inset_links.append(_link(shape, "inset", counts[shape.name], step, cls, on))
        else:
            inset_background.append(
                _shape(shape.inset_path, cls, title(shape.name), _data(shape, "inset"))
            )

    with_cases = sum(1 for c in counts.values() if c)
    svg = (
        _svg_open(
            m,
            'role="group" aria-labelledby="atlas-map-title" aria-describedby="atlas-map-how"',
        )
        + '<g aria-hidden="true">'
        + "".join(background)
        + "".join(inset_background)
        + "</g>"
        + f'<g class="atlas-map__links" font-size="{_font_size(m):.0f}">'
        + "".join(links)
        + "".join(inset_links)
        + "</g>"
        + _furniture(m)
        + "</svg>"
    )
    legend = scale_legend(bins, "Praksiseksempler pr. kommune")
    side = _beside(catalog, on, counts, with_cases)
    return (
        '<figure class="atlas-map atlas-map--choropleth">'
        '<p class="atlas-map__title" id="atlas-map-title">'
        "Danmarkskort: praksiseksempler pr. kommune</p>"
        '<div class="atlas-map__layout">'
        f'<div class="atlas-map__drawing">{svg}</div>'
        f'<div class="atlas-map__side"><div>{side}</div><div>{legend}</div></div>'
        "</div>"
        f'<figcaption><span id="atlas-map-how">{with_cases} af 98 kommuner har praksiseksempler; '
        "tallet på kommunen er antallet, og kommunens navn og antal står i linket. "
        "Hovedstadsområdet er vist forstørret i rammen til højre, Bornholm i rammen foroven."
        f"</span> {_credit()}</figcaption>"
        "</figure>"
    )


def _data(shape: Shape, where: str) -> str:
    return f' data-kommune="{esc(shape.name)}" data-map="{where}"'


def _link(shape: Shape, where: str, count: int, step: int, cls: str, on: OnPage) -> str:
    """A municipality with cases: a link to its page, named «Randers: 6 praksiseksempler»."""
    path, label = (
        (shape.inset_path, shape.inset_label) if where == "inset" else (shape.path, shape.label)
    )
    target = on.href(f"kommuner/{slugify(shape.name)}.md")
    accessible = f"{shape.name}: {cases_label(count)}"
    return (
        f'<a href="{target}" aria-label="{esc(accessible)}" class="atlas-map__link"'
        f' data-kommune="{esc(shape.name)}" data-count="{count}" data-map="{where}">'
        f'<path class="{cls}" d="{path}"><title>{esc(accessible)}</title></path>'
        + (_label(label, count, step) if label else "")
        + "</a>"
    )


# North-west to south-east: the order the map's links and buttons are reached in.
_REGIONS = [
    "Region Nordjylland",
    "Region Midtjylland",
    "Region Syddanmark",
    "Region Sjælland",
    "Region Hovedstaden",
]


def _region_order(catalog: Catalog) -> dict[str, int]:
    known = list(catalog.vocab.regions)
    return {
        r: _REGIONS.index(r) if r in _REGIONS else len(_REGIONS) + known.index(r) for r in known
    }


def scale_legend(bins: list[tuple[int, int | None]], title: str, cls: str = "") -> str:
    """The key to the four shades (map and heat matrix): swatches drawn as SVG with the same
    classes, so they follow the scheme and print as the pictures do."""

    def swatch(shade: str) -> str:
        return (
            '<svg class="atlas-map__swatch" viewBox="0 0 20 14" aria-hidden="true">'
            f'<rect class="atlas-map__{shade}" x="0.5" y="0.5" width="19" height="13"/></svg>'
        )

    items = [f"<li>{swatch('k0')}ingen</li>"]
    for step, (low, high) in enumerate(bins, start=1):
        items.append(f"<li>{swatch(f's{step}')}{bin_label(low, high)}</li>")
    return (
        f'<div class="atlas-scale-key {cls}"><p class="atlas-map__legend-title">{esc(title)}</p>'
        f'<ul class="atlas-map__legend">{"".join(items)}</ul></div>'
    )


def _beside(catalog: Catalog, on: OnPage, counts: dict[str, int], with_cases: int) -> str:
    """The figures that make the catalogue's total: cases on the map (each counted once), cases
    a source places only in a pre-2007 amt, and national cases."""
    on_map = [c for c in catalog.cases if c.municipalities]
    county_only = [c for c in catalog.cases if not c.municipalities and c.counties]
    national = [c for c in catalog.cases if not c.municipalities and not c.counties]
    counties: dict[str, int] = {}
    for case in county_only:
        for key in case.counties:
            counties[key] = counties.get(key, 0) + 1
    names = {county.key: county.name for county in catalog.vocab.counties}
    several = [c for c in on_map if len(c.municipalities) > 1]
    other = on.href("kommuner/index.md#uden-kommune")
    parts = [
        '<dl class="atlas-map__figures">',
        f'<dt>På kortet</dt><dd data-map-figure="kort" data-count="{len(on_map)}">'
        f"{cases_label(len(on_map))} i {with_cases} kommuner</dd>",
    ]
    if county_only:
        listed = ", ".join(
            f"{esc(names.get(k, k))} {n}"
            for k, n in sorted(counties.items(), key=_county_key(names))
        )
        parts.append(
            "<dt>Kun et amt før 2007</dt>"
            f'<dd data-map-figure="amt" data-count="{len(county_only)}">'
            f'<a href="{other}">{cases_label(len(county_only))}</a> ({listed})</dd>'
        )
    if national:
        parts.append(
            f'<dt>Landsdækkende</dt><dd data-map-figure="land" data-count="{len(national)}">'
            f'<a href="{other}">{cases_label(len(national))}</a></dd>'
        )
    parts.append(
        f'<dt>I alt</dt><dd data-map-figure="i-alt" data-count="{len(catalog)}">'
        f"<strong>{cases_label(len(catalog))}</strong></dd></dl>"
    )
    notes = []
    if several:
        notes.append(
            "Et eksempel fra flere kommuner tæller med på hver af dem på kortet"
            f" ({len(several)} {'eksempel' if len(several) == 1 else 'eksempler'}), men kun én"
            " gang i tallene her."
        )
    if any(len(c.counties) > 1 for c in county_only):
        notes.append("Et eksempel fra flere amter tæller med ved hvert amt.")
    if notes:
        parts.append(f'<p class="atlas-map__note">{" ".join(notes)}</p>')
    return "".join(parts)


def _county_key(names: dict[str, str]):
    return lambda item: names.get(item[0], item[0])


def _credit() -> str:
    return (
        '<span class="atlas-map__credit">Kommunegrænser: Klimadatastyrelsen, DAGI 1:500.000 '
        f'(2014), <a href="{LICENCE_URL}">CC BY 4.0</a>.</span>'
    )


def locator(name: str, region: str, m: DenmarkMap) -> str:
    """The country with one municipality marked (a municipality's own page). A picture: one
    accessible name, no links."""
    shape = m.shape(name)
    parts = []
    for other in m.shapes:
        cls = "atlas-map__hl" if other.name == name else "atlas-map__k0"
        parts.append(f'<path class="{cls}" d="{other.path}"/>')
    for other in m.shapes:
        if other.inset_path:
            cls = "atlas-map__hl" if other.name == name else "atlas-map__k0"
            parts.append(f'<path class="{cls}" d="{other.inset_path}"/>')
    where = " (også vist forstørret i rammen med hovedstadsområdet)" if shape.inset_path else ""
    label = f"Danmarkskort med {name} Kommune markeret i {region}{where}."
    svg = (
        _svg_open(m, f'role="img" aria-label="{esc(label)}"')
        + "".join(parts)
        + _furniture(m).replace('<g aria-hidden="true">', "<g>", 1)
        + "</svg>"
    )
    return (
        '<figure class="atlas-map atlas-map--locator">'
        f'<div class="atlas-map__drawing">{svg}</div>'
        f"<figcaption>{esc(name)} Kommune på kortet. {_credit()}</figcaption>"
        "</figure>"
    )


EXPLORER_MAP_FILE = "kort/kommuner.svg"


def explorer_svg(m: DenmarkMap) -> str:
    """The explorer's map view as a file of its own (``kort/kommuner.svg``), fetched only when
    the reader opens the view, so the explorer's list stays as light and fast as before.

    Every municipality is a ``<g data-kommune="<slug>">`` with its shape and an empty count
    label; explorer.js shades them by the counts of the current selection and makes those with
    cases buttons that filter by the municipality. The main map's copies of the municipalities
    in the enlarged Copenhagen area are drawn but not interactive (``data-map="main"`` with
    ``data-inset``), so each municipality is one button."""
    groups = []
    # Keyboard order as on the static map: region by region, names A–Å within one.
    ordered = sorted(m.shapes, key=lambda s: (_REGIONS.index(s.region), s.name))
    for shape in ordered:
        slug = esc(slugify(shape.name))
        name = esc(shape.name)
        x, y = shape.label
        in_inset = ' data-inset="true"' if shape.inset_path else ""
        groups.append(
            f'<g data-kommune="{slug}" data-name="{name}" data-map="main"{in_inset}>'
            f'<path class="atlas-map__k0" d="{shape.path}"/>'
            + (
                ""
                if shape.inset_path
                else f'<text class="atlas-map__n" x="{x}" y="{y}" text-anchor="middle" '
                'dominant-baseline="central" aria-hidden="true"></text>'
            )
            + "</g>"
        )
    for shape in ordered:
        if not shape.inset_path or shape.inset_label is None:
            continue
        slug = esc(slugify(shape.name))
        x, y = shape.inset_label
        groups.append(
            f'<g data-kommune="{slug}" data-name="{esc(shape.name)}" data-map="inset">'
            f'<path class="atlas-map__k0" d="{shape.inset_path}"/>'
            f'<text class="atlas-map__n" x="{x}" y="{y}" text-anchor="middle" '
            'dominant-baseline="central" aria-hidden="true"></text></g>'
        )
    return (
        f'<svg class="atlas-map__svg" viewBox="0 0 {m.width} {m.height}" '
        'xmlns="http://www.w3.org/2000/svg" role="group" '
        'aria-label="Danmarkskort: praksiseksempler i udvalget pr. kommune">'
        f'<g class="atlas-map__shapes" font-size="{_font_size(m):.0f}">'
        + "".join(groups)
        + "</g>"
        + _furniture(m)
        + "</svg>\n"
    )
