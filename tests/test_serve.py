"""Serve mode (`make serve`, DESIGN.md «Preview in seconds»): after each edit the incremental
rebuild gives every page exactly as a full build of the same tree does (the search index aside,
which the log says is kept), a new case gets its page, a broken case is shown on the pages and
in the log without stopping the server, and the server recovers when it is fixed.

The serve-mode rebuilds run in-process the way ``mkdocs serve --dirty`` runs them (one site
folder, never cleaned, the adapter's state kept between builds); each is compared with a fresh
full build of the same tree. A small generated catalogue keeps it quick. The last test runs the
real ``mkdocs serve`` and edits a case under it.
"""

from __future__ import annotations

import dataclasses
import filecmp
import logging
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from bench.catalogue import make_catalogue
from praksisatlas import Catalog, ProjectPaths, load_catalog, mkdocs_adapter
from praksisatlas.incremental import CaseCache
from praksisatlas.related import RelatedIndex

ROOT = Path(__file__).resolve().parents[1]
URL = "http://127.0.0.1:8000/"
# What serve mode does not rebuild (the log says so): the search engine's files.
SKIPPED = ("pagefind", "search")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a small synthetic catalogue (bench/catalogue.py)."""
    return make_catalogue(ROOT, tmp_path_factory.mktemp("serve") / "projekt", 40).project


@pytest.fixture(scope="module")
def serving(project: Path) -> Iterator[Path]:
    """Serve mode switched on as `make serve` does; the adapter's state reset afterwards."""
    os.environ["PRAKSISATLAS_SERVE"] = "1"
    os.environ["PRAKSISATLAS_SITE_URL"] = URL
    site = project.parent / "serve-site"
    config = _config(project, site)
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        yield site
    finally:
        mkdocs_adapter._state.serve = None
        del os.environ["PRAKSISATLAS_SERVE"]
        del os.environ["PRAKSISATLAS_SITE_URL"]


def _config(project: Path, site: Path):
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = URL
    return config


def serve_rebuild(project: Path, site: Path) -> None:
    """One rebuild as `mkdocs serve --dirty` does it after a change."""
    build(_config(project, site), serve_url=URL, dirty=True)


def full_build(project: Path, site: Path) -> None:
    """A fresh, complete build of the same tree (serve mode off, as `make build`)."""
    saved, mkdocs_adapter._state.serve = mkdocs_adapter._state.serve, None
    try:
        if site.exists():
            shutil.rmtree(site)
        build(_config(project, site))
    finally:
        mkdocs_adapter._state.serve = saved


def differences(served: Path, full: Path) -> list[str]:
    """Files that differ between the two sites, or exist in one only (search files aside)."""

    def files(site: Path) -> set[str]:
        return {
            p.relative_to(site).as_posix()
            for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).parts[0] not in SKIPPED
        }

    mine, theirs = files(served), files(full)
    found = [f"kun i serve: {p}" for p in sorted(mine - theirs)]
    found += [f"kun i build: {p}" for p in sorted(theirs - mine)]
    found += [
        f"anders: {p}"
        for p in sorted(mine & theirs)
        if not filecmp.cmp(served / p, full / p, shallow=False)
    ]
    return found


