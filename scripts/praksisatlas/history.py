"""Change history of case files, read from git — never from the clock.

Two builds of the same commit must be identical, so «first published» and «last changed» come
from commit dates. One ``git log`` call covers all of ``cases/``; a file git does not know yet
(a new case in a working tree) simply has no history, and the page says so.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Change:
    date: str  # ISO date of the commit (committer date)
    message: str  # the commit's subject line


@dataclass(frozen=True)
class History:
    """Changes to one case file, newest first."""

    changes: tuple[Change, ...]

    @property
    def first_published(self) -> str:
        return self.changes[-1].date

    @property
    def last_changed(self) -> str:
        return self.changes[0].date


_SEPARATOR = "\x1e"  # ASCII record separator: cannot occur in a subject line


def read_history(root: Path, folder: str = "cases") -> dict[str, History]:
    """Slug → history for every ``<folder>/*.md`` that git has committed, in one git call.

    Returns an empty mapping outside a git checkout (e.g. a source tarball), so the build still
    works; pages then say that no history is known.
    """
    try:
        result = subprocess.run(
            [
                "git",
                "log",
                f"--format={_SEPARATOR}%cs%x09%s",
                "--name-only",
                "--no-renames",
                "--",
                f"{folder}/*.md",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    changes: dict[str, list[Change]] = {}
    for record in result.stdout.split(_SEPARATOR)[1:]:
        header, _, names = record.partition("\n")
        date, _, message = header.partition("\t")
        for name in names.split():
            path = Path(name)
            if path.parent.as_posix() == folder and not path.name.startswith("_"):
                changes.setdefault(path.stem, []).append(Change(date, message.strip()))
    return {slug: History(tuple(items)) for slug, items in changes.items()}
