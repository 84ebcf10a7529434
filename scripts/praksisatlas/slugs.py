"""ASCII slugs for Danish names: æ→ae, ø→oe, å→aa, as the case file names use."""

from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def slugify(text: str) -> str:
    """Turn ``"Lyngby-Taarbæk"`` into ``"lyngby-taarbaek"``; other accents are dropped."""
    text = text.translate(_DANISH).lower()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
