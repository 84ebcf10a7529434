"""The validated case record: immutable, typed, with the derived fields (regions, url) filled in.

Only valid input becomes a :class:`Case`; everything downstream (catalog, pages, exports) can rely
on every key being known to the vocabularies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from praksisatlas.reading import CaseFile, jsonable
from praksisatlas.vocabularies import Vocabularies


@dataclass(frozen=True)
class SourceRef:
    source: str
    section: str
    locator: str = ""
    pages: str = ""


@dataclass(frozen=True)
class Period:
    start: int | None = None
    end: int | None = None
    note: str = ""

    @property
    def label(self) -> str:
        """«2002–2004», «fra 2015», «til 2004» or «ikke oplyst», plus the note."""
        if self.start and self.end:
            text = str(self.start) if self.start == self.end else f"{self.start}–{self.end}"
        elif self.start:
            text = f"fra {self.start}"
        elif self.end:
            text = f"til {self.end}"
        else:
            text = "ikke oplyst i kilden"
        return f"{text} ({self.note})" if self.note else text


OFF = "uden-for"
"""The written value for a practice that is not on the continuum (support infrastructure)."""

_SPAN_RE = re.compile(r"^(\d+)-(\d+)$")  # as the schema's pattern: no spaces


def parse_continuum(value: Any) -> tuple[int, ...] | None:
    """The steps a written ``continuum`` value stands for: ``3`` → (3,), ``"2-4"`` → (2, 3, 4),
    ``"uden-for"`` → (). ``None`` when the value is none of the three forms (1–5; "F-T" with
    1 <= F < T <= 5; uden-for). The one place that knows the written forms."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value,) if 1 <= value <= 5 else None
    if not isinstance(value, str):
        return None
    if value == OFF:
        return ()
    match = _SPAN_RE.match(value)
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    if not 1 <= first < last <= 5:
        return None
    return tuple(range(first, last + 1))


@dataclass(frozen=True)
class Placement:
    """Where a case stands on the continuum: one step, a span of steps, or off the continuum
    (then with a support function). Every page, export and look-up asks this object; nothing
    else reads the written value."""

    steps: tuple[int, ...]
    support_function: str = ""
    support_name: str = ""
    step_name: str = ""

    @classmethod
    def of(
        cls, value: Any, support_function: str = "", vocab: Vocabularies | None = None
    ) -> Placement:
        """The placement a written value stands for; names filled in from ``vocab`` if given.
        Raises ValueError for anything :func:`parse_continuum` does not accept."""
        steps = parse_continuum(value)
        if steps is None:
            raise ValueError(f"not a continuum value: {value!r}")
        support_name = step_name = ""
        if vocab is not None:
            if not steps:
                support_name = vocab.support_function(support_function).name
            elif len(steps) == 1:
                step_name = vocab.step(steps[0]).name
        return cls(steps, support_function if not steps else "", support_name, step_name)

    @property
    def off(self) -> bool:
        """Not on the continuum: support infrastructure (``continuum: uden-for``)."""
        return not self.steps

    @property
    def span(self) -> bool:
        return len(self.steps) > 1

    @property
    def first(self) -> int | None:
        return self.steps[0] if self.steps else None

    @property
    def last(self) -> int | None:
        return self.steps[-1] if self.steps else None

    def on(self, step: int) -> bool:
        """True for each step of a span; never for a case off the continuum."""
        return step in self.steps

    @property
    def value(self) -> int | str:
        """The written value, as in the front matter and the JSON export: 3, "2-4" or "uden-for"."""
        if self.off:
            return OFF
        return self.steps[0] if len(self.steps) == 1 else f"{self.first}-{self.last}"

    @property
    def text(self) -> str:
        """The written value as text (the CSV's ``continuum`` column): "3", "2-4" or "uden-for"."""
        return str(self.value)

    @property
    def keys(self) -> tuple[str, ...]:
        """Facet values for the explorer and search (``trin=``): one per step, or "uden-for"."""
        return tuple(str(s) for s in self.steps) if self.steps else (OFF,)

    @property
    def sort_key(self) -> tuple[int, int]:
        """By first step, then last step; off the continuum last."""
        return (self.steps[0], self.steps[-1]) if self.steps else (6, 6)

    @property
    def short_label(self) -> str:
        """«Trin 3», «Trin 2–4» or «Uden for kontinuummet»."""
        if self.off:
            return "Uden for kontinuummet"
        if self.span:
            return f"Trin {self.first}–{self.last}"
        return f"Trin {self.first}"

    @property
    def label(self) -> str:
        """«Trin 3: Udvikling og afklaring», «Trin 2–4» or «Uden for kontinuummet: <function>»."""
        if self.off:
            return (
                f"Uden for kontinuummet: {self.support_name}"
                if self.support_name
                else ("Uden for kontinuummet")
            )
        if not self.span and self.step_name:
            return f"Trin {self.first}: {self.step_name}"
        return self.short_label

    def distance(self, other: Placement) -> int | None:
        """Smallest distance between the two step sets; None when either is off the continuum."""
        if self.off or other.off:
            return None
        return min(abs(a - b) for a in self.steps for b in other.steps)


