"""Soft hyphens in long Danish words for narrow labels.

The continuum line gives each step's name a fifth of a fact box; on a desktop that is about
eight characters wide, and «Arbejdsmarkedsrettet» broke mid-syllable («Arbejdsmarked srettet»).
Browsers hyphenate Danish with `hyphens: auto` only where they have a Danish dictionary, which
headless and many desktop builds do not; a soft hyphen (U+00AD) from pyphen's Danish patterns
works everywhere, is invisible unless the word breaks, and is ignored by search and copy.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
_WORD_RE = re.compile(r"[A-Za-zÆØÅæøåÉé]+")


@lru_cache(maxsize=1)
def _danish() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="da_DK")


def soft_hyphens(text: str, min_length: int = 12) -> str:
    """``text`` with soft hyphens at the Danish hyphenation points of words of ``min_length``
    letters or more; shorter words are left whole."""
    return _WORD_RE.sub(
        lambda m: (
            _danish().inserted(m.group(0), hyphen=SOFT_HYPHEN)
            if len(m.group(0)) >= min_length
            else m.group(0)
        ),
        text,
    )
