"""Pictures (issue 19): the map of Denmark, checked in the committed map file, in the real build
and in Chromium (with and without JavaScript, light and dark, print).

axe does not check SVG fills, so the colour scale's contrast is computed here from the colours
the browser actually paints: each shade against the page background and against the number
written on it, in both schemes.
"""

from __future__ import annotations

import copy
import gzip
import html
import importlib.util
import itertools
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from praksisatlas import Catalog
from praksisatlas.render.denmark_map import (
    CREDIT,
    bin_label,
    cases_label,
    load_map,
    scale_bins,
    step_of,
)
from praksisatlas.slugs import slugify

ROOT = Path(__file__).resolve().parents[1]
MAP_FILE = ROOT / "data" / "map" / "kommuner.json"
SOURCE = ROOT.parent / "shared" / "data" / "dagi-kommuner-2014.geojson"
REGION_ORDER = [
    "Region Nordjylland",
    "Region Midtjylland",
    "Region Syddanmark",
    "Region Sjælland",
    "Region Hovedstaden",
]


# --- the committed map file -----------------------------------------------------------------


def test_map_file_holds_the_98_municipalities_and_not_christiansoe(catalog: Catalog) -> None:
    denmark = load_map(ROOT / "data")
    names = [s.name for s in denmark.shapes]
    assert len(names) == 98 == len(set(names))
    assert set(names) == {m.name for m in catalog.vocab.municipalities}
    assert "Christiansø" not in names and "0411" not in {s.code for s in denmark.shapes}
    assert "Høje-Taastrup" in names
    regions = {m.name: m.region for m in catalog.vocab.municipalities}
    for shape in denmark.shapes:
        assert shape.region == regions[shape.name], shape.name
        assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", shape.path), shape.name
        x, y = shape.label
        assert 0 <= x <= denmark.width and 0 <= y <= denmark.height, shape.name
    inset = [s.name for s in denmark.shapes if s.inset_path]
    assert {"København", "Frederiksberg", "Gentofte", "Tårnby"} <= set(inset)
    assert "Bornholm" not in inset and len(inset) < 40


def test_map_file_is_small() -> None:
    raw = MAP_FILE.read_bytes()
    assert len(gzip.compress(raw, 9)) < 40_000, "DESIGN.md: under 40 KB gzipped"


