"""The real strict build of the repository (built once per session, see conftest.site).

Counts and lists on generated pages must equal what the catalog says; the exports must match.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from praksisatlas import Catalog
from praksisatlas.slugs import slugify
from site_pages import site_address

SLUG_RE = re.compile(r'data-slug="([^"]+)"')


def slugs_on(html: str) -> list[str]:
    return SLUG_RE.findall(html)


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_one_page_per_case_file(site: Path, catalog: Catalog, root: Path) -> None:
    files = sorted(p.stem for p in (root / "cases").glob("*.md") if not p.name.startswith("_"))
    pages = sorted(p.name for p in (site / "praksis").iterdir() if (p / "index.html").is_file())
    assert files == pages == sorted(catalog.by_slug)


def test_json_and_csv_have_one_entry_per_case(site: Path, catalog: Catalog) -> None:
    data = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert [item["slug"] for item in data] == [case.slug for case in catalog.cases]
    for item in data:
        assert item["url"] == f"praksis/{item['slug']}/"
        assert (site / item["url"] / "index.html").is_file()
        assert {"title", "regions", "themes", "continuum", "sources"} <= set(item)
    raw = (site / "data" / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a BOM for Danish Excel"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["slug", "title", "url"]
    assert [row[0] for row in rows[1:]] == [case.slug for case in catalog.cases]
    assert json.loads((site / "data" / "case.schema.json").read_text(encoding="utf-8"))["type"]


def test_theme_pages_list_exactly_the_catalog(site: Path, catalog: Catalog) -> None:
    for theme in catalog.vocab.themes:
        html = read(site, f"temaer/{theme.key}")
        expected = [case.slug for case in catalog.with_theme(theme.key)]
        assert slugs_on(html) == expected, theme.key


def test_continuum_page_lists_each_step_exactly(site: Path, catalog: Catalog) -> None:
    html = read(site, "kontinuum")
    parts = re.split(r'<h2 id="trin-(\d)"', html)
    by_step = {int(parts[i]): slugs_on(parts[i + 1]) for i in range(1, len(parts), 2)}
    assert sorted(by_step) == [1, 2, 3, 4, 5]
    for step, slugs in by_step.items():
        assert slugs == [case.slug for case in catalog.on_step(step)], step
    # A span case is listed on each of its steps, an off case on none of them.
    assert sum(len(s) for s in by_step.values()) == sum(
        len(c.placement.steps) for c in catalog.cases
    )


def test_anchor_cases_sit_on_steps_one_to_five(catalog: Catalog) -> None:
    for step in catalog.vocab.steps:
        assert catalog.by_slug[step.anchor].placement.steps == (step.step,)
    assert [s.letter for s in catalog.vocab.steps] == ["A", "B", "C", "D", "E"]


def test_municipality_pages(site: Path, catalog: Catalog) -> None:
    index = read(site, "kommuner")
    for name in catalog.municipalities_with_cases:
        slug = slugify(name)
        assert f'href="{slug}/"' in index, name
        html = read(site, f"kommuner/{slug}")
        assert slugs_on(html) == [c.slug for c in catalog.in_municipality(name)]


def test_sources_page_lists_citing_cases(site: Path, catalog: Catalog) -> None:
    html = read(site, "kilder")
    parts = re.split(r'<h2 id="([a-z0-9-]+)"', html)
    by_source = {parts[i]: slugs_on(parts[i + 1]) for i in range(1, len(parts), 2)}
    for source in catalog.vocab.sources:
        assert by_source[source.key] == [c.slug for c in catalog.citing(source.key)]


def test_case_page_has_fact_box_and_sources(site: Path, catalog: Catalog) -> None:
    for case in catalog.cases:
        # Long step names carry soft hyphens on the continuum line (render/hyphenation.py).
        html = read(site, case.url).replace("\u00ad", "")
        assert 'class="atlas-facts"' in html
        placement = case.placement
        assert html.count('aria-current="step"') == (0 if placement.off else 1)
        if placement.off:
            assert placement.label in html
        else:
            first = catalog.vocab.step(placement.first)
            assert f"{first.step}. {first.name}" in html
        for key in case.themes:
            assert f'href="../../temaer/{key}/"' in html, (case.slug, key)
        for region in case.regions:
            assert region in html
        assert 'id="kilder"' in html and 'class="atlas-history"' in html
        assert "<script>" not in html.split('class="md-content"')[1].split("</article>")[0]


def test_front_page_counts(site: Path, catalog: Catalog) -> None:
    html = read(site, "")
    assert f"<strong>{len(catalog)}</strong> praksiseksempler" in html
    for theme in catalog.vocab.themes:
        assert f'href="temaer/{theme.key}/"' in html


def test_search_index_covers_every_case(site: Path, catalog: Catalog) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["da"]
    docs = index["docs"]
    for case in catalog.cases:
        text = " ".join(
            d["title"] + " " + d["text"] for d in docs if d["location"].startswith(case.url)
        )
        assert case.title in text or case.title.replace("&", "&amp;") in text, case.slug
        for name in case.municipalities:
            assert name in text, (case.slug, name)


def test_no_placeholder_of_held_html_is_left(site: Path) -> None:
    """Generated HTML held out of the Markdown (render/html.py) is back on every page."""
    left = [
        str(path.relative_to(site))
        for path in site.rglob("*.html")
        if "<!-- atlas-html" in path.read_text(encoding="utf-8")
    ]
    assert not left


def test_pages_outside_search_are_no_results(site: Path) -> None:
    """The 404 page and pages whose front matter says «search: exclude» (explorer, matrix,
    compare: they list everything) are in neither index; every other page is in both."""
    data = json.loads((site / "search" / "praksisatlas.json").read_text(encoding="utf-8"))
    pagefind = {location for location, _ in data["pagefind"].values()}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    material = {doc["location"] for doc in index["docs"]}
    assert pagefind == material
    assert (site / "404.html").is_file() and "404.html" not in pagefind
    for location in ("udforsk/", "matrix/", "sammenlign/"):
        assert (site / location / "index.html").is_file()
        assert location not in pagefind, location
    assert "" in pagefind and "kontinuum/" in pagefind


def test_no_third_party_references_in_html(site: Path) -> None:
    """Privacy: no fonts, scripts, styles or images from other hosts in any built page."""
    pattern = re.compile(r'(?:src|href)="(https?:)?//(?!127\.0\.0\.1|localhost)([^"/]+)')
    allowed_links = {site_address().host}  # the canonical site_url, a plain link
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            found = pattern.search(tag)
            if found and found.group(2) not in allowed_links:
                raise AssertionError(f"{page}: third-party resource {found.group(0)}")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert "Made with" not in html, page


def test_build_log_is_short_and_says_what_matters(build_log: str, catalog: Catalog) -> None:
    """A newcomer's `make serve` / `make build` shows the cases loaded and any problem, not a
    hundred «not included in the nav» lines for the generated pages or the macros plugin's
    inventory (issue 18, point 6)."""
    lines = [line for line in build_log.splitlines() if line.strip()]
    assert f"Praksisatlas: {len(catalog)} praksiseksempler indlæst." in build_log
    assert "not included in the" not in build_log
    assert "[macros]" not in build_log
    assert len(lines) <= 8, build_log
