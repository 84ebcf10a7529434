"""The glossary and the site-wide abbreviations, both made from the vocabulary files.

One source of truth: a term's explanation lives in ``data/*.yaml``; the glossary page, the fact
boxes and the abbreviation tooltips all read it from there.

A tooltip reaches every page where the abbreviation stands, so it may say no more than is true
everywhere. Two optional fields of a vocabulary entry say so (DESIGN.md «Glossary and
abbreviations»):

- ``ambiguous_abbr: true``: the abbreviation means different things in different sources or
  places (ACT). The entry's name is then never the tooltip on its own; the tooltip names every
  entry that shares the abbreviation («Flertydig forkortelse: A eller B»), and there is no tooltip
  if only one meaning is in the vocabularies.
- ``abbr_title``: the tooltip's exact text, where the name alone would claim more than the
  sources say (DAT, which the source never spells out).

Two entries that share an abbreviation with different names must mark it ambiguous or give an
``abbr_title``; otherwise :func:`abbreviations` raises, so a second meaning cannot silently lose
to the first.
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
    fields = {"key", "name", "description", "abbr", "synonyms"}
    return tuple(
        Term(
            key=e["key"],
            name=e["name"],
            description=e["description"],
            abbr=e.get("abbr", ""),
            synonyms=tuple(e.get("synonyms", ())),
            extra={k: v for k, v in e.items() if k not in fields},
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
    words, so «SEL § 85» is covered by «SEL». See the module docstring for ``ambiguous_abbr``
    and ``abbr_title``.
    """
    vocab = catalog.vocab
    return abbreviation_titles((*vocab.methods, *vocab.legal_bases, *vocab.target_groups, *extra))


def is_ambiguous(term: Term) -> bool:
    """The entry says its abbreviation has more than one meaning (``ambiguous_abbr: true``)."""
    return bool(term.extra.get("ambiguous_abbr"))


def abbreviation_titles(terms: tuple[Term, ...]) -> dict[str, str]:
    """The tooltips for ``terms``: the rules of the module docstring, alphabetical by
    abbreviation."""
    by_abbr: dict[str, list[Term]] = {}
    for term in terms:
        if term.abbr and _SIMPLE_ABBR.match(term.abbr):
            by_abbr.setdefault(term.abbr, []).append(term)
    found: dict[str, str] = {}
    for abbr, sharing in by_abbr.items():
        titles = [str(t.extra["abbr_title"]) for t in sharing if t.extra.get("abbr_title")]
        names = list(dict.fromkeys(t.name for t in sharing))
        if titles:
            found[abbr] = titles[0]
        elif any(is_ambiguous(t) for t in sharing):
            if len(names) > 1:
                found[abbr] = "Flertydig forkortelse: " + " eller ".join(names)
        elif len(names) > 1:
            keys = ", ".join(t.key for t in sharing)
            raise ValueError(
                f"Forkortelsen {abbr} har flere betydninger ({keys}): marker den med "
                "«ambiguous_abbr: true» eller giv en «abbr_title»."
            )
        else:
            found[abbr] = names[0]
    return dict(sorted(found.items()))
