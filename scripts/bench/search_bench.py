"""Search benchmark: the query set through the real search UI in headless Chromium.

For each candidate engine the site is built (real ``mkdocs build --strict``) in a temporary copy
of the repository with that candidate's settings, served on 127.0.0.1, and every query in
``tests/search/queries.yaml`` is typed into Material's search box as a reader would. Printed per
candidate: recall@1, recall@5, MRR, the search payload (raw and gzipped) and the time to the
first results on a fresh page.

    make bench-search                      # all candidates
    python scripts/bench/search_bench.py --only pagefind-da

The browser part (:func:`run_queries`) is shared with ``tests/test_search.py``, which runs the
query set once against the session's build.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import yaml

from bench.browser import CHROMIUM_ARGS, chromium_path, serve

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "tests" / "search" / "queries.yaml"
# Material's texts for an empty box and for the state before the first query (language da).
PLACEHOLDER = "Indtast søgeord"
INITIAL = "Start søgning"
TIMEOUT_MS = 20000


@dataclass(frozen=True)
class Query:
    q: str
    expect: tuple[str, ...]  # result paths, e.g. "praksis/<slug>/" or "trappemodel-og-ips/"
    kind: str
    source: str


@dataclass(frozen=True)
class Candidate:
    """One engine configuration: mkdocs.yml changes applied to a temporary copy."""

    name: str
    description: str
    engine: str
    search_plugin: dict[str, Any] = field(default_factory=dict)


CANDIDATES = (
    Candidate("material", "Material/lunr som konfigureret før (lang: da)", "material"),
    Candidate(
        "material-stemmer",
        "Material/lunr med dansk stemmer slået til (pipeline: stemmer, stopWordFilter, trimmer)",
        "material",
        {"pipeline": ["stemmer", "stopWordFilter", "trimmer"]},
    ),
    Candidate(
        "material-tuned",
        "Material/lunr med separator for tegnsætning og titel-boost 2000",
        "material",
        {"separator": r"[\s\-,:!=\[\]()\"/«»–.]+", "fields": {"title": {"boost": 2000}}},
    ),
    Candidate("lunr-da", "Material/lunr + vores danske forespørgsels-pipeline (worker)", "lunr-da"),
    Candidate("pagefind", "Pagefind 1.5 (dansk stemming) i Materials søgeboks", "pagefind"),
    Candidate("pagefind-da", "Pagefind 1.5 + vores danske forespørgsels-pipeline", "pagefind-da"),
)


def load_queries(path: Path = QUERIES) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries = []
    for entry in entries:
        expect = tuple(e.strip("/") + "/" if "/" in e else f"praksis/{e}/" for e in entry["expect"])
        queries.append(Query(str(entry["q"]), expect, entry["kind"], entry["source"]))
    return queries


@dataclass
class QueryResult:
    query: Query
    results: list[str]  # result paths, best first

    def rank(self) -> int | None:
        """1-based rank of the first expected page, or None."""
        for i, path in enumerate(self.results, start=1):
            if path in self.query.expect:
                return i
        return None

    def recall(self, k: int) -> float:
        found = len(set(self.results[:k]) & set(self.query.expect))
        return found / min(len(self.query.expect), k)


@dataclass
class Scores:
    recall1: float
    recall5: float
    mrr: float

    @classmethod
    def of(cls, results: list[QueryResult]) -> Scores:
        n = len(results) or 1
        return cls(
            recall1=sum(r.recall(1) for r in results) / n,
            recall5=sum(r.recall(5) for r in results) / n,
            mrr=sum(1 / r.rank() if r.rank() else 0 for r in results) / n,
        )


def result_paths(page: Any, base_url: str) -> list[str]:
    """The pages in the open search dialog, best first, as site paths without query or anchor.
    Material lists a page's matching sections under its first link; only that link counts."""
    hrefs = page.locator(".md-search-result__item").evaluate_all(
        "items => items.map(li => li.querySelector('a.md-search-result__link').href)"
    )
    root = urlparse(base_url).path.rstrip("/") + "/"
    paths = []
    for href in hrefs:
        path = unquote(urlparse(href).path)
        paths.append(path[len(root) :] if path.startswith(root) else path.lstrip("/"))
    return paths


