"""Where the project's inputs live, in one place so tests can point the pipeline at a tmp tree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProjectPaths:
    """The folders the pipeline reads. ``root`` is the repository (or a test fixture) root."""

    root: Path

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def schema_file(self) -> Path:
        return self.data_dir / "case.schema.json"

    @classmethod
    def discover(cls, start: Path | None = None) -> ProjectPaths:
        """Find the repository root by walking up to the folder that holds ``mkdocs.yml``.

        Editors run ``make check`` from the root, but tests and tools may start elsewhere.
        """
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "mkdocs.yml").is_file() and (candidate / "data").is_dir():
                return cls(candidate)
        return cls(Path(__file__).resolve().parents[2])
