"""Reading a case: related practice, glossary and tooltips, print, change history and the feed."""

from __future__ import annotations

import dataclasses
import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from praksisatlas import Catalog, ProjectPaths, load_catalog
from praksisatlas.catalog import title_key
from praksisatlas.glossary import abbreviations, extra_terms
from praksisatlas.model import Placement
from praksisatlas.related import (
    fuller_cases,
    is_next_step,
    next_steps,
    related,
    score,
    step_distance,
)
from praksisatlas.render.html import Abbreviations, HeldHtml, href

ATOM = "{http://www.w3.org/2005/Atom}"
VALID = Path(__file__).parent / "fixtures" / "valid" / "aeoeaa-taarnby-faellesskab.md"


def test_related_never_self_and_ordered_by_score(catalog: Catalog) -> None:
    for case in catalog.cases:
        suggestions = related(case, catalog)
        assert len(suggestions) <= 5
        assert case.slug not in {s.case.slug for s in suggestions}
        scores = [s.score for s in suggestions]
        assert scores == sorted(scores, reverse=True), case.slug
        assert all(s.score == score(case, s.case) > 0 for s in suggestions)
        for s in next_steps(case, catalog):
            assert s.case.placement.first == case.placement.last + 1
            assert set(s.case.themes) & set(case.themes)


def test_related_prefers_shared_themes_and_methods(catalog: Catalog) -> None:
    """The top suggestion shares at least as many themes+methods as any case left out."""
    for case in catalog.cases:
        suggestions = related(case, catalog)
        if not suggestions:
            continue
        top = suggestions[0].score
        others = [score(case, o) for o in catalog.cases if o.slug != case.slug]
        assert top == max(others)


def _ranked_by_definition(case, catalog: Catalog) -> tuple[list[str], list[str], list[str]]:
    """The ranking as the module docstring states it, pair by pair, with no index."""
    others = [o for o in catalog.cases if o.slug != case.slug and score(case, o) > 0]
    similar = sorted(others, key=lambda o: (-score(case, o), step_distance(case, o), title_key(o)))
    steps = sorted(
        (o for o in others if is_next_step(case, o) and set(o.themes) & set(case.themes)),
        key=lambda o: (-score(case, o), title_key(o)),
    )
    short = {d.key for d in catalog.vocab.documentation if d.extra.get("short")}

    def same_place(o) -> bool:
        if case.placement.off:
            return (
                o.placement.off and o.placement.support_function == case.placement.support_function
            )
        return bool(set(o.placement.steps) & set(case.placement.steps))

    fuller = sorted(
        (
            o
            for o in others
            if case.documentation in short
            and o.documentation not in short
            and set(o.themes) & set(case.themes)
            and same_place(o)
        ),
        key=lambda o: (-score(case, o), title_key(o)),
    )
    return [o.slug for o in similar[:5]], [o.slug for o in steps[:3]], [o.slug for o in fuller[:3]]


def _random_placement(rng: random.Random, vocab) -> Placement:
    """A step, a span or (with a random support function) a place off the continuum."""
    roll = rng.random()
    if roll < 0.2:
        return Placement.of("uden-for", rng.choice(vocab.support_functions).key, vocab)
    if roll < 0.4:
        first = rng.randint(1, 4)
        return Placement.of(f"{first}-{rng.randint(first + 1, 5)}", vocab=vocab)
    return Placement.of(rng.randint(1, 5), vocab=vocab)