def open_search(page: Any) -> None:
    """Focus the search box with Material's keyboard shortcut, as a reader would."""
    page.keyboard.press("/")
    page.wait_for_function("document.activeElement?.classList.contains('md-search__input')")


def search(page: Any, base_url: str, text: str) -> list[str]:
    """Run one query in the open search box and return the result paths once they are shown.

    The box is emptied first (Material then shows its placeholder), then the query is set and one
    keyup sent, so exactly one query reaches the worker; the first change of the result header
    after that is this query's answer.
    """
    box = page.locator("input.md-search__input")
    box.fill("")
    box.dispatch_event("keyup")
    page.wait_for_function(
        "t => document.querySelector('.md-search-result__meta').textContent.trim() === t",
        arg=PLACEHOLDER,
        timeout=TIMEOUT_MS,
    )
    box.fill(text)
    box.dispatch_event("keyup")
    page.wait_for_function(
        "ts => !ts.includes(document.querySelector('.md-search-result__meta').textContent.trim())",
        arg=[PLACEHOLDER, INITIAL],
        timeout=TIMEOUT_MS,
    )
    return result_paths(page, base_url)


def run_queries(page: Any, base_url: str, queries: list[Query]) -> list[QueryResult]:
    """Every query in one page, through the real search box."""
    page.goto(base_url + "/")
    open_search(page)
    return [QueryResult(q, search(page, base_url, q.q)) for q in queries]


def first_results_ms(browser: Any, base_url: str, query: str) -> float:
    """Milliseconds from pressing «/» on a freshly loaded page (empty cache) to the first
    results: index download, worker setup and the query."""
    context = browser.new_context(locale="da-DK")
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        page.wait_for_load_state("load")
        start = time.perf_counter()
        open_search(page)
        page.locator("input.md-search__input").fill(query)
        page.locator("input.md-search__input").dispatch_event("keyup")
        page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT_MS)
        return (time.perf_counter() - start) * 1000
    finally:
        context.close()


# Files the browser fetches to search (engine index, worker, our data), by URL path.
_SEARCH_PATHS = ("search/", "pagefind/", "assets/javascripts/lunr/", "assets/javascripts/workers/")
_SEARCH_FILES = ("assets/search-worker.js", "assets/search-da.js")


def payload(site: Path, urls: set[str], base_url: str) -> tuple[int, int]:
    """Raw and gzipped bytes of the search files among ``urls`` (files already gzipped, like
    Pagefind's chunks, count as stored)."""
    root = urlparse(base_url).path.rstrip("/") + "/"
    raw = packed = 0
    for url in urls:
        path = unquote(urlparse(url).path)
        rel = path[len(root) :] if path.startswith(root) else path.lstrip("/")
        if not (rel.startswith(_SEARCH_PATHS) or rel in _SEARCH_FILES):
            continue
        file = site / rel
        if not file.is_file():
            continue
        content = file.read_bytes()
        raw += len(content)
        stored = content[:2] == b"\x1f\x8b" or file.suffix.startswith(".pf")
        packed += len(content) if stored else len(gzip.compress(content, 9))
    return raw, packed


# --------------------------------------------------------------------------------------------
# Building and serving a candidate
# --------------------------------------------------------------------------------------------

_IGNORE = shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "__pycache__", "export")


def configure(project: Path, candidate: Candidate) -> None:
    """Apply the candidate to the copy's mkdocs.yml: the engine and the search plugin options."""
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    text = _replace_line(text, "search_engine:", f"search_engine: {candidate.engine}")
    if candidate.search_plugin:
        options = yaml.safe_dump(candidate.search_plugin, allow_unicode=True, width=1000)
        block = "".join(f"      {line}\n" for line in options.splitlines())
        text = text.replace(
            "  - search:\n      lang: da\n", "  - search:\n      lang: da\n" + block
        )
    path.write_text(text, encoding="utf-8")