@dataclass(frozen=True)
class Case:
    slug: str
    title: str
    summary: str
    organisation: str
    municipalities: tuple[str, ...]
    counties: tuple[str, ...]
    national: bool
    place_in_source: str
    regions: tuple[str, ...]
    period: Period
    placement: Placement
    continuum_rationale: str
    continuum_uncertain: bool
    themes: tuple[str, ...]
    target_groups: tuple[str, ...]
    legal_basis: tuple[str, ...]
    methods: tuple[str, ...]
    documentation: str
    source_gaps: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    related: tuple[str, ...]
    updated: str
    body: str
    file: str

    @property
    def url(self) -> str:
        """Site-relative URL, the same in pages, exports and tests."""
        return f"praksis/{self.slug}/"

    @property
    def page_path(self) -> str:
        """The generated page's path under docs/, from which its links are made relative."""
        return f"praksis/{self.slug}.md"

    @property
    def primary_theme(self) -> str:
        return self.themes[0]

    def to_export(self) -> dict[str, Any]:
        """All front-matter fields plus the derived ones, in one fixed key order."""
        return {
            "slug": self.slug,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "organisation": self.organisation,
            "municipalities": list(self.municipalities),
            "counties": list(self.counties),
            "national": self.national,
            "place_in_source": self.place_in_source,
            "regions": list(self.regions),
            "period": {
                "start": self.period.start,
                "end": self.period.end,
                "note": self.period.note,
            },
            "continuum": self.placement.value,
            "continuum_steps": list(self.placement.steps),
            "support_function": self.placement.support_function or None,
            "continuum_rationale": self.continuum_rationale,
            "continuum_uncertain": self.continuum_uncertain,
            "themes": list(self.themes),
            "target_groups": list(self.target_groups),
            "legal_basis": list(self.legal_basis),
            "methods": list(self.methods),
            "documentation": self.documentation,
            "source_gaps": list(self.source_gaps),
            "sources": [{k: v for k, v in vars(ref).items() if v} for ref in self.sources],
            "related": list(self.related),
            "updated": self.updated,
        }


def build_case(raw: CaseFile, vocab: Vocabularies) -> Case:
    """Turn a *validated* file into a Case; regions are derived, never typed."""
    meta = jsonable(raw.meta)
    municipalities = tuple(meta.get("municipalities", ()))
    counties = tuple(meta.get("counties", ()))
    regions = {vocab.municipality(m).region for m in municipalities}
    for key in counties:
        regions.update(vocab.county(key).regions)
    period = meta.get("period", {})
    return Case(
        slug=meta["slug"],
        title=meta["title"],
        summary=meta["summary"].strip(),
        organisation=meta["organisation"],
        municipalities=municipalities,
        counties=counties,
        national=bool(meta.get("national", False)),
        place_in_source=meta.get("place_in_source", ""),
        regions=tuple(sorted(regions)),
        period=Period(period.get("start"), period.get("end"), period.get("note", "")),
        placement=Placement.of(meta["continuum"], meta.get("support_function", ""), vocab),
        continuum_rationale=meta["continuum_rationale"].strip(),
        continuum_uncertain=bool(meta.get("continuum_uncertain", False)),
        themes=tuple(meta["themes"]),
        target_groups=tuple(meta["target_groups"]),
        legal_basis=tuple(meta.get("legal_basis", ())),
        methods=tuple(meta.get("methods", ())),
        documentation=meta["documentation"],
        source_gaps=tuple(g.key for g in vocab.source_gaps if g.key in meta.get("source_gaps", ())),
        sources=tuple(
            SourceRef(s["source"], s["section"], s.get("locator", ""), s.get("pages", ""))
            for s in meta["sources"]
        ),
        related=tuple(meta.get("related", ())),
        updated=meta["updated"],
        body=raw.body.strip() + "\n",
        file=raw.display,
    )
