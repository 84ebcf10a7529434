"""Spans and practice off the continuum through the real, strict build of a copy of the tree.

The repository's own cases all stand on one step, so the session build cannot show a span or an
off case. This module copies the tree, switches three real cases (Fountain House to the span
"2-4"; REM and Esbjerg's indicator catalogue off the continuum as documentation and measurement),
builds the copy with ``mkdocs build --strict`` and checks every view against its catalog.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.browser import serve
from conftest import run_build
from praksisatlas import Catalog, ProjectPaths, load_catalog
from praksisatlas.related import next_steps

SPAN = "fountain-house-koebenhavn"
OFF_FULL = "horsens-rem"  # praksisbeskrivelse
OFF_SHORT = "esbjerg-indikatorkatalog-og-tre-spoergsmaal"  # kort-omtale
FUNCTION = "dokumentation-og-maaling"
_NOT_COPIED = {".git", ".venv", "site", "export", "node_modules", ".pytest_cache", ".ruff_cache"}

PLACEMENTS = {
    SPAN: (
        '"2-4"',
        "",
        "Ligesom anker B (Grønt Job) giver klubhusets arbejdsdag faste opgaver og rytme, og "
        "ligesom anker D (Skive) foregår overgangsjobbene på almindelige arbejdspladser.",
    ),
    OFF_FULL: (
        "uden-for",
        FUNCTION,
        "Et dokumentations- og måleredskab, som bostøtten bruger til at følge borgerens "
        "udvikling; det er ikke selv et aktivitets- eller beskæftigelsestilbud.",
    ),
    OFF_SHORT: (
        "uden-for",
        FUNCTION,
        "Et katalog af indikatorer og tre faste spørgsmål, som bostøtten bruger til at "
        "dokumentere borgerens mål og udvikling.",
    ),
}
GAPS = {OFF_SHORT: ["periode", "omfang", "resultater"]}


def place(text: str, value: str, function: str, rationale: str, gaps: list[str]) -> str:
    """Replace the placement keys of a case file's front matter, whatever they held."""
    _, front, body = text.split("---\n", 2)
    lines, skip = [], False
    for line in front.splitlines():
        key = line.split(":", 1)[0] if line and not line[0].isspace() else None
        if key is not None:
            skip = key in {"continuum", "continuum_rationale", "support_function", "source_gaps"}
            if key == "continuum":
                lines.append(f"continuum: {value}")
                if function:
                    lines.append(f"support_function: {function}")
                lines.append(f"continuum_rationale: {json.dumps(rationale, ensure_ascii=False)}")
                if gaps:
                    lines.append(f"source_gaps: [{', '.join(gaps)}]")
        if not skip:
            lines.append(line)
    return "---\n" + "\n".join(lines) + "\n---\n" + body


@pytest.fixture(scope="module")
def placed(root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Catalog]:
    """(project, site, catalog) of the tree with the three cases re-placed, built strictly."""
    project = tmp_path_factory.mktemp("placed") / "project"
    shutil.copytree(
        root,
        project,
        ignore=lambda _, names: [n for n in names if n in _NOT_COPIED or n == "__pycache__"],
    )
    for slug, (value, function, rationale) in PLACEMENTS.items():
        path = project / "cases" / f"{slug}.md"
        text = place(path.read_text("utf-8"), value, function, rationale, GAPS.get(slug, []))
        path.write_text(text, encoding="utf-8")
    catalog, problems = load_catalog(ProjectPaths(project))
    assert not problems, "\n".join(p.format() for p in problems)
    site = tmp_path_factory.mktemp("placed-site")
    result = run_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, site, catalog


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def slugs_on(html: str) -> list[str]:
    return re.findall(r'data-slug="([^"]+)"', html)


def test_the_copy_has_a_span_and_two_off_cases(placed) -> None:
    _, _, catalog = placed
    assert catalog.by_slug[SPAN].placement.steps == (2, 3, 4)
    assert [c.slug for c in catalog.off_continuum()] == sorted(
        [OFF_FULL, OFF_SHORT], key=lambda s: catalog.by_slug[s].title.lower()
    )