def _replace_line(text: str, key: str, new: str) -> str:
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip().startswith(key):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}{new}\n"
            return "".join(lines)
    raise ValueError(f"mkdocs.yml has no «{key}» line")


def build(candidate: Candidate, workdir: Path) -> tuple[Path, float]:
    """Copy the repository, configure the candidate, build strictly. Returns (site, seconds)."""
    project = workdir / "repo"
    shutil.copytree(ROOT, project, ignore=_IGNORE, symlinks=True)
    configure(project, candidate)
    site = workdir / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"build of {candidate.name} failed:\n{result.stdout}\n{result.stderr}")
    return site, time.perf_counter() - start


@dataclass
class Report:
    candidate: Candidate
    scores: Scores
    payload_first: tuple[int, int]
    payload_all: tuple[int, int]
    first_ms: float
    median_ms: float
    build_s: float
    results: list[QueryResult]


def bench(candidate: Candidate, browser: Any, queries: list[Query]) -> Report:
    with tempfile.TemporaryDirectory(prefix=f"bench-{candidate.name}-") as tmp:
        site, build_s = build(candidate, Path(tmp))
        with serve(site) as base_url:
            first_ms = statistics.median(
                first_results_ms(browser, base_url, queries[0].q) for _ in range(3)
            )
            context = browser.new_context(locale="da-DK")
            first_urls: set[str] = set()
            all_urls: set[str] = set()
            page = context.new_page()
            page.on("request", lambda r: all_urls.add(r.url))
            page.goto(base_url + "/")
            open_search(page)
            search(page, base_url, queries[0].q)
            first_urls |= all_urls
            results = []
            times = []
            for query in queries:
                start = time.perf_counter()
                results.append(QueryResult(query, search(page, base_url, query.q)))
                times.append((time.perf_counter() - start) * 1000)
            context.close()
            return Report(
                candidate,
                Scores.of(results),
                payload(site, first_urls, base_url),
                payload(site, all_urls, base_url),
                first_ms,
                statistics.median(times),
                build_s,
                results,
            )


def kb(n: int) -> str:
    return f"{n / 1024:,.0f}".replace(",", ".")


def table(reports: list[Report], n: int) -> str:
    lines = [
        f"Query set: {n} queries ({QUERIES.relative_to(ROOT)}).",
        "",
        "| candidate | recall@1 | recall@5 | MRR | payload, first search (KB stored / gzip) "
        "| payload, whole set (KB stored / gzip) | first results (ms) | per query (ms, median) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        lines.append(
            f"| `{r.candidate.name}` | {r.scores.recall1:.2f} | {r.scores.recall5:.2f} "
            f"| {r.scores.mrr:.2f} | {kb(r.payload_first[0])} / {kb(r.payload_first[1])} "
            f"| {kb(r.payload_all[0])} / {kb(r.payload_all[1])} | {r.first_ms:.0f} "
            f"| {r.median_ms:.0f} |"
        )
    return "\n".join(lines)


def misses(report: Report) -> str:
    out = []
    for r in report.results:
        if r.recall(5) < 1:
            out.append(f"  - {r.query.q!r} ({r.query.kind}): want {list(r.query.expect)}")
            out.append(f"      got {r.results[:5]}")
    return "\n".join(out)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="candidate names (default: all)")
    parser.add_argument("--misses", action="store_true", help="list the queries each one misses")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    chosen = [c for c in CANDIDATES if not args.only or c.name in args.only]
    reports = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        for candidate in chosen:
            print(f"… {candidate.name}: {candidate.description}", file=sys.stderr, flush=True)
            report = bench(candidate, browser, queries)
            reports.append(report)
            print(
                f"  recall@5 {report.scores.recall5:.2f}, build {report.build_s:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            if args.misses:
                print(misses(report), file=sys.stderr, flush=True)
        browser.close()
    print(table(reports, len(queries)))
    print(f"\nMachine: {machine()}; Chromium headless (Debian), local HTTP server, no network.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
