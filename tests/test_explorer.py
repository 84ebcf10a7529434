"""The explorer, the matrix and compare, in Debian's Chromium against the real built site.

Expected values come from the site's own ``data/cases.json`` and from the catalog, never from
numbers written into the test, so the tests keep meaning something as cases are added.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from praksisatlas import Catalog
from praksisatlas.slugs import slugify

pytestmark = pytest.mark.browser

READY = '.atlas-explorer[data-ready="true"]'
VISIBLE = "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.case)"


@pytest.fixture(scope="module")
def cases_json(site: Path) -> list[dict]:
    return json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))


@pytest.fixture
def no_js_page(browser: object) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=False, locale="da-DK")  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def visible_slugs(page: object) -> list[str]:
    """Slugs of the cards a reader sees, in the order shown."""
    return page.eval_on_selector_all(".atlas-xcard", VISIBLE)  # type: ignore[attr-defined]


def query(page: object) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)  # type: ignore[attr-defined]


def wait_for_search(page: object, search: str) -> None:
    """The explorer writes the URL just after the list is updated (after the next paint)."""
    page.wait_for_function("s => location.search === s", arg=search)  # type: ignore[attr-defined]


def facet_counts(page: object) -> dict[tuple[str, str], tuple[int, bool]]:
    """Every facet value's shown count and whether its checkbox is disabled, in one round trip."""
    rows = page.eval_on_selector_all(  # type: ignore[attr-defined]
        '.atlas-explorer__form input[type="checkbox"]',
        """els => els.map(e => [e.name, e.value, e.disabled,
            e.labels[0].querySelector('.atlas-facet-count').textContent])""",
    )
    return {(name, value): (int(text.strip("()")), off) for name, value, off, text in rows}


def decade(period: dict) -> str:
    """The period facet's buckets: decade of the start year (else the end year), or unknown."""
    year = period["start"] or period["end"]
    return f"{year // 10}0" if year else "ikke-oplyst"


def assert_only_local(page: object, base_url: str) -> None:
    host = urlparse(base_url).netloc
    for url in page.requests_seen:  # type: ignore[attr-defined]
        parsed = urlparse(url)
        assert parsed.scheme in {"data", "blob"} or parsed.netloc == host, url


def step_keys(case: dict) -> list[str]:
    """The explorer's «trin» keys of an exported case: each step of a span, or «uden-for»."""
    return [str(s) for s in case["continuum_steps"]] or ["uden-for"]


def theme_and_step(cases: list[dict]) -> tuple[str, str]:
    """The theme × step pair that narrows the most while still leaving several cases."""
    pairs: dict[tuple[str, str], int] = {}
    for case in cases:
        for theme in case["themes"]:
            for step in step_keys(case):
                pairs[theme, step] = pairs.get((theme, step), 0) + 1
    themes = {t: sum(1 for c in cases if t in c["themes"]) for t, _ in pairs}
    useful = [(n, pair) for pair, n in pairs.items() if 1 < n < themes[pair[0]]]
    return max(useful)[1]


