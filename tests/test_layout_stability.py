"""Nothing on a page jumps while its scripts set up (Lighthouse's «cumulative layout shift»).

The explorer's controls and a case page's «Sammenlign» button are revealed by scripts after the
first paint; their room is kept from the start (explorer.css). Before that, the explorer's
results moved by 0.42 on a phone-sized screen. Measured with the browser's own layout-shift
entries, on a phone and a desktop viewport. Our scripts are delayed on their way to the browser,
so the first paint always comes before them, as on a slow phone (Lighthouse's case); on a fast
machine they would often run before anything is painted, and a regression would go unseen.
"""

from __future__ import annotations

import time

import pytest

from praksisatlas import Catalog

pytestmark = pytest.mark.browser

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""
VIEWPORTS = {"telefon": (412, 823), "skrivebord": (1280, 800)}
DELAYED = ("explorer.js", "compare.js", "search-ui.js", "print.js")


def _late(route: object) -> None:
    time.sleep(0.4)
    route.continue_()  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_pages_do_not_jump_while_scripts_set_up(
    browser: object, base_url: str, catalog: Catalog, viewport: str
) -> None:
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(  # type: ignore[attr-defined]
        locale="da-DK", viewport={"width": width, "height": height}
    )
    try:
        for name in DELAYED:
            context.route(f"**/assets/{name}", _late)  # type: ignore[attr-defined]
        page = context.new_page()
        page.add_init_script(RECORD_SHIFTS)
        theme = catalog.vocab.themes[0].key
        for path, ready in (
            ("/", "body"),
            ("/udforsk/", ".atlas-explorer[data-ready]"),
            (f"/udforsk/?tema={theme}", ".atlas-explorer[data-ready]"),
            (f"/{catalog.cases[0].url}", "html.atlas-compare-ready"),
        ):
            page.goto(base_url + path, wait_until="load")
            page.wait_for_selector(ready, state="attached")
            page.wait_for_timeout(300)  # shifts are reported asynchronously
            shifts = page.evaluate("window.__shifts")
            assert sum(shifts) < 0.01, f"{path} ({viewport}): layout shifts {shifts}"
    finally:
        context.close()


def test_a_shared_link_shows_the_list_even_if_the_script_never_runs(
    browser: object, base_url: str, catalog: Catalog
) -> None:
    """The list waits for the filter script only so long: without it, all cases still show."""
    context = browser.new_context(locale="da-DK")  # type: ignore[attr-defined]
    try:
        context.route("**/assets/explorer.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(f"{base_url}/udforsk/?tema={catalog.vocab.themes[0].key}")
        first = page.locator(".atlas-xcard").first
        assert not first.is_visible()  # held back while the script may still come
        page.wait_for_timeout(3500)
        assert first.is_visible()
        assert page.locator(".atlas-xcard:visible").count() == len(catalog)
    finally:
        context.close()
