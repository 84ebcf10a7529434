"""Correct under a path prefix (issue 18, point 3): a preview is served from
/praksisatlas/pr-preview/pr-7/ and the production site from /praksisatlas/ on GitHub Pages. The
site is built with such a site_url, served under that prefix on 127.0.0.1 the way GitHub Pages
serves it (every missing path, anywhere on the host, gets the root's 404.html), and the link
gate, search (Pagefind and the Danish worker), the explorer, compare, the feed and the sitemap
are checked there."""

from __future__ import annotations

import http.server
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from bench.browser import serve
from conftest import ROOT, run_build
from praksisatlas import Catalog
from site_pages import SiteAddress, html_pages
from test_links import _Collector, check

pytestmark = pytest.mark.browser

PREFIX = "/praksisatlas/pr-preview/pr-7/"
SITE_URL = "https://eksempel.github.io" + PREFIX
PRODUCTION = "https://eksempel.github.io/praksisatlas/"


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """GitHub Pages in miniature: the site lives under PREFIX; any other path, or a missing
    file, answers 404 with the site's own 404.html (Pages shows the root's 404 page)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        plain = unquote(urlparse(path).path)
        if not plain.startswith(PREFIX):
            return str(Path(self.directory) / "__findes_ikke__")
        return super().translate_path("/" + path[path.index(PREFIX) + len(PREFIX) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def prefixed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("subpath") / "site"
    settings = {
        "PRAKSISATLAS_SITE_URL": SITE_URL,
        "PRAKSISATLAS_PRODUCTION_URL": PRODUCTION,
        "PRAKSISATLAS_PREVIEW": "true",
    }
    result = run_build(ROOT, site, settings)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def prefixed_url(prefixed_site: Path) -> Iterator[str]:
    """The host root of a server that serves the site under PREFIX."""
    with serve(prefixed_site, handler=PagesLikeHandler) as url:
        yield url


@pytest.fixture
def tab(browser: object, prefixed_url: str) -> Iterator[object]:
    """A page that records failed and foreign requests."""
    context = browser.new_context(locale="da-DK")  # type: ignore[attr-defined]
    page = context.new_page()
    page.failures = []  # type: ignore[attr-defined]

    def note(response: object) -> None:
        if response.status >= 400 and not response.url.endswith("/findes/ikke/her/"):  # type: ignore[attr-defined]
            page.failures.append(f"{response.status} {response.url}")  # type: ignore[attr-defined]

    page.on("response", note)
    page.on("requestfailed", lambda request: page.failures.append(f"failed {request.url}"))
    yield page
    context.close()


def test_every_link_resolves_under_the_prefix(prefixed_site: Path) -> None:
    address = SiteAddress.of(SITE_URL)
    problems, external = [], defaultdict(set)
    pages = {}
    for path in html_pages(prefixed_site):
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8"))
        pages[path] = collector.page
    count = 0
    for path, page in pages.items():
        base = address.prefix + path.relative_to(prefixed_site).as_posix().removesuffix(
            "index.html"
        )
        for link in page.links:
            if link.startswith(PRODUCTION) and not link.startswith(SITE_URL):
                continue  # canonical links to production, checked by the production build's gate
            count += 1
            reason = check(prefixed_site, pages, base, link, external, address)
            if reason:
                problems.append(f"{path.relative_to(prefixed_site).as_posix()}: {reason}")
    assert count > 1000
    assert not problems, "\n".join(sorted(set(problems))[:40])


def test_feed_and_sitemap_use_the_right_addresses(prefixed_site: Path) -> None:
    feed = (prefixed_site / "feed.xml").read_text(encoding="utf-8")
    links = re.findall(r'<link[^>]*href="([^"]+)"', feed)
    assert links and all(link.startswith(SITE_URL) for link in links), links[:3]
    sitemap = (prefixed_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(PRODUCTION) for loc in locations)
    assert not any(loc.startswith(SITE_URL) for loc in locations)  # the preview is not indexed


def test_search_works_under_the_prefix(tab: object, prefixed_url: str, catalog: Catalog) -> None:
    case = catalog.by_slug["en-anderledes-livsstil-hjoernestenen"]
    tab.goto(prefixed_url + PREFIX + "kontinuum/")  # type: ignore[attr-defined]
    tab.keyboard.press("/")  # type: ignore[attr-defined]
    box = tab.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.fill("anderledes livsstil")
    box.dispatch_event("keyup")
    tab.wait_for_selector(".md-search-result__item", timeout=15000)  # type: ignore[attr-defined]
    links = tab.locator(".md-search-result__item > a.md-search-result__link")  # type: ignore[attr-defined]
    hrefs = [urlparse(h).path for h in links.evaluate_all("els => els.map(e => e.href)")]
    assert PREFIX + case.url in hrefs[:3], hrefs
    # The Danish pipeline: an inflected, misspelt query still finds the case.
    box.fill("anderlede livstil")
    box.dispatch_event("keyup")
    tab.wait_for_timeout(500)  # type: ignore[attr-defined]
    tab.wait_for_selector(".md-search-result__item", timeout=15000)  # type: ignore[attr-defined]
    tab.locator(".md-search-result__item > a.md-search-result__link").first.click()  # type: ignore[attr-defined]
    tab.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert urlparse(tab.url).path.startswith(PREFIX)  # type: ignore[attr-defined]
    assert not tab.failures, tab.failures  # type: ignore[attr-defined]


def test_explorer_and_compare_work_under_the_prefix(
    tab: object, prefixed_url: str, catalog: Catalog
) -> None:
    theme = "sundhed"
    expected = {c.slug for c in catalog.with_theme(theme)}
    tab.goto(f"{prefixed_url}{PREFIX}udforsk/?tema={theme}")  # type: ignore[attr-defined]
    tab.wait_for_selector('.atlas-explorer[data-ready="true"]')  # type: ignore[attr-defined]
    shown = tab.eval_on_selector_all(  # type: ignore[attr-defined]
        ".atlas-xcard", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.case)"
    )
    assert set(shown) == expected
    first, second = catalog.cases[0], catalog.cases[1]
    tab.goto(f"{prefixed_url}{PREFIX}sammenlign/?cases={first.slug},{second.slug}")  # type: ignore[attr-defined]
    tab.wait_for_selector('.atlas-compare[data-ready="true"]')  # type: ignore[attr-defined]
    heads = tab.locator(".atlas-compare__table thead th a").all_inner_texts()  # type: ignore[attr-defined]
    assert heads == [first.title, second.title]
    assert not tab.failures, tab.failures  # type: ignore[attr-defined]


def test_the_404_page_works_at_any_depth(tab: object, prefixed_url: str) -> None:
    """GitHub Pages answers every missing path with the root's 404.html: its styles, scripts
    and links must hold wherever it is shown."""
    response = tab.goto(prefixed_url + PREFIX + "findes/ikke/her/")  # type: ignore[attr-defined]
    assert response.status == 404
    tab.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert tab.locator("h1").inner_text().startswith("Siden findes ikke")  # type: ignore[attr-defined]
    styled = tab.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('.md-header')).position"
    )
    assert styled in {"sticky", "fixed"}  # Material's stylesheet was loaded
    tab.locator("article a", has_text="forsiden").click()  # type: ignore[attr-defined]
    tab.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert urlparse(tab.url).path == PREFIX  # type: ignore[attr-defined]
    assert not tab.failures, tab.failures  # type: ignore[attr-defined]