def test_step_lists_hold_a_span_on_each_step_and_an_off_case_on_none(placed) -> None:
    _, site, catalog = placed
    html = read(site, "kontinuum")
    parts = re.split(r'<h2 id="(trin-\d|uden-for)"', html)
    by_step = {parts[i]: slugs_on(parts[i + 1]) for i in range(1, len(parts), 2)}
    assert set(by_step) == {"trin-1", "trin-2", "trin-3", "trin-4", "trin-5", "uden-for"}
    for step in range(1, 6):
        shown = by_step[f"trin-{step}"]
        assert shown == [c.slug for c in catalog.on_step(step)]
        assert (SPAN in shown) == (step in (2, 3, 4)), step
        assert OFF_FULL not in shown and OFF_SHORT not in shown
    assert by_step["uden-for"] == []  # only a link to the page of its own
    assert 'href="uden-for/"' in parts[-1]


def test_off_page_groups_by_support_function(placed) -> None:
    _, site, catalog = placed
    html = read(site, "kontinuum/uden-for")
    parts = re.split(r'<h2 id="([a-z-]+)"', html)
    groups = {parts[i]: slugs_on(parts[i + 1]) for i in range(1, len(parts), 2)}
    assert list(groups) == [t.key for t in catalog.vocab.support_functions]
    assert groups[FUNCTION] == [c.slug for c in catalog.with_support_function(FUNCTION)]
    assert set(groups[FUNCTION]) == {OFF_FULL, OFF_SHORT}
    assert all(not slugs for key, slugs in groups.items() if key != FUNCTION)
    assert "?trin=uden-for" in html


def test_matrix_has_its_own_row_and_counts_a_span_on_each_step(placed) -> None:
    _, site, catalog = placed
    html = read(site, "matrix")

    def count(theme: str, step: str) -> int:
        cell = re.search(rf'<td [^>]*data-tema="{theme}" data-trin="{step}"[^>]*>', html)
        assert cell, (theme, step)
        return int(re.search(r'data-count="(\d+)"', cell.group(0)).group(1))

    assert count("", "uden-for") == 2
    for step in range(1, 6):
        assert count("", str(step)) == len(catalog.on_step(step))
    theme = catalog.by_slug[SPAN].themes[0]
    for step in (2, 3, 4):
        assert count(theme, str(step)) == sum(1 for c in catalog.on_step(step) if theme in c.themes)
    assert "Uden for kontinuummet" in html
    assert "tælles på hvert af sine trin" in html
    assert count("", "") == len(catalog)


