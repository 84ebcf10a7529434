"""The editor's preview (``make serve``): read, check and render only what an edit changed.

Plain Python, no MkDocs (the adapter's serve mode uses it; DESIGN.md «Preview in seconds»).

- :class:`CaseCache` keeps each case file's reading, its own problems and its ``Case`` while
  the file (size and modification time) and ``data/`` are unchanged, and runs the checks that
  need the whole set (slugs, ``related``, the anchors) on every load. Its result is the same as
  :func:`praksisatlas.pipeline.load_catalog` (tested), plus what the preview needs to survive a
  broken case: the last good version of every file that has problems now.
- :func:`tree_stamp` tells whether anything besides ``cases/`` changed, in which case every page
  is rendered again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from praksisatlas.catalog import Catalog
from praksisatlas.model import Case, build_case
from praksisatlas.paths import ProjectPaths
from praksisatlas.problems import Problem, display_path
from praksisatlas.reading import CaseFile, case_files, read_case
from praksisatlas.related import RelatedIndex
from praksisatlas.safety import AllowList, load_allowed_contacts
from praksisatlas.validation import (
    load_body_sections,
    slug_clashes,
    validate_anchors,
    validate_case,
    validation_context,
)
from praksisatlas.vocabularies import Vocabularies, load_vocabularies

Stamp = tuple[tuple[str, int, int], ...]


def tree_stamp(*roots: Path) -> Stamp:
    """Path, modification time and size of every file under ``roots`` (files or folders)."""
    entries = []
    for root in roots:
        if root.is_file():
            found = [root]
        else:
            found = [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        for path in found:
            stat = path.stat()
            entries.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


def _file_key(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


@dataclass
class _Entry:
    key: tuple[int, int]
    raw: CaseFile | None
    read_problems: list[Problem]
    problems: list[Problem] | None = None  # the file's own checks (None: not yet run)
    known: frozenset[str] = frozenset()  # the slugs ``related`` was checked against
    case: Case | None = None


@dataclass(frozen=True)
class Loaded:
    """One load: the catalog and problems exactly as ``load_catalog`` gives them, and the
    catalog to show while some files have problems (their last good version kept)."""

    catalog: Catalog
    problems: list[Problem]
    shown: Catalog
    # Display path (cases/x.md) → its problems, for the files that have any.
    broken: dict[str, list[Problem]] = field(default_factory=dict)
    # Display path → the page path its case has (or had, or would have), for the banner.
    pages: dict[str, str] = field(default_factory=dict)


class CaseCache:
    """Per-file results kept between loads of the same project (see the module docstring)."""

    def __init__(self) -> None:
        self._data: Stamp | None = None
        self._vocab: Vocabularies | None = None
        self._sections: tuple[str, ...] = ()
        self._contacts = AllowList()
        self._entries: dict[Path, _Entry] = {}
        self._last_good: dict[str, Case] = {}
        self.reread = 0  # files read in the last load (for the log)

    @property
    def vocab(self) -> Vocabularies | None:
        return self._vocab

    def load(self, paths: ProjectPaths) -> Loaded:
        data = tree_stamp(paths.data_dir)
        if data != self._data or self._vocab is None:
            self._data = data
            self._vocab = load_vocabularies(paths)
            self._sections = load_body_sections(paths.data_dir)
            self._contacts = load_allowed_contacts(paths.data_dir)
            self._entries = {}
            self._last_good = {}
        vocab = self._vocab
        files = case_files(paths.cases_dir)
        known = frozenset(p.stem for p in files)
        context = validation_context(vocab, known, self._sections, self._contacts)
        entries: dict[Path, _Entry] = {}
        self.reread = 0
        for path in files:
            key = _file_key(path)
            entry = self._entries.get(path)
            if entry is None or entry.key != key:
                raw, found = read_case(path, paths.root)
                entry = _Entry(key, raw, found)
                self.reread += 1
            if entry.raw is not None and (
                entry.problems is None or (entry.known != known and "related" in entry.raw.meta)
            ):
                entry.problems = validate_case(entry.raw, context)
                entry.known = known
                entry.case = None
            entries[path] = entry
        self._entries = entries
        raws = [e.raw for e in entries.values() if e.raw is not None]
        problems = [p for e in entries.values() for p in e.read_problems + (e.problems or [])]
        problems += slug_clashes(raws) + validate_anchors(raws, vocab)
        bad = {p.file for p in problems}
        cases, shown, pages = [], [], {}
        for entry in entries.values():
            raw = entry.raw
            display = raw.display if raw else ""
            if raw is not None and display not in bad:
                if entry.case is None:
                    entry.case = build_case(raw, vocab)
                cases.append(entry.case)
                shown.append(entry.case)
                self._last_good[display] = entry.case
        for path in files:
            entry = entries[path]
            display = entry.raw.display if entry.raw else display_path(path, paths.root)
            if display in bad and display in self._last_good:
                shown.append(self._last_good[display])
            pages[display] = f"praksis/{path.stem}.md"
        broken: dict[str, list[Problem]] = {}
        for problem in sorted(problems):
            broken.setdefault(problem.file, []).append(problem)
        return Loaded(
            Catalog.from_cases(cases, vocab),
            sorted(problems),
            Catalog.from_cases(_unique(shown), vocab),
            broken,
            pages,
        )


def _unique(cases: list[Case]) -> list[Case]:
    """One case per slug (a kept last good version never shadows a valid file)."""
    seen: dict[str, Case] = {}
    for case in cases:
        seen.setdefault(case.slug, case)
    return list(seen.values())


def related_from(catalog: Catalog, previous: Catalog | None) -> None:
    """Give ``catalog`` a related-practice index that takes over ``previous``' lists where no
    change reaches them (related.py)."""
    if previous is not None and previous.vocab is catalog.vocab:
        catalog.__dict__["related_index"] = RelatedIndex(catalog, previous.related_index)
