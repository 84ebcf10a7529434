"""A new case file from a few answers: the skeleton ``new`` writes, and the look-ups it needs.

The skeleton passes ``check`` as it stands (so an editor can build and preview at once), but
every text the editor must write is marked :data:`PLACEHOLDER`; the pull-request workflow
refuses a case that still has one, and ``check`` reminds the editor of them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from praksisatlas.fmt import format_text
from praksisatlas.model import OFF, Placement, parse_continuum
from praksisatlas.slugs import slugify
from praksisatlas.validation import suggest
from praksisatlas.vocabularies import Term, Vocabularies

PLACEHOLDER = "SKRIV HER"
MAX_SLUG = 80  # data/case.schema.json: slug.maxLength
_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class InputError(ValueError):
    """An answer that cannot go into a case; the message is Danish and says what is allowed."""


@dataclass(frozen=True)
class NewCase:
    """The answers, already checked against the vocabularies."""

    title: str
    slug: str
    municipalities: tuple[str, ...]
    continuum: int | str  # 3, "2-4" or "uden-for"
    themes: tuple[str, ...]
    source: str
    section: str
    target_groups: tuple[str, ...]
    documentation: str
    organisation: str
    updated: dt.date
    support_function: str = ""  # with continuum "uden-for" only


def slug_for(title: str) -> str:
    """The ASCII slug of a title (æ→ae, ø→oe, å→aa), cut at a hyphen to the schema's length."""
    slug = slugify(title)
    while len(slug) > MAX_SLUG and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:MAX_SLUG].strip("-")


def _split(answer: str | Iterable[str]) -> list[str]:
    items = [answer] if isinstance(answer, str) else list(answer)
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def _hint(value: str, terms: Iterable[Term] | Iterable[str]) -> str:
    near = suggest(value, terms)
    return f" Mente du «{near}»?" if near else ""


def check_title(title: str) -> str:
    title = title.strip()
    if any(ord(char) < 32 for char in title):
        raise InputError("Titlen skal stå på én linje uden tabulatorer eller andre styretegn.")
    if len(title) < 3 or not slugify(title):
        raise InputError("Titlen skal have mindst 3 tegn og mindst ét bogstav eller tal.")
    if len(title) > 160:
        raise InputError(f"Titlen er for lang ({len(title)} tegn); højst 160.")
    return title


def check_slug(slug: str) -> str:
    if not _SLUG_RE.match(slug) or len(slug) > MAX_SLUG:
        raise InputError(
            f"«{slug}» er ikke et gyldigt slug: små bogstaver a-z, tal og bindestreg, "
            f"højst {MAX_SLUG} tegn (æ→ae, ø→oe, å→aa)."
        )
    return slug


def resolve_municipalities(answer: str | Iterable[str], vocab: Vocabularies) -> tuple[str, ...]:
    """Official names, case-insensitive («randers» → «Randers»); «Kommune» may be written."""
    names = [m.name for m in vocab.municipalities]
    by_lower = {name.lower(): name for name in names}
    found = []
    for value in _split(answer):
        name = by_lower.get(value.lower().removesuffix(" kommune").strip())
        if name is None:
            raise InputError(
                f"Ukendt kommune: «{value}». Brug et af de 98 officielle navne "
                f"(data/kommuner.csv).{_hint(value.removesuffix(' Kommune'), names)}"
            )
        if name not in found:
            found.append(name)
    if not found:
        raise InputError("Angiv mindst én kommune.")
    return tuple(found)


def resolve_step(answer: str | int) -> int | str:
    """A placement in one of the three forms: 3, a span «2-4» or «uden-for»."""
    text = str(answer).strip().lower().replace("–", "-").replace(" ", "")
    if text.isdigit():
        value: int | str = int(text)
    else:
        value = text
    if parse_continuum(value) is None:
        hint = f" Mente du «{OFF}»?" if suggest(text, [OFF]) == OFF else ""
        raise InputError(
            f"Trinnet skal være et helt tal fra 1 til 5, et spænd som «2-4» (første trin "
            f"mindst) eller «{OFF}», ikke «{str(answer).strip()}».{hint}"
        )
    return value


def resolve_support_function(answer: str, vocab: Vocabularies) -> str:
    """A support function's key, or its number in data/support_functions.yaml (1–6)."""
    text = str(answer).strip()
    keys = [t.key for t in vocab.support_functions]
    if text.isdigit() and 1 <= int(text) <= len(keys):
        return keys[int(text) - 1]
    if text not in keys:
        raise InputError(
            f"Ukendt støttefunktion: «{text}» (se data/support_functions.yaml)."
            + _hint(text, vocab.support_functions)
        )
    return text


def resolve_themes(answer: str | Iterable[str], vocab: Vocabularies) -> tuple[str, ...]:
    """Theme keys from keys, numbers 1–10 or names, the most important first."""
    by_alias: dict[str, str] = {}
    for theme in vocab.themes:
        for alias in (theme.key, theme.name, theme.short, str(theme.number)):
            by_alias[alias.lower()] = theme.key
    found = []
    for value in _split(answer):
        key = by_alias.get(value.lower())
        if key is None:
            raise InputError(
                f"Ukendt tema: «{value}». Skriv temaets nummer (1–10) eller nøgle."
                + _hint(value, vocab.themes)
            )
        if key not in found:
            found.append(key)
    if not found:
        raise InputError("Angiv mindst ét tema.")
    return tuple(found)