def _shuffled_catalog(catalog: Catalog, seed: int) -> Catalog:
    """The real cases with random themes, methods, groups and placements (steps, spans, off the
    continuum) and documentation: many more ties and overlaps than the real catalogue has."""
    rng = random.Random(seed)
    vocab = catalog.vocab
    themes = [t.key for t in vocab.themes]
    methods = [m.key for m in vocab.methods]
    groups = [g.key for g in vocab.target_groups]
    docs = [d.key for d in vocab.documentation]
    cases = [
        dataclasses.replace(
            case,
            themes=tuple(rng.sample(themes, rng.randint(1, 3))),
            methods=tuple(rng.sample(methods, rng.randint(0, 3))),
            target_groups=tuple(rng.sample(groups, rng.randint(1, 2))),
            documentation=rng.choice(docs),
            placement=_random_placement(rng, vocab),
        )
        for case in catalog.cases
    ]
    return Catalog.from_cases(cases, vocab)


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_related_index_agrees_with_the_stated_ranking(catalog: Catalog, seed: int | None) -> None:
    """The bit-mask index (built once per build for speed) gives exactly the ranking the
    readable ``score`` defines, for both lists, on the real and on shuffled catalogues."""
    subject = catalog if seed is None else _shuffled_catalog(catalog, seed)
    for case in subject.cases:
        similar, steps, fuller = _ranked_by_definition(case, subject)
        assert [s.case.slug for s in related(case, subject)] == similar, case.slug
        assert [s.case.slug for s in next_steps(case, subject)] == steps, case.slug
        assert [s.case.slug for s in fuller_cases(case, subject)] == fuller, case.slug
        if case.placement.off:
            assert not steps, "an off case has no next step"
        assert not any(subject.by_slug[s].placement.off for s in steps)


def test_links_in_generated_html_are_made_like_mkdocs_makes_them() -> None:
    page = "praksis/et-eksempel.md"
    assert href("temaer/sundhed.md", page) == "../../temaer/sundhed/"
    assert href("kontinuum.md#trin-2", page) == "../../kontinuum/#trin-2"
    assert href("kilder/index.md#raadet-2004", page) == "../../kilder/#raadet-2004"
    assert href("praksis/andet.md", page) == "../andet/"
    assert href("index.md", page) == "../../"
    assert href("praksis/andet.md", "index.md") == "praksis/andet/"


def test_abbreviations_in_generated_html_are_whole_words_and_escaped() -> None:
    abbr = Abbreviations({"MI": "Motiverende samtale", "SEL": "Serviceloven"})
    assert abbr.text("MI & SEL § 85") == (
        '<abbr title="Motiverende samtale">MI</abbr> &amp; '
        '<abbr title="Serviceloven">SEL</abbr> § 85'
    )
    assert abbr.text("MILJØ og SELV <b>") == "MILJØ og SELV &lt;b&gt;"


def test_held_html_comes_back_in_place_and_untouched_by_markdown() -> None:
    import markdown

    held = HeldHtml()
    source = "Før *MI*" + held.hold("<p>*ikke Markdown*</p>") + "Efter"
    html = held.restore(markdown.markdown(source))
    assert " ".join(html.split()) == "<p>Før <em>MI</em></p> <p>*ikke Markdown*</p> <p>Efter</p>"
    # An editor's comment that looks like a placeholder is left alone.
    lookalike = "<!-- atlas-html 0 -->"
    assert held.restore(markdown.markdown(lookalike + "\n\nTekst")).startswith(lookalike)


@pytest.fixture
def lonely_project(tmp_path: Path, root: Path) -> ProjectPaths:
    shutil.copytree(root / "data", tmp_path / "data")
    (tmp_path / "cases").mkdir()
    shutil.copy(VALID, tmp_path / "cases" / VALID.name)
    text = VALID.read_text(encoding="utf-8")
    text = text.replace("slug: aeoeaa-taarnby-faellesskab", "slug: ensom-case")
    text = text.replace(
        "themes: [familie-venner-og-faellesskaber, sundhed]", "themes: [det-gode-forloeb]"
    )
    text = text.replace("methods: [mi, peer-stoette]", "methods: [rem]")
    (tmp_path / "cases" / "ensom-case.md").write_text(text, encoding="utf-8")
    return ProjectPaths(tmp_path)


