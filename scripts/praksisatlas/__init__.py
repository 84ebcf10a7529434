"""Praksisatlas core: cases/ → load → validate → catalog → pages/exports.

The package is plain Python (no MkDocs import outside ``mkdocs_adapter`` and ``macros``) so the
same code serves the build, the editors' command line and the tests. Public API:

- :func:`load_catalog` — read and validate everything, return a catalog and all problems.
- :class:`Catalog`, :class:`Case` — the validated, immutable data the pages are made from.
- :class:`Problem` — one Danish error message with file, line and field.
"""

from praksisatlas.catalog import Catalog
from praksisatlas.model import Case, SourceRef
from praksisatlas.paths import ProjectPaths
from praksisatlas.pipeline import load_catalog
from praksisatlas.problems import Problem

__all__ = ["Case", "Catalog", "Problem", "ProjectPaths", "SourceRef", "load_catalog"]