def resolve_terms(
    answer: str | Iterable[str], terms: tuple[Term, ...], what: str
) -> tuple[str, ...]:
    keys = [t.key for t in terms]
    found = []
    for value in _split(answer):
        if value not in keys:
            raise InputError(f"Ukendt {what}: «{value}».{_hint(value, terms)}")
        if value not in found:
            found.append(value)
    if not found:
        raise InputError(f"Angiv mindst én {what}.")
    return tuple(found)


def resolve_source_key(key: str, vocab: Vocabularies) -> str:
    keys = [s.key for s in vocab.sources]
    key = key.strip()
    if key not in keys:
        raise InputError(f"Ukendt kilde: «{key}» (se data/sources.yaml).{_hint(key, keys)}")
    return key


def resolve_section(key: str, section: str, vocab: Vocabularies) -> str:
    """A section id the source registry knows (any text when the source lists no sections)."""
    source = vocab.source(resolve_source_key(key, vocab))
    section = section.strip()
    if not section:
        raise InputError("Angiv afsnittet i kilden, fx 2.13 eller Bilag C.")
    if source.sections and source.section(section) is None:
        ids = [s.id for s in source.sections]
        raise InputError(
            f"Afsnittet «{section}» findes ikke i «{source.short}».{_hint(section, ids)}"
        )
    return section


def _q(text: str) -> str:
    """A YAML string that stays text whatever it holds (colons, «no», 12:30, quotes)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(_q(i) if not _SLUG_RE.match(i) else i for i in items) + "]"


def skeleton(new: NewCase, vocab: Vocabularies) -> str:
    """The text of ``cases/<slug>.md``: valid front matter with comments, and a short body."""
    placement = Placement.of(new.continuum, new.support_function, vocab)
    if placement.off:
        function = vocab.support_function(placement.support_function)
        continuum = (
            f"continuum: {OFF}  # støtteinfrastruktur, ikke et aktivitets- eller "
            f"beskæftigelsestilbud\nsupport_function: {function.key}  # {function.name}"
        )
        rationale = (
            f"{PLACEHOLDER}: hvilken slags støtteinfrastruktur er praksissen, og hvad gør den for "
            "borgeren eller medarbejderne?"
        )
    else:
        first = vocab.step(placement.first)
        last = vocab.step(placement.last)
        if placement.span:
            continuum = (
                f'continuum: "{placement.text}"  # {placement.label}: fra {first.name} '
                f"(anker {first.letter}) til {last.name} (anker {last.letter})"
            )
            rationale = (
                f"{PLACEHOLDER}: hvad gør praksissen ligesom anker {first.letter}, og hvad gør den "
                f"ligesom anker {last.letter}?"
            )
        else:
            continuum = (
                f"continuum: {placement.first}  # {first.name}; ankeret er {first.letter}: "
                f"{first.anchor}"
            )
            rationale = (
                f"{PLACEHOLDER}: hvad gør praksissen ligesom anker {first.letter}, og hvad gør den "
                "anderledes?"
            )
    return f"""---
slug: {new.slug}
title: {_q(new.title)}
# En til to sætninger med egne ord; vises på kort og i søgningen (30–400 tegn).
summary: >-
  {PLACEHOLDER}: en til to sætninger om, hvad praksissen er, og hvem den er for.
organisation: {_q(new.organisation)}
municipalities: {_flow(new.municipalities)}
# period:        # år, så vidt kilden siger det; slet det, kilden ikke siger
#   start: 2019
#   end: 2021
# Kontinuummet: ét trin (3), et spænd ("2-4") eller uden-for med support_function. Begrundelsen
# sammenligner positivt med et anker A–E (ligesom, i modsætning til …), aldrig kun med fravær;
# ved uden-for siger den, hvilken slags støtteinfrastruktur praksissen er. Se CONTRIBUTING.md.
{continuum}
continuum_rationale: >-
  {rationale}
# continuum_uncertain: true  # kun når kilden ikke siger, hvad deltagerne gør, eller hvad målet er
# Temaer: det vigtigste først (nøgler i data/themes.yaml).
themes: {_flow(new.themes)}
target_groups: {_flow(new.target_groups)}  # nøgler i data/target_groups.yaml
# legal_basis: [sel-85]   # nøgler i data/legal_bases.yaml
# methods: [mi]           # nøgler i data/methods.yaml
documentation: {new.documentation}  # nøgle i data/documentation.yaml
# Hvad kilden ikke oplyser (data/source_gaps.yaml); vises i én linje øverst på siden:
# source_gaps: [periode, omfang, resultater]
sources:
  - source: {new.source}
    section: {_q(new.section)}
    # pages: "s. 12–14"
updated: {new.updated.isoformat()}
---

## Kort fortalt

{PLACEHOLDER}: hvad går praksissen ud på, og hvad kan andre lære af den? Skriv med egne ord, og
nævn ingen borgere eller medarbejdere ved navn.

## Indsatsen

{PLACEHOLDER}: hvad gør medarbejderne og borgerne konkret? Udelad afsnit, kilden ikke giver stof
til. De faste afsnit står i data/body_sections.yaml.
"""


def write_new_case(cases_dir: Path, new: NewCase, vocab: Vocabularies) -> Path:
    """Write the skeleton; never overwrite an existing file."""
    target = cases_dir / f"{new.slug}.md"
    cases_dir.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(format_text(skeleton(new, vocab)))  # canonical from the start
    except FileExistsError:
        raise InputError(
            f"{target.name} findes allerede i cases/. Vælg en anden titel, eller angiv et andet "
            "slug med --slug."
        ) from None
    return target


def placeholders(text: str) -> list[int]:
    """Line numbers that still hold the skeleton's placeholder text."""
    return [n for n, line in enumerate(text.split("\n"), start=1) if PLACEHOLDER in line]
