"""The controlled vocabularies and registries in ``data/``, loaded into typed, read-only objects.

They are data files rather than Python constants so an editor can read (and propose changes to)
the list of themes, methods or legal bases without reading code.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from praksisatlas.paths import ProjectPaths
from praksisatlas.slugs import slugify


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a key used in case files and its Danish presentation."""

    key: str
    name: str
    description: str = ""
    abbr: str = ""
    synonyms: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        """Name with the abbreviation, as shown in fact boxes: «Motiverende samtale (MI)»."""
        if self.abbr and self.abbr not in self.name:
            return f"{self.name} ({self.abbr})"
        return self.name


@dataclass(frozen=True)
class Theme(Term):
    number: int = 0
    short: str = ""


@dataclass(frozen=True)
class Step:
    """A step on the continuum, with the report's anchor example (A–E)."""

    step: int
    name: str
    letter: str
    anchor: str
    description: str
    anchor_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class RationaleRule:
    """The words of the rule for ``continuum_rationale`` (``data/continuum_rationale.yaml``)."""

    markers: tuple[str, ...]
    marker_distance: int
    negations: tuple[str, ...]
    absence_topics: tuple[str, ...]
    min_content_words: int


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class Source:
    """A source report from the registry; cases cite it by key and section."""

    key: str
    title: str
    short: str
    publisher: str
    year: int
    authors: tuple[str, ...]
    kind: str
    sections: tuple[Section, ...]
    page: str = ""
    note: str = ""
    year_note: str = ""
    commissioner: str = ""
    funder: str = ""

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class Municipality:
    name: str
    region: str

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class County:
    key: str
    name: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Vocabularies:
    """Everything in ``data/`` except the cases: the closed lists a case is checked against."""

    themes: tuple[Theme, ...]
    steps: tuple[Step, ...]
    target_groups: tuple[Term, ...]
    legal_bases: tuple[Term, ...]
    methods: tuple[Term, ...]
    documentation: tuple[Term, ...]
    sources: tuple[Source, ...]
    municipalities: tuple[Municipality, ...]
    counties: tuple[County, ...]
    support_functions: tuple[Term, ...]
    source_gaps: tuple[Term, ...]
    rationale_rule: RationaleRule
    schema: dict[str, Any] = field(hash=False, compare=False)

    def theme(self, key: str) -> Theme:
        return _by_key(self.themes, key)

    def step(self, number: int) -> Step:
        return next(s for s in self.steps if s.step == number)

    def support_function(self, key: str) -> Term:
        return _by_key(self.support_functions, key)

    def source_gap(self, key: str) -> Term:
        return _by_key(self.source_gaps, key)

    def source(self, key: str) -> Source:
        return _by_key(self.sources, key)

    def municipality(self, name: str) -> Municipality:
        return next(m for m in self.municipalities if m.name == name)

    def county(self, key: str) -> County:
        return _by_key(self.counties, key)

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted({m.region for m in self.municipalities}))


def _by_key(items: tuple[Any, ...], key: str) -> Any:
    for item in items:
        if item.key == key:
            return item
    raise KeyError(key)


def _read_yaml(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, list):
        raise ValueError(f"{path}: forventede en liste af poster")
    keys = [str(item.get("key", item.get("step"))) for item in data]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"{path}: nøglen findes flere gange: {', '.join(sorted(duplicates))}")
    return data


_TERM_FIELDS = {"key", "name", "description", "abbr", "synonyms"}


def _term(entry: dict[str, Any]) -> Term:
    return Term(
        key=entry["key"],
        name=entry["name"],
        description=entry.get("description", ""),
        abbr=entry.get("abbr", ""),
        synonyms=tuple(entry.get("synonyms", ())),
        extra={k: v for k, v in entry.items() if k not in _TERM_FIELDS},
    )


def load_vocabularies(paths: ProjectPaths) -> Vocabularies:
    """Read every data file. A broken data file is a developer error and raises at once."""
    data = paths.data_dir
    themes = tuple(
        Theme(
            key=e["key"],
            name=e["name"],
            description=e.get("description", ""),
            number=int(e["number"]),
            short=e.get("short", e["name"]),
        )
        for e in _read_yaml(data / "themes.yaml")
    )
    steps = tuple(
        Step(
            step=int(e["step"]),
            name=e["name"],
            letter=e["letter"],
            anchor=e["anchor"],
            description=e["description"],
            anchor_names=tuple(e.get("anchor_names", ())),
        )
        for e in _read_yaml(data / "continuum.yaml")
    )
    with (data / "continuum_rationale.yaml").open(encoding="utf-8") as handle:
        rule = yaml.safe_load(handle)
    rationale_rule = RationaleRule(
        markers=tuple(str(m).lower() for m in rule["markers"]),
        marker_distance=int(rule["marker_distance"]),
        negations=tuple(str(n).lower() for n in rule["negations"]),
        absence_topics=tuple(str(a).lower() for a in rule["absence_topics"]),
        min_content_words=int(rule["min_content_words"]),
    )
    sources = tuple(
        Source(
            key=e["key"],
            title=e["title"],
            short=e["short"],
            publisher=e["publisher"],
            year=int(e["year"]),
            authors=tuple(e.get("authors", ())),
            kind=e.get("kind", ""),
            sections=tuple(Section(str(s["id"]), s["title"]) for s in e.get("sections", ())),
            page=e.get("page", ""),
            note=e.get("note", ""),
            year_note=e.get("year_note", ""),
            commissioner=e.get("commissioner", ""),
            funder=e.get("funder", ""),
        )
        for e in _read_yaml(data / "sources.yaml")
    )
    with (data / "kommuner.csv").open(encoding="utf-8", newline="") as handle:
        municipalities = tuple(
            Municipality(row["kommune"], row["region"])
            for row in csv.DictReader(handle, delimiter=";")
        )
    counties = tuple(
        County(e["key"], e["name"], tuple(e["regions"])) for e in _read_yaml(data / "counties.yaml")
    )
    return Vocabularies(
        themes=themes,
        steps=steps,
        target_groups=tuple(_term(e) for e in _read_yaml(data / "target_groups.yaml")),
        legal_bases=tuple(_term(e) for e in _read_yaml(data / "legal_bases.yaml")),
        methods=tuple(_term(e) for e in _read_yaml(data / "methods.yaml")),
        documentation=tuple(_term(e) for e in _read_yaml(data / "documentation.yaml")),
        sources=sources,
        municipalities=municipalities,
        counties=counties,
        support_functions=tuple(_term(e) for e in _read_yaml(data / "support_functions.yaml")),
        source_gaps=tuple(_term(e) for e in _read_yaml(data / "source_gaps.yaml")),
        rationale_rule=rationale_rule,
        schema=json.loads(paths.schema_file.read_text(encoding="utf-8")),
    )