def test_exports_carry_the_written_value_the_steps_and_the_support_function(placed) -> None:
    _, site, catalog = placed
    data = {c["slug"]: c for c in json.loads((site / "data/cases.json").read_text("utf-8"))}
    assert data[SPAN]["continuum"] == "2-4" and data[SPAN]["continuum_steps"] == [2, 3, 4]
    assert data[SPAN]["support_function"] is None
    assert data[OFF_FULL]["continuum"] == "uden-for" and data[OFF_FULL]["continuum_steps"] == []
    assert data[OFF_FULL]["support_function"] == FUNCTION
    assert data[OFF_SHORT]["source_gaps"] == GAPS[OFF_SHORT]
    one = next(c for c in catalog.cases if not c.placement.span and not c.placement.off)
    assert data[one.slug]["continuum"] == one.placement.first
    assert data[one.slug]["continuum_steps"] == [one.placement.first]
    raw = (site / "data/cases.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    by_slug = {row["slug"]: row for row in rows}
    header = list(rows[0])
    at = header.index("continuum")
    assert header[at : at + 4] == ["continuum", "trin_fra", "trin_til", "stoettefunktion"]
    assert "source_gaps" in header
    span, off = by_slug[SPAN], by_slug[OFF_FULL]
    assert (span["continuum"], span["trin_fra"], span["trin_til"], span["stoettefunktion"]) == (
        "2-4",
        "2",
        "4",
        "",
    )
    assert (off["continuum"], off["trin_fra"], off["trin_til"], off["stoettefunktion"]) == (
        "uden-for",
        "",
        "",
        FUNCTION,
    )
    assert by_slug[OFF_SHORT]["source_gaps"] == "periode | omfang | resultater"


def test_case_pages_show_the_placement_and_the_depth_line(placed) -> None:
    _, site, _ = placed
    span = read(site, f"praksis/{SPAN}")
    assert span.count('aria-current="step"') == 1
    assert span.count('class="is-current"') == 3
    assert "Kontinuum: trin 2 til 4 af 5" in span
    off = read(site, f"praksis/{OFF_SHORT}")
    assert 'aria-current="step"' not in off and 'class="is-current"' not in off
    assert "Uden for kontinuummet: Dokumentation og måling" in off
    assert f'href="../../kontinuum/uden-for/#{FUNCTION}"' in off
    depth = re.search(r'<p class="atlas-depth">(.*?)</p>', off).group(1)
    assert re.sub(r"<[^>]+>", "", depth) == (
        "Kort omtale · Kilden oplyser ikke: periode, omfang, resultater"
    )
    # The depth line comes first on the page, before the summary.
    assert off.index('class="atlas-depth"') < off.index('class="atlas-lede"')
    full = read(site, f"praksis/{OFF_FULL}")
    assert re.sub(
        r"<[^>]+>", "", re.search(r'<p class="atlas-depth">(.*?)</p>', full).group(1)
    ) == ("Praksisbeskrivelse")


def test_short_off_case_links_to_the_fuller_case_with_its_function(placed) -> None:
    _, site, _ = placed
    html = read(site, f"praksis/{OFF_SHORT}")
    block = html.split('id="fyldigere-beskrivelser"')[1].split('id="lignende-praksis"')[0]
    assert re.findall(r'data-related="([^"]+)"', block) == [OFF_FULL]
    assert 'id="fyldigere-beskrivelser"' not in read(site, f"praksis/{OFF_FULL}")


def test_off_cases_have_no_next_step_and_are_never_one(placed) -> None:
    _, site, catalog = placed
    for slug in (OFF_FULL, OFF_SHORT):
        html = read(site, f"praksis/{slug}")
        tail = html.split('id="naeste-skridt"')[1]
        assert "intet næste skridt" in tail
        assert not next_steps(catalog.by_slug[slug], catalog)
    offered = set()
    for case in catalog.cases:
        offered |= {s.case.slug for s in next_steps(case, catalog)}
        if case.placement.last == 1:
            tail = read(site, case.url).split('id="naeste-skridt"')[1]
            assert OFF_FULL not in tail and OFF_SHORT not in tail
    assert not offered & {OFF_FULL, OFF_SHORT}
    # The span starts on step 2: a step-1 case with a shared theme may offer it as a next step.
    assert any(SPAN in {s.case.slug for s in next_steps(c, catalog)} for c in catalog.on_step(1))


def test_cards_feed_and_search_data(placed) -> None:
    _, site, catalog = placed
    explorer = read(site, "udforsk")
    card = re.search(rf'<li class="atlas-xcard" data-case="{SPAN}"[^>]*>', explorer).group(0)
    assert 'data-trin="2 3 4"' in card and 'data-order="24"' in card
    card = re.search(rf'<li class="atlas-xcard" data-case="{OFF_FULL}"[^>]*>', explorer).group(0)
    assert 'data-trin="uden-for"' in card and 'data-order="66"' in card
    assert 'id="atlas-f-trin-uden-for"' in explorer
    # Depth labels on the cards, before the case is opened (explorer and listings).
    assert explorer.count('class="atlas-depth-badge"') == len(catalog)
    theme_page = read(site, f"temaer/{catalog.by_slug[OFF_SHORT].themes[0]}")
    assert re.search(
        rf'data-slug="{OFF_SHORT}".*?atlas-depth-badge" data-dok="kort-omtale">Kort omtale',
        theme_page,
        re.S,
    )
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    terms = {
        entry.find("a:id", ns).text.rstrip("/").rsplit("/", 1)[1]: {
            c.get("term"): c.get("label") for c in entry.findall("a:category", ns)
        }
        for entry in feed.findall("a:entry", ns)
    }
    assert terms[SPAN]["trin-2-4"] == "Trin 2–4"
    assert terms[OFF_FULL]["uden-for"] == "Uden for kontinuummet: Dokumentation og måling"
    data = json.loads((site / "search" / "praksisatlas.json").read_text("utf-8"))
    span = data["cases"][catalog.by_slug[SPAN].url]
    off = data["cases"][catalog.by_slug[OFF_FULL].url]
    assert span["steps"] == [2, 3, 4] and span["placement"] == "Trin 2–4"
    assert off["steps"] == [] and off["placement"].startswith("Uden for kontinuummet")
    assert data["off"] == {"key": "uden-for", "name": "Uden for kontinuummet"}


def test_list_filters_off_and_span_like_the_site(placed) -> None:
    from test_cli import invoke

    project, _, catalog = placed
    result = invoke(["list", "--trin", "uden-for"], project)
    assert result.exit_code == 0, result.output
    shown = [line.split()[0] for line in result.output.strip().split("\n")[1:-1]]
    assert shown == [c.slug for c in catalog.off_continuum()]
    assert "uden-for" in result.output
    result = invoke(["list", "--trin", "3"], project)
    shown = [line.split()[0] for line in result.output.strip().split("\n")[1:-1]]
    assert SPAN in shown and shown == [c.slug for c in catalog.on_step(3)]
    row = next(line for line in result.output.split("\n") if line.startswith(SPAN + " "))
    assert "  2-4  " in row


# --- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def placed_url(placed) -> Iterator[str]:
    with serve(placed[1]) as url:
        yield url


@pytest.fixture
def tab(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="da-DK")  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


VISIBLE = "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.case)"
READY = '.atlas-explorer[data-ready="true"]'


@pytest.mark.browser
def test_explorer_trin_uden_for_and_old_step_links(tab, placed, placed_url) -> None:
    _, _, catalog = placed
    page = tab
    page.goto(f"{placed_url}/udforsk/?trin=uden-for")
    page.wait_for_selector(READY)
    shown = page.eval_on_selector_all(".atlas-xcard", VISIBLE)
    assert shown == [c.slug for c in catalog.off_continuum()]
    assert page.locator("#atlas-f-trin-uden-for").is_checked()
    # An old link with a step still works, and a span case matches each of its steps.
    for step in (1, 2, 4, 5):
        page.goto(f"{placed_url}/udforsk/?trin={step}")
        page.wait_for_selector(READY)
        shown = page.eval_on_selector_all(".atlas-xcard", VISIBLE)
        assert shown == [c.slug for c in catalog.on_step(step)], step
        assert (SPAN in shown) == (step in (2, 4))
        assert OFF_FULL not in shown
    # Sorting by step: first step, then last step, off the continuum last; ties by title.
    page.goto(f"{placed_url}/udforsk/?sort=trin")
    page.wait_for_selector(READY)
    shown = page.eval_on_selector_all(".atlas-xcard", VISIBLE)
    position = {c.slug: i for i, c in enumerate(catalog.cases)}
    expected = sorted(catalog.cases, key=lambda c: (c.placement.sort_key, position[c.slug]))
    assert shown == [c.slug for c in expected]
    assert set(shown[-2:]) == {OFF_FULL, OFF_SHORT}


@pytest.mark.browser
def test_matrix_off_row_links_to_the_explorer(tab, placed, placed_url) -> None:
    _, _, catalog = placed
    page = tab
    page.goto(f"{placed_url}/matrix/")
    page.locator('td[data-tema=""][data-trin="uden-for"] a').click()
    page.wait_for_selector(READY)
    assert "trin=uden-for" in page.url
    shown = page.eval_on_selector_all(".atlas-xcard", VISIBLE)
    assert shown == [c.slug for c in catalog.off_continuum()]


@pytest.mark.browser
def test_compare_shows_placement_and_gaps(tab, placed, placed_url) -> None:
    page = tab
    page.goto(f"{placed_url}/sammenlign/?cases={SPAN},{OFF_SHORT}")
    page.wait_for_selector(".atlas-compare__table")
    text = page.locator(".atlas-compare__table").inner_text()
    assert "Trin 2–4" in text
    assert "Uden for kontinuummet: Dokumentation og måling" in text
    assert "Kort omtale · Kilden oplyser ikke: periode, omfang, resultater" in text


@pytest.mark.browser
def test_search_narrows_to_off_cases_and_a_span_on_each_step(tab, placed, placed_url) -> None:
    from bench.search_bench import result_paths
    from test_search import OBEYS

    _, _, catalog = placed
    page = tab
    page.goto(f"{placed_url}/?q=bost%C3%B8tte&trin=uden-for")
    page.wait_for_selector(".atlas-search-filters:not([hidden])")
    assert page.locator("select[name=trin]").input_value() == "uden-for"
    off = sorted(c.url for c in catalog.off_continuum())
    page.wait_for_function(OBEYS, arg=off)
    found = result_paths(page, placed_url)
    assert found and set(found) <= set(off), found
    # A span case is found under each of its steps and under no other.
    span = catalog.by_slug[SPAN].url
    for step in (2, 4):
        page.goto(f"{placed_url}/?q=Fountain+House&trin={step}")
        on_step = sorted(c.url for c in catalog.on_step(step))
        page.wait_for_function(OBEYS, arg=on_step)
        found = result_paths(page, placed_url)
        assert span in found and set(found) <= set(on_step), step
