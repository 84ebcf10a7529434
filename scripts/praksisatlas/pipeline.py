"""The whole input side in one call: read, validate, build the catalog.

The build, the command line and the tests all go through :func:`load_catalog`, so «what the
build accepts» and «what ``make check`` accepts» are the same thing by construction.
"""

from __future__ import annotations

from pathlib import Path

from praksisatlas.catalog import Catalog
from praksisatlas.model import build_case
from praksisatlas.paths import ProjectPaths
from praksisatlas.problems import Problem
from praksisatlas.reading import case_files, read_cases
from praksisatlas.safety import load_allowed_contacts
from praksisatlas.validation import (
    load_body_sections,
    validate_anchors,
    validate_cases,
)
from praksisatlas.vocabularies import load_vocabularies


def check_files(paths: ProjectPaths, files: list[Path] | None = None) -> list[Problem]:
    """Problems in the given files (or all), checked against the whole repository."""
    _, problems = load_catalog(paths, files)
    return problems


def load_catalog(
    paths: ProjectPaths, files: list[Path] | None = None
) -> tuple[Catalog, list[Problem]]:
    """Read and validate cases; the catalog holds only valid ones, the problems say why.

    With ``files`` only those files are checked (an editor's pull request), but slugs and
    ``related`` links are still checked against every file in ``cases/``; the anchor check
    runs only on the full set.
    """
    vocab = load_vocabularies(paths)
    every_file = case_files(paths.cases_dir)
    selected = every_file if files is None else [Path(f) for f in files]
    raw, problems = read_cases(selected, paths.root)
    problems += validate_cases(
        raw,
        vocab,
        known_slugs={p.stem for p in every_file},
        body_sections=load_body_sections(paths.data_dir),
        allowed_contacts=load_allowed_contacts(paths.data_dir),
    )
    if files is None:
        problems += validate_anchors(raw, vocab)
    bad_files = {p.file for p in problems}
    cases = [build_case(r, vocab) for r in raw if r.display not in bad_files]
    return Catalog.from_cases(cases, vocab), sorted(problems)
