"""Lists of cases as cards, shared by theme, step, municipality, source and front pages."""

from __future__ import annotations

from collections.abc import Iterable

from praksisatlas.model import Case
from praksisatlas.render.markup import esc, link, md_text, plural
from praksisatlas.vocabularies import Vocabularies


def place_label(case: Case, vocab: Vocabularies) -> str:
    """Where a case is, for cards: municipalities, else the old county, else «Landsdækkende»."""
    if case.municipalities:
        return ", ".join(case.municipalities)
    if case.counties:
        return ", ".join(vocab.county(k).name for k in case.counties)
    return "Landsdækkende" if case.national else "Sted ikke oplyst"


def case_card(case: Case, vocab: Vocabularies, prefix: str) -> str:
    """One case as a list item: linked title, place, step, main theme, summary."""
    step = vocab.step(case.continuum)
    theme = vocab.theme(case.primary_theme)
    meta = " · ".join(
        (
            md_text(place_label(case, vocab)),
            f"trin {case.continuum}: {md_text(step.name)}",
            md_text(theme.short),
        )
    )
    return (
        f"- {link(case.title, f'{prefix}praksis/{case.slug}.md')}"
        f'{{ .atlas-card-title data-slug="{esc(case.slug)}" }}  \n'
        f'  <span class="atlas-card-meta">{meta}</span>  \n'
        f"  {md_text(case.summary)}"
    )


def case_list(cases: Iterable[Case], vocab: Vocabularies, prefix: str, empty: str = "") -> str:
    """A Markdown list of cards wrapped in a container the tests and CSS can find."""
    cases = list(cases)
    if not cases:
        return f'<p class="atlas-empty">{esc(empty or "Ingen praksiseksempler endnu.")}</p>\n'
    items = "\n".join(case_card(case, vocab, prefix) for case in cases)
    count = plural(len(cases), "praksiseksempel", "praksiseksempler")
    return (
        f'<div class="atlas-cases" data-count="{len(cases)}" markdown>\n\n'
        f'<p class="atlas-count">{count}</p>\n\n{items}\n\n</div>\n'
    )