def test_filter_by_theme_and_step(
    page: object, base_url: str, site: Path, cases_json: list[dict], catalog: Catalog
) -> None:
    theme, step = theme_and_step(cases_json)
    with_theme = [c for c in cases_json if theme in c["themes"]]
    chosen = [c for c in with_theme if step in step_keys(c)]

    # The theme page links into the explorer with its theme set.
    page.goto(f"{base_url}/temaer/{theme}/")
    page.locator("a.atlas-explore-link").click()
    page.wait_for_selector(READY)
    assert query(page) == {"tema": [theme]}
    assert page.locator(f"#atlas-f-tema-{theme}").is_checked()
    assert visible_slugs(page) == [c["slug"] for c in with_theme]

    page.locator(f"#atlas-f-trin-{step}").check()
    wait_for_search(page, f"?tema={theme}&trin={step}")
    assert visible_slugs(page) == [c["slug"] for c in chosen]
    assert page.locator(".atlas-explorer__count").inner_text() == (
        f"{len(chosen)} af {len(cases_json)} praksiseksempler"
    )
    assert query(page) == {"tema": [theme], "trin": [str(step)]}

    # Each value's count is what it would give under the *other* facets' filters; 0 = disabled.
    shown = facet_counts(page)
    fields = {
        "tema": lambda c: c["themes"] if step in step_keys(c) else [],
        "trin": lambda c: step_keys(c) if theme in c["themes"] else [],
        "maalgruppe": lambda c: c["target_groups"],
        "metode": lambda c: c["methods"],
        "lov": lambda c: c["legal_basis"],
        "dok": lambda c: [c["documentation"]],
        "region": lambda c: [slugify(r) for r in c["regions"]],
        "kommune": lambda c: [slugify(m) for m in c["municipalities"]],
        "kilde": lambda c: [s["source"] for s in c["sources"]],
        "periode": lambda c: [decade(c["period"])],
    }
    for param, values_of in fields.items():
        keys = [key for name, key in shown if name == param]
        assert keys, param
        scope = cases_json if param in {"tema", "trin"} else chosen
        for key in keys:
            expected = sum(1 for c in scope if key in values_of(c))
            checked = (param, key) in {("tema", theme), ("trin", str(step))}
            assert shown[param, key] == (expected, expected == 0 and not checked), (param, key)

    # The selection downloads as CSV in the same Excel-da format as the full export.
    with page.expect_download() as download_info:
        page.locator("button.atlas-csv").click()
    raw = Path(download_info.value.path()).read_bytes()
    full = (site / "data" / "cases.csv").read_text(encoding="utf-8-sig")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    by_slug = {row[0]: row for row in csv.reader(io.StringIO(full), delimiter=";")}
    assert rows[0] == by_slug["slug"]
    assert all(row == by_slug[row[0]] for row in rows[1:])
    assert [row[0] for row in rows[1:]] == [c["slug"] for c in chosen]

    page.reload()
    page.wait_for_selector(READY)
    assert visible_slugs(page) == [c["slug"] for c in chosen]
    assert page.locator(f"#atlas-f-trin-{step}").is_checked()

    page.go_back()
    page.wait_for_function(f"!document.querySelector('#atlas-f-trin-{step}').checked")
    assert query(page) == {"tema": [theme]}
    assert visible_slugs(page) == [c["slug"] for c in with_theme]

    # Two values of one facet: either will do (OR).
    other = next(
        t.key for t in catalog.vocab.themes if t.key != theme and catalog.with_theme(t.key)
    )
    page.locator(f"#atlas-f-tema-{other}").check()
    in_order = [t.key for t in catalog.vocab.themes if t.key in {theme, other}]
    wait_for_search(page, "?tema=" + ",".join(in_order))
    either = [c["slug"] for c in cases_json if theme in c["themes"] or other in c["themes"]]
    assert visible_slugs(page) == either
    assert_only_local(page, base_url)


def test_without_javascript_everything_is_listed(
    no_js_page: object, base_url: str, site: Path, catalog: Catalog
) -> None:
    page = no_js_page
    page.goto(f"{base_url}/udforsk/")
    assert visible_slugs(page) == [c.slug for c in catalog.cases]
    assert page.locator(".atlas-xcard").count() == len(catalog)
    assert page.locator(".atlas-xcard").first.is_visible()
    assert not page.locator(".atlas-explorer__form").is_visible()
    assert not page.locator(".atlas-compare-toggle").first.is_visible()
    links = page.eval_on_selector_all(
        ".atlas-xcard a", "els => els.map(e => e.getAttribute('href'))"
    )
    for href in set(links):
        target = urlparse(urljoin(f"{base_url}/udforsk/", href)).path
        assert (site / target.lstrip("/") / "index.html").is_file(), href

    page.goto(f"{base_url}/matrix/")
    for step in catalog.vocab.steps:
        for theme in catalog.vocab.themes:
            cell = page.locator(f'td[data-tema="{theme.key}"][data-trin="{step.step}"]')
            expected = sum(1 for c in catalog.on_step(step.step) if theme.key in c.themes)
            assert cell.inner_text() == (str(expected) if expected else "ingen")


def matrix_counts(page: object) -> dict[tuple[str, str], int]:
    cells = page.eval_on_selector_all(
        "td[data-tema]",
        "els => els.map(e => [e.dataset.tema, e.dataset.trin, e.innerText.trim()])",
    )
    return {(t, s): 0 if text == "ingen" else int(text) for t, s, text in cells}


