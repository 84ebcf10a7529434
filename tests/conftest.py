"""Shared fixtures: the repository, its catalog, ONE real strict build per test session, a local
HTTP server over that build, and Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.browser import CHROMIUM_ARGS, chromium_path, serve
from praksisatlas import Catalog, ProjectPaths, load_catalog

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    catalog, problems = load_catalog(ProjectPaths(ROOT))
    assert not problems, "\n".join(p.format() for p in problems)
    return catalog


def run_build(
    project: Path, site_dir: Path, settings: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real `mkdocs build --strict`, as `make build` runs it; ``settings`` are extra
    environment variables (e.g. a preview's PRAKSISATLAS_SITE_URL), for this build only."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(settings or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once per session with the real, strict build."""
    site_dir = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    (site_dir.parent / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return site_dir


@pytest.fixture(scope="session")
def build_log(site: Path) -> str:
    """What the session's build printed (MkDocs logs to stderr), for tests of the log itself."""
    return (site.parent / "build.log").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (an ephemeral port) for the browser tests."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[object]:
    """A fresh page that records every request, so tests can assert nothing left localhost."""
    context = browser.new_context(locale="da-DK")  # type: ignore[attr-defined]
    page = context.new_page()
    page.requests_seen = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()