def test_case_without_neighbours_says_so(lonely_project: ProjectPaths) -> None:
    from praksisatlas.render.reading_aids import suggestions_section

    files = sorted(lonely_project.cases_dir.glob("*.md"))
    catalog, problems = load_catalog(lonely_project, files)
    assert not problems
    case = catalog.by_slug["ensom-case"]
    assert related(case, catalog) == []
    text = suggestions_section(case, catalog)
    assert "ingen andre eksempler med samme tema eller metode" in text
    assert "data-related" not in text


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_case_pages_show_related_with_reasons(site: Path, catalog: Catalog) -> None:
    for case in catalog.cases:
        html = _page(site, case.url)
        similar = html.split('id="lignende-praksis"')[1].split('id="naeste-skridt')[0]
        shown = re.findall(r'data-related="([^"]+)"', similar)
        assert shown == [s.case.slug for s in related(case, catalog)], case.slug
        assert case.slug not in shown


def test_short_notes_link_to_fuller_cases_on_theme_and_step(site: Path, catalog: Catalog) -> None:
    """Every short note (and only a short note) has «Fyldigere beskrivelser»: cases that are
    not short notes, sharing a theme and a step (off the continuum: the support function)."""
    short = {d.key for d in catalog.vocab.documentation if d.extra.get("short")}
    assert short == {"kort-omtale"}
    seen_links = 0
    for case in catalog.cases:
        html = _page(site, case.url)
        has_block = 'id="fyldigere-beskrivelser"' in html
        assert has_block == (case.documentation in short), case.slug
        if not has_block:
            continue
        block = html.split('id="fyldigere-beskrivelser"')[1].split('id="lignende-praksis"')[0]
        shown = re.findall(r'data-related="([^"]+)"', block)
        assert shown == [s.case.slug for s in fuller_cases(case, catalog)], case.slug
        for slug in shown:
            other = catalog.by_slug[slug]
            assert other.documentation not in short
            assert set(other.themes) & set(case.themes)
            if case.placement.off:
                assert other.placement.support_function == case.placement.support_function
            else:
                assert set(other.placement.steps) & set(case.placement.steps)
        seen_links += len(shown)
    assert seen_links, "some short note should have a fuller case to point to"


def test_glossary_lists_every_term_and_abbreviations_have_tooltips(
    site: Path, catalog: Catalog, root: Path
) -> None:
    html = _page(site, "ordliste")
    extra = extra_terms(root / "data")
    vocab = catalog.vocab
    for term in (*vocab.methods, *vocab.legal_bases, *vocab.target_groups, *extra):
        assert f'id="{term.key}"' in html, term.key
    for abbr, title in abbreviations(catalog, extra).items():
        assert re.search(rf'<abbr title="{re.escape(title)}">{re.escape(abbr)}</abbr>', html), abbr


def test_abbreviation_tooltip_on_a_case_page(site: Path, catalog: Catalog) -> None:
    case = next(c for c in catalog.cases if re.search(r"\bMI\b", c.body))
    assert '<abbr title="Motiverende samtale">MI</abbr>' in _page(site, case.url)


def _git_date(root: Path, slug: str) -> str:
    return subprocess.run(
        ["git", "log", "-1", "--format=%cs", "--", f"cases/{slug}.md"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_feed_is_atom_with_each_case_once_dated_from_git(
    site: Path, catalog: Catalog, root: Path
) -> None:
    tree = ET.parse(site / "feed.xml")
    feed = tree.getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    urls = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert len(urls) == len(set(urls)) == len(catalog)
    for entry in entries:
        slug = entry.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[-1]
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None
        git_date = _git_date(root, slug) or catalog.by_slug[slug].updated
        assert entry.find(f"{ATOM}updated").text == f"{git_date}T00:00:00Z", slug
    head = _page(site, "")
    assert 'type="application/atom+xml"' in head and 'href="feed.xml"' in head


def test_history_on_case_page_comes_from_git(site: Path, catalog: Catalog, root: Path) -> None:
    case = catalog.cases[0]
    html = _page(site, case.url)
    assert 'class="atlas-history"' in html
    git_date = _git_date(root, case.slug)
    if git_date:
        assert f'<time datetime="{git_date}">' in html


@pytest.mark.browser
def test_print_hides_navigation(page: object, base_url: str, catalog: Catalog) -> None:
    case = catalog.cases[0]
    page.goto(f"{base_url}/{case.url}")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".atlas-print-only").is_visible()
    assert page.locator("[data-print-date]").inner_text().strip() != ""
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
