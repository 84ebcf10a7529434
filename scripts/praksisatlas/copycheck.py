"""Find runs of twelve or more words that a case or page shares with a source report.

The atlas is written in its own words; a run this long is a copied sentence. Short quotations in
«» are allowed, so text inside «…» is left out before comparing. Words are compared in lower case
without punctuation, and words split by a hyphen at a line break in the source are joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RUN = 12
_WORD_RE = re.compile(r"[0-9a-zæøåéü§%]+", re.IGNORECASE)
_QUOTE_RE = re.compile(r"«[^»]*»")


def words(text: str) -> list[str]:
    text = re.sub(r"-\s*\n\s*", "", text)  # «social-\npsykiatrien» in the PDF extraction
    return [w.lower() for w in _WORD_RE.findall(text)]


def ngrams(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@dataclass(frozen=True)
class CopiedRun:
    file: str
    text: str


def source_ngrams(source_dir: Path) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for path in sorted(source_dir.glob("*.txt")):
        grams |= ngrams(words(path.read_text(encoding="utf-8")))
    return grams


def copied_runs(path: Path, grams: set[tuple[str, ...]]) -> list[CopiedRun]:
    """Maximal runs of ≥ RUN words in ``path`` found in the sources (quotations excluded)."""
    tokens = words(_QUOTE_RE.sub(" ", path.read_text(encoding="utf-8")))
    hits = [i for i in range(len(tokens) - RUN + 1) if tuple(tokens[i : i + RUN]) in grams]
    runs: list[CopiedRun] = []
    start = end = -1
    for i in hits:
        if i <= end:
            end = i + RUN
            continue
        if start >= 0:
            runs.append(CopiedRun(path.as_posix(), " ".join(tokens[start:end])))
        start, end = i, i + RUN
    if start >= 0:
        runs.append(CopiedRun(path.as_posix(), " ".join(tokens[start:end])))
    return runs
