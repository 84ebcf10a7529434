"""A real browser (Debian's Chromium through Playwright) on the real built site.

A reader goes front page → theme → case; search finds cases by title and by municipality; no
request leaves the local server on any of these pages.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from praksisatlas import Catalog

pytestmark = pytest.mark.browser


def assert_only_local(page: object, base_url: str) -> None:
    host = urlparse(base_url).netloc
    for url in page.requests_seen:  # type: ignore[attr-defined]
        parsed = urlparse(url)
        if parsed.scheme in {"data", "blob"}:
            continue
        assert parsed.netloc == host, f"request left the local server: {url}"


def heading(page: object) -> str:
    """The h1 text without Material's permalink sign."""
    return page.locator("h1").inner_text().removesuffix("¶").strip()


def search(page: object, query: str) -> list[str]:
    """Type into Material's search box and return the result links (paths)."""
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.dispatch_event("keyup")  # Material's search box reacts to key events, not to fill()
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    return [urlparse(h).path for h in links.evaluate_all("els => els.map(e => e.href)")]


def test_front_theme_case_journey(page: object, base_url: str, catalog: Catalog) -> None:
    theme = catalog.vocab.themes[1]
    first = catalog.with_theme(theme.key)[0]
    page.goto(base_url + "/")
    assert heading(page) == "Praksisatlas"
    assert page.locator("html").get_attribute("lang") == "da"
    page.locator(f'.md-content a[href="temaer/{theme.key}/"]').first.click()
    page.wait_for_url(f"**/temaer/{theme.key}/")
    assert heading(page) == theme.name
    page.locator(f'a[data-slug="{first.slug}"]').click()
    page.wait_for_url(f"**/praksis/{first.slug}/")
    assert heading(page) == first.title
    assert page.locator(".atlas-facts").is_visible()
    assert (
        page.locator('.atlas-scale [aria-current="step"]')
        .inner_text()
        .startswith(f"{first.placement.first}.")
    )
    assert_only_local(page, base_url)


def test_search_finds_case_by_title(page: object, base_url: str, catalog: Catalog) -> None:
    case = catalog.by_slug["en-anderledes-livsstil-hjoernestenen"]
    page.goto(base_url + "/")
    results = search(page, "anderledes livsstil")
    assert f"/{case.url}" in results[:3], results
    assert_only_local(page, base_url)


def test_search_finds_case_by_municipality(page: object, base_url: str, catalog: Catalog) -> None:
    case = next(c for c in catalog.cases if "Skive" in c.municipalities)
    page.goto(base_url + "/kontinuum/")
    results = search(page, "Skive")
    assert f"/{case.url}" in results, results
    assert_only_local(page, base_url)


def test_no_request_leaves_localhost_on_page_types(
    page: object, base_url: str, catalog: Catalog
) -> None:
    case = catalog.cases[0]
    for path in ("/", "/temaer/sundhed/", "/kontinuum/", "/kilder/", "/kommuner/", f"/{case.url}"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert_only_local(page, base_url)
    assert page.context.cookies() == []
