"""Lists of cases as cards, shared by theme, step, municipality, source and front pages.

Finished HTML, held out of the page's Markdown (render/html.py): at 2,000 cases the continuum,
sources and glossary pages each list every case.
"""

from __future__ import annotations

from collections.abc import Iterable

from praksisatlas.model import Case
from praksisatlas.render.html import OnPage
from praksisatlas.render.markup import esc, plural
from praksisatlas.vocabularies import Vocabularies


def place_label(case: Case, vocab: Vocabularies) -> str:
    """Where a case is, for cards: municipalities, else the old county, else «Landsdækkende»."""
    if case.municipalities:
        return ", ".join(case.municipalities)
    if case.counties:
        return ", ".join(vocab.county(k).name for k in case.counties)
    return "Landsdækkende" if case.national else "Sted ikke oplyst"


def depth_badge(case: Case, vocab: Vocabularies) -> str:
    """The documentation depth, visible on every card before the case is opened."""
    documentation = next(d for d in vocab.documentation if d.key == case.documentation)
    return (
        f'<span class="atlas-depth-badge" data-dok="{esc(documentation.key)}">'
        f"{esc(documentation.name)}</span>"
    )


def case_card(case: Case, vocab: Vocabularies, on: OnPage) -> str:
    """One case as a list item: linked title, place, placement, main theme, depth, summary."""
    theme = vocab.theme(case.primary_theme)
    meta = " · ".join(
        (
            esc(place_label(case, vocab)),
            esc(case.placement.label),
            esc(theme.short),
            depth_badge(case, vocab),
        )
    )
    return (
        f'<li><a class="atlas-card-title" data-slug="{esc(case.slug)}" '
        f'href="{on.href(case.page_path)}">{on.abbr.text(case.title)}</a><br>\n'
        f'  <span class="atlas-card-meta">{meta}</span><br>\n'
        f"  {on.abbr.text(case.summary)}</li>"
    )


def case_list_html(cases: Iterable[Case], vocab: Vocabularies, on: OnPage, empty: str = "") -> str:
    """The cards in a container the tests and CSS can find, as HTML."""
    cases = list(cases)
    if not cases:
        return f'<p class="atlas-empty">{esc(empty or "Ingen praksiseksempler endnu.")}</p>\n'
    items = "\n".join(case_card(case, vocab, on) for case in cases)
    count = plural(len(cases), "praksiseksempel", "praksiseksempler")
    return (
        f'<div class="atlas-cases" data-count="{len(cases)}">\n'
        f'<p class="atlas-count">{count}</p>\n<ul>\n{items}\n</ul>\n</div>\n'
    )


def case_list(cases: Iterable[Case], vocab: Vocabularies, on: OnPage, empty: str = "") -> str:
    """The cards for a page's Markdown (a placeholder when the page holds its HTML)."""
    return on.hold(case_list_html(cases, vocab, on, empty))
