"""Findable (issue 18, point 4): every case page describes itself in schema.org JSON-LD, every
page names its canonical production address and carries Open Graph title and description, and
robots.txt and the sitemap point at the production site. Checked on the session's real build."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from praksisatlas import Catalog
from praksisatlas.history import read_history
from site_pages import ROOT, html_pages, site_address

JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
META_RE = re.compile(r'<meta property="(og:[a-z_]+)" content="([^"]*)">')
CANONICAL_RE = re.compile(r'<link rel="canonical" href="([^"]+)">')


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_case_page_has_valid_json_ld(site: Path, catalog: Catalog) -> None:
    production = site_address()
    root = f"{production.scheme}://{production.host}{production.prefix}"
    histories = read_history(ROOT)
    themes = {theme.key: theme.name for theme in catalog.vocab.themes}
    sources = {source.key: source.title for source in catalog.vocab.sources}
    for case in catalog.cases:
        html = _page(site, case.url)
        blocks = JSON_LD_RE.findall(html)
        assert len(blocks) == 1, case.slug
        data = json.loads(blocks[0])  # valid JSON, or this raises
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Article"
        assert data["url"] == root + case.url
        assert data["name"] == case.title and data["description"] == case.summary
        assert data["inLanguage"] == "da"
        assert [term["name"] for term in data["about"]] == [themes[key] for key in case.themes]
        cited = [sources[key] for key in dict.fromkeys(ref.source for ref in case.sources)]
        assert [work["name"] for work in data["citation"]] == cited
        places = [place["name"] for place in data.get("spatialCoverage", [])]
        for name in case.municipalities:
            assert name in places, case.slug
            region = catalog.vocab.municipality(name).region
            assert {"@type": "AdministrativeArea", "name": region} in [
                place.get("containedInPlace") for place in data["spatialCoverage"]
            ]
        history = histories.get(case.slug)
        if history is not None and history.changes:
            assert data["datePublished"] == history.first_published
            assert data["dateModified"] == history.last_changed
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dateModified"])


def test_json_ld_cannot_close_its_script_element(catalog: Catalog) -> None:
    """A «</script>» in a title or summary must not end the JSON-LD block early."""
    from dataclasses import replace

    from praksisatlas.render.structured_data import PageUrls, case_json_ld

    case = replace(catalog.cases[0], title="Farlig </script><script>alert(1)</script>")
    text = case_json_ld(case, catalog, None, PageUrls("https://x.invalid/a/", "https://x.invalid/"))
    assert "</script" not in text
    assert json.loads(text)["name"] == case.title


def test_every_page_has_canonical_and_open_graph(site: Path) -> None:
    production = site_address()
    root = f"{production.scheme}://{production.host}{production.prefix}"
    pages = [page for page in html_pages(site) if page.name == "index.html"]
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        canonical = CANONICAL_RE.findall(html)
        rel = page.relative_to(site).as_posix().removesuffix("index.html")
        assert canonical == [root + rel], page
        meta = {key: unescape(value) for key, value in META_RE.findall(html)}
        assert meta["og:url"] == root + rel
        assert meta["og:title"].strip() and meta["og:description"].strip(), page
        assert meta["og:locale"] == "da_DK" and meta["og:site_name"] == "Praksisatlas"
        assert 'name="robots" content="noindex"' not in html, "production pages are indexable"


def test_case_pages_share_title_and_summary(site: Path, catalog: Catalog) -> None:
    case = catalog.cases[0]
    meta = {key: unescape(value) for key, value in META_RE.findall(_page(site, case.url))}
    assert meta["og:title"] == case.title
    assert meta["og:description"] == case.summary
    assert meta["og:type"] == "article"


def test_robots_and_sitemap_point_to_production(site: Path) -> None:
    production = site_address()
    root = f"{production.scheme}://{production.host}{production.prefix}"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {root}sitemap.xml" in robots and "Disallow: /" not in robots
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locations) > 100 and all(loc.startswith(root) for loc in locations)
