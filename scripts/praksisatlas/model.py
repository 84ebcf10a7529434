"""The validated case record: immutable, typed, with the derived fields (regions, url) filled in.

Only valid input becomes a :class:`Case`; everything downstream (catalog, pages, exports) can rely
on every key being known to the vocabularies.
"""

from __future__ import annotations

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
    continuum: int
    continuum_rationale: str
    continuum_uncertain: bool
    themes: tuple[str, ...]
    target_groups: tuple[str, ...]
    legal_basis: tuple[str, ...]
    methods: tuple[str, ...]
    documentation: str
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
            "continuum": self.continuum,
            "continuum_rationale": self.continuum_rationale,
            "continuum_uncertain": self.continuum_uncertain,
            "themes": list(self.themes),
            "target_groups": list(self.target_groups),
            "legal_basis": list(self.legal_basis),
            "methods": list(self.methods),
            "documentation": self.documentation,
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
        continuum=meta["continuum"],
        continuum_rationale=meta["continuum_rationale"].strip(),
        continuum_uncertain=bool(meta.get("continuum_uncertain", False)),
        themes=tuple(meta["themes"]),
        target_groups=tuple(meta["target_groups"]),
        legal_basis=tuple(meta.get("legal_basis", ())),
        methods=tuple(meta.get("methods", ())),
        documentation=meta["documentation"],
        sources=tuple(
            SourceRef(s["source"], s["section"], s.get("locator", ""), s.get("pages", ""))
            for s in meta["sources"]
        ),
        related=tuple(meta.get("related", ())),
        updated=meta["updated"],
        body=raw.body.strip() + "\n",
        file=raw.display,
    )
