"""Step 3 of the pipeline: the catalog, i.e. all valid cases and the indexes pages are made from.

Pages and exports ask the catalog («which cases have theme X?») instead of filtering on their own,
so a theme page, the step page, the matrix and the tests can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from praksisatlas.model import Case
from praksisatlas.vocabularies import Vocabularies

if TYPE_CHECKING:
    from praksisatlas.related import RelatedIndex

_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})


def title_key(case: Case) -> tuple[str, str]:
    """Danish-aware enough sort key: æ, ø, å after z, case-insensitive, ties broken by slug."""
    return case.title.lower().translate(_DANISH_ORDER), case.slug


def step_key(case: Case) -> tuple[tuple[int, int], tuple[str, str]]:
    """Sorting by step: first step, then last step, off the continuum last; then by title."""
    return case.placement.sort_key, title_key(case)


@dataclass(frozen=True)
class Catalog:
    """Every valid case in one stable order (by title), with lookups by each facet."""

    cases: tuple[Case, ...]
    vocab: Vocabularies

    @classmethod
    def from_cases(cls, cases: list[Case], vocab: Vocabularies) -> Catalog:
        return cls(tuple(sorted(cases, key=title_key)), vocab)

    def __len__(self) -> int:
        return len(self.cases)

    @cached_property
    def by_slug(self) -> dict[str, Case]:
        return {case.slug: case for case in self.cases}

    def where(self, predicate: Callable[[Case], bool]) -> tuple[Case, ...]:
        return tuple(case for case in self.cases if predicate(case))

    def with_theme(self, key: str) -> tuple[Case, ...]:
        return self._by_theme.get(key, ())

    @cached_property
    def _by_theme(self) -> dict[str, tuple[Case, ...]]:
        return self._grouped(lambda case: case.themes)

    def on_step(self, step: int) -> tuple[Case, ...]:
        """Cases on this step: a span case on each of its steps, an off case on none."""
        return self.where(lambda c: c.placement.on(step))

    def off_continuum(self) -> tuple[Case, ...]:
        """Cases not on the continuum (support infrastructure), in the catalog's order."""
        return self.where(lambda c: c.placement.off)

    def with_support_function(self, key: str) -> tuple[Case, ...]:
        return self.where(lambda c: c.placement.support_function == key)

    def in_municipality(self, name: str) -> tuple[Case, ...]:
        return self._by_municipality.get(name, ())

    @cached_property
    def _by_municipality(self) -> dict[str, tuple[Case, ...]]:
        return self._grouped(lambda case: case.municipalities)

    def _grouped(self, keys_of: Callable[[Case], tuple[str, ...]]) -> dict[str, tuple[Case, ...]]:
        """key → the cases that have it, in the catalog's order (one pass, each case once)."""
        found: dict[str, list[Case]] = {}
        for case in self.cases:
            for key in dict.fromkeys(keys_of(case)):
                found.setdefault(key, []).append(case)
        return {key: tuple(cases) for key, cases in found.items()}

    @cached_property
    def by_page_path(self) -> dict[str, Case]:
        """The case behind a generated page, by the page's source path (``praksis/<slug>.md``)."""
        return {case.page_path: case for case in self.cases}

    def citing(self, source_key: str) -> tuple[Case, ...]:
        return self.where(lambda c: any(ref.source == source_key for ref in c.sources))

    @cached_property
    def _linked_from(self) -> dict[str, list[str]]:
        """slug → the cases whose ``related`` names it (one pass, not one per page)."""
        linked: dict[str, list[str]] = {}
        for other in self.cases:
            for slug in other.related:
                linked.setdefault(slug, []).append(other.slug)
        return linked

    def see_also(self, case: Case) -> tuple[Case, ...]:
        """Cases linked by ``related`` in either direction: a link is a relation between two
        practices, so editors write it once and both pages show it."""
        slugs = list(case.related) + self._linked_from.get(case.slug, [])
        return tuple(self.by_slug[slug] for slug in dict.fromkeys(slugs))

    @cached_property
    def related_index(self) -> RelatedIndex:
        """Suggestions for every case page («Lignende praksis»), scored once per build."""
        from praksisatlas.related import RelatedIndex  # related.py builds on this module

        return RelatedIndex(self)

    def with_method(self, key: str) -> tuple[Case, ...]:
        return self.where(lambda c: key in c.methods)

    @property
    def municipalities_with_cases(self) -> tuple[str, ...]:
        names = {m for case in self.cases for m in case.municipalities}
        return tuple(m.name for m in self.vocab.municipalities if m.name in names)
