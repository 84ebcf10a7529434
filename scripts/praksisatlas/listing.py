"""``list``: the catalog's cases as a plain text table, filtered by theme, step, place or source.

Filtering asks the catalog (the same indexes as the theme, step and municipality pages), so the
list an editor sees in the terminal is the list the site shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from praksisatlas.catalog import Catalog
from praksisatlas.model import OFF, Case
from praksisatlas.validation import suggest
from praksisatlas.vocabularies import Vocabularies

COLUMNS = ("slug", "titel", "kommune", "trin", "temaer")
_TITLE_WIDTH = 60


class FilterError(ValueError):
    """A filter value no case could have; the message is Danish, with a «mente du» hint."""


def _unknown(what: str, value: str, near: str) -> FilterError:
    hint = f" Mente du «{near}»?" if near else ""
    return FilterError(f"Ukendt {what}: «{value}».{hint}")


@dataclass(frozen=True)
class CaseFilter:
    """Resolved filters; ``None`` means «any». All given filters must hold (and)."""

    theme: str | None = None
    step: int | str | None = None  # 1–5, or OFF («uden-for»)
    municipality: str | None = None
    source: str | None = None

    @classmethod
    def parse(
        cls,
        vocab: Vocabularies,
        theme: str | None = None,
        step: str | int | None = None,
        municipality: str | None = None,
        source: str | None = None,
    ) -> CaseFilter:
        """Accept what an editor types: a theme's key, number or name; «randers» for Randers."""
        theme_key = None
        if theme:
            aliases = {}
            for t in vocab.themes:
                for alias in (t.key, t.name, t.short, str(t.number)):
                    aliases[alias.lower()] = t.key
            theme_key = aliases.get(theme.strip().lower())
            if theme_key is None:
                raise _unknown("tema", theme, suggest(theme, vocab.themes))
        step_number: int | str | None = None
        if step is not None and str(step).strip():
            wanted_step = str(step).strip().lower()
            if wanted_step == OFF:
                step_number = OFF
            elif wanted_step in {"1", "2", "3", "4", "5"}:
                step_number = int(wanted_step)
            else:
                hint = f" Mente du «{OFF}»?" if suggest(wanted_step, [OFF]) == OFF else ""
                raise FilterError(
                    f"Trinnet skal være et helt tal fra 1 til 5 eller «{OFF}», ikke «{step}»."
                    + hint
                )
        place = None
        if municipality:
            names = {m.name.lower(): m.name for m in vocab.municipalities}
            wanted = municipality.strip().lower().removesuffix(" kommune")
            place = names.get(wanted)
            if place is None:
                raise _unknown("kommune", municipality, suggest(municipality, list(names.values())))
        source_key = None
        if source:
            keys = [s.key for s in vocab.sources]
            source_key = source.strip()
            if source_key not in keys:
                raise _unknown("kilde", source, suggest(source, keys))
        return cls(theme_key, step_number, place, source_key)

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.theme, self.step, self.municipality, self.source))

    def describe(self) -> str:
        parts = []
        if self.theme:
            parts.append(f"tema: {self.theme}")
        if self.step:
            parts.append(f"trin: {self.step}")
        if self.municipality:
            parts.append(f"kommune: {self.municipality}")
        if self.source:
            parts.append(f"kilde: {self.source}")
        return ", ".join(parts)

    def apply(self, catalog: Catalog) -> tuple[Case, ...]:
        selected = set(catalog.cases)
        if self.theme:
            selected &= set(catalog.with_theme(self.theme))
        if self.step == OFF:
            selected &= set(catalog.off_continuum())
        elif self.step:
            selected &= set(catalog.on_step(int(self.step)))
        if self.municipality:
            selected &= set(catalog.in_municipality(self.municipality))
        if self.source:
            selected &= set(catalog.citing(self.source))
        return tuple(case for case in catalog.cases if case in selected)


def _place(case: Case, catalog: Catalog) -> str:
    places = list(case.municipalities)
    places += [catalog.vocab.county(k).name for k in case.counties]
    if case.national:
        places.append("landsdækkende")
    return ", ".join(places) or "-"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def rows(cases: tuple[Case, ...], catalog: Catalog) -> list[tuple[str, ...]]:
    return [
        (
            case.slug,
            _short(case.title, _TITLE_WIDTH),
            _place(case, catalog),
            case.placement.text,
            ", ".join(case.themes),
        )
        for case in cases
    ]


def table(cases: tuple[Case, ...], catalog: Catalog) -> str:
    """Left-aligned columns separated by two spaces; one header line, one line per case."""
    lines = [COLUMNS, *rows(cases, catalog)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS) - 1)]
    out = []
    for line in lines:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        out.append("  ".join([*cells, line[-1]]).rstrip())
    return "\n".join(out)
