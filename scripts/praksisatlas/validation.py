"""Step 2 of the pipeline: check raw case files against the schema, the vocabularies and each other.

All problems of all files are collected (never the first only). Messages are Danish and name the
file, the line, the field, the bad value and what is allowed, with a «mente du …?» suggestion
when a value is a near miss of a vocabulary key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from praksisatlas.model import OFF, parse_continuum
from praksisatlas.problems import Problem
from praksisatlas.rationale import check_rationale
from praksisatlas.reading import CaseFile, jsonable
from praksisatlas.safety import AllowList, body_problems, meta_problems
from praksisatlas.vocabularies import Term, Vocabularies

_TYPE_NAMES = {
    "string": "tekst",
    "integer": "et helt tal",
    "number": "et tal",
    "boolean": "sand/falsk",
    "array": "en liste",
    "object": "felter (navn: værdi)",
    "null": "ingenting",
}

_YAML_TRAP = (
    "YAML læser ord som no/yes/on/off som sand/falsk, 12:30 som et tal og 2.10 som 2.1. "
    'Sæt værdien i anførselstegn, fx "2.10".'
)


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "sand/falsk"
    if isinstance(value, int | float):
        return "et tal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "felter"
    if value is None:
        return "ingenting (tomt felt)"
    return type(value).__name__


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"«{value}»"
    return text if len(text) <= 80 else text[:77] + "…»"


def suggest(value: str, terms: Iterable[Term] | Iterable[str]) -> str:
    """The closest allowed key for a near miss, also matching names, abbreviations and synonyms."""
    lookup: dict[str, str] = {}
    for term in terms:
        if isinstance(term, str):
            lookup[term.lower()] = term
            continue
        for alias in (term.key, term.name, term.abbr, *term.synonyms):
            if alias:
                lookup.setdefault(alias.lower(), term.key)
    needle = value.lower().strip()
    if needle in lookup:
        return lookup[needle]
    match = difflib.get_close_matches(needle, list(lookup), n=1, cutoff=0.6)
    return lookup[match[0]] if match else ""


def _allowed(keys: Iterable[str], limit: int = 14) -> str:
    keys = list(keys)
    shown = ", ".join(keys[:limit])
    return shown + (f" … (i alt {len(keys)}; se data/)" if len(keys) > limit else "")


@dataclass(frozen=True)
class _Context:
    vocab: Vocabularies
    known_slugs: frozenset[str]
    body_sections: tuple[str, ...]
    allowed: AllowList


# --- schema -------------------------------------------------------------------------------------


def _schema_problems(case: CaseFile, vocab: Vocabularies) -> list[Problem]:
    schema = vocab.schema
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = []
    instance = jsonable(case.meta)
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.path))):
        # The placement (continuum's three forms, support_function only with uden-for) has its
        # own Danish messages in _check_placement.
        if list(error.path)[:1] == ["continuum"] or list(error.schema_path)[:1] == ["allOf"]:
            continue
        problems.append(_translate(error, case, schema))
    return problems


def _field_name(path: Iterable[Any]) -> str:
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _translate(error: jsonschema.ValidationError, case: CaseFile, schema: dict) -> Problem:
    path = list(error.path)
    field = _field_name(path)
    line = case.line_of(*path)
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = re.search(r"'([^']+)'", error.message)
        name = missing.group(1) if missing else "?"
        full = _field_name([*path, name])
        prop = _subschema(schema, [*path, name])
        return Problem(
            case.display,
            line if path else 1,
            full,
            "Feltet mangler, men er påkrævet.",
            allowed=prop.get("description", ""),
        )
    if kind == "additionalProperties":
        known = list(_subschema(schema, path).get("properties", {}))
        extra = [k for k in value if k not in known]
        name = extra[0] if extra else "?"
        return Problem(
            case.display,
            case.line_of(*path, name),
            _field_name([*path, name]),
            f"Ukendt felt «{name}».",
            allowed=", ".join(known),
            suggestion=suggest(name, known),
        )
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, str) else expected[0]
        message = f"Forventede {_TYPE_NAMES.get(expected, expected)}, fik {_type_of(value)}"
        message += f" ({_show(value)})." if not isinstance(value, list | dict | None) else "."
        if expected == "string" and isinstance(value, bool | int | float):
            message += " " + _YAML_TRAP
        if value is None:
            message += " Feltet er tomt; udfyld det eller slet linjen."
        return Problem(case.display, line, field, message)
    if kind in {"minimum", "maximum"}:
        prop = _subschema(schema, path)
        lo, hi = prop.get("minimum"), prop.get("maximum")
        return Problem(
            case.display,
            line,
            field,
            f"Værdien {_show(value)} ligger uden for det tilladte.",
            allowed=f"et helt tal fra {lo} til {hi}",
        )
    if kind == "minLength":
        return Problem(
            case.display,
            line,
            field,
            f"Teksten er for kort ({len(value)} tegn).",
            allowed=f"mindst {error.validator_value} tegn",
        )
    if kind == "maxLength":
        return Problem(
            case.display,
            line,
            field,
            f"Teksten er for lang ({len(value)} tegn).",
            allowed=f"højst {error.validator_value} tegn",
        )
    if kind == "minItems":
        return Problem(
            case.display,
            line,
            field,
            "Listen er tom.",
            allowed=f"mindst {error.validator_value} element(er)",
        )
    if kind == "maxItems":
        return Problem(
            case.display,
            line,
            field,
            f"Listen har for mange elementer ({len(value)}).",
            allowed=f"højst {error.validator_value}",
        )
    if kind == "uniqueItems":
        return Problem(case.display, line, field, "Listen nævner den samme værdi flere gange.")
    if kind in {"pattern", "format"}:
        prop = _subschema(schema, path)
        return Problem(
            case.display,
            line,
            field,
            f"Værdien {_show(value)} har ikke den rigtige form.",
            allowed=prop.get("description", str(error.validator_value)),
        )
    return Problem(case.display, line, field, f"Ugyldig værdi {_show(value)}.")


def _subschema(schema: dict, path: list[Any]) -> dict:
    node = schema
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return node


# --- vocabularies and cross references ----------------------------------------------------------


def _check_terms(case: CaseFile, field: str, terms: tuple[Term, ...], what: str) -> list[Problem]:
    values = case.meta.get(field)
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return []
    keys = [t.key for t in terms]
    problems = []
    for index, value in enumerate(values):
        if isinstance(value, str) and value not in keys:
            problems.append(
                Problem(
                    case.display,
                    case.line_of(field, index),
                    f"{field}[{index + 1}]" if isinstance(case.meta.get(field), list) else field,
                    f"Ukendt {what}: {_show(value)}.",
                    allowed=_allowed(keys),
                    suggestion=suggest(value, terms),
                )
            )
    return problems


_PLACEMENT_FORMS = (
    'et trin (helt tal 1–5, fx 3), et spænd i anførselstegn ("F-T" med 1 <= F < T <= 5, '
    'fx "2-4") eller uden-for'
)


def _check_placement(case: CaseFile, vocab: Vocabularies) -> list[Problem]:
    """``continuum`` in one of its three forms, ``support_function`` exactly when off the
    continuum, and the rationale rule (data/continuum_rationale.yaml)."""
    meta = case.meta
    problems = []
    value = meta.get("continuum")
    steps = parse_continuum(value) if "continuum" in meta else ()
    if "continuum" in meta and steps is None:
        message = f"Værdien {_show(value)} ligger uden for det tilladte."
        if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*-\s*\d+\s*", value):
            message = (
                f"Spændet {_show(value)} er ikke gyldigt: skriv to trin 1–5 med bindestreg "
                "og uden mellemrum, det første mindst (fx «2-4»)."
            )
        elif isinstance(value, str) and suggest(value, [OFF]) == OFF:
            message += f" Mente du «{OFF}»?"
        elif value is None:
            message = "Feltet er tomt; udfyld det eller slet linjen."
        problems.append(
            Problem(
                case.display,
                case.line_of("continuum"),
                "continuum",
                message,
                allowed=_PLACEMENT_FORMS,
            )
        )
    off = value == OFF
    support = meta.get("support_function")
    keys = [t.key for t in vocab.support_functions]
    if off and "support_function" not in meta:
        problems.append(
            Problem(
                case.display,
                case.line_of("continuum"),
                "support_function",
                "En case uden for kontinuummet skal have en støttefunktion (support_function), "
                "der siger, hvilken slags støtteinfrastruktur den er.",
                allowed=_allowed(keys),
            )
        )
    elif not off and "support_function" in meta and steps is not None:
        problems.append(
            Problem(
                case.display,
                case.line_of("support_function"),
                "support_function",
                "support_function hører kun til en case uden for kontinuummet "
                f"(continuum: {OFF}). Slet linjen, eller flyt casen uden for kontinuummet.",
            )
        )
    elif off and isinstance(support, str) and support not in keys:
        problems.append(
            Problem(
                case.display,
                case.line_of("support_function"),
                "support_function",
                f"Ukendt støttefunktion: {_show(support)}.",
                allowed=_allowed(keys),
                suggestion=suggest(support, vocab.support_functions),
            )
        )
    elif off and support is not None and not isinstance(support, str):
        problems.append(
            Problem(
                case.display,
                case.line_of("support_function"),
                "support_function",
                f"Forventede tekst, fik {_type_of(support)}.",
                allowed=_allowed(keys),
            )
        )
    rationale = meta.get("continuum_rationale")
    anchors = {step.anchor for step in vocab.steps}
    if steps is not None and isinstance(rationale, str) and case.file_slug not in anchors:
        verdict = check_rationale(rationale, off, vocab)
        if not verdict.ok:
            problems.append(
                Problem(
                    case.display,
                    case.line_of("continuum_rationale"),
                    "continuum_rationale",
                    verdict.problem,
                )
            )
    return problems


def _check_places(case: CaseFile, vocab: Vocabularies) -> list[Problem]:
    problems = []
    names = [m.name for m in vocab.municipalities]
    municipalities = case.meta.get("municipalities")
    for index, value in enumerate(municipalities if isinstance(municipalities, list) else []):
        if isinstance(value, str) and value not in names:
            problems.append(
                Problem(
                    case.display,
                    case.line_of("municipalities", index),
                    f"municipalities[{index + 1}]",
                    f"Ukendt kommune: {_show(value)}. Brug dagens officielle kortnavn "
                    "(uden «Kommune»); et gammelt navn kan stå i place_in_source.",
                    allowed="de 98 kommuner i data/kommuner.csv",
                    suggestion=suggest(value.removesuffix(" Kommune"), names),
                )
            )
    counties = case.meta.get("counties")
    keys = [c.key for c in vocab.counties]
    for index, value in enumerate(counties if isinstance(counties, list) else []):
        if isinstance(value, str) and value not in keys:
            problems.append(
                Problem(
                    case.display,
                    case.line_of("counties", index),
                    f"counties[{index + 1}]",
                    f"Ukendt amt: {_show(value)}.",
                    allowed=_allowed(keys),
                    suggestion=suggest(value, [Term(c.key, c.name) for c in vocab.counties]),
                )
            )
    has_place = any(
        isinstance(case.meta.get(k), list) and case.meta.get(k)
        for k in ("municipalities", "counties")
    )
    if not has_place and case.meta.get("national") is not True:
        problems.append(
            Problem(
                case.display,
                1,
                "municipalities",
                "Casen har intet sted. Angiv mindst én kommune (municipalities) eller et amt "
                "(counties), eller skriv «national: true», hvis indsatsen er landsdækkende.",
            )
        )
    return problems


def _check_sources(case: CaseFile, vocab: Vocabularies) -> list[Problem]:
    sources = case.meta.get("sources")
    problems = []
    keys = [s.key for s in vocab.sources]
    for index, ref in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(ref, dict) or not isinstance(ref.get("source"), str):
            continue
        key = ref["source"]
        if key not in keys:
            problems.append(
                Problem(
                    case.display,
                    case.line_of("sources", index, "source"),
                    f"sources[{index + 1}].source",
                    f"Ukendt kilde: {_show(key)}.",
                    allowed=_allowed(keys),
                    suggestion=suggest(key, keys),
                )
            )
            continue
        section = ref.get("section")
        source = vocab.source(key)
        if isinstance(section, str) and source.sections and source.section(section) is None:
            ids = [s.id for s in source.sections]
            problems.append(
                Problem(
                    case.display,
                    case.line_of("sources", index, "section"),
                    f"sources[{index + 1}].section",
                    f"Afsnittet {_show(section)} findes ikke i kilden «{source.short}».",
                    allowed=_allowed(ids, limit=30),
                    suggestion=suggest(section, ids),
                )
            )
    return problems


def _check_related(case: CaseFile, known: frozenset[str]) -> list[Problem]:
    related = case.meta.get("related")
    problems = []
    for index, slug in enumerate(related if isinstance(related, list) else []):
        if not isinstance(slug, str):
            continue
        if slug == case.file_slug:
            message = "En case kan ikke henvise til sig selv."
        elif slug not in known:
            message = f"Der findes ingen case med slug {_show(slug)} i cases/."
        else:
            continue
        problems.append(
            Problem(
                case.display,
                case.line_of("related", index),
                f"related[{index + 1}]",
                message,
                suggestion=suggest(slug, sorted(known)) if slug != case.file_slug else "",
            )
        )
    return problems


_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _check_slug(case: CaseFile) -> list[Problem]:
    problems = []
    if not _SLUG_RE.match(case.file_slug):
        problems.append(
            Problem(
                case.display,
                0,
                "",
                f"Filnavnet «{case.path.name}» er ikke et gyldigt slug.",
                allowed="små bogstaver a-z, tal og bindestreg; æ→ae, ø→oe, å→aa; endelsen .md",
            )
        )
    slug = case.meta.get("slug")
    if isinstance(slug, str) and slug != case.file_slug:
        problems.append(
            Problem(
                case.display,
                case.line_of("slug"),
                "slug",
                f"Slug {_show(slug)} er ikke det samme som filnavnet «{case.file_slug}».",
                allowed="slug skal være filnavnet uden .md",
                suggestion=case.file_slug,
            )
        )
    return problems


# --- body ---------------------------------------------------------------------------------------

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")


def _body_lines(body: str) -> Iterable[tuple[int, str]]:
    """Body lines with their offset, skipping fenced code (shown as text, so harmless)."""
    in_fence = False
    for index, line in enumerate(body.split("\n")):
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield index, line


def _check_body(case: CaseFile, sections: tuple[str, ...], allowed: AllowList) -> list[Problem]:
    """Headings here; unsafe HTML, links and personal data in :mod:`praksisatlas.safety`."""
    display = case.display
    if not case.body.strip():
        return [
            Problem(
                display,
                case.body_line,
                "(brødtekst)",
                "Brødteksten er tom. Skriv mindst afsnittet «## Kort fortalt» under front matter.",
            )
        ]
    problems = body_problems(case, allowed)
    for offset, line in _body_lines(case.body):
        number = case.body_line + offset
        heading = _HEADING_RE.match(line)
        if heading:
            level, text = len(heading.group(1)), heading.group(2)
            if level == 1:
                problems.append(
                    Problem(
                        display,
                        number,
                        "(brødtekst)",
                        f"Overskrift på niveau 1 («# {text}»). Titlen laves ud fra feltet "
                        "title; brug «## » til afsnit.",
                    )
                )
            elif level == 2 and text not in sections:
                problems.append(
                    Problem(
                        display,
                        number,
                        "(brødtekst)",
                        f"Afsnittet «## {text}» er ikke et af de faste afsnit."
                        + (
                            " Kilder skrives i front matter under sources."
                            if text == "Kilder"
                            else ""
                        ),
                        allowed=", ".join(sections),
                        suggestion=suggest(text, list(sections)) if text != "Kilder" else "",
                    )
                )
    return problems


# --- entry points -------------------------------------------------------------------------------


def load_body_sections(data_dir: Path) -> tuple[str, ...]:
    with (data_dir / "body_sections.yaml").open(encoding="utf-8") as handle:
        return tuple(yaml.safe_load(handle))


def validate_case(case: CaseFile, context: _Context) -> list[Problem]:
    """Every problem of one file; vocabulary checks run only where the type is already right."""
    vocab = context.vocab
    problems = _schema_problems(case, vocab)
    problems += _check_slug(case)
    problems += _check_terms(case, "themes", vocab.themes, "tema")
    problems += _check_terms(case, "target_groups", vocab.target_groups, "målgruppe")
    problems += _check_terms(case, "legal_basis", vocab.legal_bases, "lovgrundlag")
    problems += _check_terms(case, "methods", vocab.methods, "metode")
    problems += _check_terms(case, "documentation", vocab.documentation, "dokumentationsform")
    problems += _check_terms(case, "source_gaps", vocab.source_gaps, "hul i kilden")
    problems += _check_placement(case, vocab)
    problems += _check_places(case, vocab)
    problems += _check_sources(case, vocab)
    problems += _check_related(case, context.known_slugs)
    problems += _check_body(case, context.body_sections, context.allowed)
    problems += meta_problems(case, context.allowed)
    return problems


def validation_context(
    vocab: Vocabularies,
    known_slugs: Iterable[str],
    body_sections: tuple[str, ...],
    allowed_contacts: AllowList | None = None,
) -> _Context:
    """What checking one file needs besides the file: vocabularies, every slug in cases/, the
    body sections and the contact allow-list."""
    return _Context(vocab, frozenset(known_slugs), body_sections, allowed_contacts or AllowList())


def validate_cases(
    cases: list[CaseFile],
    vocab: Vocabularies,
    known_slugs: Iterable[str],
    body_sections: tuple[str, ...],
    allowed_contacts: AllowList | None = None,
) -> list[Problem]:
    """Validate each file, then what only the set can show: slugs declared twice."""
    context = validation_context(vocab, known_slugs, body_sections, allowed_contacts)
    problems: list[Problem] = []
    for case in cases:
        problems += validate_case(case, context)
    return problems + slug_clashes(cases)


def slug_clashes(cases: list[CaseFile]) -> list[Problem]:
    """The same ``slug:`` declared by more than one file (each of them is told)."""
    problems: list[Problem] = []
    declared: dict[str, list[CaseFile]] = {}
    for case in cases:
        slug = case.meta.get("slug")
        if isinstance(slug, str):
            declared.setdefault(slug, []).append(case)
    for slug, owners in declared.items():
        if len(owners) > 1:
            names = ", ".join(o.display for o in owners)
            for owner in owners:
                problems.append(
                    Problem(
                        owner.display,
                        owner.line_of("slug"),
                        "slug",
                        f"Slug «{slug}» bruges af flere filer: {names}.",
                    )
                )
    return problems


def validate_anchors(cases: list[CaseFile], vocab: Vocabularies) -> list[Problem]:
    """The report's five anchors A–E must exist and sit on steps 1–5; checked on the full set."""
    by_slug = {c.file_slug: c for c in cases}
    problems = []
    for step in vocab.steps:
        anchor = by_slug.get(step.anchor)
        if anchor is None:
            problems.append(
                Problem(
                    "data/continuum.yaml",
                    0,
                    "anchor",
                    f"Ankeret for trin {step.step} ({step.letter}), «{step.anchor}», findes ikke "
                    "i cases/.",
                )
            )
        elif anchor.meta.get("continuum") != step.step:
            problems.append(
                Problem(
                    anchor.display,
                    anchor.line_of("continuum"),
                    "continuum",
                    f"Casen er rapportens anker {step.letter} og skal stå på trin {step.step}.",
                    allowed=str(step.step),
                )
            )
    return problems
