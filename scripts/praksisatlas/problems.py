"""Problems found in the input, phrased in Danish for editors.

Every problem carries file, line and field so an editor can go straight to it; the validator
collects them all instead of stopping at the first, because one bad file must never hide another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file. ``line`` is 1-based; 0 means the file as a whole."""

    file: str
    line: int
    field: str
    message: str
    allowed: str = ""
    suggestion: str = ""

    def format(self) -> str:
        """Render as ``fil:linje: felt: besked`` plus what is allowed and a near-miss hint."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" felt «{self.field}»:" if self.field else ""
        text = f"{where}:{field} {self.message}"
        if self.allowed:
            text += f"\n    Tilladt: {self.allowed}"
        if self.suggestion:
            text += f"\n    Mente du «{self.suggestion}»?"
        return text


def display_path(path: Path, root: Path) -> str:
    """Show paths relative to the repository, as an editor sees them in a pull request."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def summarise(problems: list[Problem]) -> str:
    """A closing line for the command line and the build log."""
    files = len({p.file for p in problems})
    if not problems:
        return "Alle cases er gyldige."
    filer = "fil" if files == 1 else "filer"
    return f"{len(problems)} fejl i {files} {filer}."
