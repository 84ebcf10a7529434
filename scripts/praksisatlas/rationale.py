"""The rule for ``continuum_rationale``: a placement is argued by a positive comparison with an
anchor A–E, never only by what the practice lacks (issue 17 point 2).

The words (comparison markers, negations, anchor names) are data: ``data/continuum_rationale.yaml``
and ``anchor_names`` in ``data/continuum.yaml``. This module only knows how to read a rationale:

- it is split into clauses at ``.``, ``;``, ``!`` and ``?``;
- in a clause, everything from a negation («ikke», «intet», «ingen», «uden» …) to the next comma
  or the clause's end is *absence*;
- an anchor reference is «anker A» … «anker E» or one of an anchor's names; a *comparison* is a
  marker («ligesom», «i modsætning til», «svarer til» …) at most ``marker_distance`` words before
  an anchor reference, both outside absence;
- a clause is *positive* when, without its absence, anchor references and markers, at least
  ``min_content_words`` words of four letters or more are left: it says what the practice does.

A step or span placement needs a comparison in a positive clause; ``uden-for`` needs a positive
clause (what kind of support infrastructure it is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from praksisatlas.vocabularies import Vocabularies

_CLAUSE_RE = re.compile(r"[.;!?](?:\s+|$)")
_WORD_RE = re.compile(r"[0-9a-zæøåéü§]+(?:-[0-9a-zæøåéü]+)*-?", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """The outcome for one rationale: ``ok`` or a Danish reason (``problem``)."""

    ok: bool
    problem: str = ""


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def _absence_spans(clause: str, negations: tuple[str, ...]) -> list[tuple[int, int]]:
    if not negations:
        return []
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(n) for n in negations) + r")\b[^,]*", re.IGNORECASE
    )
    return [(m.start(), m.end()) for m in pattern.finditer(clause)]


def _anchor_phrases(vocab: Vocabularies) -> list[tuple[str, list[str]]]:
    """(letter, words) for «anker A» … «anker E» and every anchor name."""
    phrases = [(step.letter, ["anker", step.letter.lower()]) for step in vocab.steps]
    for step in vocab.steps:
        phrases += [(step.letter, [w for w, _, _ in _tokens(n)]) for n in step.anchor_names]
    return [(letter, words) for letter, words in phrases if words]


def _mask_names(text: str, vocab: Vocabularies) -> str:
    """Anchor names blanked out (same length), so «Integration uden omveje» is no absence."""
    for step in vocab.steps:
        for name in step.anchor_names:
            text = re.sub(re.escape(name), lambda m: "x" * len(m.group(0)), text, flags=re.I)
    return text


def _letters_named(text: str, vocab: Vocabularies) -> set[str]:
    """Letters of the anchors the whole rationale names; «som D» then refers to anchor D."""
    words = [w for w, _, _ in _tokens(text)]
    return {letter for letter, phrase in _anchor_phrases(vocab) if _find(words, phrase)}


def _find(tokens: list[str], phrase: list[str]) -> list[int]:
    """Start indexes where ``phrase`` occurs in ``tokens``."""
    n = len(phrase)
    return [i for i in range(len(tokens) - n + 1) if tokens[i : i + n] == phrase]


@dataclass(frozen=True)
class _Clause:
    has_comparison: bool
    positive: bool
    absence_of_content: bool


def _read_clause(clause: str, vocab: Vocabularies, letters: set[str]) -> _Clause:
    rule = vocab.rationale_rule
    spans = _absence_spans(_mask_names(clause, vocab), rule.negations)
    tokens = _tokens(clause)
    inside = [any(a <= start < b for a, b in spans) for _, start, _ in tokens]
    words = [w for w, _, _ in tokens]
    used = [False] * len(words)
    anchors: list[tuple[int, int]] = []
    for _, phrase in _anchor_phrases(vocab):
        for i in _find(words, phrase):
            anchors.append((i, i + len(phrase)))
            used[i : i + len(phrase)] = [True] * len(phrase)
    # A bare capital letter («i modsætning til B») for an anchor the rationale names elsewhere.
    for i, (_, start, end) in enumerate(tokens):
        if clause[start:end] in letters and clause[end : end + 1] != ".":
            anchors.append((i, i + 1))
            used[i] = True
    markers: list[tuple[int, int]] = []
    for marker in rule.markers:
        phrase = marker.split()
        for i in _find(words, phrase):
            markers.append((i, i + len(phrase)))
            used[i : i + len(phrase)] = [True] * len(phrase)
    has_comparison = any(
        0 <= a_start - m_end <= rule.marker_distance
        and not any(inside[m_start:m_end])
        and not any(inside[a_start:a_end])
        for m_start, m_end in markers
        for a_start, a_end in anchors
    )
    content = [
        w
        for w, is_absent, is_used in zip(words, inside, used, strict=True)
        if not is_absent and not is_used and len(w.strip("-")) >= 4
    ]
    absent = " ".join(clause[a:b].lower() for a, b in spans)
    about_content = any(topic in absent for topic in rule.absence_topics)
    return _Clause(has_comparison, len(content) >= rule.min_content_words, about_content)


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_RE.split(text) if c.strip()]


def check_rationale(text: str, off: bool, vocab: Vocabularies) -> Verdict:
    """Whether ``text`` argues a placement positively; the Danish reason when it does not."""
    letters = _letters_named(text, vocab)
    read = [_read_clause(clause, vocab, letters) for clause in clauses(text)]
    only_absence = not any(c.positive for c in read)
    if off:
        if any(c.positive for c in read):
            return Verdict(True)
        if only_absence:
            return Verdict(
                False,
                "Begrundelsen siger kun, hvad praksissen ikke er. Sig, hvilken slags "
                "støtteinfrastruktur den er (fx et måleredskab, en indgang, koordinering af "
                "overgange), og gerne derefter, hvorfor den ikke er et aktivitets- eller "
                "beskæftigelsestilbud.",
            )
        return Verdict(
            False,
            "Begrundelsen siger ikke, hvilken slags støtteinfrastruktur praksissen er. Beskriv, "
            "hvad den gør for borgeren eller medarbejderne.",
        )
    if any(c.has_comparison and c.positive for c in read):
        return Verdict(True)
    if only_absence or any(c.absence_of_content for c in read):
        return Verdict(
            False,
            "Begrundelsen argumenterer med fravær (fx «intet aktivitets- eller jobsigte») uden "
            "en positiv sammenligning med et anker. "
            "Sammenlign positivt med et anker: hvad gør praksissen ligesom eller i modsætning "
            "til anker A–E (aktivitet, arbejdets indhold, løn, kontakt til arbejdspladser, mål)?",
        )
    return Verdict(
        False,
        "Begrundelsen mangler en positiv sammenligning med et anker A–E: et ankers navn eller "
        "«anker A» … «anker E» med et sammenligningsord foran, fx «ligesom anker B …», "
        "«i modsætning til Hjørnestenen (A) …» eller «tættere på anker D end …», i en sætning, "
        "der siger, hvad praksissen gør.",
    )
