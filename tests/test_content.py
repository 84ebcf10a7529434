"""Content coverage: every example of the source reports that the issues name has its record,
placed and cited the way the editorial rules say."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from praksisatlas import Catalog

SEED_001 = "raadet-2004"
SEED_004 = "vive-sus-2021"
SECTIONS_001 = {"1.4", "3", "4"} | {f"2.{i}" for i in range(1, 22)}
# Chapter 2 of the bostøtte mapping: the sections that describe a municipality's practice
# in depth («Hvordan kan en lokal praksis … se ud») or as supplementary examples.
PRACTICE_SECTIONS_004 = {
    "2.1.4", "2.2.4", "2.3.4", "2.4.4", "2.5.3", "2.5.4", "2.6.4", "2.6.5", "2.6.6",
    "2.7.4", "2.7.5", "2.8.4", "2.8.5", "2.9.3", "2.9.4", "2.10.3", "2.10.4", "2.10.5",
    "2.10.6",
}  # fmt: skip


def test_all_21_catalogue_examples_have_one_record(catalog: Catalog) -> None:
    primary = defaultdict(list)
    for case in catalog.cases:
        first = case.sources[0]
        if first.source == SEED_001:
            primary[first.section].append(case.slug)
    assert sorted(primary, key=lambda s: int(s.split(".")[1])) == [f"2.{i}" for i in range(1, 22)]
    assert all(len(slugs) == 1 for slugs in primary.values()), primary


def test_catalogue_cases_cite_existing_sections_and_explain_their_step(catalog: Catalog) -> None:
    source = catalog.vocab.source(SEED_001)
    for case in catalog.citing(SEED_001):
        for ref in case.sources:
            if ref.source == SEED_001:
                assert source.section(ref.section) is not None, (case.slug, ref.section)
                top = ref.section.split(".")[0]
                assert ref.section in SECTIONS_001 or top in {"1", "2", "3", "4"}
        assert len(case.continuum_rationale) >= 40, case.slug


def test_every_chapter_2_practice_section_is_described(catalog: Catalog) -> None:
    cited = {
        ref.section for case in catalog.cases for ref in case.sources if ref.source == SEED_004
    }
    assert cited >= PRACTICE_SECTIONS_004, PRACTICE_SECTIONS_004 - cited


def test_shared_primary_descriptions_are_linked(catalog: Catalog) -> None:
    """Two records with the same primary section must link to each other («Se også»), unless
    the section holds several practices and each record's ``locator`` names its own part."""
    by_primary = defaultdict(list)
    for case in catalog.cases:
        first = case.sources[0]
        # In Bilag C each short entry («C.1 Esbjerg») is its own description.
        section = first.section
        if section == "Bilag C":
            section += " " + first.locator.split(":")[0].strip()
        if first.source in {SEED_001, SEED_004}:
            by_primary[(first.source, section)].append(case)
    problems = []
    for (_, section), cases in by_primary.items():
        for case in cases:
            linked = {c.slug for c in catalog.see_also(case)}
            for other in cases:
                if other.slug == case.slug or other.slug in linked:
                    continue
                mine, theirs = case.sources[0].locator, other.sources[0].locator
                if not (mine and theirs and mine != theirs):
                    problems.append(f"{case.slug} ~ {other.slug} ({section})")
    assert not problems, "\n".join(problems)


def test_the_eight_case_municipalities_have_pages(site: Path, catalog: Catalog) -> None:
    for name in ("Herning", "Horsens", "Slagelse", "Odense", "Silkeborg", "Rudersdal", "Randers",
                 "Holstebro"):  # fmt: skip
        cases = [c for c in catalog.in_municipality(name) if any(
            r.source == SEED_004 for r in c.sources)]  # fmt: skip
        assert cases, name
        slug = name.lower().replace("ø", "oe")
        page = (site / "kommuner" / slug / "index.html").read_text(encoding="utf-8")
        # The Bilag A profile stands above the municipality's cases.
        assert "Sådan er bostøtten organiseret" in page, name
        assert page.index("Sådan er bostøtten organiseret") < page.index('id="praksiseksempler"')


def test_bilag_c_entries_all_mapped_to_cases_that_cite_them(root: Path, catalog: Catalog) -> None:
    entries = yaml.safe_load((root / "data" / "bilag_c.yaml").read_text(encoding="utf-8"))
    assert len(entries) == 78
    assert len({e["entry"] for e in entries}) == 78
    for entry in entries:
        slug = entry["slug"]
        assert slug, f"{entry['id']} ({entry['entry']}) is not mapped to a case"
        case = catalog.by_slug[slug]
        assert any(
            ref.source == SEED_004
            and ref.section == "Bilag C"
            and ref.locator.startswith(entry["entry"])
            for ref in case.sources
        ), f"{slug} does not cite {entry['entry']}"


def test_older_examples_say_their_theme_tagging_is_ours(site: Path, catalog: Catalog) -> None:
    for case in catalog.citing(SEED_001):
        page = (site / case.url / "index.html").read_text(encoding="utf-8")
        assert "tagningen af dette ældre eksempel er atlassets egen" in page, case.slug
    newer = next(c for c in catalog.cases if c.sources[0].source == SEED_004)
    page = (site / newer.url / "index.html").read_text(encoding="utf-8")
    assert "tagningen af dette ældre eksempel" not in page
