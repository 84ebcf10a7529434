"""mkdocs-macros module (``module_name: scripts/macros``): data for hand-written pages.

Pages opt in with ``render_macros: true`` in their front matter. Every macro reads the catalog
of the build in progress, so prose pages show the same counts and lists as generated pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from praksisatlas.mkdocs_adapter import current_catalog
from praksisatlas.render import overviews
from praksisatlas.render.listings import case_list


def define_env(env) -> None:
    """Register the macros; ``prefix`` turns links relative to the calling page."""

    def prefix() -> str:
        return "../" * env.page.file.src_uri.count("/")

    @env.macro
    def count_cases() -> int:
        return len(current_catalog())

    @env.macro
    def count_municipalities() -> int:
        return len(current_catalog().municipalities_with_cases)

    @env.macro
    def count_sources() -> int:
        catalog = current_catalog()
        return sum(1 for s in catalog.vocab.sources if catalog.citing(s.key))

    @env.macro
    def theme_name(key: str) -> str:
        return current_catalog().vocab.theme(key).name

    @env.macro
    def theme_cases(key: str) -> str:
        catalog = current_catalog()
        catalog.vocab.theme(key)  # unknown key: KeyError fails the build
        return case_list(catalog.with_theme(key), catalog.vocab, prefix())

    @env.macro
    def step_cases(step: int) -> str:
        catalog = current_catalog()
        return case_list(catalog.on_step(step), catalog.vocab, prefix())

    @env.macro
    def source_cases(key: str) -> str:
        catalog = current_catalog()
        catalog.vocab.source(key)
        return case_list(catalog.citing(key), catalog.vocab, prefix())

    @env.macro
    def steps_overview(level: int = 2) -> str:
        return overviews.steps_overview(current_catalog(), prefix(), level)

    @env.macro
    def step_table() -> str:
        return overviews.step_table(current_catalog(), prefix())

    @env.macro
    def themes_overview() -> str:
        return overviews.themes_overview(current_catalog(), prefix())

    @env.macro
    def sources_overview() -> str:
        return overviews.sources_overview(current_catalog(), prefix(), _docs_pages(env))

    @env.macro
    def municipalities_overview() -> str:
        return overviews.municipalities_overview(current_catalog(), prefix())


def _docs_pages(env) -> set[str]:
    docs_dir = Path(env.conf["docs_dir"])
    return {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
