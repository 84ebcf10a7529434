"""Privacy gate: a visit to the atlas tells no third party anything and leaves nothing behind.

In Debian's Chromium every page type is opened (search typed, filters set, cases compared); the
test fails on any request to a host other than the local server, on any cookie, on any use of
localStorage, IndexedDB, the Cache API or a service worker. sessionStorage, which lives only as
long as the tab, may hold only the keys in ``SESSION_KEYS``: Material's colour-scheme choice
(moved there from localStorage by overrides/partials/javascripts/base.html) and the reader's
compare selection. A static scan of the build then makes sure no page,
stylesheet or script loads anything (fonts, scripts, images, styles) from another host.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from praksisatlas import Catalog
from site_pages import html_pages, open_page, page_types, site_address

SITE_HOST = site_address().host  # the configured site_url: canonical links point there
# What sessionStorage may hold (nothing in it outlives the tab, nothing identifies the reader):
SESSION_KEYS = {
    r"^/(.*/)?\.__palette$": "Material's colour-scheme choice (overrides/…/base.html).",
    r"^praksisatlas\.sammenlign$": "the cases the reader picked to compare (compare.js).",
}
SESSION_KEYS_ALLOWED = re.compile("|".join(f"(?:{key})" for key in SESSION_KEYS))

# Wraps storage and cookie writers before any page script runs, to record every attempt.
RECORDER = """
(() => {
  const calls = [];
  Object.defineProperty(window, "__privacyCalls", { value: calls });
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    calls.push([this === window.localStorage ? "localStorage" : "sessionStorage", String(key)]);
    return setItem.call(this, key, value);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  Object.defineProperty(Document.prototype, "cookie", {
    get() { return cookie.get.call(this); },
    set(value) {
      calls.push(["cookie", String(value).split("=")[0]]);
      cookie.set.call(this, value);
    },
  });
})();
"""

STATE = """async () => ({
  calls: window.__privacyCalls,
  localStorage: localStorage.length,
  sessionKeys: Object.keys(sessionStorage),
  indexedDB: (await indexedDB.databases()).map((d) => d.name),
  caches: await caches.keys(),
  serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


def storage_problems(name: str, state: dict) -> list[str]:
    """What the page wrote or keeps on the device beyond what SESSION_KEYS allows."""
    problems = []
    for store, key in state["calls"]:
        if store != "sessionStorage" or not SESSION_KEYS_ALLOWED.match(key):
            problems.append(f"{name}: skriver til {store}: {key}")
    if state["localStorage"]:
        problems.append(f"{name}: localStorage har {state['localStorage']} nøgler")
    extra = [k for k in state["sessionKeys"] if not SESSION_KEYS_ALLOWED.match(k)]
    if extra:
        problems.append(f"{name}: sessionStorage har {extra}")
    for what in ("indexedDB", "caches"):
        if state[what]:
            problems.append(f"{name}: {what} bruges: {state[what]}")
    if state["serviceWorkers"]:
        problems.append(f"{name}: en service worker er registreret")
    return problems


@pytest.mark.browser
def test_no_third_party_request_cookie_or_storage(
    browser: object, base_url: str, catalog: Catalog
) -> None:
    local = urlsplit(base_url).netloc
    context = browser.new_context(locale="da-DK")  # type: ignore[attr-defined]
    context.add_init_script(RECORDER)
    requests: list[tuple[str, str]] = []
    current = ["?"]  # the page type being visited, for the messages
    # On the context, so requests from workers (the search index) are seen too.
    context.on("request", lambda request: requests.append((current[0], request.url)))
    page = context.new_page()
    problems = []
    try:
        for kind in page_types(catalog):
            current[0] = kind.name
            open_page(page, base_url, kind)
            problems += storage_problems(kind.name, page.evaluate(STATE))
        # A reader's own choice: switch the colour scheme (Material stores it).
        current[0] = "farveskift"
        page.goto(base_url + "/")
        page.locator(".md-header__option label.md-header__button:visible").first.click()
        page.reload()
        page.wait_for_load_state("networkidle")
        # The choice survives the reload (kept in sessionStorage, not localStorage).
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        problems += storage_problems("farveskift", page.evaluate(STATE))
        cookies = context.cookies()
    finally:
        context.close()
    assert requests, "no request was seen: the recorder does not work"
    for name, url in requests:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"}:
            continue
        if parts.netloc != local:
            problems.append(f"{name}: forespørgsel til en anden vært: {url}")
    assert not cookies, f"cookies sat: {cookies}"
    assert not problems, "\n".join(problems)


# --- static scan of the build ------------------------------------------------------------------

# <link rel=…> values that make the browser fetch or connect (canonical/alternate do not).
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "prerender",
}
LOADING_ATTRS = {"src", "srcset", "poster", "data", "background"}
CSS_REF_RE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""")
JS_REF_RE = re.compile(
    r"""(?:\bsrc\s*[=:]\s*|url\(\s*|@import\s+|importScripts\(\s*|\bimport\(\s*)"""
    r"""['"`]?((?:https?:)?//[^'"`)\s]+)"""
)


def third_party(url: str) -> bool:
    """True for an absolute or protocol-relative URL to a host other than the site's own."""
    url = url.strip()
    if not (url.startswith("//") or re.match(r"^https?://", url)):
        return False
    return urlsplit(url if "://" in url else "https:" + url).hostname != SITE_HOST


class _Loads(HTMLParser):
    """URLs the page makes the browser load: resources, not links a reader may follow."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in LOADING_ATTRS & set(values):
            self.urls += [part.split()[0] for part in values[name].split(",") if part.strip()]
        if tag == "link" and FETCHING_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        if "style" in values:
            self.inline.append(values["style"])
        self._in = tag if tag in {"style", "script"} else ""

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = ""


def test_built_pages_load_nothing_from_other_hosts(site: Path) -> None:
    problems = []
    for path in html_pages(site):
        parser = _Loads()
        parser.feed(path.read_text(encoding="utf-8"))
        name = path.relative_to(site).as_posix()
        problems += [f"{name}: henter {u}" for u in parser.urls if third_party(u)]
        for text in parser.inline:
            problems += [f"{name}: henter {u}" for u in CSS_REF_RE.findall(text) if third_party(u)]
            problems += [f"{name}: henter {u}" for u in JS_REF_RE.findall(text) if third_party(u)]
    assert not problems, "\n".join(problems)


def test_stylesheets_and_scripts_load_nothing_from_other_hosts(site: Path) -> None:
    problems = []
    sheets, scripts = sorted(site.rglob("*.css")), sorted(site.rglob("*.js"))
    assert sheets and scripts
    for path in sheets:
        found = CSS_REF_RE.findall(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(site)}: {u}" for u in found if third_party(u)]
    for path in scripts:
        found = JS_REF_RE.findall(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(site)}: {u}" for u in found if third_party(u)]
    assert not problems, "\n".join(problems)


def test_material_features_that_call_third_parties_are_off(site: Path) -> None:
    """Material fetches Mermaid from unpkg.com for diagrams and repository facts from
    api.github.com when ``repo_url`` is set; neither may appear on any page."""
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(site).as_posix()
        assert 'class="mermaid"' not in html, f"{name}: Mermaid-diagram (hentes fra unpkg.com)"
        assert 'data-md-component="source"' not in html, f"{name}: repo_url (api.github.com)"
        assert "fonts.googleapis.com" not in html, f"{name}: Google Fonts"


def test_scanners_see_third_party_loads() -> None:
    """The scanners themselves: each kind of third-party load is caught, own files are not."""
    parser = _Loads()
    parser.feed(
        '<link rel="preconnect" href="https://fonts.gstatic.com"><img src="//cdn.example/a.png">'
        f'<link rel="canonical" href="https://{SITE_HOST}/"><a href="https://example.org/">x</a>'
        '<script src="assets/own.js"></script><style>@import "https://cdn.example/x.css";</style>'
    )
    assert [u for u in parser.urls if third_party(u)] == [
        "https://fonts.gstatic.com",
        "//cdn.example/a.png",
    ]
    assert CSS_REF_RE.findall(parser.inline[0]) == ["https://cdn.example/x.css"]
    assert JS_REF_RE.findall('s.src = "https://cdn.example/x.js"') == ["https://cdn.example/x.js"]
    assert not third_party("assets/own.js") and not third_party(f"https://{SITE_HOST}/x")
