"""Accessibility gate: WCAG 2.1 AA on every page type, in the light and the dark colour scheme.

axe-core (pinned in package-lock.json) is injected into the real built pages in Debian's
Chromium and run with the WCAG 2.0/2.1 A and AA rules, which include colour contrast, so the
contrast of our own styles is checked in both schemes. Danish public bodies must meet WCAG 2.1
AA; the site is used by their staff. Every generated page also has exactly one ``h1`` and
``lang="da"`` (checked on the HTML of the whole build, not only the sampled page types).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from praksisatlas import Catalog
from site_pages import NODE_MODULES, PageType, html_pages, open_page, page_types

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
SCHEMES = {"light": "default", "dark": "slate"}  # browser preference → Material's scheme

H1_RE = re.compile(r"<h1[\s>]")
HTML_TAG_RE = re.compile(r"<html\b[^>]*>")


def run_axe(page: object) -> list[dict]:
    """axe's violations for the current page (WCAG 2.1 A/AA rules only)."""
    if not AXE.is_file():
        raise RuntimeError(f"{AXE} mangler: kør `make test` (npm ci installerer axe-core).")
    # Evaluated through the browser's DevTools protocol, not as a <script> element: the page's
    # Content-Security-Policy (rightly) blocks an injected inline script.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")  # type: ignore[attr-defined]
    return page.evaluate(  # type: ignore[attr-defined]
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: { type: "tag", values: tags },
                resultTypes: ["violations"],
            });
            return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => ({
                    target: n.target.join(" "),
                    summary: n.failureSummary,
                })),
            }));
        }""",
        WCAG_TAGS,
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            summary = " ".join(str(node["summary"]).split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def kinds(catalog: Catalog) -> list[PageType]:
    return page_types(catalog)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_page_type_passes_axe_wcag21_aa(
    browser: object, base_url: str, kinds: list[PageType], scheme: str
) -> None:
    context = browser.new_context(locale="da-DK", color_scheme=scheme)  # type: ignore[attr-defined]
    page = context.new_page()
    failures = []
    try:
        for kind in kinds:
            open_page(page, base_url, kind)
            shown = page.locator("body").get_attribute("data-md-color-scheme")
            assert shown == SCHEMES[scheme], f"{kind.name}: scheme {shown}, not {scheme}"
            assert page.locator("html").get_attribute("lang") == "da", kind.name
            # Material's search renders each result's page title as an h1 inside its dialog.
            h1s = page.locator("h1:not(.md-search h1)").count()
            assert h1s == 1, f"{kind.name}: {h1s} h1 outside the search dialog, not exactly one"
            violations = run_axe(page)
            if violations:
                failures.append(f"{kind.name} ({kind.path}, {scheme}):\n{describe(violations)}")
    finally:
        context.close()
    assert not failures, "WCAG 2.1 AA-fejl fundet af axe-core:\n\n" + "\n\n".join(failures)


def test_every_page_has_one_h1_and_danish_language(site: Path) -> None:
    problems = []
    pages = html_pages(site)
    assert len(pages) > 20, "the build looks empty"
    for path in pages:
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(site).as_posix()
        tag = HTML_TAG_RE.search(html)
        if tag is None or 'lang="da"' not in tag.group(0):
            problems.append(f'{name}: <html> mangler lang="da"')
        count = len(H1_RE.findall(html))
        if count != 1:
            problems.append(f"{name}: {count} h1-overskrifter, skal være præcis 1")
    assert not problems, "\n".join(problems)
