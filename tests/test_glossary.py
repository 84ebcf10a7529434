"""Glosses that say only what is known: ambiguous and hedged abbreviations (issue 17, point 4).

A tooltip reaches every page where its abbreviation stands, so ``glossary.abbreviations`` may
not give one meaning to an abbreviation the sources use in several (ACT) or never spell out (DAT).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from praksisatlas import Catalog
from praksisatlas.glossary import abbreviation_titles, abbreviations, extra_terms
from praksisatlas.vocabularies import Term


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _term(key: str, name: str, abbr: str, **extra: object) -> Term:
    return Term(key=key, name=name, abbr=abbr, extra=dict(extra))


def test_ambiguous_abbreviation_names_every_meaning_or_none() -> None:
    both = abbreviation_titles(
        (
            _term("a", "Assertive Community Treatment", "ACT", ambiguous_abbr=True),
            _term("b", "Acceptance and Commitment Therapy", "ACT", ambiguous_abbr=True),
            _term("c", "Motiverende samtale", "MI"),
        )
    )
    assert both == {
        "ACT": "Flertydig forkortelse: Assertive Community Treatment eller "
        "Acceptance and Commitment Therapy",
        "MI": "Motiverende samtale",
    }
    # Marked ambiguous but only one meaning known: no tooltip rather than a half-truth.
    alone = abbreviation_titles(
        (_term("a", "Assertive Community Treatment", "ACT", ambiguous_abbr=True),)
    )
    assert alone == {}


def test_abbr_title_is_the_tooltip_and_unmarked_clashes_are_refused() -> None:
    hedged = _term("dat", "Dialektisk adfærdsterapi", "DAT", abbr_title="Sandsynligvis …")
    assert abbreviation_titles((hedged,)) == {"DAT": "Sandsynligvis …"}
    with pytest.raises(ValueError, match="ACT"):
        abbreviation_titles(
            (
                _term("a", "Assertive Community Treatment", "ACT"),
                _term("b", "Acceptance and Commitment Therapy", "ACT"),
            )
        )


def test_act_tooltip_is_honest_in_the_real_vocabularies(catalog: Catalog, root: Path) -> None:
    """Issue 17: «ACT» is Assertive Community Treatment in one part of VIVE og SUS (2021) and not
    spelled out (likelier Acceptance and Commitment Therapy) in another; DAT is never spelled
    out. No tooltip may claim one meaning."""
    titles = abbreviations(catalog, extra_terms(root / "data"))
    act = titles.get("ACT", "")
    assert act != "Assertive Community Treatment"
    if act:
        assert "Assertive Community Treatment" in act
        assert "Acceptance and Commitment Therapy" in act
    assert "kilden" in titles.get("DAT", "kilden")


_ABBR_RE = re.compile(r'<abbr title="([^"]*)">(ACT|DAT)</abbr>')


def test_no_page_gives_act_a_single_meaning(site: Path) -> None:
    """Build level: every ``<abbr>`` on every page (Markdown bodies through the abbr extension,
    generated HTML through render/html.py) names both meanings of ACT; DAT stays hedged."""
    seen = 0
    for page in site.rglob("*.html"):
        for title, abbr in _ABBR_RE.findall(page.read_text(encoding="utf-8")):
            seen += 1
            if abbr == "ACT":
                assert "Acceptance and Commitment Therapy" in title, page
                assert "Assertive Community Treatment" in title, page
            else:
                assert "kilden skriver ikke" in title, page
    assert seen, "ingen ACT/DAT-forkortelser fundet i det byggede site"


def test_glossary_page_explains_both_meanings_of_act_and_dat(site: Path) -> None:
    html = _page(site, "ordliste")
    for key in ("act", "acceptance-and-commitment-therapy", "dat"):
        assert f'id="{key}"' in html, key
    act = html.split('id="act"', 1)[1].split("<h3", 1)[0]
    assert "Acceptance and Commitment Therapy" in act
    acceptance = html.split('id="acceptance-and-commitment-therapy"', 1)[1].split("<h3", 1)[0]
    assert "Assertive Community Treatment" in acceptance
    assert "Silkeborg" in acceptance and "Aarhus" in acceptance
    dat = html.split('id="dat"', 1)[1].split("<h3", 1)[0]
    assert "skriver ikke forkortelsen ud" in dat
