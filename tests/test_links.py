"""Link gate: every internal link and anchor in the built site resolves; external links are https.

Works on the real build's files (no server, no network): every ``href``/``src``/``srcset`` in
every HTML page, every ``url()`` in every stylesheet and every location in Material's search
index must point to a file of the build, and a ``#fragment`` to an id on the target page. External
links are not fetched (the machines have no network); they are written to a report in the test's
tmp folder, printed, and each must use https.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from site_pages import SiteAddress, html_pages, site_address

# Links to the configured site_url (host and path) are internal links; the site may live under a
# path prefix (GitHub Pages: /praksisatlas/, a preview: /praksisatlas/pr-preview/pr-7/).
SITE = site_address()
LINK_ATTRS = {"href", "src", "action", "poster"}
CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass
class Page:
    """What one HTML page offers (ids) and points to (links)."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Material's «share search» control is an <a href="javascript:void(0)"> driven by its
        # script: a button in disguise, not a link (search.share in mkdocs.yml).
        control = ("data-md-component", "search-share") in attrs
        for name, value in attrs:
            if not value:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif control:
                continue
            elif name in LINK_ATTRS or (tag == "object" and name == "data"):
                self.page.links.append(value)
            elif name == "srcset":
                self.page.links += [part.split()[0] for part in value.split(",") if part.strip()]


def page_url(site: Path, path: Path, address: SiteAddress = SITE) -> str:
    """The host-absolute URL a file is served at: praksis/x/index.html → /<prefix>/praksis/x/."""
    rel = path.relative_to(site).as_posix()
    return address.prefix + rel.removesuffix("index.html")


def target_file(site: Path, url_path: str, address: SiteAddress = SITE) -> Path | None:
    """The file a host-absolute path serves, as a static server would (dir → index.html);
    None for a path outside the site's prefix."""
    if not url_path.startswith(address.prefix):
        return None
    candidate = site / unquote(url_path[len(address.prefix) :])
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, Page]:
    found = {}
    for path in html_pages(site):
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8"))
        found[path] = collector.page
    return found


def check(
    site: Path,
    pages: dict[Path, Page],
    base: str,
    link: str,
    external: dict[str, set[str]],
    address: SiteAddress = SITE,
) -> str | None:
    """None if ``link`` (seen on the page at ``base``) resolves; else the reason in Danish."""
    if link.startswith("data:"):
        return None
    absolute = urljoin(f"{address.scheme}://{address.host}{base}", link)
    parts = urlsplit(absolute)
    if parts.netloc != address.host or parts.scheme not in {"http", "https"}:
        external[link].add(base)
        if parts.scheme not in {"https", "mailto"}:
            return f"eksternt link uden https: {link}"
        return None
    if parts.scheme != address.scheme:
        return f"link til sitet med et andet skema end {address.scheme}: {link}"
    target = target_file(site, parts.path, address)
    if target is None:
        return f"linket peger ikke på en fil i bygget: {link}"
    if parts.fragment and target.suffix == ".html":
        if target not in pages:
            return f"målet er ikke en side: {link}"
        if unquote(parts.fragment) not in pages[target].ids:
            where = page_url(site, target, address)
            return f"ankeret #{parts.fragment} findes ikke på {where}: {link}"
    return None


def test_every_link_in_html_resolves(
    site: Path, pages: dict[Path, Page], tmp_path_factory: pytest.TempPathFactory
) -> None:
    problems, external = [], defaultdict(set)
    count = 0
    for path, page in pages.items():
        base = page_url(site, path)
        for link in page.links:
            count += 1
            reason = check(site, pages, base, link, external)
            if reason:
                problems.append(f"{path.relative_to(site).as_posix()}: {reason}")
    assert count > 1000, f"only {count} links found: is the build complete?"
    report = tmp_path_factory.mktemp("links") / "eksterne-links.txt"
    lines = [f"{url}  (på {len(bases)} sider, fx {min(bases)})" for url, bases in external.items()]
    report.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    print(f"\n{len(external)} eksterne links (ikke hentet), se {report}:")
    print("\n".join(sorted(lines)))
    assert not problems, f"{len(problems)} brudte links:\n" + "\n".join(sorted(set(problems)))


def test_every_url_in_stylesheets_resolves(site: Path, pages: dict[Path, Page]) -> None:
    problems, external = [], defaultdict(set)
    sheets = sorted(site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        base = page_url(site, sheet)
        for _, link in CSS_URL_RE.findall(sheet.read_text(encoding="utf-8")):
            reason = check(site, pages, base, link.strip(), external)
            if reason:
                problems.append(f"{sheet.relative_to(site).as_posix()}: {reason}")
    assert not external, f"stylesheets point outside the site: {sorted(external)}"
    assert not problems, "\n".join(problems)


def test_every_search_result_location_resolves(site: Path, pages: dict[Path, Page]) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    problems, external = [], defaultdict(set)
    for doc in index["docs"]:
        reason = check(site, pages, SITE.prefix, doc["location"], external)
        if reason:
            problems.append(f"søgeindeks «{doc['title']}»: {reason}")
    assert not external
    assert not problems, "\n".join(problems)


def test_checker_catches_broken_links(site: Path, pages: dict[Path, Page]) -> None:
    """The checker itself: a missing page, a missing anchor and plain http all fail."""
    external: dict[str, set[str]] = defaultdict(set)
    assert check(site, pages, SITE.prefix, "kontinuum/", external) is None
    assert check(site, pages, SITE.prefix, "kontinuum/#trin-1", external) is None
    assert check(site, pages, SITE.prefix, "findes-ikke/", external)
    assert check(site, pages, SITE.prefix, "kontinuum/#findes-ikke", external)
    assert check(site, pages, SITE.prefix, "http://example.org/", external)
    assert check(site, pages, SITE.prefix, "https://example.org/", external) is None
    assert "https://example.org/" in external
    outside = f"{SITE.scheme}://{SITE.host}/uden-for-sitet/"
    outside_address = SiteAddress(SITE.scheme, SITE.host, "/praksisatlas/pr-preview/pr-7/")
    assert check(site, pages, outside_address.prefix, outside, external, outside_address)
