"""Where an atlas build spends its time: the build run in-process, our hooks timed.

    python scripts/bench/phases.py PROJECT [SITE]

Wraps the MkDocs adapter's event handlers and the slow steps inside them (related practice,
Pagefind, the search lexicon) with timers before MkDocs loads the hooks, then runs the real
``mkdocs build --strict``. Everything not in a timer is MkDocs, Markdown and Material rendering
the pages. Used to explain the atlas/plain-Material ratio in DESIGN.md «Measurements».
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMES: dict[str, float] = defaultdict(float)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - started

    return wrapper


def instrument() -> None:
    """Patch the names MkDocs and our modules will call, before the hooks are loaded."""
    from praksisatlas import mkdocs_adapter, search_index
    from praksisatlas.related import RelatedIndex

    for event in ("on_config", "on_files", "on_post_build", "on_page_markdown"):
        setattr(mkdocs_adapter, event, timed(event, getattr(mkdocs_adapter, event)))
    mkdocs_adapter.load_catalog = timed("  load_catalog", mkdocs_adapter.load_catalog)
    mkdocs_adapter.case_page = timed("  case_page", mkdocs_adapter.case_page)
    RelatedIndex.suggestions = timed("    related", RelatedIndex.suggestions)
    search_index.run_pagefind = timed("  pagefind", search_index.run_pagefind)
    search_index.lexicon = timed("  lexicon", search_index.lexicon)


def main() -> int:
    project = Path(sys.argv[1]).resolve()
    site = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp()) / "site"
    os.chdir(project)
    sys.path.insert(0, str(project / "scripts"))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    instrument()
    from mkdocs.__main__ import cli

    started = time.perf_counter()
    try:
        cli(["build", "--strict", "--quiet", "--site-dir", str(site)], standalone_mode=False)
    finally:
        total = time.perf_counter() - started
        print(f"i alt {total:.1f} s")
        for name, seconds in TIMES.items():
            print(f"{name:20} {seconds:6.1f} s")
        ours = sum(TIMES[k] for k in ("on_config", "on_files", "on_post_build", "on_page_markdown"))
        print(f"{'resten (MkDocs)':20} {total - ours:6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
