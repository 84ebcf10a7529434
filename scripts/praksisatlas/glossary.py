"""The glossary and the site-wide abbreviations, both made from the vocabulary files.

One source of truth: a term's explanation lives in ``data/*.yaml``; the glossary page, the fact
boxes and the abbreviation tooltips all read it from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from praksisatlas.catalog import Catalog
from praksisatlas.model import Case
from praksisatlas.vocabularies import Term

_SIMPLE_ABBR = re.compile(r"^[A-ZÆØÅ]{2,6}$")


@dataclass(frozen=True)
class GlossaryEntry:
    term: Term
    group: str
    cases: tuple[Case, ...]


def extra_terms(data_dir: Path) -> tuple[Term, ...]:
    """General terms (data/glossary.yaml) that are no case facet, e.g. «rehabiliteringsteam»."""
    with (data_dir / "glossary.yaml").open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)
    return tuple(
        Term(
            key=e["key"],
            name=e["name"],
            description=e["description"],
            abbr=e.get("abbr", ""),
            synonyms=tuple(e.get("synonyms", ())),
        )
        for e in entries
    )


def glossary(catalog: Catalog, extra: tuple[Term, ...]) -> list[GlossaryEntry]:
    """Every vocabulary term with the cases that use it, grouped, alphabetical within a group."""
    vocab = catalog.vocab
    groups = [
        ("Metoder og tilgange", vocab.methods, lambda c, k: k in c.methods),
        ("Lovgrundlag", vocab.legal_bases, lambda c, k: k in c.legal_basis),
        ("Målgrupper", vocab.target_groups, lambda c, k: k in c.target_groups),
        ("Andre begreber", extra, lambda c, k: False),
    ]
    entries = []
    for group, terms, uses in groups:
        for term in sorted(terms, key=lambda t: t.name.lower()):
            cases = tuple(c for c in catalog.cases if uses(c, term.key))
            entries.append(GlossaryEntry(term, group, cases))
    return entries


def abbreviations(catalog: Catalog, extra: tuple[Term, ...]) -> dict[str, str]:
    """Abbreviation → explanation, the ``abbr`` extension's glossary on every page.

    Only plain upper-case tokens (MI, IPS, SEL …) qualify: the abbr extension matches whole
    words, so «SEL § 85» is covered by «SEL».
    """
    vocab = catalog.vocab
    found: dict[str, str] = {}
    for term in (*vocab.methods, *vocab.legal_bases, *vocab.target_groups, *extra):
        if term.abbr and _SIMPLE_ABBR.match(term.abbr) and term.abbr not in found:
            found[term.abbr] = term.name
    return dict(sorted(found.items()))
