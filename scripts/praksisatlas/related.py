"""Related practice for a case page: which other cases to suggest next, and why.

Ranking (documented here and in DESIGN.md, tested in tests/test_reading.py):

- 3 points per shared quality theme, +2 more when both have the same main (first) theme;
- 2 points per shared method;
- 1 point per shared target group;
- 2 points on the same continuum step, 1 point one step away. The step distance is the smallest
  distance between the two cases' step sets (a span covers several steps); a case off the
  continuum gets no step points, with anyone.

A case qualifies only if it shares at least one theme or method (the step alone is no reason).
Ties go to the case closer on the continuum (off the continuum counts as farthest), then by
title. The case itself never appears.
«Næste skridt på kontinuummet» is only for cases on the continuum: cases whose first step is one
more than this case's last step, sharing a theme. Off cases get none and are never offered.
«Fyldigere beskrivelser» (only on a short note, ``short: true`` in data/documentation.yaml):
cases that are not short notes, sharing a theme and a step (off the continuum: the same support
function), ranked by the same points.

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
FAR = 9  # the «distance» to or from a case off the continuum: no step points, sorted last


@dataclass(frozen=True)
class Suggestion:
    case: Case
    score: int
    reason: str


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> list[str]:
    return [key for key in a if key in b]


def _step_phrase(case: Case, other: Case) -> str:
    mine, theirs = case.placement, other.placement
    if mine.off or theirs.off:
        if mine.off and theirs.off:
            if mine.support_function == theirs.support_function:
                return "samme støttefunktion"
            return "begge uden for kontinuummet"
        return "uden for kontinuummet" if theirs.off else "på kontinuummet"
    distance = mine.distance(theirs)
    if distance == 0:
        return "samme trin på kontinuummet"
    diff = theirs.first - mine.last if theirs.first > mine.last else theirs.last - mine.first
    direction = "mod beskæftigelse" if diff > 0 else "mod social aktivering"
    steps = "et trin" if distance == 1 else f"{distance} trin"
    return f"{steps} længere {direction}"


def step_distance(case: Case, other: Case) -> int:
    """Smallest distance between the step sets; :data:`FAR` when either is off the continuum."""
    distance = case.placement.distance(other.placement)
    return FAR if distance is None else distance


def is_next_step(case: Case, other: Case) -> bool:
    """``other`` starts one step after ``case`` ends; never for a case off the continuum."""
    mine, theirs = case.placement, other.placement
    return not (mine.off or theirs.off) and theirs.first == mine.last + 1


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
    points += STEP_POINTS.get(step_distance(case, other), 0)
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
    steps: int  # bit i set = on step i; 0 off the continuum
    first: int  # 0 off the continuum
    last: int
    support: str  # support function off the continuum, else ""
    short: bool  # documentation is a short note (data/documentation.yaml: short: true)


def _distance(a: _Profile, b: _Profile) -> int:
    """Smallest distance between two step masks (FAR when either is empty)."""
    if not a.steps or not b.steps:
        return FAR
    if a.steps & b.steps:
        return 0
    # Disjoint step sets are each one contiguous run (a step or a span): the gap between them.
    return b.first - a.last if b.first > a.last else a.first - b.last


def _masks(values: tuple[str, ...], bits: dict[str, int]) -> int:
    mask = 0
    for value in values:
        mask |= 1 << bits.setdefault(value, len(bits))
    return mask


_Chosen = tuple[
    tuple[tuple[int, int, str], ...], tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]
]


class RelatedIndex:
    """Both suggestion lists for every case page, from facet masks built once per catalog.

    ``previous`` (the editor's preview, ``make serve``; DESIGN.md «Preview in seconds»): the
    index of the catalog before an edit, with the same vocabularies. A case's lists are taken
    over from it unless they could have changed: the case itself changed, a case in its lists
    changed or is gone, or a changed case now ranks above the last of a list (or a list was not
    full). Cases that did not change keep their order among themselves (the catalog is sorted by
    title), so comparing with the changed cases alone is enough. Tested against a fresh index.
    """

    def __init__(self, catalog: Catalog, previous: RelatedIndex | None = None) -> None:
        self.catalog = catalog
        vocab = catalog.vocab
        # Bits in vocabulary order, so the same case has the same profile in every catalog.
        themes = {t.key: i for i, t in enumerate(vocab.themes)}
        methods = {t.key: i for i, t in enumerate(vocab.methods)}
        groups = {t.key: i for i, t in enumerate(vocab.target_groups)}
        short = {d.key for d in vocab.documentation if d.extra.get("short")}
        self._profiles = [
            _Profile(
                _masks(case.themes, themes),
                _masks(case.methods, methods),
                _masks(case.target_groups, groups),
                case.themes[0],
                sum(1 << s for s in case.placement.steps),
                case.placement.first or 0,
                case.placement.last or 0,
                case.placement.support_function,
                case.documentation in short,
            )
            for case in catalog.cases
        ]
        self._position = {case.slug: i for i, case in enumerate(catalog.cases)}
        # The catalog is sorted by title, so a case's position is its title rank.
        self._chosen: dict[str, _Chosen] = {}
        self._previous: RelatedIndex | None = None
        if previous is not None and previous.catalog.vocab is vocab:
            self._previous = previous
            previous._previous = None  # only its finished lists are read: no chain of catalogs
            old = previous.catalog.by_slug
            self._changed = [
                i
                for i, case in enumerate(catalog.cases)
                if case.slug not in old
                or old[case.slug].title != case.title
                or previous._profiles[previous._position[case.slug]] != self._profiles[i]
            ]
            changed = {catalog.cases[i].slug for i in self._changed}
            self._stale = changed | (set(old) - set(self._position))

    def _scored(
        self, case: Case, only: list[int] | None = None
    ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
        """(points, distance, position) of every case sharing a theme or method;
        (points, position) of those one step to the right sharing a theme; and, for a short
        note, (points, position) of the fuller cases sharing a theme and a step (off the
        continuum: the support function). ``only``: these positions instead of all."""
        me = self._position[case.slug]
        mine = self._profiles[me]
        similar: list[tuple[int, int, int]] = []
        next_step: list[tuple[int, int]] = []
        fuller: list[tuple[int, int]] = []
        candidates = (
            enumerate(self._profiles)
            if only is None
            else ((position, self._profiles[position]) for position in only)
        )
        for position, other in candidates:
            shared_themes = (mine.themes & other.themes).bit_count()
            shared_methods = (mine.methods & other.methods).bit_count()
            if position == me or not (shared_themes or shared_methods):
                continue
            distance = _distance(mine, other)
            points = (
                3 * shared_themes
                + 2 * shared_methods
                + (mine.groups & other.groups).bit_count()
                + (2 if mine.main == other.main else 0)
                + STEP_POINTS.get(distance, 0)
            )
            similar.append((points, distance, position))
            if mine.steps and other.steps and other.first == mine.last + 1 and shared_themes:
                next_step.append((points, position))
            if mine.short and not other.short and shared_themes:
                same_place = (
                    mine.steps & other.steps
                    if mine.steps
                    else not other.steps and mine.support == other.support
                )
                if same_place:
                    fuller.append((points, position))
        return similar, next_step, fuller

    def _choose(self, case: Case) -> _Chosen:
        similar, next_step, fuller = self._scored(case)
        best = heapq.nsmallest(5, similar, key=lambda s: (-s[0], s[1], s[2]))
        steps = heapq.nsmallest(3, next_step, key=lambda s: (-s[0], s[1]))
        full = heapq.nsmallest(3, fuller, key=lambda s: (-s[0], s[1]))
        slug = [c.slug for c in self.catalog.cases]
        return (
            tuple((p, d, slug[i]) for p, d, i in best),
            tuple((p, slug[i]) for p, i in steps),
            tuple((p, slug[i]) for p, i in full),
        )

    def _taken_over(self, case: Case) -> _Chosen | None:
        """The previous catalog's lists for ``case`` when no change can reach them."""
        previous = self._previous
        if previous is None or case.slug in self._stale:
            return None
        old = previous._chosen.get(case.slug)
        if old is None:
            return None
        best, steps, full = old
        named = [s for _, _, s in best] + [s for _, s in steps] + [s for _, s in full]
        if any(slug in self._stale for slug in named):
            return None
        if not self._changed:
            return old
        similar, next_step, fuller = self._scored(case, self._changed)
        at = self._position
        if similar and (
            len(best) < 5
            or min((-p, d, i) for p, d, i in similar) < (-best[-1][0], best[-1][1], at[best[-1][2]])
        ):
            return None
        for entries, chosen in ((next_step, steps), (fuller, full)):
            if entries and (
                len(chosen) < 3
                or min((-p, i) for p, i in entries) < (-chosen[-1][0], at[chosen[-1][1]])
            ):
                return None
        return old

    def chosen(self, case: Case) -> _Chosen:
        """The three lists as (points[, distance], slug): what :meth:`lists` shows, without the
        reasons (each a function of the two cases)."""
        return self._lists_of(case)

    def _lists_of(self, case: Case) -> _Chosen:
        chosen = self._chosen.get(case.slug)
        if chosen is None:
            chosen = self._taken_over(case) or self._choose(case)
            self._chosen[case.slug] = chosen
        return chosen

    def _suggest(self, case: Case, points: int, slug: str) -> Suggestion:
        other = self.catalog.by_slug[slug]
        return Suggestion(other, points, reason(case, other, self.catalog))

    def lists(self, case: Case) -> tuple[list[Suggestion], list[Suggestion], list[Suggestion]]:
        """«Lignende praksis» (up to five), «Næste skridt» (up to three) and, on a short note,
        fuller descriptions on the same theme and step (up to three), in one pass."""
        best, steps, full = self._lists_of(case)
        return (
            [self._suggest(case, points, slug) for points, _, slug in best],
            [self._suggest(case, points, slug) for points, slug in steps],
            [self._suggest(case, points, slug) for points, slug in full],
        )

    def suggestions(self, case: Case) -> tuple[list[Suggestion], list[Suggestion]]:
        """«Lignende praksis» and «Næste skridt»."""
        similar, steps, _ = self.lists(case)
        return similar, steps


def related(case: Case, catalog: Catalog, limit: int = 5) -> list[Suggestion]:
    """Up to ``limit`` (at most five) cases most like this one, best first."""
    return catalog.related_index.suggestions(case)[0][:limit]


def fuller_cases(case: Case, catalog: Catalog, limit: int = 3) -> list[Suggestion]:
    """For a short note: fuller descriptions sharing a theme and a step (off the continuum: the
    same support function), best match first; none for a case that is not a short note."""
    return catalog.related_index.lists(case)[2][:limit]


def next_steps(case: Case, catalog: Catalog, limit: int = 3) -> list[Suggestion]:
    """Cases starting one step after this case ends that share a theme, best match first
    (none for a case off the continuum, and never a case off the continuum)."""
    return catalog.related_index.suggestions(case)[1][:limit]


__all__ = [
    "FAR",
    "RelatedIndex",
    "Suggestion",
    "fuller_cases",
    "is_next_step",
    "next_steps",
    "reason",
    "related",
    "score",
    "step_distance",
]