def test_matrix_equals_catalog_and_links_to_explorer(
    page: object, base_url: str, catalog: Catalog
) -> None:
    page.goto(f"{base_url}/matrix/")
    counts = matrix_counts(page)
    for step in catalog.vocab.steps:
        on_step = catalog.on_step(step.step)
        assert counts["", str(step.step)] == len(on_step)
        for theme in catalog.vocab.themes:
            expected = sum(1 for c in on_step if theme.key in c.themes)
            assert counts[theme.key, str(step.step)] == expected
    for theme in catalog.vocab.themes:
        assert counts[theme.key, ""] == len(catalog.with_theme(theme.key))
    assert counts["", ""] == len(catalog)

    (theme, step), _ = max(((k, n) for k, n in counts.items() if all(k)), key=lambda kv: kv[1])
    page.locator(f'td[data-tema="{theme}"][data-trin="{step}"] a').click()
    page.wait_for_selector(READY)
    expected = [c.slug for c in catalog.on_step(int(step)) if theme in c.themes]
    assert visible_slugs(page) == expected

    # The matrix takes the explorer's other filters from its URL and recounts.
    group = max(
        catalog.vocab.target_groups,
        key=lambda t: len(catalog.where(lambda c, key=t.key: key in c.target_groups)),
    )
    page.goto(f"{base_url}/matrix/?maalgruppe={group.key}")
    page.wait_for_selector('.atlas-matrix[data-ready="true"]')
    narrowed = matrix_counts(page)
    members = catalog.where(lambda c: group.key in c.target_groups)
    for (t, s), count in narrowed.items():
        expected = sum(
            1 for c in members if (not t or t in c.themes) and (not s or s in c.placement.keys)
        )
        assert count == expected, (t, s)
    assert group.name in page.locator(".atlas-matrix__filters").inner_text()
    (theme, step), _ = max(((k, n) for k, n in narrowed.items() if all(k)), key=lambda kv: kv[1])
    page.locator(f'td[data-tema="{theme}"][data-trin="{step}"] a').click()
    page.wait_for_selector(READY)
    assert query(page)["maalgruppe"] == [group.key]
    assert visible_slugs(page) == [
        c.slug for c in members if step in c.placement.keys and theme in c.themes
    ]
    assert_only_local(page, base_url)


def test_compare_chosen_cases_and_unknown_slug(
    page: object, base_url: str, catalog: Catalog
) -> None:
    first, second, third = catalog.cases[0], catalog.cases[1], catalog.cases[-1]
    page.goto(f"{base_url}/udforsk/")
    page.wait_for_selector(READY)
    for case in (first, second):
        button = page.locator(f'.atlas-compare-toggle[data-compare="{case.slug}"]')
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
    # A case page has the same toggle; the pending choice survives navigation in the tab.
    page.goto(f"{base_url}/{third.url}")
    toggle = page.locator(".atlas-compare-case .atlas-compare-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    page.locator(".atlas-compare-case a.atlas-compare-tray__go").click()
    page.wait_for_selector('.atlas-compare[data-ready="true"]')
    assert query(page) == {"cases": [f"{first.slug},{second.slug},{third.slug}"]}
    heads = page.locator(".atlas-compare__table thead th a").all_inner_texts()
    assert heads == [first.title, second.title, third.title]
    rows = page.locator(".atlas-compare__table tbody th").all_inner_texts()
    for label in (
        "Målgruppe",
        "Trin på kontinuummet",
        "Kvalitetstemaer",
        "Lovgrundlag",
        "Metoder",
        "Organisation",
        "Dokumentation",
        "Kort fortalt",
        "Kilder",
    ):
        assert label in rows
    step_row = page.locator(".atlas-compare__table tbody tr", has_text="Trin på kontinuummet")
    assert third.continuum_rationale in step_row.inner_text()

    page.goto(f"{base_url}/sammenlign/?cases={first.slug},findes-ikke-i-atlasset")
    page.wait_for_selector('.atlas-compare[data-ready="true"]')
    message = page.locator(".atlas-compare__message").inner_text()
    assert "«findes-ikke-i-atlasset»" in message
    assert "Atlasset har intet praksiseksempel" in message
    assert "Vælg mindst to praksiseksempler" in message
    assert page.locator(".atlas-compare__table").count() == 0
    assert_only_local(page, base_url)
    assert page.context.cookies() == []  # type: ignore[attr-defined]


def test_keyboard_only_facet_and_case(page: object, base_url: str, catalog: Catalog) -> None:
    page.goto(f"{base_url}/udforsk/")
    page.wait_for_selector(READY)

    def tab_to(selector: str, limit: int = 120) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to('input[name="tema"]')
    key = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    assert page.locator(f"#atlas-f-tema-{key}").is_checked()
    expected = catalog.with_theme(key)
    assert visible_slugs(page) == [c.slug for c in expected]
    tab_to(".atlas-xcard:not(.atlas-off) .atlas-xcard__title a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{expected[0].url}")
    assert page.locator("h1").inner_text().removesuffix("¶").strip() == expected[0].title


def test_without_javascript_a_case_page_offers_no_compare_button(
    no_js_page: object, base_url: str, catalog: Catalog
) -> None:
    """«Sammenlign» needs compare.js; without it the button is not shown (nor room kept)."""
    no_js_page.goto(f"{base_url}/{catalog.cases[0].url}")
    assert no_js_page.locator(".atlas-facts").is_visible()
    assert no_js_page.locator(".atlas-compare-toggle").count() == 1
    assert not no_js_page.locator(".atlas-compare-toggle").is_visible()
