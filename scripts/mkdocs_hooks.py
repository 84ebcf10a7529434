"""MkDocs hooks entry point (see ``hooks:`` in mkdocs.yml); the work is in the core package.

The folder is put on ``sys.path`` so ``mkdocs`` also works when called directly, without the
Makefile's PYTHONPATH.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from praksisatlas.mkdocs_adapter import (
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_post_template,
    on_pre_page,
    on_serve,
    on_startup,
)

__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_files",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_post_template",
    "on_pre_page",
    "on_serve",
    "on_startup",
]