def touch_later(path: Path) -> None:
    """Make sure the modification time moves, however coarse the file system's clock."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} ikke i {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    touch_later(path)


def synthetic(project: Path) -> list[Path]:
    return sorted((project / "cases").glob("*.md"))


def check_same(project: Path, site: Path) -> None:
    full = project.parent / "full-site"
    full_build(project, full)
    assert differences(site, full) == []


def test_edits_give_the_same_site_as_a_full_build(project: Path, serving: Path) -> None:
    serve_rebuild(project, serving)
    check_same(project, serving)
    cases = synthetic(project)

    # The title and summary of one case: its page, lists, explorer, «Lignende praksis» of others.
    edit(cases[3], 'title: "', 'title: "Aaaa ny titel ')
    edit(cases[3], 'summary: "', 'summary: "Et nyt resumé. ')
    serve_rebuild(project, serving)
    assert "Aaaa ny titel" in (serving / f"praksis/{cases[3].stem}/index.html").read_text()
    check_same(project, serving)

    # Themes and step of another: theme and step pages, the matrix, related practice.
    text = cases[5].read_text(encoding="utf-8")
    themes = re.search(r"^themes: (.*)$", text, flags=re.M)
    assert themes is not None
    edit(cases[5], themes.group(0), 'themes: ["sundhed", "fleksibel-indsats"]')
    serve_rebuild(project, serving)
    check_same(project, serving)

    # A body edit only.
    edit(cases[7], "## Kort fortalt", "## Kort fortalt\n\nEn ny indledning.")
    serve_rebuild(project, serving)
    check_same(project, serving)

    # A new case: its page appears.
    new = project / "cases" / "ny-praksis-i-serve.md"
    text = cases[0].read_text(encoding="utf-8")
    text = re.sub(r"^slug: .*$", 'slug: "ny-praksis-i-serve"', text, count=1, flags=re.M)
    new.write_text(text.replace('title: "', 'title: "Helt ny ', 1), encoding="utf-8")
    serve_rebuild(project, serving)
    assert "Helt ny" in (serving / "praksis/ny-praksis-i-serve/index.html").read_text()
    check_same(project, serving)

    # A case deleted: its page goes.
    new.unlink()
    serve_rebuild(project, serving)
    assert not (serving / "praksis/ny-praksis-i-serve/index.html").exists()
    check_same(project, serving)


def test_search_index_is_kept_and_built_on_request(project: Path, serving: Path) -> None:
    """Rebuilds keep the last search index (the log says so); `make search-index` (a touched
    .serve/search-index) has the next rebuild build it again."""
    serve_rebuild(project, serving)
    data = serving / "search" / "praksisatlas.json"
    case = synthetic(project)[8]
    edit(case, 'title: "', 'title: "Soegbar ny titel ')
    serve_rebuild(project, serving)
    assert "Soegbar ny titel" not in data.read_text(encoding="utf-8")
    request = project / ".serve" / "search-index"
    request.parent.mkdir(exist_ok=True)
    request.touch()
    serve_rebuild(project, serving)
    assert "Soegbar ny titel" in data.read_text(encoding="utf-8")
    check_same(project, serving)


def test_a_broken_case_is_shown_not_fatal(
    project: Path, serving: Path, caplog: pytest.LogCaptureFixture
) -> None:
    serve_rebuild(project, serving)
    case = synthetic(project)[10]
    good = case.read_text(encoding="utf-8")
    edit(case, "themes: [", 'themes: ["ikke-et-tema", ')
    logger = logging.getLogger("praksisatlas.serve")
    logger.addHandler(caplog.handler)
    try:
        serve_rebuild(project, serving)  # does not raise
    finally:
        logger.removeHandler(caplog.handler)
    assert "ikke-et-tema" in caplog.text and case.name in caplog.text
    page = (serving / f"praksis/{case.stem}/index.html").read_text(encoding="utf-8")
    assert "Denne case har fejl" in page and "ikke-et-tema" in page
    assert re.search(r"linje \d+, felt themes", page)
    front = (serving / "index.html").read_text(encoding="utf-8")
    assert "Fejl i cases" in front and case.name in front
    # The full, strict build still refuses it.
    with pytest.raises((PluginError, Abort)):
        full_build(project, project.parent / "strict-site")
    # Fixed: the banners go, and the site is again the full build's.
    case.write_text(good, encoding="utf-8")
    touch_later(case)
    serve_rebuild(project, serving)
    check_same(project, serving)


SERVE_COMMAND = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--livereload"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError):  # not listening yet
        return ""


def _wait_for(url: str, text: str, server: subprocess.Popen[str], timeout: float = 120) -> str:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        assert server.poll() is None, "mkdocs serve stoppede"
        page = _get(url)
        if text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{text!r} kom ikke på {url}")


def test_make_serve_survives_a_broken_case(project: Path, tmp_path: Path) -> None:
    """The real `mkdocs serve --dirty` as `make serve` starts it: a broken case is reported in
    the terminal and on its page, the server keeps running, and the fixed case is shown."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(project / "scripts"),
        "PRAKSISATLAS_SITE_URL": url,
        "PRAKSISATLAS_SERVE": "1",
    }
    log = tmp_path / "serve.log"
    case = synthetic(project)[12]
    good = case.read_text(encoding="utf-8")
    with log.open("w") as out:
        server = subprocess.Popen(
            [*SERVE_COMMAND, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        page = f"{url}praksis/{case.stem}/"
        _wait_for(page, "Sammenlign", server)
        case.write_text(good.replace('title: "', "title: ", 1), encoding="utf-8")
        _wait_for(page, "Denne case har fejl", server)
        assert case.name in log.read_text(encoding="utf-8")
        case.write_text(good.replace('title: "', 'title: "Rettet ', 1), encoding="utf-8")
        _wait_for(page, "Rettet", server)
        assert "Denne case har fejl" not in _get(page)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _lists(index: RelatedIndex, catalog: Catalog) -> dict[str, object]:
    return {case.slug: index.lists(case) for case in catalog.cases}


@pytest.mark.parametrize("seed", range(6))
def test_related_lists_taken_over_equal_a_fresh_index(catalog: Catalog, seed: int) -> None:
    """Serve mode takes «Lignende praksis», «Næste skridt» and the fuller descriptions over from
    the catalog before an edit where no change can reach them; they must be exactly what a fresh
    index gives, for edits of titles, themes, methods, steps and documentation, new and deleted
    cases (many random edits, several at a time)."""
    rng = random.Random(seed)
    vocab = catalog.vocab
    placements = [c.placement for c in catalog.cases]
    current = catalog
    index = RelatedIndex(current)
    _lists(index, current)
    for _ in range(8):
        cases = list(current.cases)
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(cases))
            change = rng.choice(["title", "themes", "methods", "place", "doc", "new", "gone"])
            case = cases[k]
            if change == "title":
                cases[k] = dataclasses.replace(case, title=rng.choice("ABMZÆØ") + case.title)
            elif change == "themes":
                keys = [t.key for t in vocab.themes]
                cases[k] = dataclasses.replace(case, themes=tuple(rng.sample(keys, 2)))
            elif change == "methods":
                keys = [m.key for m in vocab.methods]
                cases[k] = dataclasses.replace(case, methods=tuple(rng.sample(keys, 2)))
            elif change == "place":
                cases[k] = dataclasses.replace(case, placement=rng.choice(placements))
            elif change == "doc":
                keys = [d.key for d in vocab.documentation]
                cases[k] = dataclasses.replace(case, documentation=rng.choice(keys))
            elif change == "new":
                slug = f"ny-{rng.randrange(10**6)}"
                cases.append(dataclasses.replace(case, slug=slug, title="Ny " + case.title))
            elif len(cases) > 10:
                cases.pop(k)
        following = Catalog.from_cases(cases, vocab)
        taken_over = RelatedIndex(following, index)
        assert _lists(taken_over, following) == _lists(RelatedIndex(following), following)
        current, index = following, taken_over


def test_case_cache_loads_what_load_catalog_loads(project: Path) -> None:
    """The serve mode's cache gives the same catalog and problems as the build's
    ``load_catalog`` after each edit (a title, a bad value, a related link to a deleted case)."""
    paths = ProjectPaths(project)
    cache = CaseCache()
    cases = synthetic(project)
    saved = {p: p.read_text(encoding="utf-8") for p in cases}

    def same() -> None:
        loaded = cache.load(paths)
        catalog, problems = load_catalog(paths)
        assert loaded.catalog.cases == catalog.cases
        assert loaded.problems == problems

    try:
        same()
        edit(cases[1], 'title: "', 'title: "Ny titel ')
        same()
        edit(cases[2], "documentation: ", 'documentation: "ikke-en-form"\nx: ')
        same()
        edit(cases[4], "updated: ", f'related: ["{cases[6].stem}"]\nupdated: ')
        same()
        moved = cases[6].with_suffix(".gemt")
        cases[6].rename(moved)
        same()
        assert cache.load(paths).broken  # the related link now points nowhere
        moved.rename(cases[6])
        same()
    finally:
        for path, text in saved.items():
            path.write_text(text, encoding="utf-8")
            touch_later(path)
