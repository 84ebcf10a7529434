"""Long step names on the continuum line break at Danish syllables, never mid-syllable."""

from __future__ import annotations

from pathlib import Path

from praksisatlas import Catalog
from praksisatlas.render.hyphenation import SOFT_HYPHEN, soft_hyphens


def test_long_words_get_soft_hyphens_and_short_ones_stay_whole() -> None:
    text = soft_hyphens("5. Arbejdsmarkedsrettet beskæftigelse, trin")
    assert text.replace(SOFT_HYPHEN, "") == "5. Arbejdsmarkedsrettet beskæftigelse, trin"
    assert text.count(SOFT_HYPHEN) >= 4 and text.endswith(", trin")
    assert soft_hyphens("Social aktivering") == "Social aktivering"


def test_case_page_continuum_line_carries_the_soft_hyphens(site: Path, catalog: Catalog) -> None:
    page = (site / catalog.cases[0].url / "index.html").read_text(encoding="utf-8")
    start = page.index('class="atlas-scale')
    line = page[start : page.index("</ol>", start)]
    assert "5. Ar" + SOFT_HYPHEN in line
