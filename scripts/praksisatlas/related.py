"""Related practice for a case page: which other cases to suggest next, and why.

Ranking (documented here and in DESIGN.md, tested in tests/test_related.py):

- 3 points per shared quality theme, +2 more when both have the same main (first) theme;
- 2 points per shared method;
- 1 point per shared target group;
- 2 points on the same continuum step, 1 point one step away.

A case qualifies only if it shares at least one theme or method (the step alone is no reason).
Ties go to the case closer on the continuum, then by title. The case itself never appears.
«Næste skridt på kontinuummet» lists cases exactly one step to the right sharing a theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from praksisatlas.catalog import Catalog, title_key
from praksisatlas.model import Case


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
    themes = _shared(case.themes, other.themes)
    methods = _shared(case.methods, other.methods)
    if not themes and not methods:
        return 0
    points = 3 * len(themes) + 2 * len(methods)
    points += len(_shared(case.target_groups, other.target_groups))
    if case.themes[0] == other.themes[0]:
        points += 2
    distance = abs(case.continuum - other.continuum)
    points += {0: 2, 1: 1}.get(distance, 0)
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


def related(case: Case, catalog: Catalog, limit: int = 5) -> list[Suggestion]:
    # Every case is scored (linear per case page), but only the candidates that can reach the
    # top ``limit`` on (points, distance) are sorted with their title keys: at 2,000 cases
    # sorting all of them by title made this the slowest step of the build (DESIGN.md).
    scored = [
        (points, abs(other.continuum - case.continuum), other)
        for other in catalog.cases
        if other.slug != case.slug and (points := score(case, other)) > 0
    ]
    if len(scored) > limit:
        cut = sorted((-points, distance) for points, distance, _ in scored)[limit - 1]
        scored = [item for item in scored if (-item[0], item[1]) <= cut]
    ranked = sorted(scored, key=lambda item: (-item[0], item[1], title_key(item[2])))
    return [
        Suggestion(other, points, reason(case, other, catalog))
        for points, _, other in ranked[:limit]
    ]


def next_steps(case: Case, catalog: Catalog, limit: int = 3) -> list[Suggestion]:
    """Cases one step further towards employment that share a theme, best match first."""
    candidates = [
        other for other in catalog.on_step(case.continuum + 1) if _shared(case.themes, other.themes)
    ]
    ranked = sorted(candidates, key=lambda other: (-score(case, other), title_key(other)))
    return [Suggestion(o, score(case, o), reason(case, o, catalog)) for o in ranked[:limit]]
