"""Step 3 of the pipeline: the catalog, i.e. all valid cases and the indexes pages are made from.

Pages and exports ask the catalog («which cases have theme X?») instead of filtering on their own,
so a theme page, the step page, the matrix and the tests can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from praksisatlas.model import Case
from praksisatlas.vocabularies import Vocabularies


def title_key(case: Case) -> tuple[str, str]:
    """Danish-aware enough sort key: æ, ø, å after z, case-insensitive, ties broken by slug."""
    table = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})
    return case.title.lower().translate(table), case.slug


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
        return self.where(lambda c: key in c.themes)

    def on_step(self, step: int) -> tuple[Case, ...]:
        return self.where(lambda c: c.continuum == step)

    def in_municipality(self, name: str) -> tuple[Case, ...]:
        return self.where(lambda c: name in c.municipalities)

    def citing(self, source_key: str) -> tuple[Case, ...]:
        return self.where(lambda c: any(ref.source == source_key for ref in c.sources))

    def see_also(self, case: Case) -> tuple[Case, ...]:
        """Cases linked by ``related`` in either direction: a link is a relation between two
        practices, so editors write it once and both pages show it."""
        slugs = list(case.related)
        slugs += [other.slug for other in self.cases if case.slug in other.related]
        return tuple(self.by_slug[slug] for slug in dict.fromkeys(slugs))

    def with_method(self, key: str) -> tuple[Case, ...]:
        return self.where(lambda c: key in c.methods)

    @property
    def municipalities_with_cases(self) -> tuple[str, ...]:
        names = {m for case in self.cases for m in case.municipalities}
        return tuple(m.name for m in self.vocab.municipalities if m.name in names)