@pytest.mark.skipif(
    not SOURCE.is_file() or importlib.util.find_spec("shapely") is None,
    reason="the DAGI source (../shared/data) or shapely is not here",
)
def test_simplify_script_makes_exactly_the_committed_file(tmp_path: Path) -> None:
    """The command in DESIGN.md, run again, writes the committed file byte for byte."""
    out = tmp_path / "kommuner.json"
    subprocess.run(
        [sys.executable, "scripts/tools/simplify_map.py", str(SOURCE), str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert out.read_bytes() == MAP_FILE.read_bytes()


def test_build_does_not_import_shapely() -> None:
    for path in (ROOT / "scripts" / "praksisatlas").rglob("*.py"):
        assert "shapely" not in path.read_text(encoding="utf-8"), path


# --- the colour scale -------------------------------------------------------------------------


@pytest.mark.parametrize("largest", [0, 1, 3, 8, 15, 16, 40, 100, 2000])
def test_scale_classes_cover_every_count_once_and_in_order(largest: int) -> None:
    bins = scale_bins(largest)
    assert len(bins) == 4 and bins[0][0] == 1 and bins[-1][1] is None
    for (low, high), (next_low, _) in itertools.pairwise(bins):
        assert high is not None and low <= high and next_low == high + 1
    steps = [step_of(n, bins) for n in range(0, max(largest, 20) + 1)]
    assert steps[0] == 0 and steps == sorted(steps)
    assert all(1 <= s <= 4 for s in steps[1:])
    assert (
        bin_label(1, 1) == "1"
        and bin_label(2, 3) == "2–3"
        and bin_label(8, None) == ("8 eller flere")
    )


def test_the_scale_today() -> None:
    assert scale_bins(8) == [(1, 1), (2, 3), (4, 7), (8, None)]
    assert scale_bins(100) == [(1, 15), (16, 31), (32, 63), (64, None)]
    assert [step_of(n, scale_bins(8)) for n in (0, 1, 2, 3, 4, 7, 8, 30)] == [
        0, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip


# --- the map in the built pages ----------------------------------------------------------------


class MapParser(HTMLParser):
    """The map's municipalities (drawn shapes and links) and the figures beside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shapes: list[dict[str, str]] = []  # every element with data-kommune
        self.links: list[dict[str, str]] = []
        self.figures: dict[str, int] = {}
        self.styles = 0
        self.in_map = 0
        self.highlight: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "figure" and "atlas-map" in a.get("class", "").split():
            self.in_map += 1
        if not self.in_map:
            return
        if "style" in a or tag == "style":
            self.styles += 1
        if "data-kommune" in a:
            self.shapes.append({"tag": tag, **a})
            if tag == "a":
                self.links.append(a)
        if "data-map-figure" in a:
            self.figures[a["data-map-figure"]] = int(a["data-count"])
        if "atlas-map__hl" in a.get("class", "").split():
            self.highlight.append(a.get("d", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self.in_map:
            self.in_map -= 1


def parse_map(page: Path) -> MapParser:
    parser = MapParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("where", ["index.html", "kommuner/index.html"])
def test_choropleth_draws_98_municipalities_and_links_those_with_cases(
    site: Path, catalog: Catalog, where: str
) -> None:
    page = site / where
    found = parse_map(page)
    main = [s["data-kommune"] for s in found.shapes if s["data-map"] == "main"]
    assert len(main) == 98 == len(set(main)), "each municipality drawn once on the main map"
    assert "Christiansø" not in main
    counts = {m.name: len(catalog.in_municipality(m.name)) for m in catalog.vocab.municipalities}
    linked = [a["data-kommune"] for a in found.links]
    assert sorted(linked) == sorted(n for n, c in counts.items() if c), "one link per municipality"
    for a in found.links:
        name = a["data-kommune"]
        assert a["aria-label"] == f"{name}: {cases_label(counts[name])}"
        assert int(a["data-count"]) == counts[name]
        # The link leads to the municipality's page, and that page exists.
        target = (page.parent / a["href"]).resolve() / "index.html"
        assert target == (site / "kommuner" / slugify(name) / "index.html").resolve(), name
        assert target.is_file(), name
    # Municipalities without cases are drawn (visibly empty), never links.
    empty = {s["data-kommune"] for s in found.shapes if s["tag"] == "path" and "k0" in s["class"]}
    assert empty == {n for n, c in counts.items() if not c}
    assert found.styles == 0, "no style attribute or element (Content-Security-Policy)"
    assert CREDIT in html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("where", ["index.html", "kommuner/index.html"])
def test_counts_beside_the_map_make_the_catalogue_total(
    site: Path, catalog: Catalog, where: str
) -> None:
    found = parse_map(site / where)
    figures = found.figures
    assert figures["i-alt"] == len(catalog)
    assert figures["kort"] + figures.get("amt", 0) + figures.get("land", 0) == len(catalog)
    # The cases behind the drawn municipalities, each counted once, are the «på kortet» figure.
    drawn = {
        case.slug
        for a in found.links
        for case in catalog.in_municipality(a["data-kommune"])
    }  # fmt: skip
    assert len(drawn) == figures["kort"]
    assert figures.get("amt", 0) == sum(
        1 for c in catalog.cases if not c.municipalities and c.counties
    )
    assert len(drawn) + figures.get("amt", 0) + figures.get("land", 0) == len(catalog)


def test_every_municipality_page_marks_its_municipality(site: Path, catalog: Catalog) -> None:
    denmark = load_map(Path(__file__).resolve().parents[1] / "data")
    for name in catalog.municipalities_with_cases:
        page = site / "kommuner" / slugify(name) / "index.html"
        text = page.read_text(encoding="utf-8")
        found = parse_map(page)
        shape = denmark.shape(name)
        expected = [shape.path] + ([shape.inset_path] if shape.inset_path else [])
        assert found.highlight == expected, name
        assert f'aria-label="Danmarkskort med {html.escape(name)} Kommune markeret' in text, name
        assert CREDIT in html.unescape(re.sub(r"<[^>]+>", "", text)), name
        assert found.styles == 0


# --- in the browser ----------------------------------------------------------------------------

CONTRAST_JS = """() => {
    const svg = document.querySelector('.atlas-map__svg');
    const probe = (tag, cls) => {
        const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
        el.setAttribute('class', cls);
        svg.appendChild(el);
        const style = getComputedStyle(el);
        const out = {fill: style.fill, stroke: style.stroke};
        el.remove();
        return out;
    };
    let node = svg, background = 'rgba(0, 0, 0, 0)';
    while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
        background = getComputedStyle(node).backgroundColor;
        node = node.parentElement;
    }
    const shades = {};
    for (const cls of ['k0', 's1', 's2', 's3', 's4', 'hl']) {
        shades[cls] = probe('path', 'atlas-map__' + cls);
    }
    const text = {};
    for (const n of [1, 2, 3, 4]) text[n] = probe('text', 'atlas-map__n atlas-map__t' + n).fill;
    return {background, shades, text,
            scheme: document.body.getAttribute('data-md-color-scheme')};
}"""


def rgb(css: str) -> tuple[float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)[:3]]
    assert len(values) == 3, css
    return values[0], values[1], values[2]


def luminance(css: str) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb(css)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_computation() -> None:
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)
    assert contrast("rgb(1, 2, 3)", "rgb(1, 2, 3)") == 1


def check_scale(colours: dict, darker_with_more: bool) -> list[str]:
    """What fails WCAG in the painted scale (empty list: all good)."""
    bad = []
    bg, shades, text = colours["background"], colours["shades"], colours["text"]
    for n in (1, 2, 3, 4):
        fill = shades[f"s{n}"]["fill"]
        if contrast(fill, bg) < 3:
            bad.append(f"s{n} {fill} on background {bg}: {contrast(fill, bg):.2f} < 3")
        if contrast(text[str(n)], fill) < 4.5:
            bad.append(
                f"number {text[str(n)]} on s{n} {fill}: {contrast(text[str(n)], fill):.2f} < 4.5"
            )
    if contrast(shades["hl"]["fill"], bg) < 3:
        bad.append(f"highlight on background: {contrast(shades['hl']['fill'], bg):.2f} < 3")
    # Empty municipalities: a pale fill whose border stands out from it and from the page.
    line, empty = shades["k0"]["stroke"], shades["k0"]["fill"]
    for other, what in ((empty, "empty fill"), (bg, "background")):
        if contrast(line, other) < 3:
            bad.append(f"border {line} on {what} {other}: {contrast(line, other):.2f} < 3")
    # Reads in grey: brightness moves one way from «none» through the four shades, each step
    # clearly apart from the next.
    lum = [luminance(empty)] + [luminance(shades[f"s{n}"]["fill"]) for n in (1, 2, 3, 4)]
    order = lum if darker_with_more else [-v for v in lum]
    if order != sorted(order, reverse=True):
        bad.append(f"brightness not in order: {lum}")
    for a, b in itertools.pairwise(lum):
        ratio = (max(a, b) + 0.05) / (min(a, b) + 0.05)
        if ratio < 1.3:
            bad.append(f"neighbouring shades too close in grey: {ratio:.2f}")
    return bad


def test_check_scale_catches_a_bad_scale() -> None:
    good = {
        "background": "rgb(255, 255, 255)",
        "shades": {
            "k0": {"fill": "rgb(240, 240, 240)", "stroke": "rgb(118, 118, 118)"},
            "s1": {"fill": "rgb(40, 158, 146)"},
            "s2": {"fill": "rgb(29, 117, 108)"},
            "s3": {"fill": "rgb(21, 84, 77)"},
            "s4": {"fill": "rgb(13, 52, 48)"},
            "hl": {"fill": "rgb(13, 52, 48)"},
        },
        # As the browser hands it over: JSON, so the keys are strings.
        "text": {"1": "rgb(0, 0, 0)", "2": "rgb(255, 255, 255)", "3": "rgb(255, 255, 255)"},
    }
    good["text"]["4"] = "rgb(255, 255, 255)"
    assert check_scale(good, darker_with_more=True) == []
    assert check_scale(good, darker_with_more=False)  # wrong direction
    pale = copy.deepcopy(good)
    pale["shades"]["s1"]["fill"] = "rgb(178, 223, 219)"  # 1.4:1 on white
    assert any("s1" in p for p in check_scale(pale, darker_with_more=True))
    unreadable = copy.deepcopy(good)
    unreadable["text"]["2"] = "rgb(0, 0, 0)"
    assert any("number" in p for p in check_scale(unreadable, darker_with_more=True))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_scale_contrast_as_painted(browser: object, base_url: str, scheme: str) -> None:
    context = browser.new_context(locale="da-DK", color_scheme=scheme)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(base_url + "/kommuner/")
        colours = page.evaluate(CONTRAST_JS)
        assert colours["scheme"] == {"light": "default", "dark": "slate"}[scheme]
        problems = check_scale(colours, darker_with_more=scheme == "light")
        assert not problems, "\n".join(problems)
        # Print: the light shades whatever the screen's scheme (black-and-white printers).
        page.emulate_media(media="print")
        printed = page.evaluate(CONTRAST_JS)
        assert not check_scale(
            {**printed, "background": "rgb(255, 255, 255)"}, darker_with_more=True
        )
    finally:
        context.close()


@pytest.mark.browser
def test_map_works_without_javascript(browser: object, base_url: str, catalog: Catalog) -> None:
    context = browser.new_context(locale="da-DK", java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        for path in ("/", "/kommuner/"):
            page.goto(base_url + path)
            svg = page.locator(".atlas-map__svg")
            box = svg.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 200, path
            assert page.locator('.atlas-map__svg [data-map="main"]').count() == 98
            links = page.locator("a.atlas-map__link")
            assert links.count() == len(catalog.municipalities_with_cases)
            first = links.first.bounding_box()
            assert first and first["width"] > 2, "the shapes are drawn"
        name = catalog.municipalities_with_cases[0]
        page.goto(base_url + f"/kommuner/{slugify(name)}/")
        picture = page.get_by_role("img", name=re.compile(f"Danmarkskort med {name} Kommune"))
        assert picture.count() == 1 and picture.bounding_box()["width"] > 150
        # The other pictures are plain HTML and CSS too: shaded matrix, line, bars.
        page.goto(base_url + "/matrix/")
        shade = page.locator("td.atlas-heat-1, td.atlas-heat-2").first
        assert shade.evaluate("e => getComputedStyle(e).backgroundColor") not in (
            "rgba(0, 0, 0, 0)",
            "transparent",
        )
        span = next(c for c in catalog.cases if c.placement.span)
        page.goto(f"{base_url}/{span.url}")
        dots = page.eval_on_selector_all(
            "ol.atlas-scale > li", "els => els.map(e => e.getBoundingClientRect().top)"
        )
        assert len(set(dots)) == 1 and page.locator(".atlas-line-bar").first.is_visible()
        page.goto(base_url + "/kontinuum/")
        bars = page.locator(".atlas-bars__bar rect")
        assert bars.count() == 6 and bars.first.bounding_box()["width"] > 20
    finally:
        context.close()


@pytest.mark.browser
def test_map_links_in_keyboard_order_with_their_names(
    page: object, base_url: str, catalog: Catalog
) -> None:
    """Tab walks the map's links region by region (north to south-east), A–Å within a region,
    the enlarged Copenhagen area last; each announces name and count."""
    denmark = load_map(ROOT / "data")
    order = {r: i for i, r in enumerate(REGION_ORDER)}
    with_cases = [s for s in denmark.shapes if catalog.in_municipality(s.name)]
    expected = sorted(
        (s for s in with_cases if not s.inset_path), key=lambda s: (order[s.region], s.name)
    ) + sorted((s for s in with_cases if s.inset_path), key=lambda s: (order[s.region], s.name))
    page.goto(base_url + "/kommuner/")  # type: ignore[attr-defined]
    page.locator("a.atlas-map__link").first.focus()  # type: ignore[attr-defined]
    seen = []
    for _ in expected:
        seen.append(
            page.evaluate(  # type: ignore[attr-defined]
                "() => [document.activeElement.dataset.kommune,"
                " document.activeElement.getAttribute('aria-label')]"
            )
        )
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert [name for name, _ in seen] == [s.name for s in expected]
    for name, label in seen:
        assert label == f"{name}: {cases_label(len(catalog.in_municipality(name)))}"
    # Screen readers get the same names from the accessibility tree.
    link = page.get_by_role("link", name=seen[0][1], exact=True)  # type: ignore[attr-defined]
    assert link.count() == 1


# --- Part 2: the heat matrix, the continuum line, the bar charts, the explorer's map -------------


class CellParser(HTMLParser):
    """The matrix cells: (tema, trin) → (count, heat attribute, classes, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: dict[tuple[str, str], dict[str, str]] = {}
        self.current: tuple[str, str] | None = None
        self.bins = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "data-heat-bins" in a:
            self.bins = a["data-heat-bins"]
        if tag == "td" and "data-tema" in a:
            self.current = (a["data-tema"], a["data-trin"])
            self.cells[self.current] = {**a, "text": ""}

    def handle_data(self, data: str) -> None:
        if self.current:
            self.cells[self.current]["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.current = None


def test_heat_matrix_shades_each_cell_by_its_count(site: Path, catalog: Catalog) -> None:
    parser = CellParser()
    parser.feed((site / "matrix" / "index.html").read_text(encoding="utf-8"))
    rows = {str(s.step): catalog.on_step(s.step) for s in catalog.vocab.steps}
    rows["uden-for"] = catalog.off_continuum()
    expected = {
        (t.key, key): sum(1 for c in members if t.key in c.themes)
        for key, members in rows.items()
        for t in catalog.vocab.themes
    }
    bins = scale_bins(max(expected.values()))
    assert parser.bins == ",".join(str(low) for low, _ in bins)
    shaded = 0
    for (theme, step), count in expected.items():
        cell = parser.cells[theme, step]
        heat = step_of(count, bins)
        assert int(cell["data-count"]) == count and cell["data-heat"] == str(heat), (theme, step)
        classes = cell.get("class", "").split()
        assert (f"atlas-heat-{heat}" in classes) == bool(heat), (theme, step, classes)
        # The number stays in the cell (or «ingen»), so the shade is never the only signal.
        assert cell["text"].strip() == (str(count) if count else "ingen")
        shaded += bool(heat)
    assert shaded and any(step == "uden-for" for (_, step) in expected), "off row is shaded too"
    # Totals are sums: numbers, not shaded.
    for (theme, step), cell in parser.cells.items():
        if not theme or not step:
            assert "data-heat" not in cell and "atlas-heat" not in cell.get("class", "")
    assert "atlas-matrix__legend" in (site / "matrix" / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_heat_matrix_reshades_after_filtering(
    page: object, base_url: str, catalog: Catalog
) -> None:
    group = max(
        catalog.vocab.target_groups,
        key=lambda t: len(catalog.where(lambda c, key=t.key: key in c.target_groups)),
    )
    page.goto(f"{base_url}/matrix/?maalgruppe={group.key}")  # type: ignore[attr-defined]
    page.wait_for_selector('.atlas-matrix[data-ready="true"]')  # type: ignore[attr-defined]
    cells = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "td[data-heat]",
        "els => els.map(e => [e.dataset.count, e.dataset.heat, e.className])",
    )
    lows = [
        int(v)
        for v in page.locator(".atlas-matrix").get_attribute("data-heat-bins").split(",")  # type: ignore[attr-defined]
    ]
    bins = [(low, lows[i + 1] - 1 if i + 1 < len(lows) else None) for i, low in enumerate(lows)]
    full = sum(
        sum(1 for c in catalog.cases if t.key in c.themes and key in c.placement.keys)
        for t in catalog.vocab.themes
        for key in [*(str(st.step) for st in catalog.vocab.steps), "uden-for"]
    )
    assert 0 < sum(int(count) for count, _, _ in cells) < full, "the filter narrowed the matrix"
    for count, heat, classes in cells:
        want = step_of(int(count), bins)
        assert heat == str(want), (count, heat)
        assert (f"atlas-heat-{want}" in classes.split()) == bool(want)
        assert not any(f"atlas-heat-{h}" in classes.split() for h in range(1, 5) if h != want)


def test_case_pages_draw_the_continuum_as_a_line(site: Path, catalog: Catalog) -> None:
    kinds = {"step": 0, "span": 0, "off": 0}
    for case in catalog.cases:
        text = (site / case.url / "index.html").read_text(encoding="utf-8")
        scale = re.search(r'<ol class="atlas-scale[^"]*">(.*?)</ol>', text, re.S)
        assert scale, case.slug
        items = re.findall(r"<li[^>]*>.*?</li>", scale.group(1), re.S)
        assert len(items) == 5, case.slug
        marked = [i + 1 for i, item in enumerate(items) if 'class="is-current"' in item]
        assert marked == list(case.placement.steps), case.slug
        bars = re.findall(r"atlas-line-bar (atlas-span-\w+)", scale.group(1))
        if case.placement.off:
            kinds["off"] += 1
            assert "atlas-scale-off" in scale.group(0) and not bars
            assert "Uden for kontinuummet" in text
        elif case.placement.span:
            kinds["span"] += 1
            middle = ["atlas-span-mid"] * (len(case.placement.steps) - 2)
            assert bars == ["atlas-span-start", *middle, "atlas-span-end"], case.slug
        else:
            kinds["step"] += 1
            assert not bars
        # The text equivalent: «(dette eksempel)» on each marked step.
        assert scale.group(1).count("(dette eksempel)") == len(marked)
    assert all(kinds.values()), kinds


@pytest.mark.browser
def test_continuum_line_is_horizontal_on_a_desktop_and_stands_on_a_phone(
    browser: object, base_url: str, catalog: Catalog
) -> None:
    span = next(c for c in catalog.cases if c.placement.span)
    for width, horizontal in ((1280, True), (360, False)):
        context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        try:
            page.goto(f"{base_url}/{span.url}")
            boxes = page.eval_on_selector_all(
                "ol.atlas-scale > li",
                "els => els.map(e => { const r = e.getBoundingClientRect();"
                " return [r.left, r.top]; })",
            )
            lefts, tops = [b[0] for b in boxes], [b[1] for b in boxes]
            if horizontal:
                assert len(set(tops)) == 1 and lefts == sorted(lefts) and len(set(lefts)) == 5
            else:
                assert len(set(lefts)) == 1 and tops == sorted(tops) and len(set(tops)) == 5
            bar = page.locator(".atlas-line-bar").first.bounding_box()
            assert bar and bar["width"] > 0 and bar["height"] > 0
        finally:
            context.close()


def bar_rows(text: str) -> dict[str, tuple[int, float]]:
    chart = re.search(r'<figure class="atlas-bars">(.*?)</figure>', text, re.S)
    assert chart
    rows = re.findall(
        r'<li[^>]*data-trin="([^"]+)" data-count="(\d+)">.*?width="([\d.]+)"', chart.group(1)
    )
    return {key: (int(count), float(width)) for key, count, width in rows}


def expected_spread(cases) -> dict[str, int]:
    spread = {str(s): sum(1 for c in cases if c.placement.on(s)) for s in range(1, 6)}
    spread["uden-for"] = sum(1 for c in cases if c.placement.off)
    return spread


def test_bar_charts_on_the_continuum_and_theme_pages(site: Path, catalog: Catalog) -> None:
    pages = {"kontinuum/index.html": catalog.cases}
    for theme in catalog.vocab.themes:
        pages[f"temaer/{theme.key}/index.html"] = catalog.with_theme(theme.key)
    for where, cases in pages.items():
        rows = bar_rows((site / where).read_text(encoding="utf-8"))
        expected = expected_spread(cases)
        assert {k: n for k, (n, _) in rows.items()} == expected, where
        largest = max(expected.values())
        for key, (count, width) in rows.items():
            assert width == pytest.approx(100 * count / largest, abs=0.06), (where, key)


@pytest.mark.browser
def test_explorer_map_counts_follow_the_filters_and_a_click_filters(
    page: object, base_url: str, catalog: Catalog
) -> None:
    theme = max(catalog.vocab.themes, key=lambda t: len(catalog.with_theme(t.key))).key
    page.goto(f"{base_url}/udforsk/?tema={theme}&trin=1")  # type: ignore[attr-defined]
    page.wait_for_selector('.atlas-explorer[data-ready="true"]')  # type: ignore[attr-defined]
    seen = page.requests_seen  # type: ignore[attr-defined]
    assert not any(url.endswith("/kort/kommuner.svg") for url in seen), "fetched only on open"
    assert page.locator(".atlas-explorer__map").is_hidden()  # type: ignore[attr-defined]
    page.locator(".atlas-map-toggle").click()  # type: ignore[attr-defined]
    page.wait_for_selector('.atlas-explorer[data-map-ready="true"]')  # type: ignore[attr-defined]
    assert any(url.endswith("/kort/kommuner.svg") for url in page.requests_seen)  # type: ignore[attr-defined]

    def state() -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
        shown = page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".atlas-xcard",
            "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.kommune || '')",
        )
        per_list: dict[str, int] = {}
        for keys in shown:
            for key in keys.split():
                per_list[key] = per_list.get(key, 0) + 1
        drawn = page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".atlas-explorer__map g[data-kommune]:not([data-inset])",
            "els => els.map(e => [e.dataset.kommune, e.dataset.count || '0',"
            " e.getAttribute('aria-label') || '', e.querySelector('text').textContent])",
        )
        per_map = {slug: int(count) for slug, count, _, _ in drawn}
        labels = {slug: label for slug, _, label, _ in drawn}
        for slug, count, _, text in drawn:
            assert text == (count if count != "0" else ""), slug
        return per_list, per_map, labels

    per_list, per_map, labels = state()
    assert len(per_map) == 98
    assert {k: v for k, v in per_map.items() if v} == per_list
    names = {m.slug: m.name for m in catalog.vocab.municipalities}
    for slug, count in per_list.items():
        assert labels[slug] == f"{names[slug]}: {cases_label(count)}"
    # What the build expects: cases with the theme on step 1, per municipality.
    chosen = [c for c in catalog.cases if theme in c.themes and c.placement.on(1)]
    expected: dict[str, int] = {}
    for case in chosen:
        for name in case.municipalities:
            expected[slugify(name)] = expected.get(slugify(name), 0) + 1
    assert per_list == expected

    # Choosing a municipality on the map filters the list by it.
    slug = max(per_list, key=lambda k: (per_list[k], k))
    button = page.locator(f'.atlas-explorer__map g[data-kommune="{slug}"][role="button"]')  # type: ignore[attr-defined]
    assert button.count() == 1
    button.press("Enter")
    page.wait_for_function("s => location.search.includes(s)", arg=f"kommune={slug}")  # type: ignore[attr-defined]
    after, after_map, _ = state()
    assert after[slug] == per_list[slug]
    shown = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".atlas-xcard",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.kommune.split(' '))",
    )
    assert all(slug in keys for keys in shown)
    assert len(shown) == per_list[slug] == after_map[slug]
    assert button.get_attribute("aria-pressed") == "true"
    button.click()  # and again: the filter is gone
    page.wait_for_function("s => !location.search.includes(s)", arg=f"kommune={slug}")  # type: ignore[attr-defined]
    assert state()[0] == per_list


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_explorer_map_view_passes_axe(browser: object, base_url: str, scheme: str) -> None:
    """The page types in the accessibility gate show the explorer with its map closed; here it
    is open (its buttons, names and the key), in both schemes."""
    from test_accessibility import describe, run_axe

    context = browser.new_context(locale="da-DK", color_scheme=scheme)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(f"{base_url}/udforsk/?tema=sundhed")
        page.wait_for_selector('.atlas-explorer[data-ready="true"]')
        page.locator(".atlas-map-toggle").click()
        page.wait_for_selector('.atlas-explorer[data-map-ready="true"]')
        assert page.locator(".atlas-map-toggle").get_attribute("aria-expanded") == "true"
        violations = run_axe(page)
        assert not violations, describe(violations)
    finally:
        context.close()
