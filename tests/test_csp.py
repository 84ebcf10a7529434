"""Locked down (issue 18, point 5): every page carries a strict Content-Security-Policy in a
<meta> element before its first script; using the site (search, explorer, compare, the colour
switch) raises no policy violation in Chromium; and a script slipped into a page is blocked,
while the same script runs on the same page without the policy (the control)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from praksisatlas import Catalog
from praksisatlas.csp import inline_script_hashes
from site_pages import html_pages, open_page, page_types

META_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_every_page_has_a_strict_policy_before_its_first_script(site: Path) -> None:
    pages = html_pages(site)
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policies = META_RE.findall(html)
        assert len(policies) == 1, path
        assert html.index("Content-Security-Policy") < html.index("<script"), path
        policy = directives(policies[0])
        assert policy["default-src"] == ["'self'"]
        scripts = policy["script-src"]
        assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])
        assert set(inline_script_hashes(html)) == set(scripts[1:]), path  # each one, no more
        assert policy["img-src"] == ["'self'", "data:"] and policy["object-src"] == ["'none'"]
        text = policies[0]
        assert "unsafe-inline" not in text and "unsafe-eval" not in text
        assert "http:" not in text and "https:" not in text  # no other origin, ever


def test_hashes_cover_inline_scripts_only(tmp_path: Path) -> None:
    html = (
        "<script>a()</script><script src='x.js'></script>"
        '<script type="application/json">{}</script><script type="module">b()</script>'
    )
    assert len(inline_script_hashes(html)) == 2


def _violations(page: object) -> list[str]:
    return page.evaluate("window.__cspViolations")  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_using_the_site_raises_no_policy_violation(
    browser: object, base_url: str, catalog: Catalog, scheme: str
) -> None:
    context = browser.new_context(locale="da-DK", color_scheme=scheme)  # type: ignore[attr-defined]
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    try:
        seen = {}
        for kind in page_types(catalog):
            open_page(page, base_url, kind)
            if kind.name == "udforsk":  # tick a filter, then open the map of the selection
                page.locator("form input[type=checkbox]").first.check(force=True)
                page.wait_for_timeout(100)
                page.locator(".atlas-map-toggle").click()
                page.wait_for_selector('[data-map-ready="true"]')
            if kind.name == "case":  # pick the case for comparison
                toggle = page.locator(".atlas-compare-toggle").first
                if toggle.count():
                    toggle.click()
            seen[kind.name + " (i brug)"] = _violations(page)
            page.keyboard.press("Escape")  # close the search dialog before the colour switch
            # The colour switch (Material's palette toggle), once each way.
            for _ in range(2):
                toggle = page.locator("label.md-header__button[for^='__palette']:visible").first
                if toggle.count():
                    toggle.click()
                    page.wait_for_timeout(50)
            seen[kind.name] = _violations(page)
        assert not any(seen.values()), seen
    finally:
        context.close()


def _injected(browser: object, base_url: str, path: str, strip_policy: bool) -> tuple[int, list]:
    """Open ``path`` with a script slipped in before </body> (and, for the control, the policy
    removed); returns whether it ran and the violations seen."""
    context = browser.new_context()  # type: ignore[attr-defined]
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()

    def tamper(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        html = response.text()
        if strip_policy:
            html = META_RE.sub("", html)
        html = html.replace("</body>", "<script>window.__atlasInjected = 1</script></body>")
        route.fulfill(response=response, body=html)  # type: ignore[attr-defined]

    page.route(base_url + path, tamper)
    try:
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        ran = page.evaluate("window.__atlasInjected || 0")
        return ran, _violations(page)
    finally:
        context.close()


def test_an_injected_inline_script_is_blocked(
    browser: object, base_url: str, catalog: Catalog
) -> None:
    path = "/" + catalog.cases[0].url
    ran, violations = _injected(browser, base_url, path, strip_policy=False)
    assert ran == 0
    assert any(v.startswith("script-src") for v in violations), violations


def test_the_same_script_runs_without_the_policy(
    browser: object, base_url: str, catalog: Catalog
) -> None:
    """The control: the tampering itself works, so the test above is about the policy."""
    path = "/" + catalog.cases[0].url
    ran, violations = _injected(browser, base_url, path, strip_policy=True)
    assert ran == 1 and not violations
