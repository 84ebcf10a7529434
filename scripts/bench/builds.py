"""Timed builds and what they produce: the atlas build, a plain Material build, site metrics.

A build runs as a child process; ``os.wait4`` returns that child's own resource usage (with its
waited-for descendants, e.g. an indexer it runs), so each build's peak memory is its own.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# Plain Material with the atlas' theme, search and Markdown settings; the pages are not in the
# navigation (like the atlas' case pages), so both sites have navigation of the same size.
PLAIN_CONFIG = """\
site_name: Almindelig Material
site_url: https://example.invalid/
use_directory_urls: true
theme:
  name: material
  language: da
  font: false
  features: [navigation.tabs, navigation.sections, navigation.top, navigation.indexes,
             search.suggest, search.highlight, content.tooltips, toc.follow]
extra:
  generator: false
plugins:
  - search:
      lang: da
not_in_nav: |
  /praksis/
nav:
  - Forside: index.md
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
  - pymdownx.details
  - pymdownx.superfences
"""


@dataclass(frozen=True)
class Build:
    """One timed build: wall-clock seconds, peak resident memory, the output folder."""

    seconds: float
    peak_mib: float
    site: Path


def timed_build(project: Path, site: Path, strict: bool = True) -> Build:
    """``mkdocs build`` of ``project`` into ``site``, timed, with the child's peak memory."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts")}
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    log = site.parent / f"{site.name}.log"
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=project, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise SystemExit(f"Bygget af {project} fejlede:\n{tail}")
    return Build(seconds, usage.ru_maxrss / 1024, site)


def write_plain_project(dest: Path, pages: dict[str, str], total_pages: int) -> None:
    """A plain Material project with ``total_pages`` Markdown pages: the cases' own text, and as
    many extra pages (made from the same texts) as the atlas has other pages."""
    docs = dest / "docs"
    (docs / "praksis").mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Almindelig Material\n\nSammenligningsgrundlag.\n")
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    texts = list(pages.values())
    for extra in range(max(0, total_pages - len(pages) - 1)):
        page = docs / "andre" / f"side-{extra:04d}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(texts[extra % len(texts)], encoding="utf-8")


def html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.name != "404.html"]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


@dataclass(frozen=True)
class SearchPayload:
    """What search ships to the browser: Material's JSON index and/or Pagefind's files."""

    index_bytes: int
    index_gzip: int
    pagefind_bytes: int

    @classmethod
    def of(cls, site: Path) -> SearchPayload:
        index = site / "search" / "search_index.json"
        pagefind = site / "pagefind"
        return cls(
            index.stat().st_size if index.is_file() else 0,
            gzipped(index) if index.is_file() else 0,
            folder_bytes(pagefind) if pagefind.is_dir() else 0,
        )
