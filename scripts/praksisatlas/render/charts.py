"""Small charts drawn at build time: how cases spread over the continuum's steps (+ off it).

Each row is text a screen reader reads as it stands («1. Social aktivering: 30»), with the bar
a decorative SVG beside it whose length is an SVG attribute (the Content-Security-Policy allows
no inline styles). Without JavaScript, in both colour schemes and in print it is the same HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from praksisatlas.model import OFF, Case
from praksisatlas.render.markup import esc
from praksisatlas.vocabularies import Vocabularies

BAR_WIDTH = 100


def step_counts(cases: Sequence[Case], vocab: Vocabularies) -> list[tuple[str, str, int]]:
    """(key, label, count) per step, then off the continuum. A span case counts on each of its
    steps, so the rows may add up to more than the cases; an off case on none of the five."""
    rows = [
        (str(s.step), f"{s.step}. {s.name}", sum(1 for c in cases if c.placement.on(s.step)))
        for s in vocab.steps
    ]
    rows.append((OFF, "Uden for kontinuummet", sum(1 for c in cases if c.placement.off)))
    return rows


def step_bars(
    cases: Sequence[Case],
    vocab: Vocabularies,
    href: Callable[[str], str],
    title: str,
) -> str:
    """A horizontal bar per step (+ off), each label a link (``href(key)``, relative to the
    page)."""
    rows = step_counts(cases, vocab)
    largest = max((n for _, _, n in rows), default=0) or 1
    spans = sum(1 for c in cases if c.placement.span)
    items = []
    for key, label, count in rows:
        width = round(BAR_WIDTH * count / largest, 1)
        bar = (
            '<svg class="atlas-bars__bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
            f'aria-hidden="true"><rect x="0" y="0" width="{width:g}" height="10"/></svg>'
        )
        css = ' class="atlas-bars__off"' if key == OFF else ""
        items.append(
            f'<li{css} data-trin="{key}" data-count="{count}">'
            f'<a class="atlas-bars__label" href="{esc(href(key))}">{esc(label)}</a>'
            f'{bar}<span class="atlas-bars__n">{count}</span></li>'
        )
    note = (
        f" Et eksempel, der spænder over flere trin, tælles på hvert af dem ({spans})."
        if spans
        else ""
    )
    return (
        f'<figure class="atlas-bars"><figcaption>{esc(title)}: {len(cases)} '
        f"{'praksiseksempel' if len(cases) == 1 else 'praksiseksempler'}.{note}</figcaption>"
        f'<ol class="atlas-bars__rows">{"".join(items)}</ol></figure>'
    )
