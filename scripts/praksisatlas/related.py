"""Related practice for a case page: which other cases to suggest next, and why.

Ranking (documented here and in DESIGN.md, tested in tests/test_reading.py):

- 3 points per shared quality theme, +2 more when both have the same main (first) theme;
- 2 points per shared method;
- 1 point per shared target group;
- 2 points on the same continuum step, 1 point one step away.

A case qualifies only if it shares at least one theme or method (the step alone is no reason).
Ties go to the case closer on the continuum, then by title. The case itself never appears.
«Næste skridt på kontinuummet» lists cases exactly one step to the right sharing a theme.

Every case page asks for its suggestions, so every pair of cases is scored: at 2,000 cases that
is four million pairs, and it was the slowest step of the build (DESIGN.md «Measurements»). The
:class:`RelatedIndex` is therefore built once per catalog: each case's themes, methods and target
groups become bit masks, so scoring a pair is a handful of integer operations, and one pass over
the catalogue serves both lists of a page.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from praksisatlas.catalog import Catalog
from praksisatlas.model import Case

STEP_POINTS = {0: 2, 1: 1}  # same step, one step away


@dataclass(frozen=True)
class Suggestion:
    case: Case
    score: int
    reason: str


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> list[str]:
    return [key for key in a if key in b]


def _step_phrase(case: Case, other: Case) -> str:
    diff = other.continuum - case.continuum
    if diff == 0:
        return "samme trin på kontinuummet"
    direction = "mod beskæftigelse" if diff > 0 else "mod social aktivering"
    steps = "et trin" if abs(diff) == 1 else f"{abs(diff)} trin"
    return f"{steps} længere {direction}"


def score(case: Case, other: Case) -> int:
    """The ranking above for one pair; the readable definition the index must agree with."""
    themes = _shared(case.themes, other.themes)
    methods = _shared(case.methods, other.methods)
    if not themes and not methods:
        return 0
    points = 3 * len(themes) + 2 * len(methods)
    points += len(_shared(case.target_groups, other.target_groups))
    if case.themes[0] == other.themes[0]:
        points += 2
    points += STEP_POINTS.get(abs(case.continuum - other.continuum), 0)
    return points


def reason(case: Case, other: Case, catalog: Catalog) -> str:
    """One short Danish reason: the strongest shared facet plus the step relation."""
    vocab = catalog.vocab
    parts = []
    themes = _shared(case.themes, other.themes)
    methods = _shared(case.methods, other.methods)
    if themes:
        parts.append("samme tema: " + vocab.theme(themes[0]).short)
    if methods:
        method = next(m for m in vocab.methods if m.key == methods[0])
        parts.append("samme metode: " + (method.abbr or method.name))
    parts.append(_step_phrase(case, other))
    return ", ".join(parts)


@dataclass(frozen=True)
class _Profile:
    """One case's facets as bit masks (bit i = the i-th key seen in the catalogue)."""

    themes: int
    methods: int
    groups: int
    main: str
    step: int


def _masks(values: tuple[str, ...], bits: dict[str, int]) -> int:
    mask = 0
    for value in values:
        mask |= 1 << bits.setdefault(value, len(bits))
    return mask


class RelatedIndex:
    """Both suggestion lists for every case page, from facet masks built once per catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        themes: dict[str, int] = {}
        methods: dict[str, int] = {}
        groups: dict[str, int] = {}
        self._profiles = [
            _Profile(
                _masks(case.themes, themes),
                _masks(case.methods, methods),
                _masks(case.target_groups, groups),
                case.themes[0],
                case.continuum,
            )
            for case in catalog.cases
        ]
        self._position = {case.slug: i for i, case in enumerate(catalog.cases)}
        # The catalog is sorted by title, so a case's position is its title rank.

    def _scored(self, case: Case) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
        """(points, distance, position) of every case sharing a theme or method, and
        (points, position) of those one step to the right sharing a theme."""
        me = self._position[case.slug]
        mine = self._profiles[me]
        similar, next_step = [], []
        for position, other in enumerate(self._profiles):
            shared_themes = (mine.themes & other.themes).bit_count()
            shared_methods = (mine.methods & other.methods).bit_count()
            if position == me or not (shared_themes or shared_methods):
                continue
            distance = other.step - mine.step
            points = (
                3 * shared_themes
                + 2 * shared_methods
                + (mine.groups & other.groups).bit_count()
                + (2 if mine.main == other.main else 0)
                + STEP_POINTS.get(abs(distance), 0)
            )
            similar.append((points, abs(distance), position))
            if distance == 1 and shared_themes:
                next_step.append((points, position))
        return similar, next_step

    def _suggest(self, case: Case, points: int, position: int) -> Suggestion:
        other = self.catalog.cases[position]
        return Suggestion(other, points, reason(case, other, self.catalog))

    def suggestions(self, case: Case) -> tuple[list[Suggestion], list[Suggestion]]:
        """«Lignende praksis» (up to five) and «Næste skridt» (up to three) in one pass."""
        similar, next_step = self._scored(case)
        best = heapq.nsmallest(5, similar, key=lambda s: (-s[0], s[1], s[2]))
        steps = heapq.nsmallest(3, next_step, key=lambda s: (-s[0], s[1]))
        return (
            [self._suggest(case, points, position) for points, _, position in best],
            [self._suggest(case, points, position) for points, position in steps],
        )


def related(case: Case, catalog: Catalog, limit: int = 5) -> list[Suggestion]:
    """Up to ``limit`` (at most five) cases most like this one, best first."""
    return catalog.related_index.suggestions(case)[0][:limit]


def next_steps(case: Case, catalog: Catalog, limit: int = 3) -> list[Suggestion]:
    """Cases one step further towards employment that share a theme, best match first."""
    return catalog.related_index.suggestions(case)[1][:limit]


__all__ = ["RelatedIndex", "Suggestion", "next_steps", "reason", "related", "score"]
